/**
 * The pool size to suggest, from cores, memory and the maxWorkers setting, with one sentence per
 * step so the user can check the arithmetic.
 */
import type { PoolSizeSuggestion, ResourceSnapshot } from '../../protocol/results';
import { formatBytes } from '../resources/formatBytes';

/** Memory per worker assumed before any task has run: a bare worker thread plus a modest heap. */
export const assumedMemoryPerWorkerBytes = 64 * 1024 * 1024;

/** Share of the available memory left unused, for the main thread, the OS and heap growth. */
export const memoryHeadroom = 0.25;

/** What the suggestion is computed from. */
export interface PoolSizeInput {
  resources: ResourceSnapshot;
  /** Measured on a task, or null before any task has run. */
  memoryPerWorkerBytes: number | null;
  /** The maxWorkers setting; 0 means no cap. */
  maxWorkers: number;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What memory the pool can use: free memory, or the process's memory limit when that is lower. */
function availableMemory(memory: ResourceSnapshot['memory']): { bytes: number; text: string } {
  const { freeBytes, constrainedBytes } = memory;
  if (constrainedBytes !== null && constrainedBytes < freeBytes) {
    return { bytes: constrainedBytes, text: `the ${formatBytes(constrainedBytes)} memory limit (process.constrainedMemory)` };
  }
  return { bytes: freeBytes, text: `${formatBytes(freeBytes)} free` };
}

/** Suggests a pool size: the smallest of the core count, what fits in memory, and the setting. */
export function suggestPoolSize(input: PoolSizeInput): PoolSizeSuggestion {
  const { resources, maxWorkers } = input;
  const reasoning: string[] = [];
  const cores = resources.cores;
  reasoning.push(`${plural(cores, 'usable core')} (os.availableParallelism)`);

  const measured = input.memoryPerWorkerBytes !== null && input.memoryPerWorkerBytes > 0;
  const perWorker = measured ? (input.memoryPerWorkerBytes as number) : assumedMemoryPerWorkerBytes;
  const available = availableMemory(resources.memory);
  const byMemory = Math.floor((available.bytes * (1 - memoryHeadroom)) / perWorker);
  const need = measured
    ? `one worker needed ${formatBytes(perWorker)} measured on a task`
    : `one worker is assumed to need ${formatBytes(perWorker)} (not measured: no task has run yet)`;
  const room = byMemory >= 1
    ? `keeps room for ${plural(byMemory, 'worker')} with ${memoryHeadroom * 100}% headroom`
    : `leaves no room for even one worker with ${memoryHeadroom * 100}% headroom, so 1 is the most to try`;
  reasoning.push(`${need}; ${available.text} ${room}`);

  if (maxWorkers > 0) reasoning.push(`the maxWorkers setting caps the pool at ${maxWorkers}`);

  // On a tie the more fundamental limit is named: cores before memory before the setting.
  const limits: Array<[PoolSizeSuggestion['limitedBy'], number]> = [
    ['cores', cores],
    ['memory', Math.max(1, byMemory)],
    ['setting', maxWorkers > 0 ? maxWorkers : Number.POSITIVE_INFINITY],
  ];
  let [limitedBy, poolSize] = limits[0] as [PoolSizeSuggestion['limitedBy'], number];
  for (const [name, size] of limits) {
    if (size < poolSize) [limitedBy, poolSize] = [name, size];
  }
  const label = limitedBy === 'setting' ? 'the maxWorkers setting' : limitedBy;
  reasoning.push(`pool size ${poolSize}, limited by ${label}`);
  return { poolSize, limitedBy, memoryPerWorkerBytes: perWorker, memoryMeasured: measured, reasoning };
}
