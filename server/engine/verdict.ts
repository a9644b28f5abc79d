/**
 * The one-sentence summary of a benchmark, and the decision every view shares: whether a pool is
 * worth having. The verdict says "N× faster" exactly when keepSerialReason is undefined.
 */
import type { ClusterRun } from '../../protocol/cluster';
import type { BenchmarkResult, Chunking, PoolRun, RunError, TimingStats } from '../../protocol/results';
import { clusterLabel } from '../../protocol/clusterText';
import { formatShortMs } from './chunkSize';
import { type Failure, failureVerdict } from './runFailure';

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

/** What the verdict is made from; the failure fields default to a run where nothing failed. */
export interface VerdictInput {
  serial: TimingStats;
  runs: readonly PoolRun[];
  cancelled: boolean;
  errors: readonly RunError[];
  chunking?: Chunking | undefined;
  failure?: Failure;
  failedInputs?: number;
  errorCounts?: BenchmarkResult['errorCounts'];
  inputs?: { count: number };
  /** The cluster phase, judged by the same ideal as the pools: its threads cannot beat it either. */
  cluster?: ClusterRun | null;
}

/** The speedup the trials allow at worst and at best: serial min ÷ pool max, serial max ÷ pool min. */
export function speedupRange(serial: TimingStats, run: TimingStats): [number, number] {
  return [run.maxMs > 0 ? serial.minMs / run.maxMs : 0, run.minMs > 0 ? serial.maxMs / run.minMs : 0];
}

function workersLabel(workers: number): string {
  return `${workers} worker${workers === 1 ? '' : 's'}`;
}

/** Why the timings should not be trusted as they stand, or undefined when they look sound. */
export function noiseWarning(result: Pick<VerdictInput, 'runs' | 'serial' | 'cluster'>): string | undefined {
  const reasons: string[] = [];
  const { serial } = result;
  if (serial.trials >= 2 && serial.medianMs > 0 && (serial.maxMs - serial.minMs) / serial.medianMs > noisySpread) {
    reasons.push(`serial trials ranged ${Math.round(serial.minMs)}–${Math.round(serial.maxMs)} ms`);
  }
  const superlinear = result.runs.find((run) => run.efficiency > implausibleEfficiency);
  if (superlinear) {
    reasons.push(`${workersLabel(superlinear.workers)} reached ${Math.round(superlinear.efficiency * 100)}% efficiency, above the ideal`);
  }
  const cluster = result.cluster;
  if (!superlinear && cluster && cluster.stopped === null && cluster.efficiency !== null && cluster.efficiency > implausibleEfficiency) {
    reasons.push(`${clusterLabel(cluster)} reached ${Math.round(cluster.efficiency * 100)}% efficiency, above the ideal`);
  }
  // Whether the best pool is worth having at all is the question; when its trials answer it both ways, noise decides.
  const best = bestRun(result.runs);
  if (best !== undefined && best.workers > 1 && best.trials >= 2 && serial.trials >= 2) {
    const [low, high] = speedupRange(serial, best);
    if (low < 1 && high >= worthwhileSpeedup) {
      reasons.push(`${workersLabel(best.workers)} ran ${low.toFixed(2)}–${high.toFixed(2)}× serial from trial to trial, so noise, not the function, decides whether it is faster`);
    }
  }
  if (reasons.length === 0) return undefined;
  return `Timings were noisy (${reasons.join('; ')}): close other work or raise parallelize.trials, and run again`;
}

/** The summary sentence, followed by a noise warning when the timings do not support it. */
export function verdictFor(result: VerdictInput): string {
  const failed = failureVerdict(failureInput(result));
  if (failed !== undefined) return failed;
  const verdict = speedupVerdict(result);
  const noise = result.runs.length > 0 && result.serial.medianMs >= tooLittleWorkMs ? noiseWarning(result) : undefined;
  return noise ? `${verdict}. ${noise}` : verdict;
}

function failureInput(result: VerdictInput): Parameters<typeof failureVerdict>[0] {
  return {
    failure: result.failure ?? null, cancelled: result.cancelled, serial: result.serial, runs: result.runs, errors: result.errors,
    errorCounts: result.errorCounts ?? {}, failedInputs: result.failedInputs ?? 0, inputs: result.inputs ?? { count: 0 },
  };
}

/**
 * Why no pool is worth having, or undefined when one is: the suggestion says "keep it serial"
 * exactly when this gives a reason, and the verdict then never reports a speedup.
 */
