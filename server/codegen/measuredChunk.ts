/** The inputs per BullMQ job the generated producer defaults to, and the header lines saying where the number came from. */
import type { BenchmarkResult } from '../../protocol/results';
import { formatPerItem } from '../features/resultSummary';
import { benchmarkSentence, commentSafe, day, keepSerialSentence, measuredRun, workerCount } from './measuredRun';

/** Work a job should carry at least: a BullMQ job costs a few Redis round trips (about 1–2 ms on one machine, more across a network). */
export const minJobWorkMs = 20;

/** Jobs a call is split into when nothing was measured: enough to keep a few machines busy, few enough that their cost stays small. */
export const defaultJobCount = 32;

/** The producer's default chunk size (undefined: split each call into `defaultJobCount` jobs) and why. */
export interface ChunkDefaults {
  chunkSize?: number;
  /** Comment lines (no `*` prefix). */
  provenance: string[];
}

function formatMs(ms: number): string {
  return formatPerItem(ms).replace('/item', '');
}

/** The chunk size for `name`'s producer: the last run's chunks, grown until each job carries `minJobWorkMs` of work. */
export function measuredChunk(name: string, result: BenchmarkResult | undefined): ChunkDefaults {
  const run = measuredRun(name, result);
  if (!run.ok) {
    return {
      provenance: [
        `${run.why} So each call is split into about ${defaultJobCount} jobs.`,
        'Run "Parallelize: Parallelize Function" on it and generate again to bake in a chunk size',
        'sized from the measured cost of one input.',
      ],
    };
  }
  const { result: measured, best } = run;
  const perItemMs = measured.serial.perItemMs;
  const local = measured.chunkSize;
  const floor = perItemMs > 0 ? Math.ceil(minJobWorkMs / perItemMs) : local;
  const chunkSize = Math.max(local, floor);
  const verdict = keepSerialSentence(run)
    ?? `Measured on ${day(measured.startedAt)}: ${best.speedup.toFixed(1)}× on a local pool of ${workerCount(best.workers)} (${Math.round(best.efficiency * 100)}% efficiency).`;
  const sizing = chunkSize > local
    ? `Its chunks of ${local} carried ${formatMs(local * perItemMs)} of work; a BullMQ job costs about 1–2 ms of Redis round trips on one machine (more across a network), so a job here carries at least ${minJobWorkMs} ms: ${chunkSize} inputs, about ${formatMs(chunkSize * perItemMs)}.`
    : `A job here carries the run's chunk of ${chunkSize} inputs, about ${formatMs(chunkSize * perItemMs)} of work against the 1–2 ms of Redis round trips a BullMQ job costs on one machine (more across a network).`;
  return {
    chunkSize,
    provenance: [
      verdict,
      `${benchmarkSentence(measured)} on ${measured.resources.cores} cores (${commentSafe(measured.resources.cpuBrand)}).`,
      ...wrap(sizing),
      'Benchmark again and regenerate when the inputs change.',
    ],
  };
}

/** Splits a long sentence into comment lines of about 100 characters. */
export function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  // A figure stays on the line of its unit.
  for (const word of text.split(/ (?!ms\b|µs\b)/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
