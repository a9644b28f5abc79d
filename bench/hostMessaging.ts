/**
 * What isolating user code costs per message, measured before choosing where it runs: an empty
 * task's round trip through the engine's pool in this process, through a run host (a child
 * process holding the worker threads), and the floor a child-process-per-worker design would pay
 * (a bare IPC echo to a forked process, no worker behind it). Then a chunk's worth of values, as
 * the 10 µs-task benchmark sends them (4,595 inputs in, as many results back), both ways, with the
 * CPU each thread spent on a message: the engine's main thread, and the run host's main thread,
 * which only relays.
 *   npm run bench:host
 */
import { fork } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleFunction } from '../server/engine/bundleFunction';
import { findFunctionByName } from '../server/analysis/findFunction';
import { TaskPool } from '../server/engine/taskPool';
import type { Executor } from '../server/executors/executor';
import { HostPool } from '../server/executors/threads/hostPool';
import { rssCeilingBytes } from '../server/executors/threads/memoryCeiling';
import type { RunTask } from '../server/worker/messages';
import { load } from './figures';

const roundTrips = 2000;
const rounds = 3;
/** The 10 µs-task benchmark's chunk size on the 2-core bench VM. */
const chunkInputs = 4595;
const chunkRoundTrips = 300;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** CPU nanoseconds a thread of this machine has run (Linux's schedstat); null elsewhere. */
function threadCpuNs(pid: number | undefined, tid: number | string | undefined = pid): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** Every thread of `pid` but its main one: a run host's workers and Node's helper threads. */
function otherThreadsCpuNs(pid: number | undefined): number | null {
  try {
    return readdirSync(`/proc/${pid}/task`).filter((tid) => tid !== String(pid)).reduce((sum, tid) => sum + (threadCpuNs(pid, tid) ?? 0), 0);
  } catch {
    return null;
  }
}

/** Round trip in µs, and µs of CPU per message on the engine's main thread and the host's main and other threads. */
interface Timed {
  us: number;
  engineUs: number | null;
  hostUs: number | null;
  hostOthersUs: number | null;
}

async function timeExecutor(pool: Pick<Executor, 'run'>, items: unknown[] = [], count = roundTrips, hostPid?: number): Promise<Timed> {
  const task: RunTask = { kind: 'run', items, spread: false, slot: 0 };
  for (let i = 0; i < 50; i++) await pool.run(task, 'a message');
  const cpu = (): Array<number | null> => [threadCpuNs(process.pid), hostPid === undefined ? null : threadCpuNs(hostPid), hostPid === undefined ? null : otherThreadsCpuNs(hostPid)];
  const before = cpu();
  const start = performance.now();
  for (let i = 0; i < count; i++) await pool.run(task, 'a message');
  const us = ((performance.now() - start) / count) * 1000;
  const [engineUs, hostUs, hostOthersUs] = cpu().map((after, i) => (after === null || before[i] === null ? null : (after - (before[i] as number)) / count / 1000));
  return { us, engineUs: engineUs ?? null, hostUs: hostUs ?? null, hostOthersUs: hostOthersUs ?? null };
}

async function timeEcho(serialization: 'json' | 'advanced'): Promise<Timed> {
  const file = path.join(tmpdir(), 'parallelize-echo.js');
  writeFileSync(file, "process.on('message', (m) => process.send(m));");
  const child = fork(file, [], { serialization, execArgv: [] });
  const once = (message: unknown): Promise<void> => new Promise((resolve) => {
    child.once('message', () => resolve());
    child.send(message as object);
  });
  const message = { type: 'run', id: 1, task: { kind: 'run', items: [], spread: false, slot: 0 }, where: 'x' };
  for (let i = 0; i < 50; i++) await once(message);
  const start = performance.now();
  for (let i = 0; i < roundTrips; i++) await once(message);
  const us = ((performance.now() - start) / roundTrips) * 1000;
  child.kill();
  return { us, engineUs: null, hostUs: null, hostOthersUs: null };
}

async function main(): Promise<void> {
  const file = path.resolve(__dirname, '..', 'examples', 'primes.ts');
  const { readFile } = await import('node:fs/promises');
  const found = findFunctionByName(file, await readFile(file, 'utf8'), 'countPrimes');
  if (!found.ok) throw new Error(found.error.message);
  const bundle = await bundleFunction(found.value, '[1]');
  if (!bundle.ok) throw new Error(bundle.error.message);
  const options = { bundlePath: bundle.value.file, workers: 1, memoryLimitMb: 0, taskTimeoutMs: 30_000 };
  // countPrimes(1) is next to no work: the chunk's time is its messaging.
  const chunk = Array.from({ length: chunkInputs }, () => 1);
  const inProcess = (items: unknown[], count: number) => async (): Promise<Timed> => {
    const pool = new TaskPool({ ...options, signal: new AbortController().signal });
    try { return await timeExecutor(pool, items, count); } finally { await pool.destroy(); }
  };
  const inHost = (items: unknown[], count: number) => async (): Promise<Timed> => {
    const pool = new HostPool({ options: { ...options, rssCeilingBytes: rssCeilingBytes(1, 0) }, signal: new AbortController().signal, log: () => undefined });
    try { return await timeExecutor(pool, items, count, pool.pid); } finally { await pool.destroy(); }
  };
  const variants: Array<[string, () => Promise<Timed>]> = [
    ['empty: engine pool in this process', inProcess([], roundTrips)],
    ['empty: engine pool in a run host', inHost([], roundTrips)],
    ['empty: IPC echo, advanced serialization', () => timeEcho('advanced')],
    ['empty: IPC echo, JSON serialization', () => timeEcho('json')],
    [`${chunkInputs} values: engine pool in this process`, inProcess(chunk, chunkRoundTrips)],
    [`${chunkInputs} values: engine pool in a run host`, inHost(chunk, chunkRoundTrips)],
  ];
  const samples = new Map<string, Timed[]>(variants.map(([name]) => [name, []]));
  // Rotating order, so no variant always pays for waking up after another.
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const [name, time] = variants[(i + round) % variants.length] as [string, () => Promise<Timed>];
      samples.get(name)?.push(await time());
    }
  }
  await bundle.value.dispose();
  const medianOf = (values: Timed[], key: keyof Timed): number | null => (values.some((v) => v[key] === null) ? null : median(values.map((v) => v[key] as number)));
  const cell = (us: number | null): string => (us === null ? '—' : us.toFixed(0)).padStart(6);
  console.log(`round trips: ${roundTrips} empty messages or ${chunkRoundTrips} of ${chunkInputs} values × ${rounds} rounds, medians in µs (${load()}):`);
  console.log(`  ${''.padEnd(46)} ${'wall'.padStart(7)}   CPU a message: engine main, host main, host's other threads (its worker, Node's helpers)   (wall of each round)`);
  for (const [name, values] of samples) {
    const us = median(values.map((v) => v.us));
    console.log(`  ${name.padEnd(46)} ${us.toFixed(1).padStart(7)}   ${cell(medianOf(values, 'engineUs'))} ${cell(medianOf(values, 'hostUs'))} ${cell(medianOf(values, 'hostOthersUs'))}   (${values.map((v) => v.us.toFixed(0)).join(', ')})`);
  }
}

void main();
