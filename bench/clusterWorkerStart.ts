/**
 * How long a local cluster's worker process takes from fork to ready (connected to Redis, taking
 * jobs), started from the whole CLI (`node dist/cli.js worker`, what users run) and from the worker's
 * own entry (`node dist/clusterWorker.js`, what a local cluster forks), interleaved on one Redis;
 * one process alone, and two at once as `--cluster-processes 2` starts them. Bare `node -e ''` beside
 * them for scale.
 *   node esbuild.mjs && node --import tsx bench/clusterWorkerStart.ts [rounds]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalRedis } from '../server/executors/cluster/localRedis';
import { clusterKeyVariable, generateClusterKey } from '../server/executors/cluster/signedBundle';

const rounds = Number(process.argv[2] ?? 8);
const dist = path.resolve(__dirname, '..', 'dist');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Forks `file args`, resolves with the ms until its ready message (or its exit, for bare Node), then stops it. */
async function timeStart(file: string, args: readonly string[], key: string, waitFor: 'ready' | 'exit'): Promise<number> {
  const start = performance.now();
  const child = fork(file, args, { env: { ...process.env, [clusterKeyVariable]: key }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const ms = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => (waitFor === 'exit' ? resolve(performance.now() - start) : reject(new Error(`${path.basename(file)} exited (${code}) before ready: ${stderr}`))));
    child.on('message', (message: { type?: string }) => { if (message.type === 'ready') resolve(performance.now() - start); });
  });
  child.kill('SIGTERM');
  await exited(child);
  return ms;
}

async function main(): Promise<void> {
  const redis = await startLocalRedis();
  const key = generateClusterKey();
  const workerArgs = ['--redis', redis.url, '--threads', '1', '--lock-ms', '5000'];
  const variants = [
    { name: 'node dist/cli.js worker', run: () => timeStart(path.join(dist, 'cli.js'), ['worker', ...workerArgs], key, 'ready') },
    { name: 'node dist/clusterWorker.js', run: () => timeStart(path.join(dist, 'clusterWorker.js'), workerArgs, key, 'ready') },
  ];
  const bare = path.join(dist, 'bare-node.js');
  const { writeFileSync, rmSync } = await import('node:fs');
  writeFileSync(bare, '');
  const all = [...variants, { name: "bare node (an empty file)", run: () => timeStart(bare, [], key, 'exit') }];
  const alone = new Map<string, number[]>(all.map((v) => [v.name, []]));
  const pairs = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const loads: number[] = [loadavg()[0] ?? 0];
  try {
    for (const variant of all) await variant.run(); // warm the page cache
    for (let round = 0; round < rounds; round++) {
      // Rotating order, so neither entry always follows the other.
      const order = round % 2 === 0 ? all : [...all].reverse();
      for (const variant of order) alone.get(variant.name)!.push(await variant.run());
      for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
        const start = performance.now();
        await Promise.all([variant.run(), variant.run()]);
        pairs.get(variant.name)!.push(performance.now() - start);
      }
      loads.push(loadavg()[0] ?? 0);
    }
  } finally {
    rmSync(bare, { force: true });
    await redis.stop();
  }
  console.log(`fork → ready of a cluster worker process, ${rounds} rounds, ${cpus().length} cores, load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`);
  console.log(`${'entry'.padEnd(30)} ${'alone, median ms'.padStart(17)} ${'min–max'.padStart(13)} ${'two at once, median ms'.padStart(23)}`);
  for (const variant of all) {
    const one = alone.get(variant.name)!;
    const two = pairs.get(variant.name);
    const range = `${Math.min(...one).toFixed(0)}–${Math.max(...one).toFixed(0)}`;
    console.log(`${variant.name.padEnd(30)} ${median(one).toFixed(0).padStart(17)} ${range.padStart(13)} ${(two ? median(two).toFixed(0) : '—').padStart(23)}`);
  }
}

void main();
