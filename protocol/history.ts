/**
 * Run history: the envelope each kept benchmark is saved in (one JSON file per run, which a user
 * can also export), and the comparison of two runs that the compare panel draws. Declared once as
 * zod schemas: the store validates every file it reads with them, the panel every message.
 */
import { z } from 'zod';
import { BenchmarkResult, FunctionRef } from './results';
import { RunSettings } from './settings';

/** Bumped when the envelope changes shape; files of another version are skipped with a log line. */
export const historyFormatVersion = 1;

/** The function's code as the run used it: what "what changed" diffs. */
export const FunctionSource = z.object({
  /** The text of the function's range in the document the run used. */
  text: z.string(),
  /** 1-based line its text starts on. */
  startLine: z.number().int().positive(),
});
export type FunctionSource = z.infer<typeof FunctionSource>;

/**
 * The cluster a run asked for (parallelize.cluster.*), as history keeps it: a Redis URL without its
 * password, never the key. What ran is the result's `cluster` section; this also covers a run that
 * ended before its cluster phase, and says which shape a local cluster was asked to have.
 */
export const StoredClusterSettings = z.object({
  mode: z.enum(['local', 'remote']),
  /** A remote cluster's Redis, credentials masked; null for a local one (its Redis lives for one run). */
  redis: z.string().nullable(),
  /** What a local cluster starts; a Redis URL's workers are counted when it runs (the result's section). */
  processes: z.number().int().positive(),
  threadsPerProcess: z.number().int().positive(),
});
export type StoredClusterSettings = z.infer<typeof StoredClusterSettings>;

/** One kept run: the result, and what the result does not record (the code, the settings sent). */
export const StoredRun = z.object({
  format: z.literal(historyFormatVersion),
  /** Unique per run, also its file name (without `.json`): sorts by time. */
  id: z.string().regex(/^[\w-]+$/),
  savedAt: z.number(),
  /** Null when the document was not open to read (a run started from the CLI's JSON, say). */
  source: FunctionSource.nullable(),
  settings: RunSettings,
  /** The cluster asked for: null when parallelize.cluster.mode was off; absent in runs kept before it was recorded. */
  cluster: StoredClusterSettings.nullable().optional(),
  result: BenchmarkResult,
});
export type StoredRun = z.infer<typeof StoredRun>;

/** How a run ended, for its icon and its short description. */
export const RunOutcome = z.enum(['speedup', 'serial', 'failed', 'cancelled']);
export type RunOutcome = z.infer<typeof RunOutcome>;

