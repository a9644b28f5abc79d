/**
 * The data every side shares: resources, the pool-size suggestion and benchmark results.
 * Declared once as zod schemas so that each boundary (LSP, worker threads, webviews, CLI JSON)
 * validates with the same definition it types with.
 */
import { z } from 'zod';
import { ClusterRun } from './cluster';

/** Stable error codes: tests and users match on these, never on message text. */
export const ErrorCode = z.enum([
  'NOT_A_FUNCTION',
  'UNSUPPORTED_FUNCTION',
  'SYNTAX_ERROR',
  'FUNCTION_NOT_FOUND',
  'FILE_NOT_FOUND',
  'BUNDLE_FAILED',
  'INPUTS_FAILED',
  'INPUTS_NOT_ARRAY',
  'INPUTS_EMPTY',
  'TASK_THREW',
  'INITIALIZER_FAILED',
  'TASK_TIMEOUT',
  'OUT_OF_MEMORY',
  'NOT_CLONEABLE',
  'WORKER_EXITED',
  'CANCELLED',
  'BUSY',
  'UNTRUSTED',
  'SERVER_STOPPED',
  'INTERNAL',
  'INPUTS_TOO_MANY',
  'CLUSTER_UNAVAILABLE',
  'BUNDLE_REFUSED',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** A failure that reaches the user: a stable code, an actionable message, and where it happened. */
export const RunError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Index into the input list when one input caused it. */
  inputIndex: z.number().int().nonnegative().optional(),
  /** The user's stack, mapped to TypeScript lines by source maps. */
  stack: z.string().optional(),
});
export type RunError = z.infer<typeof RunError>;

/** Replies that can fail carry the failure instead of dropping it. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: RunError };

/** Machine resources at one instant. `cores` is what a pool may use (container limits included). */
export const ResourceSnapshot = z.object({
  takenAt: z.number(),
  cpuBrand: z.string(),
  /** The usable core count: os.availableParallelism() (affinity), capped by a CPU quota rounded up. */
  cores: z.number().int().positive(),
  /** A container's CPU quota when one is set (cgroup v2 cpu.max or v1 cfs quota), with what it capped. */
  cpuQuota: z.object({
    /** quota ÷ period, e.g. 1.5. */
    cores: z.number().positive(),
    /** The file and its figures, e.g. `cgroup v2 cpu.max "150000 100000"`. */
    source: z.string(),
    /** os.availableParallelism() before the quota. */
    availableParallelism: z.number().int().positive(),
  }).nullable().optional(),
  logicalCores: z.number().int().positive(),
  physicalCores: z.number().int().positive(),
  /** Whole-machine CPU load, 0–100. */
  loadPercent: z.number(),
  /** Load per logical core, 0–100. */
  perCoreLoad: z.array(z.number()),
  memory: z.object({
    totalBytes: z.number().nonnegative(),
    /** Memory available to new work (free plus reclaimable cache). */
    freeBytes: z.number().nonnegative(),
    /** process.constrainedMemory() when a cgroup or similar limit is set, else null. */
    constrainedBytes: z.number().nonnegative().nullable(),
  }),
});
export type ResourceSnapshot = z.infer<typeof ResourceSnapshot>;

/** A pool size with the reasons for it, so the user can check the arithmetic. */
export const PoolSizeSuggestion = z.object({
  poolSize: z.number().int().positive(),
  limitedBy: z.enum(['cores', 'memory', 'setting', 'speedup']),
  /** Memory one worker needs: measured on a task when `memoryMeasured`, else a stated assumption. */
  memoryPerWorkerBytes: z.number().nonnegative(),
  memoryMeasured: z.boolean(),
  /** One sentence per step of the reasoning, in order. */
  reasoning: z.array(z.string()),
  /** The worker's own heap (V8 heap, external and malloced memory) after a task, when measured. */
  heapPerWorkerBytes: z.number().nonnegative().nullable().default(null),
  /** Process RSS growth per worker over a warmed pool (RSS after − before, ÷ workers), when measured. */
  rssPerWorkerBytes: z.number().nonnegative().nullable().default(null),
  /**
   * True when no pool beat serial by the worthwhile margin (1.1×), or nothing was measured: no
   * pool is suggested then (poolSize is 1, limitedBy 'speedup', the last reasoning line says why).
   */
  keepSerial: z.boolean().default(false),
});
export type PoolSizeSuggestion = z.infer<typeof PoolSizeSuggestion>;

