/** What the last benchmark of a function says, in the words every generated header (pool, BullMQ) shares. */
import type { BenchmarkResult, PoolRun } from '../../protocol/results';
import { bestMeasuredRun, formatPerItem, keepSerial } from '../features/resultSummary';

/** The last benchmark's best run, or the sentence saying why there is no usable figure. */
export type MeasuredRun = { ok: true; result: BenchmarkResult; best: PoolRun } | { ok: false; why: string };

/**
 * Text from the user's benchmark, made safe inside a block comment (a `*` + `/` would end it and
 * leave the rest as code) and kept to one short line.
 */
export function commentSafe(text: string, max = 80): string {
  const safe = text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ');
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** YYYY-MM-DD of an epoch time. */
export function day(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** `name`'s last benchmark, if it gave a figure to build on. */
export function measuredRun(name: string, result: BenchmarkResult | undefined): MeasuredRun {
  const best = result && bestMeasuredRun(result);
  if (result && best) return { ok: true, result, best };
  const why = result ? `The last benchmark of \`${name}\` (${day(result.startedAt)}) gave no usable figure: ${commentSafe(result.verdict, 200)}.` : `\`${name}\` has not been benchmarked yet.`;
  return { ok: false, why };
}

/** "2 workers". */
export function workerCount(n: number): string {
  return `${n} worker${n === 1 ? '' : 's'}`;
}

/** The sentence for a run whose verdict was to keep the function serial, or undefined when the pool paid off. */
export function keepSerialSentence(run: { result: BenchmarkResult; best: PoolRun }): string | undefined {
  const { result, best } = run;
  if (!keepSerial(result)) return undefined;
  return `Measured on ${day(result.startedAt)}: no speedup (${best.speedup.toFixed(2)}× at best, on ${workerCount(best.workers)}); the verdict was "${commentSafe(result.verdict, 200)}".`;
}

/** "Benchmark: 32 inputs (`…`), 12 ms/item serially,": how many inputs were timed, from what, at what cost. */
export function benchmarkSentence(result: BenchmarkResult): string {
  return `Benchmark: ${result.inputs.count} inputs (\`${commentSafe(result.inputs.expression, 120)}\`), ${formatPerItem(result.serial.perItemMs)} serially,`;
}
