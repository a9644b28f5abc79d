/**
 * Whole cluster runs: the engine with a local cluster (redis-server and worker processes started for
 * the run), and the CLI as a user runs it. No process outlives a run, whether it finishes, loses its
 * Redis mid-run, or is interrupted with Ctrl-C.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { BenchmarkResult } from '../../protocol/results';
import { formatResult } from '../../server/cli/formatResult';
import { runBenchmark } from '../../server/engine/runBenchmark';
import { connectionFor } from '../../server/executors/cluster/clusterWorker';
import { clusterQueueName } from '../../server/executors/cluster/jobMessages';
import { redisMissingMessage } from '../../server/executors/cluster/localRedis';
import { fastSettings, fixtureTarget } from '../unit/engineRun';
import { root, running } from './clusterHarness';

const busyFile = path.join(root, 'test', 'fixtures', 'cluster', 'busy.ts');

/** The pids a run's log names: its local Redis and its worker processes. */
function pidsIn(logs: readonly string[]): number[] {
  const pids: number[] = [];
  for (const line of logs) {
    const redis = /local Redis on .* \(pid (\d+)\)/.exec(line);
    if (redis) pids.push(Number(redis[1]));
    const workers = /cluster worker processes: pids ([\d, ]+)/.exec(line);
    if (workers) pids.push(...(workers[1] ?? '').split(',').map((pid) => Number(pid.trim())));
  }
  return pids;
}

async function runBusy(inputs: string, trials: number, onLog: (line: string, logs: string[]) => void = () => undefined): Promise<{ result: BenchmarkResult; logs: string[] }> {
  const logs: string[] = [];
  const reply = await runBenchmark(
    { target: { ...fixtureTarget('x.ts', 'busy'), file: busyFile }, inputs, settings: { ...fastSettings, trials }, cluster: { mode: 'local', processes: 2, threadsPerProcess: 1, lockMs: 5000 } },
    { signal: new AbortController().signal, onProgress: () => undefined, log: (line) => { logs.push(line); onLog(line, logs); } },
  );
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  return { result: BenchmarkResult.parse(reply.value), logs };
}

