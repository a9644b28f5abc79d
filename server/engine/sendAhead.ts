/**
 * Whether a pool's lanes get their next chunk ahead (runTrial's `sendAhead`): the chunk waits
 * beside its worker, which starts it the moment it is free, instead of idling through a round trip
 * to the engine (on 2 busy cores, 1–3 ms a chunk: the cost the pool timeline showed). On one
 * worker that is free. On more, a chunk held by a busy worker is one a free worker cannot take:
 * nothing lost when chunks take about as long as each other, up to a long chunk's time when they do
 * not. So pools of several workers send ahead only when the one-worker pool's timeline (every chunk
 * on one thread, one after the other) found the chunks even.
 */
import type { PoolTimeline } from '../../protocol/results';
import { formatShortMs } from './chunkSize';

/** Chunks are even when the longest took at most this many times the median. */
export const maxChunkSpread = 2;

/** The choice and, for the log, why. */
export interface SendAhead {
  sendAhead: boolean;
  reason: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Whether `workers` lanes send ahead, given the timeline of a pool measured before (null: none finished). */
export function sendAheadFor(workers: number, measured: PoolTimeline | null): SendAhead {
  if (workers <= 1) return { sendAhead: true, reason: 'one worker: its next chunk waits beside it' };
  // A bar that stands for several chunks (a timeline keeps at most 1,000) counts as their average.
  const chunkMs = (measured?.rows ?? []).flatMap((row) => row.bars.map((bar) => (bar.endMs - bar.startMs) / bar.chunks));
  if (chunkMs.length < 2) return { sendAhead: false, reason: 'no timeline to tell whether the chunks are even: each worker waits for its next chunk' };
  const typical = median(chunkMs);
  const longest = chunkMs.reduce((most, ms) => Math.max(most, ms), 0);
  const spread = typical > 0 ? longest / typical : Number.POSITIVE_INFINITY;
  const facts = `the longest chunk took ${formatShortMs(longest)}, ${Number.isFinite(spread) ? `${spread.toFixed(1)}×` : 'far over'} the median ${formatShortMs(typical)}`;
  if (spread <= maxChunkSpread) return { sendAhead: true, reason: `${facts}: even, so each worker gets its next chunk ahead` };
  return { sendAhead: false, reason: `${facts}: uneven, so each worker waits for its next chunk and the free one takes it` };
}
