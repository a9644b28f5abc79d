/** The pool size and chunk size the generated wrapper defaults to, and the sentence saying where they came from. */
import type { BenchmarkResult } from '../../protocol/results';
import { benchmarkSentence, commentSafe, day, keepSerialSentence, measuredRun, workerCount } from './measuredRun';

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
    return {
      provenance: [
        `${run.why} So the pool has one worker per core, and the inputs go`,
        'out in about four chunks per worker. Run "Parallelize: Parallelize Function" on it and',
        'generate again to bake in the measured best pool size and chunk size.',
      ],
    };
  }
  const { best } = run;
  const measured = keepSerialSentence(run)
    ?? `Pool size and chunk size measured: ${best.speedup.toFixed(1)}× on ${workerCount(best.workers)} on ${day(run.result.startedAt)} (${Math.round(best.efficiency * 100)}% efficiency).`;
  return {
    poolSize: best.workers,
    chunkSize: run.result.chunkSize,
    provenance: [
      measured,
      benchmarkSentence(run.result),
      `${run.result.resources.cores} cores (${commentSafe(run.result.resources.cpuBrand)}); best pool size ${best.workers}, chunks of ${run.result.chunkSize}.`,
      'Benchmark again and regenerate when the inputs or the machine change.',
    ],
  };
}