/** What the resource panel and status bar show. */
export const ResourceReport = z.object({
  resources: ResourceSnapshot,
  suggestion: PoolSizeSuggestion,
});
export type ResourceReport = z.infer<typeof ResourceReport>;

/** Summary of repeated timings of the same work. */
export const TimingStats = z.object({
  trials: z.number().int().nonnegative(),
  medianMs: z.number(),
  minMs: z.number(),
  maxMs: z.number(),
  q1Ms: z.number(),
  q3Ms: z.number(),
  samplesMs: z.array(z.number()),
});
export type TimingStats = z.infer<typeof TimingStats>;

/** How many inputs a pass had delivered `ms` after it began. */
export const DeliveryPoint = z.object({ ms: z.number().nonnegative(), items: z.number().int().nonnegative() });
export type DeliveryPoint = z.infer<typeof DeliveryPoint>;

/** One pool size's figures. Speedup is serial median over this median. */
export const PoolRun = TimingStats.extend({
  workers: z.number().int().positive(),
  speedup: z.number(),
  /** speedup / workers: 1 is perfect scaling. */
  efficiency: z.number(),
  /**
   * Median time from the start of a trial until its first result was delivered: the first result
   * to land when unordered, the result of input 0's task when ordered.
   */
  firstResultMs: z.number().nonnegative().nullable().default(null),
  /** Results delivered over time in the first timed trial (at most 100 points, the last one at every input). */
  delivery: z.array(DeliveryPoint).max(200).default([]),
});
export type PoolRun = z.infer<typeof PoolRun>;

/** Amdahl's law fitted to the measured speedups, and what it predicts beyond this machine. */
export const AmdahlFit = z.object({
  /** s in speedup(n) = 1 / (s + (1 − s) / n), 0–1, by least squares over the pool runs. */
  serialFraction: z.number().min(0).max(1),
  /** Root-mean-square distance between the fitted and the measured speedups. */
  rmsError: z.number().nonnegative(),
  /**
   * Predicted speedup at core counts above this machine's (4, 8, 16, 32, 64), with the range the
   * trials' spread allows (null in results saved before it was reported). Only the counts whose
   * range stays within a factor of 2, and none when `reliable` is false.
   */
  predicted: z.array(z.object({
    workers: z.number().int().positive(),
    speedup: z.number(),
    low: z.number().nullable().default(null),
    high: z.number().nullable().default(null),
  })),
  /** s fitted to the least and the most favourable trials (serial min ÷ pool max, serial max ÷ pool min). */
  serialFractionRange: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).nullable().default(null),
  /** False when the prediction means nothing (one trial, noisy timings, or a range too wide): `predicted` is then empty. */
  reliable: z.boolean().default(true),
  /** Why the prediction is left out or cut short, e.g. "the trials' spread, not the function, decides it". */
  caveat: z.string().nullable().default(null),
});
export type AmdahlFit = z.infer<typeof AmdahlFit>;

/** Whether the function computes or waits, from CPU time against wall time inside the worker. */
export const CpuBound = z.object({
  verdict: z.enum(['cpu', 'io', 'mixed']),
  /** CPU time ÷ wall time over the serial trials' inputs, 0–1. */
  cpuShare: z.number().min(0).max(1),
  /** The thread's CPU clock (Node ≥ 23.9) or the worker's event-loop utilization (active vs idle). */
  method: z.enum(['threadCpuUsage', 'eventLoopUtilization']),
  /** One sentence the user can act on. */
  advice: z.string(),
});
export type CpuBound = z.infer<typeof CpuBound>;

/** The async alternative: every input on one worker, `concurrency` calls in flight (Promise.all with a limit). */
export const AsyncRun = TimingStats.extend({
  concurrency: z.number().int().positive(),
  /** Serial median over this median. */
  speedup: z.number(),
});
export type AsyncRun = z.infer<typeof AsyncRun>;

/** What loading the function's module cost one worker, before its first input: top-level work is redone in every worker. */
export const ModuleLoad = z.object({
  /** Wall time of loading the bundled module in a fresh worker. */
  ms: z.number().nonnegative(),
  /** Heap (V8 heap and external memory) the module still held after loading. */
  heapBytes: z.number().nonnegative(),
  /** Set when the load is large enough to change the answer (against the serial time, or in memory): one sentence. */
  note: z.string().nullable(),
});
export type ModuleLoad = z.infer<typeof ModuleLoad>;