void describe('a cluster run', () => {
  void it('measures 2 processes beside the pools, equal to serial, and leaves no process behind', async () => {
    const { result, logs } = await runBusy('Array.from({ length: 8 }, (_, i) => 20 + i)', 2);
    const cluster = result.cluster;
    assert.ok(cluster !== null);
    assert.equal(cluster.mode, 'local');
    assert.equal(cluster.processes, 2);
    assert.equal(cluster.threadsPerProcess, 1);
    assert.equal(cluster.trials, 2);
    assert.equal(cluster.samplesMs.length, 2);
    assert.equal(cluster.resultsMatch, true);
    assert.equal(cluster.comparedInputs, 8);
    assert.equal(cluster.redeliveredJobs, 0);
    assert.equal(cluster.stopped, null);
    assert.ok(cluster.perJobMs !== null && cluster.perJobMs > 0);
    assert.ok(cluster.speedup !== null && cluster.speedup > 0);
    assert.equal(cluster.efficiency, cluster.speedup / 2);
    assert.equal(cluster.jobs, Math.ceil(8 / cluster.chunkSize));
    // The pools ran as they always do.
    assert.deepEqual(result.runs.map((run) => run.workers), [1, 2]);
    // The CLI's table shows the cluster beside the pool sizes, with the same figures.
    const lines = formatResult(result, (_, text) => text);
    const row = lines.find((line) => line.startsWith('cluster 2×1'));
    assert.ok(row !== undefined, lines.join('\n'));
    assert.match(row, new RegExp(`${cluster.speedup.toFixed(2)}×\\s+${Math.round(cluster.efficiency * 100)}%$`));
    assert.ok(lines.includes('  cluster results: every result equals the serial one (8 inputs compared)'), lines.join('\n'));
    const pids = pidsIn(logs);
    assert.equal(pids.length, 3, logs.join('\n'));
    for (const pid of pids) assert.equal(running(pid), false, `process ${pid} outlived the run`);
  });

  void it('stops in bounded time when its Redis is killed mid-run, keeping what it measured, with no process left', async () => {
    let killedAt = 0;
    const { result, logs } = await runBusy('Array.from({ length: 8 }, (_, i) => 150 + i)', 3, (line, all) => {
      if (killedAt === 0 && line.startsWith('cluster trial 1:')) {
        killedAt = performance.now();
        const [redisPid] = pidsIn(all);
        process.kill(redisPid ?? -1, 'SIGKILL');
      }
    });
    const stoppedAfterMs = performance.now() - killedAt;
    assert.ok(killedAt > 0, logs.join('\n'));
    const cluster = result.cluster;
    assert.ok(cluster !== null);
    assert.equal(cluster.samplesMs.length, 1);
    assert.match(cluster.stopped ?? '', /the local Redis \(pid \d+\) was killed by SIGKILL mid-run/);
    assert.equal(cluster.resultsMatch, false);
    assert.ok(result.errors.some((error) => error.code === 'CLUSTER_UNAVAILABLE'));
    assert.equal(result.runs.length, 2, 'the pools measured before the cluster are kept');
    assert.ok(stoppedAfterMs < 4000, `stopped ${stoppedAfterMs.toFixed(0)} ms after Redis was killed`);
    for (const pid of pidsIn(logs)) assert.equal(running(pid), false, `process ${pid} outlived the run`);
  });

  void it('delivers a job again when a worker process is SIGKILLed holding it: every result arrives, equal to serial, with no process left', { timeout: 120_000 }, async () => {
    let victim: Promise<number> | undefined;
    const logs: string[] = [];
    // One input a job, 400 ms each, and a 1 s lock: the survivor takes the dead worker's job back within ~1.5 s.
    const reply = await runBenchmark(
      { target: { ...fixtureTarget('x.ts', 'busy'), file: busyFile }, inputs: 'Array.from({ length: 6 }, (_, i) => 400 + i)', settings: { ...fastSettings, chunkSize: 1 }, cluster: { mode: 'local', processes: 2, threadsPerProcess: 1, lockMs: 1000 } },
      {
        signal: new AbortController().signal, onProgress: () => undefined,
        log: (line) => {
          logs.push(line);
          // Logged once the warm-up is over, just before the timed trials.
          if (victim === undefined && /^cluster: 2 × 1 \(processes × threads\)/.test(line)) victim = killAHolder(logs);
        },
      },
    );
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    assert.ok(victim !== undefined, logs.join('\n'));
    const killed = await victim;
    const result = BenchmarkResult.parse(reply.value);
    const cluster = result.cluster;
    assert.ok(cluster !== null);
    assert.equal(cluster.stopped, null, logs.join('\n'));
    assert.equal(cluster.trials, 1);
    assert.equal(cluster.resultsMatch, true);
    assert.equal(cluster.comparedInputs, 6);
    assert.ok(cluster.redeliveredJobs >= 1, logs.join('\n'));
    assert.ok(logs.some((line) => /stalled .*delivered again/.test(line)), logs.join('\n'));
    // The CLI's text tells the same story as the figures.
    const lines = formatResult(result, (_, text) => text);
    assert.ok(lines.includes('  cluster results: every result equals the serial one (6 inputs compared)'), lines.join('\n'));
    assert.ok(lines.some((line) => line.includes(`${cluster.redeliveredJobs === 1 ? '1 job' : `${cluster.redeliveredJobs} jobs`} delivered again`)), lines.join('\n'));
    const pids = pidsIn(logs);
    assert.ok(pids.includes(killed));
    for (const pid of pids) assert.equal(running(pid), false, `process ${pid} outlived the run`);
  });
});

