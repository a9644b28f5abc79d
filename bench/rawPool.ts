/** Raw piscina pools for the baselines: the library as a user would call it, without the engine. */
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Piscina } from 'piscina';
import type { RawTask } from './rawWorker';

const buildDir = mkdtempSync(path.join(tmpdir(), 'parallelize-bench-'));
const rawWorkerFile = path.join(buildDir, 'rawWorker.js');
let built: Promise<unknown> | undefined;

/**
 * The worker's `piscina` import stays the project's own copy, required by its absolute path: move()
 * marks a result with a symbol private to that module, so a bundled copy's marks would go unseen
 * by the piscina running the worker, and the result would arrive as an empty object.
 */
const projectPiscina: esbuild.Plugin = {
  name: 'project-piscina',
  setup(build) {
    build.onResolve({ filter: /^piscina$/ }, () => ({ path: require.resolve('piscina'), external: true }));
  },
};

/** Bundles bench/rawWorker.ts once (piscina loads a worker by file name). */
export async function buildRawWorker(): Promise<string> {
  built ??= esbuild.build({ entryPoints: [path.join(__dirname, 'rawWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: rawWorkerFile, logLevel: 'warning', plugins: [projectPiscina] });
  await built;
  return rawWorkerFile;
}

/** Removes the bundle. */
export function cleanUpRawWorker(): void {
  rmSync(buildDir, { recursive: true, force: true });
}

/** A started, warmed pool of `threads` workers: the raw worker, or another file with its own warm-up task. */
export async function rawPool(threads: number, worker?: { filename: string; workerData: unknown; warmUp: unknown }): Promise<Piscina> {
  const pool = new Piscina({ filename: worker?.filename ?? (await buildRawWorker()), workerData: worker?.workerData, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  // Every thread answers a few times, so start-up and module loading stay out of the timings.
  const warmUp = worker?.warmUp ?? ({ fn: 'noop' } satisfies RawTask);
  await Promise.all(Array.from({ length: threads * 4 }, () => pool.run(warmUp)));
  return pool;
}

/** Runs `fn` over the items in chunks of `size`, every chunk queued at once (piscina balances). */
export async function mapChunked(pool: Piscina, fn: 'tenMicros' | 'affine', items: readonly number[], size: number): Promise<number[]> {
  const tasks: Array<Promise<number[]>> = [];
  for (let i = 0; i < items.length; i += size) tasks.push(pool.run({ fn, items: items.slice(i, i + size) } satisfies RawTask) as Promise<number[]>);
  return (await Promise.all(tasks)).flat();
}

/** Runs `fn` once per item, every call queued at once: the library's most natural use. */
export async function mapEach(pool: Piscina, fn: 'tenMicros' | 'affine', items: readonly number[]): Promise<number[]> {
  return Promise.all(items.map((item) => pool.run({ fn, item } satisfies RawTask) as Promise<number>));
}
