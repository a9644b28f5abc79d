/** The few words the history view and the compare panel say about one kept run. Pure (no 'vscode'). */
import type { RunOutcome, RunSummary, StoredRun } from '../../protocol/history';
import type { BenchmarkResult } from '../../protocol/results';
import { bestMeasuredRun, keepSerial } from '../../server/features/resultSummary';
import { clusterSummary } from './clusterSummary';

/** The key that groups a function's runs: its file and the expression that reaches it. */
export function functionKey(fn: { file: string; name: string }): string {
  return `${fn.file}#${fn.name}`;
}

/** How the run ended, by the same rules as the CodeLens: a failed, mismatched or errored run is never a speedup. */
export function runOutcome(result: BenchmarkResult): RunOutcome {
  if (result.cancelled) return 'cancelled';
  if (result.failure !== null || result.mismatch !== null || !bestMeasuredRun(result)) return 'failed';
  return keepSerial(result) ? 'serial' : 'speedup';
}

/** `1.9× on 2 workers`, `keep serial`, `failed`, `cancelled`. */
export function shortVerdict(result: BenchmarkResult): string {
  const outcome = runOutcome(result);
  if (outcome !== 'speedup') return outcome === 'serial' ? 'keep serial' : outcome;
  const best = bestMeasuredRun(result);
  return best ? `${best.speedup.toFixed(1)}× on ${best.workers} worker${best.workers === 1 ? '' : 's'}` : 'failed';
}

/** What the view lists of a stored run. */
export function summarize(run: StoredRun): RunSummary {
  const { result } = run;
  return {
    id: run.id,
    functionKey: functionKey(result.function),
    function: result.function,
    startedAt: result.startedAt,
    outcome: runOutcome(result),
    short: shortVerdict(result),
    verdict: result.verdict,
    inputs: result.inputs.expression,
    inputCount: result.inputs.count,
    serialMedianMs: result.serial.medianMs,
    cluster: clusterSummary(run),
  };
}

/** `1.9× on 2 workers · cluster 2×1 1.8×`: the verdict, and the cluster's few words when it ran one. */
export function runDescription(run: RunSummary): string {
  return run.cluster?.brief ? `${run.short} · ${run.cluster.brief}` : run.short;
}
