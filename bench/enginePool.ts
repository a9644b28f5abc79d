/** The engine's own pool path (a run host's TaskPool lanes, its worker, runTrial) on a bench function, ready to time. */
import { readFile } from 'node:fs/promises';
import { findFunctionByName } from '../server/analysis/findFunction';
import { bundleFunction } from '../server/engine/bundleFunction';
import { chunkIndices, runTrial, type TrialResult } from '../server/engine/runTrial';
import { HostPool } from '../server/executors/threads/hostPool';
import { rssCeilingBytes } from '../server/executors/threads/memoryCeiling';

/** What to run: `name` from `file`, over `items` (which the `inputs` expression gives in the worker's module). */
export interface EnginePoolPlan {
  file: string;
  name: string;
  inputs: string;
  items: readonly unknown[];
  workers: number;
  chunkSize: number;
  /** Each lane's next chunk waits beside its worker, as the engine sends it for even chunks (default true). */
  sendAhead?: boolean;
}

/** A started pool and one timed pass over every item; `dispose` ends both pool and bundle. */
export async function enginePool(plan: EnginePoolPlan): Promise<{ pass: () => Promise<TrialResult>; dispose: () => Promise<void> }> {
  const found = findFunctionByName(plan.file, await readFile(plan.file, 'utf8'), plan.name);
  if (!found.ok) throw new Error(found.error.message);
  const bundle = await bundleFunction(found.value, plan.inputs);
  if (!bundle.ok) throw new Error(bundle.error.message);
  const pool = new HostPool({
    options: { bundlePath: bundle.value.file, workers: plan.workers, memoryLimitMb: 0, taskTimeoutMs: 30_000, rssCeilingBytes: rssCeilingBytes(plan.workers, 0) },
    signal: new AbortController().signal,
    log: () => undefined,
  });
  const chunks = chunkIndices(plan.items.map((_, i) => i), plan.chunkSize);
  return {
    pass: () => runTrial({ pool, items: plan.items, chunks, lanes: plan.workers, spread: false, sendAhead: plan.sendAhead ?? true }),
    dispose: async () => {
      await pool.destroy();
      await bundle.value.dispose();
    },
  };
}
