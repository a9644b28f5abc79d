/** The pool size and chunk size the generated wrapper defaults to, and the sentence saying where they came from. */
import type { BenchmarkResult } from '../../protocol/results';
import { keepSerial } from '../features/resultSummary';
import { benchmarkSentence, commentSafe, day, measuredRun, workerCount } from './measuredRun';

/** Defaults baked into the wrapper: measured numbers, or undefined to size from the machine at run time. */
export interface PoolDefaults {
  poolSize?: number;
  chunkSize?: number;
  /** Comment lines (no `*` prefix) explaining the numbers. */
  provenance: string[];
}

/** The defaults for `name`'s wrapper from its last benchmark, if that run is usable. */
export function measuredPool(name: string, result: BenchmarkResult | undefined): PoolDefaults {
  const run = measuredRun(name, result);
  if (!run.ok) {
    const why = result
      ? `The last benchmark of \`${name}\` (${day(result.startedAt)}) failed, so nothing was measured: ${commentSafe(result.verdict, 200)}.`
      : `\`${name}\` has not been benchmarked yet.`;
    return {
      provenance: [
        why,
        'The pool size and chunk size below are defaults, not measured: one worker per core, and',
        'the inputs go out in about four chunks per worker. Run "Parallelize: Parallelize Function"',
        'on it and generate again to bake in the measured best pool size and chunk size.',
      ],
    };
  }
  const { best } = run;
  const workers = workerCount(best.workers);
  const measured = keepSerial(run.result)
    ? [
      `The last benchmark (${day(run.result.startedAt)}) said to keep \`${name}\` serial: no pool beat the serial run`,
      `(${best.speedup.toFixed(2)}× at best, on ${workers}), so on that machine this pool is no faster than calling it`,
      'in a loop. It is generated because you asked; benchmark again before shipping it.',
      `The verdict: "${commentSafe(run.result.verdict, 200)}".`,
    ]
    : [`Pool size and chunk size measured: ${best.speedup.toFixed(1)}× on ${workers} on ${day(run.result.startedAt)} (${Math.round(best.efficiency * 100)}% efficiency).`];
  return {
    poolSize: best.workers,
    chunkSize: run.result.chunkSize,
    provenance: [
      ...measured,
      benchmarkSentence(run.result),
      `${run.result.resources.cores} cores (${commentSafe(run.result.resources.cpuBrand)}); best pool size ${best.workers}, chunks of ${run.result.chunkSize}.`,
      'Benchmark again and regenerate when the inputs or the machine change.',
    ],
  };
}