/** The function a run measured. */
export const FunctionRef = z.object({
  file: z.string(),
  name: z.string(),
  /** 1-based line of the declaration. */
  line: z.number().int().positive(),
});
export type FunctionRef = z.infer<typeof FunctionRef>;

/** First input whose parallel result differs from the serial one. */
export const Mismatch = z.object({
  inputIndex: z.number().int().nonnegative(),
  serial: z.string(),
  parallel: z.string(),
  workers: z.number().int().positive(),
});
export type Mismatch = z.infer<typeof Mismatch>;

/** How the chunk size was chosen, from what measurements, and the speedup messaging allows at best. */
export const Chunking = z.object({
  chunkSize: z.number().int().positive(),
  /** 'measured': chosen from the timings below; 'setting': parallelize.chunkSize. */
  source: z.enum(['measured', 'setting']),
  /** Serial compute time per input. */
  perItemMs: z.number().nonnegative(),
  /** Inputs the pools run. */
  itemCount: z.number().int().nonnegative(),
  /** Median round trip of one empty message on a warmed worker; null when not measured. */
  dispatchOverheadMs: z.number().nonnegative().nullable(),
  /** Messaging per input beyond its compute (cloning it and its result); null when not measured. */
  perItemOverheadMs: z.number().nonnegative().nullable(),
  /** Largest pool size the choice was made for. */
  workers: z.number().int().positive(),
  /** Speedup that pool could reach at best (one message per worker, work split evenly); null when not measured. */
  ceilingSpeedup: z.number().nonnegative().nullable(),
  /** The choice in words, e.g. "3.1 µs per input, ~40 µs per message → 256 inputs per message …". */
  reason: z.string(),
});
export type Chunking = z.infer<typeof Chunking>;

/**
 * One bar of the pool timeline: a chunk on one worker (or, in a timeline of very many chunks,
 * several consecutive chunks of that worker drawn as one). Times are ms since the trial began, on
 * the engine's clock, which the worker's is aligned with.
 */
export const TimelineBar = z.object({
  /** The first input of the bar's first chunk, the last of its last, and how many inputs it carried. */
  firstInput: z.number().int().nonnegative(),
  lastInput: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  /** Chunks the bar stands for: 1 unless consecutive chunks were merged to keep the result small. */
  chunks: z.number().int().positive().default(1),
  /** The engine sent the task. */
  sentMs: z.number(),
  /** The worker started it. */
  startMs: z.number(),
  /** The worker finished it (its reply was ready to send). */
  endMs: z.number(),
  /** The engine received the reply. */
  receivedMs: z.number(),
});
export type TimelineBar = z.infer<typeof TimelineBar>;

/** A worker's share of the trial's wall time: computing (start → end of its chunks), messaging (sent → started, finished → received) and idle (the rest). */
export const TimeShares = z.object({
  compute: z.number().min(0).max(1),
  messaging: z.number().min(0).max(1),
  idle: z.number().min(0).max(1),
});
export type TimeShares = z.infer<typeof TimeShares>;

/** One row of the pool timeline: a worker thread and its chunks in order. */
export const TimelineRow = TimeShares.extend({
  /** 1-based, in the order the workers started their first chunk. */
  worker: z.number().int().positive(),
  /** The thread's id in its run host. */
  threadId: z.number().int(),
  /** Inputs and chunks this worker ran. */
  items: z.number().int().nonnegative(),
  chunkCount: z.number().int().nonnegative(),
  bars: z.array(TimelineBar),
});
export type TimelineRow = z.infer<typeof TimelineRow>;

/**
 * Every worker's timeline over one trial of a pool size (its first timed trial): where its time
 * went, load imbalance and a slow last chunk at a glance.
 */