/** What the view shows of a run without reading its file again. */
export const RunSummary = z.object({
  id: z.string(),
  /** The function's key (`file#name`), which groups its runs. */
  functionKey: z.string(),
  function: FunctionRef,
  startedAt: z.number(),
  outcome: RunOutcome,
  /** `1.9× on 2 workers`, `keep serial`, `failed`, `cancelled`. */
  short: z.string(),
  verdict: z.string(),
  inputs: z.string(),
  inputCount: z.number().int().nonnegative(),
  serialMedianMs: z.number(),
  /** The run's cluster: a few words for the view's description (`cluster 2×1 1.8×`, `cluster 2×1 stopped`; null when none ran) and a sentence for its tooltip. Null without a cluster. */
  cluster: z.object({ brief: z.string().nullable(), sentence: z.string() }).nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** Median and min–max of one configuration in one run. */
export const ConfigTiming = z.object({
  medianMs: z.number(),
  minMs: z.number(),
  maxMs: z.number(),
  trials: z.number().int().nonnegative(),
});
export type ConfigTiming = z.infer<typeof ConfigTiming>;

/**
 * How a configuration's median moved: `faster` / `slower` when the min–max ranges are apart,
 * `noise` when they overlap (the change is within the trials' spread), `unknown` when a side had
 * one trial (no spread to judge by), `missing` when only one run measured it.
 */
export const DeltaMarker = z.enum(['faster', 'slower', 'noise', 'unknown', 'missing']);
export type DeltaMarker = z.infer<typeof DeltaMarker>;

/** One side of the cluster row: which cluster it was, and whether its figures can be trusted. */
export const ClusterSide = z.object({
  /** `cluster 2×1`, the benchmark panel's label. */
  label: z.string(),
  /** `2 processes × 1 thread on this machine`: processes × threads, and where. */
  shape: z.string(),
  /** Threads in all: where it sits on the speedup chart's pool-size axis (0 when no worker was counted). */
  workers: z.number().int().nonnegative(),
  /** Why its figures cannot be taken at face value, as the benchmark panel tags them; null when they can. */
  doubt: z.enum(['stopped', 'differs']).nullable(),
  /** Why it stopped, or the input that differed; null without a doubt. */
  doubtText: z.string().nullable(),
});
export type ClusterSide = z.infer<typeof ClusterSide>;

/** One row of the delta table: serial, one pool size, or the cluster. */
export const DeltaRow = z.object({
  /** `serial`, the pool size, or `cluster`. */
  config: z.union([z.literal('serial'), z.number().int().positive(), z.literal('cluster')]),
  before: ConfigTiming.nullable(),
  after: ConfigTiming.nullable(),
  /** (after − before) ÷ before, in percent; null when a side is missing. */
  changePercent: z.number().nullable(),
  /** Speedup against each run's own serial median (pools only). */
  speedupBefore: z.number().nullable(),
  speedupAfter: z.number().nullable(),
  marker: DeltaMarker,
  /** The cluster row's two sides (null: that run had no cluster phase); absent on every other row. */
  cluster: z.object({
    before: ClusterSide.nullable(),
    after: ClusterSide.nullable(),
    /** Processes × threads, or where, differ: the row compares two different clusters. */
    shapeChanged: z.boolean(),
    /** One sentence on what the row compares when it is not like with like, or why a side is missing; null otherwise. */
    note: z.string().nullable(),
  }).optional(),
});
export type DeltaRow = z.infer<typeof DeltaRow>;

/** One line of the code diff. */
export const DiffLine = z.object({
  kind: z.enum(['same', 'added', 'removed']),
  text: z.string(),
  /** 1-based line in the before (same, removed) and the after (same, added) text. */
  beforeLine: z.number().int().positive().nullable(),
  afterLine: z.number().int().positive().nullable(),
});
export type DiffLine = z.infer<typeof DiffLine>;

/** A setting, input or machine figure that differs (or, for the machine, is shown for context). */
export const ChangedValue = z.object({
  /** What it is: `trials`, `cores`, `free memory`. */
  name: z.string(),
  before: z.string(),
  after: z.string(),
  changed: z.boolean(),
});
export type ChangedValue = z.infer<typeof ChangedValue>;

/** The side of a comparison: which run, in a few words. */
export const ComparedRun = z.object({
  id: z.string(),
  startedAt: z.number(),
  verdict: z.string(),
  short: z.string(),
  outcome: RunOutcome,
});
export type ComparedRun = z.infer<typeof ComparedRun>;

/** Two runs of a function side by side, computed in the host; the compare panel only draws it. */
export const Comparison = z.object({
  function: FunctionRef,
  before: ComparedRun,
  after: ComparedRun,
  /** One sentence: what moved, and whether beyond the noise. */
  headline: z.string(),
  rows: z.array(DeltaRow),
  /** Not comparable figures (a failed or cancelled side): why the table says nothing. */
  caveat: z.string().nullable(),
  code: z.object({
    /** Null when a side did not record its code. */
    changed: z.boolean().nullable(),
    /** The lines with context; empty when unchanged or unknown. Cut to `maxDiffLines`. */
    lines: z.array(DiffLine),
    added: z.number().int().nonnegative(),
    removed: z.number().int().nonnegative(),
    /** Set when the diff was cut or could not be computed. */
    note: z.string().nullable(),
  }),
  inputs: z.array(ChangedValue),
  settings: z.array(ChangedValue),
  /** Where the cluster ran and its shape, before and after; empty when neither run asked for one. */
  cluster: z.array(ChangedValue),
  /** Cores, CPU and total memory (identity) and load and free memory (conditions): always listed. */
  machine: z.array(ChangedValue),
  /** True when code, inputs, settings, the cluster and the machine's identity are all the same. */
  nothingChanged: z.boolean(),
});
export type Comparison = z.infer<typeof Comparison>;

/** Most diff lines a comparison carries (the rest is summarised in `code.note`). */
export const maxDiffLines = 400;
