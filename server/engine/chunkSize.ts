/**
 * How many inputs go into one message to a worker, chosen from two measurements: the compute time
 * per input (serial phase) and the round trip of one message on a warmed worker (dispatchOverhead).
 * Bigger chunks pay for fewer messages; smaller chunks balance uneven work and leave less idle
 * time at the end, when one worker still runs its last chunk while the others wait.
 */
import { plural } from '../../protocol/plural';

/**
 * Messaging may take at most this share of a chunk's work, at the probe's cost of a message. Each
 * lane's next chunk is sent ahead, so its worker no longer waits out the round trip; what a message
 * still costs is the CPU the engine and the run host spend on it (0.5–0.7 ms on the 2-core bench
 * VM), which a pool that fills every core pays out of its workers' time: speedup lost. The probe
 * times heavy inputs' messages cold (0.6–1 ms there), so 2% at its price is about 1% of the
 * pool's time: a third of the 3% a pool may trail raw worker_threads by (issue 10), the run host's
 * own upkeep and the first and last message taking most of the rest.
 */
export const maxMessagingShare = 0.02;

/** Chunks per worker to keep where the inputs allow it, so uneven inputs even out. */
export const minChunksPerWorker = 4;

/** Round trip assumed when none was measured: what one costs on an idle machine, rounded up. */
export const assumedDispatchMs = 0.05;

/** What the choice is made from. */
export interface ChunkSizeInput {
  itemCount: number;
  /** Measured serial compute time per input. */
  perItemMs: number;
  /** The largest pool size that will run. */
  workers: number;
  /** The chunkSize setting; 0 picks one. */
  setting: number;
  /** Measured round trip of one message; undefined falls back to assumedDispatchMs. */
  dispatchOverheadMs?: number | undefined;
}

/** The chunk size and, in words the user reads, why. */
export interface ChunkChoice {
  chunkSize: number;
  reason: string;
}

/** A duration at the precision a reader needs: "40 µs", "3.1 µs", "80 ns", "2.4 ms". */
export function formatShortMs(ms: number): string {
  const digits = (value: number): string => (value >= 10 ? value.toFixed(0) : value.toFixed(1));
  if (ms >= 1) return `${digits(ms)} ms`;
  if (ms >= 0.001) return `${digits(ms * 1000)} µs`;
  return `${digits(ms * 1e6)} ns`;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The setting when it is set. Otherwise the chunk that minimises messaging plus end-of-run idle
 * time — messaging falls as 1/size, the idle tail grows with size, so the best size is
 * √(2·items·roundTrip / (workers·perItem)) — but never below the size that keeps messaging under
 * 2% of a chunk's work, and never above the size that leaves 4 chunks per worker. When the inputs
 * are too few for both, messaging wins, down to one chunk per worker, with as many chunks for every
 * worker (24 inputs on 2 workers go in 2 chunks of 12, not 3 of 8, which one worker would run 2 of).
 */
export function chooseChunkSize(input: ChunkSizeInput): ChunkChoice {
  const itemCount = Math.max(1, Math.floor(input.itemCount));
  const workers = Math.max(1, Math.floor(input.workers));
  if (input.setting > 0) {
    const chunkSize = Math.min(Math.floor(input.setting), itemCount);
    return { chunkSize, reason: `${plural(chunkSize, 'input')} per message, as parallelize.chunkSize sets` };
  }
  const perItemMs = positive(input.perItemMs, 1e-6);
  const roundTripMs = positive(input.dispatchOverheadMs, assumedDispatchMs);
  const measured = input.dispatchOverheadMs !== undefined && positive(input.dispatchOverheadMs, 0) > 0;

  const cheapEnough = Math.ceil(roundTripMs / (maxMessagingShare * perItemMs));
  const balanced = Math.round(Math.sqrt((2 * itemCount * roundTripMs) / (workers * perItemMs)));
  const mostForBalance = Math.max(1, Math.floor(itemCount / (minChunksPerWorker * workers)));
  const onePerWorker = Math.ceil(itemCount / workers);
  const wanted = Math.max(1, cheapEnough, balanced);
  const fewest = Math.ceil(itemCount / (workers * Math.max(1, Math.floor(itemCount / (workers * cheapEnough)))));
  const chunkSize = Math.max(1, wanted <= mostForBalance ? wanted : cheapEnough <= mostForBalance ? mostForBalance : Math.min(fewest, onePerWorker));

  const share = roundTripMs / (chunkSize * perItemMs);
  const perWorker = Math.ceil(itemCount / chunkSize / workers);
  const facts = `${formatShortMs(perItemMs)} per input, ${measured ? '' : 'an assumed '}~${formatShortMs(roundTripMs)} per message`;
  const spread = `${plural(perWorker, 'message')} per worker on ${plural(workers, 'worker')}`;
  if (chunkSize === 1 && share <= maxMessagingShare) {
    return { chunkSize, reason: `${facts} → one input per message: messaging is already ${percent(share)} of the work, and single inputs balance uneven work best` };
  }
  if (share <= maxMessagingShare) {
    return { chunkSize, reason: `${facts} → ${plural(chunkSize, 'input')} per message keeps messaging under ${percent(maxMessagingShare)} of the work (${percent(share)}), with ${spread}` };
  }
  return { chunkSize, reason: `${facts} → ${plural(chunkSize, 'input')} per message, the most ${plural(itemCount, 'input')} allow (${spread}); messaging is still ${percent(share)} of the work` };
}

function percent(share: number): string {
  return share >= 0.1 ? `${Math.round(share * 100)}%` : `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

/** What messaging lets a pool reach at best. */
export interface CeilingInput {
  perItemMs: number;
  chunkSize: number;
  workers: number;
  /** Round trip of one message. */
  dispatchOverheadMs: number;
  /** Messaging cost per input (cloning it and its result), 0 when unmeasured. */
  perItemOverheadMs: number;
}

/**
 * The speedup `workers` threads could reach with the work split perfectly: each input costs its
 * compute divided among the workers plus its own messaging, which the main thread pays alone.
 * Below 1.1 no chunking makes the pool worth it.
 */
export function messagingCeiling(input: CeilingInput): number {
  const perItemMs = Math.max(0, input.perItemMs);
  const workers = Math.max(1, input.workers);
  const parallelMs = perItemMs / workers + Math.max(0, input.perItemOverheadMs) + Math.max(0, input.dispatchOverheadMs) / (Math.max(1, input.chunkSize) * workers);
  return parallelMs > 0 ? perItemMs / parallelMs : 0;
}
