/** The pool size and chunk size the generated wrapper defaults to, and the sentence saying where they came from. */
import type { BenchmarkResult } from '../../protocol/results';
import { bestMeasuredRun, formatPerItem, keepSerial } from '../features/resultSummary';

/** Defaults baked into the wrapper: measured numbers, or undefined to size from the machine at run time. */
export interface PoolDefaults {
  poolSize?: number;
  chunkSize?: number;
  /** Comment lines (no `*` prefix) explaining the numbers. */
  provenance: string[];
}

/**
 * Text from the user's benchmark, made safe inside a block comment (a `*` + `/` would end it and
 * leave the rest as code) and kept to one short line.
 */
function commentSafe(text: string, max = 80): string {
  const safe = text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ');
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

function day(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The defaults for `name`'s wrapper from its last benchmark, if that run is usable. */
export function measuredPool(name: string, result: BenchmarkResult | undefined): PoolDefaults {
  const best = result && bestMeasuredRun(result);
  if (!result || !best) {
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
  const workers = `${best.workers} worker${best.workers === 1 ? '' : 's'}`;
  const measured = keepSerial(result)
    ? [
      `The last benchmark (${day(result.startedAt)}) said to keep \`${name}\` serial: no pool beat the serial run`,
      `(${best.speedup.toFixed(2)}× at best, on ${workers}), so on that machine this pool is no faster than calling it`,
      'in a loop. It is generated because you asked; benchmark again before shipping it.',
      `The verdict: "${commentSafe(result.verdict, 200)}".`,
    ]
    : [`Pool size and chunk size measured: ${best.speedup.toFixed(1)}× on ${workers} on ${day(result.startedAt)} (${Math.round(best.efficiency * 100)}% efficiency).`];
  return {
    poolSize: best.workers,
    chunkSize: result.chunkSize,
    provenance: [
      ...measured,
      `Benchmark: ${result.inputs.count} inputs (\`${commentSafe(result.inputs.expression, 120)}\`), ${formatPerItem(result.serial.perItemMs)} serially,`,
      `${result.resources.cores} cores (${commentSafe(result.resources.cpuBrand)}); best pool size ${best.workers}, chunks of ${result.chunkSize}.`,
      'Benchmark again and regenerate when the inputs or the machine change.',
    ],
  };
}