export const PoolTimeline = TimeShares.extend({
  /** The pool size. */
  workers: z.number().int().positive(),
  /** Which timed trial, 1-based. */
  trial: z.number().int().positive(),
  /** The trial's wall time, from the first task sent to the last reply received. */
  wallMs: z.number().nonnegative(),
  rows: z.array(TimelineRow),
  /**
   * The chunk whose reply arrived last, and for how long at the end its worker was the only one
   * still busy (`aloneMs`, 0 on one worker): the cost of load imbalance. Null with no chunk.
   */
  lastChunk: z.object({
    worker: z.number().int().positive(),
    firstInput: z.number().int().nonnegative(),
    lastInput: z.number().int().nonnegative(),
    items: z.number().int().nonnegative(),
    computeMs: z.number().nonnegative(),
    aloneMs: z.number().nonnegative(),
  }).nullable(),
  /**
   * The largest shift given to a worker's stamps so that none of its tasks starts before it was
   * sent or finishes after its reply arrived; 0 when the clocks already agreed (they agree within
   * about 0.05 ms across the run host's threads and the engine's process).
   */
  clockCorrectionMs: z.number().nonnegative().default(0),
});
export type PoolTimeline = z.infer<typeof PoolTimeline>;

/** Everything a benchmark measured; the CLI's --json prints exactly this. */
export const BenchmarkResult = z.object({
  function: FunctionRef,
  inputs: z.object({ expression: z.string(), count: z.number().int().nonnegative() }),
  resources: ResourceSnapshot,
  suggestion: PoolSizeSuggestion,
  /** Items per message sent to a worker. */
  chunkSize: z.number().int().positive(),
  /** Why that chunk size; absent in results saved before it was reported. */
  chunking: Chunking.optional(),
  /**
   * The serial baseline: what the user pays today, the function's own time over the inputs in one
   * thread (timed inside the worker, so without moving the inputs and results to it).
   */
  serial: TimingStats.extend({
    perItemMs: z.number(),
    /** Median of what each serial trial's round trip to its worker added (cloning every input and result once); null when not measured. */
    transferMs: z.number().nonnegative().nullable().default(null),
  }),
  runs: z.array(PoolRun),
  /** Pool size with the lowest median time; null when none ran or the figures cannot be used (`failure`). */
  bestWorkers: z.number().int().positive().nullable(),
  /** At least one value was compared with a pool's (`comparedInputs` > 0), every one agreed, and the run did not fail (`failure`). */
  resultsMatch: z.boolean(),
  mismatch: Mismatch.nullable(),
  /** Inputs whose serial value was compared with every pool's (throws left out: an error agreeing with an error proves nothing); null in results saved before it was counted. */
  comparedInputs: z.number().int().nonnegative().nullable().default(null),
  /** The errors, at most 20 of each code: `errorCounts` has the true counts. */
  errors: z.array(RunError),
  /** How many errors of each code the run had, all of them counted. */
  errorCounts: z.partialRecord(ErrorCode, z.number().int().nonnegative()).default({}),
  /** Distinct inputs that threw, hung, ran out of memory, exited their worker or gave a result that could not be sent back. */
  failedInputs: z.number().int().nonnegative().default(0),
  /**
   * Why the figures cannot be used, if so: nothing could be measured (no serial trial, no pool
   * size, or every input failed), or most inputs failed (fix the inputs). Null for a cancelled run.
   */
  failure: z.enum(['nothing-measured', 'inputs-failed']).nullable().default(null),
  cancelled: z.boolean(),
  startedAt: z.number(),
  durationMs: z.number(),
  /** Short human summary, e.g. "1.9× faster on 2 workers". */
  verdict: z.string(),
  /** Results delivered in input order (Pool.map) or as they landed (imap_unordered). */
  ordered: z.boolean().default(true),
  /** Null with fewer than one pool run above 1 worker. */
  amdahl: AmdahlFit.nullable().default(null),
  /** Null when no serial trial ran. */
  cpuBound: CpuBound.nullable().default(null),
  /** Measured only when the function is not CPU-bound; empty otherwise. */
  asyncRuns: z.array(AsyncRun).default([]),
  /** Workers replaced after parallelize.recycleAfterTasks tasks, over the whole run. */
  recycledWorkers: z.number().int().nonnegative().default(0),
  /** Loading the module in one worker; null when not measured. */
  moduleLoad: ModuleLoad.nullable().default(null),
  /** Every worker's timeline over the first trial of the fastest pool size; null when none finished (or in results saved before it was recorded). */
  timeline: PoolTimeline.nullable().default(null),
  /** The same inputs on BullMQ workers over Redis, when the run asked for a cluster; null otherwise. */
  cluster: ClusterRun.nullable().default(null),
});
export type BenchmarkResult = z.infer<typeof BenchmarkResult>;
