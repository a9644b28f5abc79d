/**
 * What loading the function's module costs each worker. Work at a module's top level (test data
 * built there, tables, imports) runs again in every worker that loads it, before its first input.
 * The timed trials leave it out (their warm-up loads the module), so when it is large the result
 * says so apart: a pool pays it once per worker on top of the figures.
 */
import type { ModuleLoad } from '../../protocol/results';
import { formatBytes } from '../../protocol/formatBytes';
import { formatShortMs } from './chunkSize';

/** A load longer than this matters whatever the run's length: every worker start waits for it. */
export const loadMattersMs = 100;

/** A load longer than this share of the serial time matters: a pool pays it in every worker. */
export const loadMattersShare = 0.1;

/** A load shorter than this never matters: it is what loading any small bundle costs. */
export const loadFloorMs = 10;

/** Heap kept after loading above this matters: every worker holds its own copy. */
export const loadMattersBytes = 64 * 1024 * 1024;

/** The result's figure for a load measured in the first worker, with a sentence when it matters. */
export function describeModuleLoad(load: { ms: number; heapBytes: number } | null, serialMs: number): ModuleLoad | null {
  if (load === null) return null;
  const slow = load.ms > loadMattersMs || (load.ms > loadFloorMs && serialMs > 0 && load.ms > serialMs * loadMattersShare);
  const large = load.heapBytes > loadMattersBytes;
  if (!slow && !large) return { ...load, note: null };
  const costs = [slow ? formatShortMs(load.ms) : undefined, large ? formatBytes(load.heapBytes) : undefined].filter((c) => c !== undefined).join(' and ');
  const against = slow && serialMs > 0 ? ` (the serial run of every input takes ${formatShortMs(serialMs)})` : '';
  return {
    ...load,
    note: `Loading the module takes ${costs} in each worker${against}: work at its top level, such as test data, is redone in every worker before its first input, which the timed trials leave out — build it outside the function's module`,
  };
}
