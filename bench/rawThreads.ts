/**
 * Raw worker_threads, as a user writing them by hand for a few heavy inputs would: one thread per
 * core, one message per thread carrying its share of the inputs, one reply each. The baseline the
 * engine is held to on CPU-bound work (issue 10).
 */
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Started, warmed threads and one pass over the items, split into one message per thread. */
export interface RawThreads {
  map(items: readonly string[]): Promise<string[]>;
  destroy(): Promise<void>;
}

function reply(worker: Worker, items: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => reject(error);
    worker.once('message', (values: string[]) => {
      worker.off('error', fail);
      resolve(values);
    });
    worker.once('error', fail);
    worker.postMessage(items);
  });
}

/** `threads` threads running bench/rawThreadWorker.ts, each warmed with one input. */
export async function rawThreads(threads: number, warmUp: string): Promise<RawThreads> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parallelize-raw-threads-'));
  const file = path.join(dir, 'rawThreadWorker.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'rawThreadWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: file, logLevel: 'warning' });
  const workers = Array.from({ length: threads }, () => new Worker(file));
  await Promise.all(workers.map((worker) => reply(worker, [warmUp])));
  return {
    map: async (items) => {
      const share = Math.ceil(items.length / threads);
      const parts = await Promise.all(workers.map((worker, i) => reply(worker, items.slice(i * share, (i + 1) * share))));
      return parts.flat();
    },
    destroy: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
