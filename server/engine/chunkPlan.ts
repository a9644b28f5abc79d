/** The chunking step of a run: measure what a message costs, then choose the chunk size from it. */
import type { Chunking } from '../../protocol/results';
import { chooseChunkSize, formatShortMs, messagingCeiling } from './chunkSize';
import { type DispatchOverhead, measureDispatchOverhead } from './dispatchOverhead';
import type { RunContext } from './runContext';
import { type SerialMeasurement, type Stop, stopFor } from './serialPhase';

/** The chunking for the pool runs, or why the run stops here (cancelled). */
export type ChunkPlan = { chunking: Chunking; stop?: undefined } | { stop: Stop };

/** Measures messaging on a warmed worker and chooses the chunk size for pools of up to `workers`. */
export async function planChunking(ctx: RunContext, serial: SerialMeasurement, workers: number): Promise<ChunkPlan> {
  ctx.step('measuring the cost of a message');
  let overhead: DispatchOverhead | undefined;
  try {
    overhead = await measureDispatchOverhead(ctx, serial);
  } catch (error) {
    const stop = stopFor(error);
    if (stop.kind === 'cancelled') return { stop };
    // The chunk size falls back to an assumed cost; the fault shows again, naming its input, on the pools.
    ctx.hooks.log(`messaging could not be measured: ${stop.error.message}`);
  }
  if (overhead) {
    const perItem = overhead.perItemMs === null ? '' : `, ${formatShortMs(overhead.perItemMs)} per input`;
    ctx.hooks.log(`messaging: ${formatShortMs(overhead.perMessageMs)} per message (empty round trip ${formatShortMs(overhead.emptyRoundTripMs)})${perItem}`);
  }
  const itemCount = serial.active.length;
  const { perItemMs } = serial;
  const choice = chooseChunkSize({ itemCount, perItemMs, workers, setting: ctx.settings.chunkSize, dispatchOverheadMs: overhead?.perMessageMs });
  // The most lenient bound: one message per worker, the largest chunk that still uses them all.
  const ceilingSpeedup = overhead === undefined ? null : messagingCeiling({
    perItemMs,
    workers,
    chunkSize: Math.ceil(itemCount / Math.max(1, workers)),
    dispatchOverheadMs: overhead.perMessageMs,
    perItemOverheadMs: overhead.perItemMs ?? 0,
  });
  return {
    chunking: {
      chunkSize: Math.max(1, choice.chunkSize),
      source: ctx.settings.chunkSize > 0 ? 'setting' : 'measured',
      perItemMs: Math.max(0, perItemMs),
      itemCount,
      dispatchOverheadMs: overhead?.perMessageMs ?? null,
      perItemOverheadMs: overhead?.perItemMs ?? null,
      workers: Math.max(1, workers),
      ceilingSpeedup,
      reason: choice.reason,
    },
  };
}
