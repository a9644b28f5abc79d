/** The few words a CodeLens and a generated comment use to say what the last benchmark found. */
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

/** Whether the verdict advises against a pool (it ends "keep it serial" whenever it does). */
export function keepSerial(result: BenchmarkResult): boolean {
  return /keep it serial/i.test(result.verdict);
}

/** "3.7× on 4 workers · 12 ms/item", "no speedup: keep serial · 0.96× on 2 workers · …", or why there is no figure. */
export function resultSummary(result: BenchmarkResult): string {
  if (result.cancelled) return 'last run cancelled';
  if (result.errors.length > 0) return `last run failed: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`;
  if (!result.resultsMatch) return 'parallel results differ from serial';
  const best = bestMeasuredRun(result);
  if (!best) return 'no pool size measured';
  const perItem = formatPerItem(result.serial.perItemMs);
  const speedup = `${best.speedup.toFixed(keepSerial(result) ? 2 : 1)}× on ${best.workers} worker${best.workers === 1 ? '' : 's'}`;
  return keepSerial(result) ? `no speedup: keep serial · ${speedup} · ${perItem}` : `${speedup} · ${perItem}`;
}
