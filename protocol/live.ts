/**
 * A benchmark as it goes: the phases it will run and what each has measured so far. The server
 * sends a RunPartial at every phase boundary (LSP `parallelize/runPartial`), the extension hands
 * it to the benchmark panel, which draws the bars and points as they arrive. Every figure in it
 * is the one the final BenchmarkResult will carry.
 */
import { z } from 'zod';
import { ClusterRun } from './cluster';
import { BenchmarkResult, PoolRun } from './results';

/** Longest phase list a partial carries: serial, messaging, up to 256 pool sizes' worth of doublings, the async limits. */
const maxPhases = 64;

/** One phase of a run, in the order the engine runs them. */
export const LivePhase = z.object({
  /** Stable within a run: `serial`, `messaging`, `workers-4`, `async-8`, `cluster`. */
  id: z.string().max(40),
  kind: z.enum(['serial', 'messaging', 'pool', 'async', 'cluster']),
  /** What the panel calls it: "serial", "messaging probe", "4 workers", "async, 8 at once", "cluster 2×1". */
  label: z.string().max(80),
  /** The pool size of a `pool` phase, the calls in flight of an `async` one, the threads in all of a `cluster` one (processes × threads; absent for a Redis URL's workers until counted). */
  size: z.number().int().positive().optional(),
  /** `stopped`: the run ended inside it (cancelled or a fault); `skipped`: the run ended before it. */
  state: z.enum(['pending', 'running', 'done', 'stopped', 'skipped']),
});
export type LivePhase = z.infer<typeof LivePhase>;

/**
 * A pool size as far as it got. The delivery curve is left out (it would make every partial up
 * to 200 points per size larger, and only the final result draws it).
 */
export const LivePoolRun = PoolRun.omit({ delivery: true });
export type LivePoolRun = z.infer<typeof LivePoolRun>;

/** What a run has measured so far: a subset of BenchmarkResult, with the phase plan. */
export const RunPartial = BenchmarkResult.pick({ function: true, asyncRuns: true }).extend({
  /** The request's runId. */
  runId: z.string().max(200),
  /** Inputs the run evaluated; null before the inputs expression was evaluated. */
  inputCount: z.number().int().nonnegative().nullable(),
  /** Null until the serial phase has timed a trial. */
  serial: BenchmarkResult.shape.serial.nullable(),
  runs: z.array(LivePoolRun).max(maxPhases),
  /** Inputs per message the pools run with; null before the messaging probe chose it. */
  chunkSize: z.number().int().positive().nullable(),
  /** Usable cores, for the speedup chart's ideal line. */
  cores: z.number().int().positive(),
  phases: z.array(LivePhase).max(maxPhases),
  /** The cluster phase's figures once it ended (without the prediction, which the result adds); absent before, or without a cluster. */
  cluster: ClusterRun.optional(),
});
export type RunPartial = z.infer<typeof RunPartial>;

/** The phase in progress and how far into it the run is, carried by RunProgress. */
export const PhaseProgress = z.object({
  /** A LivePhase id. */
  id: z.string().max(40),
  /** Fraction of this phase completed, 0–1. */
  fraction: z.number().min(0).max(1),
});
export type PhaseProgress = z.infer<typeof PhaseProgress>;

/** A run as the benchmark panel shows it while it goes on: the host merges the server's partials and progress into this. */
export const LiveView = z.object({
  runId: z.string().max(200),
  /** The function's name, for the heading before the first partial names it. */
  name: z.string().max(500),
  /** The latest partial; null while the function is bundled. */
  partial: RunPartial.nullable(),
  /** The step under way, as the progress notification shows it; null before the first. */
  progress: z.object({ message: z.string().max(500), fraction: z.number().min(0).max(1), phase: PhaseProgress.optional() }).nullable(),
  /** `cancelling`: the user asked to stop and the run is winding down; `failed`: it ended with `error` and no result. */
  state: z.enum(['running', 'cancelling', 'failed']),
  error: z.string().max(8 * 1024).optional(),
});
export type LiveView = z.infer<typeof LiveView>;
