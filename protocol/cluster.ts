/**
 * A cluster run: the same function on BullMQ workers over Redis, measured beside the pools, and
 * what more machines would give. Declared apart from results.ts, which only embeds it.
 */
import { z } from 'zod';

/** Where a cluster run's tasks go: a Redis of its own with worker processes here, or a Redis the workers are attached to. */
export const ClusterSettings = z.object({
  /** 'local' starts redis-server and the worker processes for the run; a redis:// URL uses that Redis and its workers. */
  mode: z.union([z.literal('local'), z.string().regex(/^rediss?:\/\//, 'a redis:// URL')]),
  /** Worker processes a local cluster starts (each stands in for a machine). */
  processes: z.number().int().min(1).max(64).default(2),
  /** Worker threads per local worker process: the jobs it runs at once. */
  threadsPerProcess: z.number().int().min(1).max(64).default(1),
  /** BullMQ's lock on a job: a worker that dies holding one frees it this long after (tests shorten it). */
  lockMs: z.number().int().min(200).max(600_000).default(5000),
});
export type ClusterSettings = z.infer<typeof ClusterSettings>;

/** What more machines would give, from the cluster's per-job cost and the Amdahl fit of the pools. */
export const ClusterPrediction = z.object({
  machines: z.number().int().positive(),
  /** Threads in all: machines × threads per process. */
  workers: z.number().int().positive(),
  ms: z.number().nonnegative(),
  speedup: z.number().nonnegative(),
});
export type ClusterPrediction = z.infer<typeof ClusterPrediction>;

/** The cluster's figures; speedup is the serial median over this median, as for a pool. */
export const ClusterRun = z.object({
  mode: z.enum(['local', 'remote']),
  /** The Redis it ran on, without credentials. */
  redis: z.string(),
  processes: z.number().int().nonnegative(),
  threadsPerProcess: z.number().int().positive(),
  /** Inputs per job. */
  chunkSize: z.number().int().positive(),
  /** Jobs per trial. */
  jobs: z.number().int().nonnegative(),
  /** Median round trip of an empty job on warmed workers: add, take, run, complete, hear. */
  perJobMs: z.number().nonnegative().nullable(),
  trials: z.number().int().nonnegative(),
  samplesMs: z.array(z.number()),
  medianMs: z.number().nullable(),
  speedup: z.number().nullable(),
  /** speedup ÷ (processes × threadsPerProcess). */
  efficiency: z.number().nullable(),
  /** Every input compared with serial agreed (and at least one value was compared). */
  resultsMatch: z.boolean(),
  /** The first input that differed, previewed. */
  mismatch: z.object({ inputIndex: z.number().int().nonnegative(), serial: z.string(), parallel: z.string() }).nullable(),
  comparedInputs: z.number().int().nonnegative(),
  /** Jobs BullMQ delivered again after their worker stopped renewing the lock (died or stalled). */
  redeliveredJobs: z.number().int().nonnegative(),
  /** Why the cluster phase ended early, if it did; the trials it finished are kept. */
  stopped: z.string().nullable(),
  /** Predicted time and speedup on more machines; empty when the pools gave no Amdahl fit. */
  predicted: z.array(ClusterPrediction),
  /** How the prediction was made, or why there is none. */
  predictionNote: z.string(),
});
export type ClusterRun = z.infer<typeof ClusterRun>;