export function keepSerialReason(result: VerdictInput): string | undefined {
  if (result.failure === 'nothing-measured') return 'nothing could be measured';
  if (result.failure === 'inputs-failed') return 'most inputs failed, so there is no speedup to go by';
  const best = bestRun(result.runs);
  if (result.serial.trials === 0 || best === undefined) return result.cancelled ? 'the run was cancelled before a pool size finished' : 'nothing was measured';
  if (messagingVerdict(result.chunking, best) !== undefined) return 'messaging costs more than the workers save';
  if (result.serial.medianMs < tooLittleWorkMs) return `the serial run takes only ${formatShortMs(result.serial.medianMs)}, about what messaging workers costs`;
  if (best.workers > 1 && best.speedup >= worthwhileSpeedup) return undefined;
  if (result.cancelled && !result.runs.some((run) => run.workers > 1)) return 'the run was cancelled before a pool of more than one worker finished';
  // One worker ahead of serial is noise (it does the same work plus messaging), not a pool worth having.
  if (best.workers === 1 && best.speedup >= worthwhileSpeedup) return `more workers did no better than 1, whose ${best.speedup.toFixed(2)}× serial only noise explains`;
  return `no pool beat serial by ${worthwhileSpeedup}× (best: ${best.speedup.toFixed(2)}× on ${workersLabel(best.workers)})`;
}

/**
 * Why messaging rules a pool out: the measured costs say no chunking can reach a worthwhile
 * speedup, and the best pool agrees. The serial baseline is the function's own time (what a plain
 * loop costs), so the table's speedup is the one held against the estimate: a pool that reached a
 * worthwhile speedup there wins over the estimate, whose inputs a busy machine can inflate.
 */
export function messagingVerdict(chunking: Chunking | undefined, best: PoolRun | undefined): string | undefined {
  if (chunking?.ceilingSpeedup == null || chunking.workers < 2 || chunking.ceilingSpeedup >= worthwhileSpeedup) return undefined;
  const pooled = best !== undefined && best.workers > 1 && best.medianMs > 0 ? best : undefined;
  if (pooled !== undefined && pooled.speedup >= worthwhileSpeedup) return undefined;
  // The serial median the speedup was taken against, else the estimate from the chunking's figures.
  const computeMs = pooled !== undefined ? pooled.medianMs * pooled.speedup : chunking.perItemMs * chunking.itemCount;
  const perItem = chunking.perItemOverheadMs ?? 0;
  const perMessage = chunking.dispatchOverheadMs ?? 0;
  const measured = pooled === undefined ? '' : ` (${pooled.workers} workers took ${formatShortMs(pooled.medianMs)} for ${formatShortMs(computeMs)} of compute)`;
  const cost = perItem > 0 ? `sending it to a worker and back costs ${formatShortMs(perItem)} more, plus ${formatShortMs(perMessage)} per message` : `a message costs ${formatShortMs(perMessage)}`;
  return `Messaging costs more than ${chunking.workers} workers save: each input computes in ${formatShortMs(chunking.perItemMs)}, ${cost}, so even one message per worker reaches ${chunking.ceilingSpeedup.toFixed(2)}× at best${measured} — keep it serial`;
}

/** "1.9× faster on 2 workers (95% efficiency)", or why there is no speedup to report. */
function speedupVerdict(result: VerdictInput): string {
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
  const workers = workersLabel(best.workers);
  // One worker measured says nothing of larger pools: what follows would claim it does.
  if (result.cancelled && !result.runs.some((run) => run.workers > 1)) {
    return `Cancelled after 1 worker (${best.speedup.toFixed(2)}× serial): larger pools were not measured, so there is no verdict — run it to the end`;
  }
  if (best.speedup >= worthwhileSpeedup && best.workers > 1) {
    return `${best.speedup.toFixed(1)}× faster on ${workers} (${Math.round(best.efficiency * 100)}% efficiency)`;
  }
  // One worker doing what the serial run did, plus messaging, cannot be faster but by noise: the
  // table shows that figure, so the verdict names it rather than call it no speedup.
  if (best.workers === 1 && best.speedup >= worthwhileSpeedup) {
    return `1 worker measured ${best.speedup.toFixed(2)}× serial, which one thread doing the same work reaches only by noise, and more workers did no better — keep it serial`;
  }
  if (best.workers === 1) return 'No speedup: more workers only added overhead — keep it serial';
  if (best.speedup >= 1 / worthwhileSpeedup) {
    return `No real speedup: ${best.speedup.toFixed(2)}× at best, on ${workers} — keep it serial`;
  }
  return 'No speedup: the pool was slower than serial — keep it serial';
}
