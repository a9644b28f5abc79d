/** One pool size: a fresh pool, a warm-up chunk per worker, then the timed trials. */
import type { Mismatch } from '../../protocol/results';
import { firstMismatch } from './compareOutcomes';
import type { RunContext } from './runContext';
import { runTrial } from './runTrial';
import { type SerialMeasurement, type Stop, stopFor } from './serialPhase';

/** What one pool size measured. */
export interface PoolMeasurement {
  workers: number;
  samplesMs: number[];
  /** First input whose result differs from the serial one, in the first trial. */
  mismatch: Mismatch | null;
  stop?: Stop;
}

/** Times `workers` threads over the chunks; never throws for faults, which end up in `stop`. */
export async function measurePool(ctx: RunContext, serial: SerialMeasurement, workers: number, chunks: number[][]): Promise<PoolMeasurement> {
  const measurement: PoolMeasurement = { workers, samplesMs: [], mismatch: null };
  const label = `${workers} worker${workers === 1 ? '' : 's'}`;
  const pool = ctx.createPool(workers);
  const plan = { pool, items: serial.items, lanes: workers, spread: ctx.spread };
  try {
    ctx.step(`${label}, warm-up`);
    // One chunk per worker, so each has loaded the bundle and compiled the function before timing.
    await runTrial({ ...plan, chunks: chunks.slice(0, workers) });
    const { trials } = ctx.settings;
    for (let trial = 1; trial <= trials; trial++) {
      ctx.step(`${label}, trial ${trial} of ${trials}`);
      const result = await runTrial({ ...plan, chunks });
      measurement.samplesMs.push(result.ms);
      if (trial === 1) measurement.mismatch = firstMismatch(serial.outcomes, result.outcomes, workers);
      for (const index of result.uncloneable) {
        // Cloned fine serially, not now: the function returns different kinds of values run to run.
        ctx.addError({ code: 'NOT_CLONEABLE', inputIndex: index, message: `the result of input ${index} could not be sent between threads on ${label}: return plain data` });
      }
      ctx.hooks.log(`${label} trial ${trial}: ${result.ms.toFixed(1)} ms`);
    }
  } catch (error) {
    measurement.stop = stopFor(error);
  } finally {
    await pool.destroy();
  }
  return measurement;
}
