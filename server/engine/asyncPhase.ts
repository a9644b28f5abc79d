/**
 * The alternative to threads for a function that waits: every input on one worker, a bounded
 * number of calls in flight at once (what `Promise.all` over a concurrency limit does).
 */
import type { AsyncRun } from '../../protocol/results';
import { asyncConcurrencies } from './cpuBound';
import type { RunContext } from './runContext';
import { runTrial } from './runTrial';
import { type SerialMeasurement, type Stop, stopFor } from './serialPhase';
import { summarize } from './statistics';

/** The limits worth measuring for `itemCount` inputs: a limit above the count is the same as the count. */
export function concurrenciesFor(itemCount: number): number[] {
  const limits = asyncConcurrencies.map((limit) => Math.min(limit, Math.max(1, itemCount)));
  return [...new Set(limits)].filter((limit) => limit > 1);
}

/** Told when each limit starts and what it measured, for the live partials. */
export interface AsyncPhaseListener {
  starting(concurrency: number): void;
  measured(run: AsyncRun): void;
}

/** Times each concurrency limit on one worker; faults end the phase in `stop`, never throw. */
export async function measureAsync(ctx: RunContext, serial: SerialMeasurement, serialMedianMs: number, listener?: AsyncPhaseListener): Promise<{ runs: AsyncRun[]; stop?: Stop }> {
  const runs: AsyncRun[] = [];
  const pool = ctx.createPool(1);
  const plan = { pool, items: serial.items, chunks: [serial.active], lanes: 1, spread: ctx.spread };
  try {
    for (const concurrency of concurrenciesFor(serial.active.length)) {
      const label = `async, ${concurrency} at once`;
      listener?.starting(concurrency);
      ctx.step(`${label}, warm-up`);
      await runTrial({ ...plan, chunks: [serial.active.slice(0, concurrency)], concurrency });
      const samples: number[] = [];
      for (let trial = 1; trial <= ctx.settings.trials; trial++) {
        ctx.step(`${label}, trial ${trial} of ${ctx.settings.trials}`);
        samples.push((await runTrial({ ...plan, concurrency })).ms);
      }
      const stats = summarize(samples);
      const run: AsyncRun = { ...stats, concurrency, speedup: stats.medianMs > 0 ? serialMedianMs / stats.medianMs : 0 };
      runs.push(run);
      listener?.measured(run);
      ctx.hooks.log(`${label}: ${stats.medianMs.toFixed(1)} ms`);
    }
    return { runs };
  } catch (error) {
    return { runs, stop: stopFor(error) };
  } finally {
    await pool.destroy();
  }
}
