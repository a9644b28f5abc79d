/**
 * One pool size: a fresh pool, a warm-up chunk per worker, then the timed trials. The run host's RSS
 * before its pool and after the warm-up gives what one worker really costs in memory.
 */
import type { DeliveryPoint, Mismatch, PoolTimeline } from '../../protocol/results';
import { buildTimeline } from '../profile/poolTimeline';
import { firstMismatch } from './compareOutcomes';
import { DeliveryTimeline } from './deliveryTimeline';
import type { RunContext } from './runContext';
import { type Outcomes, outcomeOf, runTrial } from './runTrial';
import { type SerialMeasurement, type Stop, stopFor } from './serialPhase';

/** What one pool size measured. */
export interface PoolMeasurement {
  workers: number;
  samplesMs: number[];
  /** Per timed trial: time until the first result was delivered. */
  firstResultMs: number[];
  /** RSS growth per worker once the pool was warmed; null when the warm-up did not finish. */
  rssPerWorkerBytes: number | null;
  /** First input whose result differs from the serial one, in the first trial. */
  mismatch: Mismatch | null;
  /** Serial values (throws left out) the first trial gave a result to compare with; null before it finished. */
  compared: number | null;
  /** Results delivered over time in the first trial. */
  delivery: DeliveryPoint[];
  /** Every worker's timeline over the first trial; null before it finished. */
  timeline: PoolTimeline | null;
  stop?: Stop;
}

/**
 * The serial values a pass gave outcomes for: what "the results match" rests on. Throws are left
 * out: an input that throws the same way on every thread shows nothing about the results.
 */
export function comparedValues(serial: Outcomes, parallel: Outcomes): number {
  let count = 0;
  for (let index = 0; index < serial.values.length; index++) {
    if (index in serial.values && !serial.thrown.has(index) && outcomeOf(parallel, index) !== undefined) count++;
  }
  return count;
}

/**
 * Times `workers` threads over the chunks; never throws for faults, which end up in `stop`. With
 * `sendAhead`, each lane's next chunk waits beside its worker (see sendAhead.ts).
 */
export async function measurePool(ctx: RunContext, serial: SerialMeasurement, workers: number, chunks: number[][], sendAhead = false): Promise<PoolMeasurement> {
  const measurement: PoolMeasurement = { workers, samplesMs: [], firstResultMs: [], rssPerWorkerBytes: null, mismatch: null, compared: null, delivery: [], timeline: null };
  const label = `${workers} worker${workers === 1 ? '' : 's'}`;
  const pool = ctx.createPool(workers, true);
  const plan = { pool, items: serial.items, lanes: workers, spread: ctx.spread, ordered: ctx.settings.ordered, sendAhead };
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  try {
    ctx.step(`${label}, warm-up`);
    // One chunk per worker, so each has loaded the bundle and compiled the function before timing.
    await runTrial({ ...plan, chunks: chunks.slice(0, workers) });
    const { baselineRssBytes, rssBytes } = pool.memory();
    if (baselineRssBytes !== null && rssBytes !== null) measurement.rssPerWorkerBytes = Math.max(0, (rssBytes - baselineRssBytes) / workers);
    const { trials } = ctx.settings;
    for (let trial = 1; trial <= trials; trial++) {
      ctx.step(`${label}, trial ${trial} of ${trials}`);
      let delivered = 0;
      // The curve is drawn from the first trial only; the later ones need not record it.
      const timeline = trial === 1 ? new DeliveryTimeline(total) : undefined;
      const onDelivered = (indices: readonly number[], outcomes: Outcomes, elapsedMs: number): void => {
        delivered += indices.length;
        timeline?.add(indices.length, elapsedMs);
        ctx.itemsDelivered(delivered, total);
        const { onItem } = ctx.hooks;
        if (onItem) for (const index of indices) onItem({ index, workers, trial, outcome: outcomeOf(outcomes, index) ?? { kind: 'value', value: undefined } });
      };
      // The first trial is stamped for the pool timeline too: four clock reads a chunk.
      const result = await runTrial({ ...plan, chunks, onDelivered, recordSpans: trial === 1 });
      if (timeline) measurement.delivery = timeline.curve();
      if (trial === 1) measurement.timeline = buildTimeline(result, workers);
      measurement.samplesMs.push(result.ms);
      if (result.firstResultMs !== null) measurement.firstResultMs.push(result.firstResultMs);
      if (trial === 1) {
        measurement.mismatch = firstMismatch(serial.outcomes, result, workers);
        measurement.compared = comparedValues(serial.outcomes, result);
      }
      for (const index of result.uncloneable) {
        // Cloned fine serially, not now: the function returns different kinds of values run to run.
        const why = result.uncloneableWhy.get(index) ?? 'could not be sent between threads: return plain data';
        ctx.addError({ code: 'NOT_CLONEABLE', inputIndex: index, message: `on ${label}, the result of input ${index} ${why}` });
      }
      ctx.hooks.log(`${label} trial ${trial}: ${result.ms.toFixed(1)} ms`);
    }
  } catch (error) {
    measurement.stop = stopFor(error);
  } finally {
    await pool.destroy();
    ctx.recycledWorkers += pool.recycled;
  }
  return measurement;
}
