/**
 * What the last benchmark found, in the few words a CodeLens title has room for (`resultLensText`),
 * the longer line its tooltip and a generated comment use (`resultSummary`), and which kind of
 * verdict it was (`runVerdict`), so that the lens, the code action and the generated header agree.
 */
import type { BenchmarkResult, PoolRun } from '../../protocol/results';

/** "12 ms/item", "0.35 ms/item", "4.2 µs/item": enough digits to compare, no more. */
export function formatPerItem(ms: number): string {
  if (ms >= 10) return `${Math.round(ms)} ms/item`;
  if (ms >= 1) return `${ms.toFixed(1)} ms/item`;
  if (ms >= 0.01) return `${ms.toFixed(2)} ms/item`;
  return `${(ms * 1000).toFixed(1)} µs/item`;
}

/** The run at the best pool size, when the result is complete enough to trust it. */
export function bestMeasuredRun(result: BenchmarkResult): PoolRun | undefined {
  if (result.cancelled || result.errors.length > 0 || !result.resultsMatch) return undefined;
  return result.runs.find((run) => run.workers === result.bestWorkers);
}

/** Whether the run advises against a pool: the suggestion's keepSerial (the verdict then ends "keep it serial" or "fix the inputs"). */
export function keepSerial(result: BenchmarkResult): boolean {
  // Results saved before keepSerial was reported say it only in the verdict.
  return result.suggestion.keepSerial || /keep it serial/i.test(result.verdict);
}

/** The true number of errors, not the length of the cut list. */
function errorTotal(result: BenchmarkResult): number {
  return Math.max(result.errors.length, Object.values(result.errorCounts).reduce((sum, count) => sum + count, 0));
}

/** Why a failed run has no figure: "nothing measured: fix the inputs (32 of 32 failed)". */
function failureSummary(result: BenchmarkResult): string {
  const failed = `${result.failedInputs} of ${result.inputs.count} failed`;
  if (result.failure === 'inputs-failed') return `most inputs failed: fix the inputs (${failed})`;
  if (result.failedInputs > 0) return `nothing measured: fix the inputs (${failed})`;
  const total = errorTotal(result);
  return `nothing measured: ${total} error${total === 1 ? '' : 's'}`;
}

/** "3.7× on 4 workers · 12 ms/item", "no speedup: keep serial · 0.96× on 2 workers · …", or why there is no figure. */
export function resultSummary(result: BenchmarkResult): string {
  if (result.cancelled) return 'last run cancelled';
  if (result.failure !== null) return failureSummary(result);
  const errors = errorTotal(result);
  if (errors > 0) return `last run failed: ${errors} error${errors === 1 ? '' : 's'}`;
  if (result.mismatch !== null) return 'parallel results differ from serial';
  const best = bestMeasuredRun(result);
  if (!best) return 'no pool size measured';
  const perItem = formatPerItem(result.serial.perItemMs);
  const speedup = `${best.speedup.toFixed(keepSerial(result) ? 2 : 1)}× on ${best.workers} worker${best.workers === 1 ? '' : 's'}`;
  return keepSerial(result) ? `no speedup: keep serial · ${speedup} · ${perItem}` : `${speedup} · ${perItem}`;
}

/** What a run says about a pool, in one word: worth it, keep serial, or no usable figure (failed, cancelled, differing). */
export type RunVerdict = 'pool' | 'keepSerial' | 'failed';

/** The verdict of a run, as every view of it must tell it. */
export function runVerdict(result: BenchmarkResult): RunVerdict {
  if (!bestMeasuredRun(result) || result.failure !== null || result.mismatch !== null) return 'failed';
  return keepSerial(result) ? 'keepSerial' : 'pool';
}

/**
 * The lens's short form: `1.9× on 2 workers`, `keep serial`, `fix inputs (32 of 32 failed)`,
 * `41 errors`, `results differ`, `cancelled`. The same checks, in the same order, as resultSummary.
 */
export function resultLensText(result: BenchmarkResult): string {
  if (result.cancelled) return 'cancelled';
  if (result.failure !== null) return result.failedInputs > 0 ? `fix inputs (${result.failedInputs} of ${result.inputs.count} failed)` : 'nothing measured';
  const errors = errorTotal(result);
  if (errors > 0) return `${errors} error${errors === 1 ? '' : 's'}`;
  if (result.mismatch !== null) return 'results differ';
  const best = bestMeasuredRun(result);
  if (!best) return 'not measured';
  if (keepSerial(result)) return 'keep serial';
  return `${best.speedup.toFixed(1)}× on ${best.workers} worker${best.workers === 1 ? '' : 's'}`;
}

/** The lens's tooltip: the longer line, then the run's verdict sentence. */
export function resultTooltip(result: BenchmarkResult): string {
  return `${resultSummary(result)}\n${result.verdict}`;
}
