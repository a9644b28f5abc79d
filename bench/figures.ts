/** Timing and printing helpers shared by the engine benchmarks. */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { summarize } from '../server/engine/statistics';

/** Median with its range, of repeated timings. */
export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
}

/** A summary of samples in the same shape. */
export function timingOf(samplesMs: readonly number[]): Timing {
  const stats = summarize(samplesMs);
  return { medianMs: stats.medianMs, minMs: stats.minMs, maxMs: stats.maxMs };
}

/** "1234.5 ms [1200–1300]": the median and the range, so noise shows. */
export function ms(timing: Timing): string {
  const digits = timing.medianMs >= 100 ? 0 : timing.medianMs >= 10 ? 1 : 2;
  return `${timing.medianMs.toFixed(digits)} ms [${timing.minMs.toFixed(digits)}–${timing.maxMs.toFixed(digits)}]`;
}

/** "1.93×". */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** The 1-, 5- and 15-minute load averages against the core count. */
export function load(): string {
  return `load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`;
}

/** Prints rows as aligned columns, the first left-aligned. */
export function printTable(rows: string[][]): void {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('   '));
}

/** A section heading. */
export function heading(title: string): void {
  console.log('');
  console.log(`── ${title} (${load()})`);
}

/**
 * The order of `count` variants in round `round`: each round starts one further along. A variant
 * that runs right after another pays for what that one left behind (a sleeping thread to wake,
 * garbage to collect): with a fixed order the same variant would pay every round. Seen in the
 * dispatch benchmark, where whichever pool ran second was 20-30 % slower.
 */
export function rotation(count: number, round: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + round) % count);
}

/**
 * Times each variant once per round, round after round, after one untimed pass each: on a shared
 * machine the load drifts, and interleaving spreads the drift over every variant alike.
 */
export async function interleave(trials: number, variants: ReadonlyArray<() => unknown>): Promise<Timing[]> {
  for (const work of variants) await work();
  const samples = variants.map((): number[] => []);
  for (let round = 0; round < trials; round++) {
    for (const index of rotation(variants.length, round)) {
      const start = performance.now();
      await variants[index]?.();
      samples[index]?.push(performance.now() - start);
    }
  }
  return samples.map((s) => timingOf(s));
}
