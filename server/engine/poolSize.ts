/**
 * The pool size to suggest, from cores, memory, the maxWorkers setting and, once pools have run,
 * the measured speedup curve, with one sentence per step so the user can check the arithmetic.
 */
import type { PoolSizeSuggestion, ResourceSnapshot } from '../../protocol/results';
import { coresReasoning } from '../resources/cpuQuota';
import { formatBytes } from '../../protocol/formatBytes';
import { plural } from '../../protocol/plural';

/** Memory per worker assumed before any task has run: a bare worker thread plus a modest heap. */
export const assumedMemoryPerWorkerBytes = 64 * 1024 * 1024;

/** Share of the available memory left unused, for the main thread, the OS and heap growth. */
export const memoryHeadroom = 0.25;

/** A pool is no larger than the smallest size within this share of the best measured speedup. */
export const speedupPlateau = 0.05;

/** What the suggestion is computed from. */
export interface PoolSizeInput {
  resources: ResourceSnapshot;
  /** Measured on a task, or null before any task has run. */
  memoryPerWorkerBytes: number | null;
  /** The maxWorkers setting; 0 means no cap. */
  maxWorkers: number;
  /** The worker's own heap after a task, and the process's RSS growth per warmed worker, when measured. */
  heapPerWorkerBytes?: number | null;
  rssPerWorkerBytes?: number | null;
  /** Measured speedup per pool size; the pool stops where it stops growing. */
  runs?: ReadonlyArray<{ workers: number; speedup: number }>;
  /** Set when the timings were too noisy to trust: the curve then caps nothing, and the reasoning says so. */
  noisyTimings?: boolean;
  /** Why no pool is worth having, once a run has measured (verdict.ts keepSerialReason): then no pool is suggested. */
  keepSerial?: string;
}

/** What memory the pool can use: free memory, or the process's memory limit when that is lower. */
function availableMemory(memory: ResourceSnapshot['memory']): { bytes: number; text: string } {
  const { freeBytes, constrainedBytes } = memory;
  if (constrainedBytes !== null && constrainedBytes < freeBytes) {
    return { bytes: constrainedBytes, text: `the ${formatBytes(constrainedBytes)} memory limit (process.constrainedMemory)` };
  }
  return { bytes: freeBytes, text: `${formatBytes(freeBytes)} free` };
}

/**
 * The smallest measured size whose speedup is within speedupPlateau of the best: past it, more
 * workers add threads, not speed. Undefined while the largest size measured is still the one
 * (the curve may keep growing) or fewer than two sizes ran.
 */
export function speedupKnee(runs: ReadonlyArray<{ workers: number; speedup: number }>): { workers: number; reason: string } | undefined {
  const sorted = [...runs].filter((r) => Number.isFinite(r.speedup)).sort((a, b) => a.workers - b.workers);
  const largest = sorted[sorted.length - 1];
  if (sorted.length < 2 || largest === undefined) return undefined;
  const best = sorted.reduce((a, b) => (b.speedup > a.speedup ? b : a));
  const knee = sorted.find((r) => r.speedup >= best.speedup * (1 - speedupPlateau)) ?? best;
  if (knee.workers >= largest.workers) return undefined;
  const after = best.workers > knee.workers ? best : largest;
  return {
    workers: knee.workers,
    reason: `the measured speedup stops growing at ${plural(knee.workers, 'worker')} (${knee.speedup.toFixed(2)}×; ${plural(after.workers, 'worker')} reached ${after.speedup.toFixed(2)}×)`,
  };
}

function measuredNeed(input: PoolSizeInput, perWorker: number): string {
  const rss = input.rssPerWorkerBytes ?? null;
  const heap = input.heapPerWorkerBytes ?? null;
  if (rss !== null && heap !== null) {
    return `one worker needed ${formatBytes(perWorker)} (process RSS grew ${formatBytes(rss)} per warmed worker; its heap was ${formatBytes(heap)} after a task)`;
  }
  return `one worker needed ${formatBytes(perWorker)} measured on a task`;
}

/** Suggests a pool size: the smallest of the core count, what fits in memory, the setting and the speedup curve. */
export function suggestPoolSize(input: PoolSizeInput): PoolSizeSuggestion {
  const { resources, maxWorkers } = input;
  const reasoning: string[] = [];
  const cores = resources.cores;
  reasoning.push(coresReasoning(resources));

  const measured = input.memoryPerWorkerBytes !== null && input.memoryPerWorkerBytes > 0;
  const perWorker = measured ? (input.memoryPerWorkerBytes as number) : assumedMemoryPerWorkerBytes;
  const available = availableMemory(resources.memory);
  const byMemory = Math.floor((available.bytes * (1 - memoryHeadroom)) / perWorker);
  const need = measured
    ? measuredNeed(input, perWorker)
    : `one worker is assumed to need ${formatBytes(perWorker)} (not measured: no task has run yet)`;
  const room = byMemory >= 1
    ? `keeps room for ${plural(byMemory, 'worker')} with ${memoryHeadroom * 100}% headroom`
    : `leaves no room for even one worker with ${memoryHeadroom * 100}% headroom, so 1 is the most to try`;
  reasoning.push(`${need}; ${available.text} ${room}`);

  if (maxWorkers > 0) reasoning.push(`the maxWorkers setting caps the pool at ${maxWorkers}`);
  // A disturbed curve can stop "growing" anywhere: on a busy machine it would suggest one worker.
  const knee = input.runs === undefined || input.noisyTimings === true ? undefined : speedupKnee(input.runs);
  if (knee !== undefined) reasoning.push(knee.reason);
  if (input.noisyTimings === true && (input.runs?.length ?? 0) > 1) reasoning.push('the measured speedups were too noisy to cap the pool by (run again on a quieter machine)');

  // On a tie the more fundamental limit is named: cores before memory before the setting.
  const limits: Array<[PoolSizeSuggestion['limitedBy'], number]> = [
    ['cores', cores],
    ['memory', Math.max(1, byMemory)],
    ['setting', maxWorkers > 0 ? maxWorkers : Number.POSITIVE_INFINITY],
    ['speedup', knee?.workers ?? Number.POSITIVE_INFINITY],
  ];
  let [limitedBy, poolSize] = limits[0] as [PoolSizeSuggestion['limitedBy'], number];
  for (const [name, size] of limits) {
    if (size < poolSize) [limitedBy, poolSize] = [name, size];
  }
  const memory = { memoryPerWorkerBytes: perWorker, memoryMeasured: measured, heapPerWorkerBytes: input.heapPerWorkerBytes ?? null, rssPerWorkerBytes: input.rssPerWorkerBytes ?? null };
  if (input.keepSerial !== undefined) {
    // Not the size a pool could have here, which a reader would take for advice to use one: the
    // measured answer is no pool, and 1 is the least a caller ignoring keepSerial can start.
    reasoning.push(`keep it serial: ${input.keepSerial}, so no pool is suggested`);
    return { poolSize: 1, limitedBy: 'speedup', reasoning, keepSerial: true, ...memory };
  }
  const label = limitedBy === 'setting' ? 'the maxWorkers setting' : limitedBy === 'speedup' ? 'the measured speedup' : limitedBy;
  reasoning.push(`pool size ${poolSize}, limited by ${label}`);
  return { poolSize, limitedBy, reasoning, keepSerial: false, ...memory };
}
