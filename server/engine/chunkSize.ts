/**
 * How many inputs go into one message to a worker. A message costs tens of microseconds (cloning,
 * a port hop, a wake-up), so tiny inputs are batched; big inputs go one by one, which balances
 * uneven work best.
 */

/** Work each message should carry, so that messaging stays a few percent of it. */
export const minWorkPerMessageMs = 2;

/** What the choice is made from. */
export interface ChunkSizeInput {
  itemCount: number;
  /** Measured serial time per input. */
  perItemMs: number;
  /** The largest pool size that will run. */
  workers: number;
  /** The chunkSize setting; 0 picks one. */
  setting: number;
}

/**
 * The setting when it is set; otherwise the smallest chunk carrying ≥ 2 ms of work — the smallest
 * gives the most chunks, so ≥ 4 per worker whenever the inputs allow it — but never so large that
 * a worker would get no chunk at all.
 */
export function chooseChunkSize(input: ChunkSizeInput): number {
  const itemCount = Math.max(1, input.itemCount);
  if (input.setting > 0) return Math.min(Math.floor(input.setting), itemCount);
  const perItemMs = Number.isFinite(input.perItemMs) && input.perItemMs > 0 ? input.perItemMs : 1e-6;
  const byWork = Math.ceil(minWorkPerMessageMs / perItemMs);
  const oneChunkPerWorker = Math.ceil(itemCount / Math.max(1, input.workers));
  return Math.max(1, Math.min(byWork, oneChunkPerWorker));
}
