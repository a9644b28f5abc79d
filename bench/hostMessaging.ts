/**
 * What isolating user code costs per message, measured before choosing where it runs: an empty
 * task's round trip through the engine's pool in this process, through a run host (a child
 * process holding the worker threads), and the floor a child-process-per-worker design would pay
 * (a bare IPC echo to a forked process, no worker behind it).
 *   npm run bench:host
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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

const roundTrips = 2000;
const rounds = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timeExecutor(pool: Pick<Executor, 'run'>): Promise<number> {
  const empty: RunTask = { kind: 'run', items: [], spread: false, slot: 0 };
  for (let i = 0; i < 50; i++) await pool.run(empty, 'an empty message');
  const start = performance.now();
  for (let i = 0; i < roundTrips; i++) await pool.run(empty, 'an empty message');
  return ((performance.now() - start) / roundTrips) * 1000;
}

async function timeEcho(serialization: 'json' | 'advanced'): Promise<number> {
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
  return us;
}

async function main(): Promise<void> {
  const file = path.resolve(__dirname, '..', 'examples', 'primes.ts');
  const { readFile } = await import('node:fs/promises');
  const found = findFunctionByName(file, await readFile(file, 'utf8'), 'countPrimes');
  if (!found.ok) throw new Error(found.error.message);
  const bundle = await bundleFunction(found.value, '[1]');
  if (!bundle.ok) throw new Error(bundle.error.message);
  const options = { bundlePath: bundle.value.file, workers: 1, memoryLimitMb: 0, taskTimeoutMs: 30_000 };
  const variants: Array<[string, () => Promise<number>]> = [
    ['engine pool in this process', async () => {
      const pool = new TaskPool({ ...options, signal: new AbortController().signal });
      try { return await timeExecutor(pool); } finally { await pool.destroy(); }
    }],
    ['engine pool in a run host', async () => {
      const pool = new HostPool({ options: { ...options, rssCeilingBytes: rssCeilingBytes(1, 0) }, signal: new AbortController().signal, log: () => undefined });
      try { return await timeExecutor(pool); } finally { await pool.destroy(); }
    }],
    ['IPC echo, advanced serialization', () => timeEcho('advanced')],
    ['IPC echo, JSON serialization', () => timeEcho('json')],
  ];
  const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  // Rotating order, so no variant always pays for waking up after another.
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const [name, time] = variants[(i + round) % variants.length] as [string, () => Promise<number>];
      samples.get(name)?.push(await time());
    }
  }
  await bundle.value.dispose();
  const inProcess = median(samples.get('engine pool in this process') ?? []);
  console.log(`empty-task round trip, ${roundTrips} messages × ${rounds} rounds, medians:`);
  for (const [name, values] of samples) {
    const us = median(values);
    console.log(`  ${name.padEnd(36)} ${us.toFixed(1).padStart(7)} µs   ${(us / inProcess).toFixed(2)}× in-process   (rounds: ${values.map((v) => v.toFixed(0)).join(', ')})`);
  }
}

void main();
