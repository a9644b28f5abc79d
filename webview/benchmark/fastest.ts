/**
 * Which configuration the panel marks fastest: the pool with the lowest median only when it beat
 * the serial run, else the serial run itself; none when the run failed, whose timings time its
 * errors. A pool slower than serial is never starred "fastest".
 */
import type { BenchmarkResult } from '../../protocol/results';

/** 'serial', a pool size, or null when nothing is to be marked. */
export type Fastest = 'serial' | number | null;

/** The configuration to mark fastest in the table and the charts. */
export function fastestConfig(result: BenchmarkResult): Fastest {
  if (result.failure !== null || result.serial.trials === 0) return null;
  const best = result.runs.find((run) => run.workers === result.bestWorkers);
  if (best === undefined) return result.runs.length > 0 ? 'serial' : null;
  return best.medianMs < result.serial.medianMs ? best.workers : 'serial';
}
