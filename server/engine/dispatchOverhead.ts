/**
 * What messaging a worker costs, measured on a warmed worker of this run's own bundle. An empty
 * message's round trip is a floor only: a thread that slept through a chunk's work wakes up
 * slower than one bouncing empty messages (on a virtual machine, hundreds of µs slower). So chunks
 * of real inputs of about 1 ms and 4 ms of work are timed too, and the time beyond their compute
 * is split by a straight line through the two into a cost per message and a cost per input
 * (cloning it and its result, validating the reply).
 */
import { performance } from 'node:perf_hooks';
import type { RunTask } from '../worker/messages';
import type { RunContext } from './runContext';
import { runTrial } from './runTrial';
import type { SerialMeasurement } from './serialPhase';

/** Timed empty round trips; the median resists a preempted one or two on a busy machine. */
const roundTrips = 20;

/** Work of the smaller probe chunk; the larger carries 4 times as many inputs. */
const probeWorkMs = 1;

/** Inputs heavier than this are probed one per chunk only: a cost per input is lost in their noise. */
const pairBelowMs = 1;

/** Inputs heavier than this are not probed: the probe would slow the run more than a message costs. */
const probeBelowMs = 20;

/** Timed rounds per probe size, of which the fastest is kept: load on a shared machine only ever adds time. */
const probeRounds = 5;

/** The measured costs of messaging. */
export interface DispatchOverhead {
  /** Cost of one message beyond the work it carries, in ms. */
  perMessageMs: number;
  /** Round trip of an empty message, in ms: the floor of perMessageMs. */
  emptyRoundTripMs: number;
  /** Messaging per input beyond its compute, in ms; null when not measured. */
  perItemMs: number | null;
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Measures on a fresh one-worker pool, destroyed before returning. Rejects with PoolFault or
 * Cancelled as any pool task does.
 */
export async function measureDispatchOverhead(ctx: RunContext, serial: SerialMeasurement): Promise<DispatchOverhead> {
  const pool = ctx.createPool(1);
  try {
    const empty: RunTask = { kind: 'run', items: [], spread: ctx.spread, slot: 0 };
    // The first messages load the bundle and warm up both ends; they are not timed.
    for (let i = 0; i < 5; i++) await pool.run(empty, 'an empty message');
    const samples: number[] = [];
    for (let i = 0; i < roundTrips; i++) {
      const start = performance.now();
      await pool.run(empty, 'an empty message');
      samples.push(performance.now() - start);
    }
    const emptyRoundTripMs = median(samples);
    const perItemMs = serial.perItemMs;
    const available = serial.active.length;
    if (!(perItemMs > 0 && perItemMs < probeBelowMs) || available === 0) {
      return { perMessageMs: emptyRoundTripMs, emptyRoundTripMs, perItemMs: null };
    }

    // Time beyond compute for a chunk of `count` inputs, median over the rounds.
    const overheads = new Map<number, number[]>();
    const probe = async (count: number): Promise<void> => {
      const trial = await runTrial({ pool, items: serial.items, chunks: [serial.active.slice(0, count)], lanes: 1, spread: ctx.spread });
      overheads.set(count, [...(overheads.get(count) ?? []), Math.max(0, trial.ms - trial.computeMs)]);
    };
    const small = perItemMs < pairBelowMs ? Math.max(1, Math.min(Math.ceil(probeWorkMs / perItemMs), Math.floor(available / 4))) : 1;
    const large = perItemMs < pairBelowMs ? Math.min(available, small * 4) : small;
    await probe(small); // untimed: the function's first calls on this worker are not yet compiled
    overheads.clear();
    for (let round = 0; round < probeRounds; round++) {
      await probe(small);
      if (large > small) await probe(large);
    }
    const fastest = (count: number): number => Math.min(...(overheads.get(count) ?? [0]));
    const smallMs = fastest(small);
    if (large === small) return { perMessageMs: Math.max(emptyRoundTripMs, smallMs), emptyRoundTripMs, perItemMs: null };
    const perInput = Math.max(0, (fastest(large) - smallMs) / (large - small));
    return { perMessageMs: Math.max(emptyRoundTripMs, smallMs - perInput * small), emptyRoundTripMs, perItemMs: perInput };
  } finally {
    await pool.destroy();
  }
}