/**
 * Polls the run's queue (its Redis and worker pids read from the log) until a worker process has
 * held a job for under 150 ms of its 400, then SIGKILLs that process: it certainly dies holding it.
 */
async function killAHolder(logs: readonly string[]): Promise<number> {
  const url = logs.map((line) => /local Redis on (redis:\/\/\S+) \(pid \d+\)/.exec(line)?.[1]).find((found) => found !== undefined);
  assert.ok(url !== undefined, logs.join('\n'));
  const workers = pidsIn(logs).slice(1);
  const connection = connectionFor(url);
  const queue = new Queue(clusterQueueName, { connection });
  try {
    const since = Date.now();
    for (;;) {
      assert.ok(Date.now() - since < 30_000, 'no worker process was seen holding a job');
      for (const job of await queue.getActive()) {
        const holder = workers.find((pid) => job.processedBy?.endsWith(`:${pid}:1`) === true);
        if (holder !== undefined && job.processedOn !== undefined && Date.now() - job.processedOn < 150) {
          process.kill(holder, 'SIGKILL');
          return holder;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** The pids of `pid`'s descendants, from /proc. */
function descendants(pid: number): Array<{ pid: number; cmdline: string }> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: Array<{ pid: number; cmdline: string }> = [];
  const visit = (parent: number): void => {
    for (const [child, ppid] of parents) {
      if (ppid !== parent) continue;
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        // Gone meanwhile.
      }
      found.push({ pid: child, cmdline });
      visit(child);
    }
  };
  visit(pid);
  return found;
}

void describe('parallelize run --cluster local', () => {
  const cli = path.join(root, 'dist', 'cli.js');

  void it('ends every process it started within 2 s of Ctrl-C, and reports the run as cancelled', async (t) => {
    const child = spawn(process.execPath, [cli, 'run', `${busyFile}#busy`, '--inputs', 'Array.from({ length: 12 }, () => 400)', '--json', '--trials', '3', '--max-workers', '2', '--cluster', 'local', '--cluster-processes', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupted once the cluster's worker processes exist: they are what must not outlive it.
    let started: Array<{ pid: number; cmdline: string }> = [];
    // A local cluster forks dist/clusterWorker.js; `parallelize worker` is the same worker started by hand.
    while (started.filter((p) => /(?:clusterWorker\.js| worker) --redis /.test(p.cmdline)).length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      started = descendants(child.pid ?? -1);
      assert.equal(child.exitCode, null, 'the run ended before its cluster started');
    }
    const interruptedAt = performance.now();
    child.kill('SIGINT');
    const code = await closed;
    const pids = started.map((p) => p.pid);
    while (pids.some(running) && performance.now() - interruptedAt < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    const allGoneMs = performance.now() - interruptedAt;
    t.diagnostic(`${started.length} processes started, all ended ${allGoneMs.toFixed(0)} ms after Ctrl-C`);
    assert.deepEqual(pids.filter(running), [], `still running: ${started.filter((p) => running(p.pid)).map((p) => p.cmdline).join('; ')}`);
    assert.ok(allGoneMs < 2000, `every process ended ${allGoneMs.toFixed(0)} ms after Ctrl-C`);
    assert.equal(code, 130);
    const result = BenchmarkResult.parse(JSON.parse(stdout));
    assert.equal(result.cancelled, true);
    assert.ok(started.some((p) => p.cmdline.startsWith('redis-server')), started.map((p) => p.cmdline).join('; '));
  });

  void it('says in one line how to install redis-server when it is not on PATH, before measuring anything', async () => {
    // A PATH with nothing on it: node itself is started by its full path.
    const emptyDir = await mkdtemp(path.join(tmpdir(), 'parallelize-no-redis-'));
    const child = spawn(process.execPath, [cli, 'run', `${busyFile}#busy`, '--inputs', '[1]', '--cluster', 'local'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: emptyDir } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
    const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
    assert.equal(code, 2);
    assert.equal(stderr, `parallelize: ${redisMissingMessage}\n`);
  });
});
