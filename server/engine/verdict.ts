/** The one-sentence summary of a benchmark. */
import type { BenchmarkResult, Chunking, PoolRun } from '../../protocol/results';
import { formatShortMs } from './chunkSize';

/** Serial runs shorter than this are within the cost of messaging workers: no speedup can be read from them. */
export const tooLittleWorkMs = 5;

/** Below this speedup a pool is not worth its complexity. */
export const worthwhileSpeedup = 1.1;

/** The pool run with the lowest median, or undefined when none ran. */
export function bestRun(runs: readonly PoolRun[]): PoolRun | undefined {
  let best: PoolRun | undefined;
  for (const run of runs) if (best === undefined || run.medianMs < best.medianMs) best = run;
  return best;
}

/** Above this, a pool beat the ideal y = x line: CPU-bound work cannot, so the timings were disturbed. */
const implausibleEfficiency = 1.1;

/** Serial trials spread wider than this fraction of their median cannot anchor a speedup. */
const noisySpread = 0.25;

/** Why the timings should not be trusted as they stand, or undefined when they look sound. */
export function noiseWarning(result: Pick<BenchmarkResult, 'runs' | 'serial'>): string | undefined {
  const reasons: string[] = [];
  const { serial } = result;
  if (serial.trials >= 2 && serial.medianMs > 0 && (serial.maxMs - serial.minMs) / serial.medianMs > noisySpread) {
    reasons.push(`serial trials ranged ${Math.round(serial.minMs)}–${Math.round(serial.maxMs)} ms`);
  }
  const superlinear = result.runs.find((run) => run.efficiency > implausibleEfficiency);
  if (superlinear) {
    reasons.push(`${superlinear.workers} worker${superlinear.workers === 1 ? '' : 's'} reached ${Math.round(superlinear.efficiency * 100)}% efficiency, above the ideal`);
  }
  if (reasons.length === 0) return undefined;
  return `Timings were noisy (${reasons.join('; ')}): close other work or raise parallelize.trials, and run again`;
}

/** The summary sentence, followed by a noise warning when the timings do not support it. */
export function verdictFor(result: Pick<BenchmarkResult, 'runs' | 'serial' | 'cancelled' | 'errors' | 'chunking'>): string {
  const verdict = speedupVerdict(result);
  const noise = result.runs.length > 0 && result.serial.medianMs >= tooLittleWorkMs ? noiseWarning(result) : undefined;
  return noise ? `${verdict}. ${noise}` : verdict;
}

/**
 * Why messaging rules a pool out: the measured costs say no chunking can reach a worthwhile
 * speedup, and the best pool agrees. It is held against the inputs' compute time alone (what a
 * plain loop costs), not the serial run, which pays the same per-input bookkeeping as the pools
 * and so flatters nanosecond functions. A pool that beat the compute time wins over the estimate,
 * whose inputs a busy machine can inflate.
 */
export function messagingVerdict(chunking: Chunking | undefined, best: PoolRun | undefined): string | undefined {
  if (chunking?.ceilingSpeedup == null || chunking.workers < 2 || chunking.ceilingSpeedup >= worthwhileSpeedup) return undefined;
  const computeMs = chunking.perItemMs * chunking.itemCount;
  const pooled = best !== undefined && best.workers > 1 && best.medianMs > 0 ? best : undefined;
  if (pooled !== undefined && computeMs / pooled.medianMs >= worthwhileSpeedup) return undefined;
  const perItem = chunking.perItemOverheadMs ?? 0;
  const perMessage = chunking.dispatchOverheadMs ?? 0;
  const measured = pooled === undefined ? '' : ` (${pooled.workers} workers took ${formatShortMs(pooled.medianMs)} for ${formatShortMs(computeMs)} of compute)`;
  const cost = perItem > 0 ? `sending it to a worker and back costs ${formatShortMs(perItem)} more, plus ${formatShortMs(perMessage)} per message` : `a message costs ${formatShortMs(perMessage)}`;
  return `Messaging costs more than ${chunking.workers} workers save: each input computes in ${formatShortMs(chunking.perItemMs)}, ${cost}, so even one message per worker reaches ${chunking.ceilingSpeedup.toFixed(2)}× at best${measured} — keep it serial`;
}

/** "1.9× faster on 2 workers (95% efficiency)", or why there is no speedup to report. */
function speedupVerdict(result: Pick<BenchmarkResult, 'runs' | 'serial' | 'cancelled' | 'errors' | 'chunking'>): string {
  const best = bestRun(result.runs);
  if (result.serial.trials === 0 || best === undefined) {
    const reason = result.cancelled ? 'the run was cancelled' : (result.errors[0]?.message ?? 'no pool size ran');
    return `No measurement to compare: ${reason}`;
  }
  const messaging = messagingVerdict(result.chunking, best);
  if (messaging !== undefined) return messaging;
  if (result.serial.medianMs < tooLittleWorkMs) {
    return `Too little work to tell: the serial run takes ${result.serial.medianMs.toFixed(2)} ms, about what messaging workers costs — keep it serial`;
  }
  const workers = `${best.workers} worker${best.workers === 1 ? '' : 's'}`;
  // One worker doing what the serial run did cannot be faster but by noise: that is no speedup.
  if (best.speedup >= worthwhileSpeedup && best.workers > 1) {
    return `${best.speedup.toFixed(1)}× faster on ${workers} (${Math.round(best.efficiency * 100)}% efficiency)`;
  }
  if (best.workers === 1) return 'No speedup: more workers only added overhead — keep it serial';
  if (best.speedup >= 1 / worthwhileSpeedup) {
    return `No real speedup: ${best.speedup.toFixed(2)}× at best, on ${workers} — keep it serial`;
  }
  return 'No speedup: the pool was slower than serial — keep it serial';
}
