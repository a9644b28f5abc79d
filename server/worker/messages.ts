/**
 * Messages between the run engine and its worker threads. Both sides type with these schemas and
 * the engine validates every reply: a worker runs user code, so what comes back is a boundary.
 */
import { z } from 'zod';

/** What each worker is started with (piscina `workerData`). */
export const WorkerData = z.object({
  /** Absolute path of the bundled user module, loaded once per worker. */
  bundlePath: z.string(),
  /**
   * One slot per concurrent task: the worker writes there a fresh number for each input it starts
   * and that input's position in the task, so the engine's watchdog can time out one input
   * without a message (and without a clock read per input in the worker).
   */
  watchdog: z.instanceof(SharedArrayBuffer),
});
export type WorkerData = z.infer<typeof WorkerData>;

/** Evaluate the inputs expression and send the list back. */
export const InputsTask = z.object({ kind: z.literal('inputs') });
export type InputsTask = z.infer<typeof InputsTask>;

/** Run the target on each item, in order. */
export const RunTask = z.object({
  kind: z.literal('run'),
  items: z.array(z.unknown()),
  /**
   * The items as one buffer (packedValues.ts; `items` is then empty), and the reply's values go back
   * the same way: a run host relays the bytes without reading them.
   */
  packedItems: z.instanceof(Uint8Array).optional(),
  /** Spread each item as the argument list (the function takes other than one parameter). */
  spread: z.boolean(),
  /** Watchdog slot this task writes to. */
  slot: z.number().int().nonnegative(),
  /** Test each result for structured-clone support (only when a reply already failed to send). */
  checkClone: z.boolean().optional(),
  /**
   * Look for class instances among the results, which clone turns into plain objects without
   * their methods (the serial phase's first pass only: the hot loop stays clean).
   */
  inspect: z.boolean().optional(),
  /** Run up to this many calls at once, awaiting each (the async alternative); absent runs them one by one. */
  concurrency: z.number().int().positive().optional(),
});
export type RunTask = z.infer<typeof RunTask>;

/**
 * Profile the target over the items with V8's sampling profiler, inside the worker: passes over
 * the items after a warm-up, until `minSamples` samples fell inside the target or `budgetMs` is spent.
 */
export const ProfileTask = z.object({
  kind: z.literal('profile'),
  items: z.array(z.unknown()),
  spread: z.boolean(),
  /** V8's sampling interval in µs, fixed before the profiler starts. */
  intervalUs: z.number().int().min(10).max(100_000),
  minSamples: z.number().int().positive(),
  budgetMs: z.number().positive(),
});
export type ProfileTask = z.infer<typeof ProfileTask>;

/** Any task the worker accepts. */
export const WorkerTask = z.discriminatedUnion('kind', [InputsTask, RunTask, ProfileTask]);
export type WorkerTask = z.infer<typeof WorkerTask>;

/** An input whose call threw, with the user's own message and stack. */
export const Thrown = z.object({
  /** Position within the task's items. */
  position: z.number().int().nonnegative(),
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
});
export type Thrown = z.infer<typeof Thrown>;

/**
 * Something user code printed (console.* or process.stdout/stderr.write), captured in the worker
 * so it never reaches the process's stdout, which may be the LSP stream or the CLI's --json.
 * `at` is the position of the item whose call printed it, or the phase that did: loading the
 * module, the inputs expression, the initializer, or code running outside any call (a timer).
 */
export const PrintedOutput = z.object({
  at: z.union([z.number().int().nonnegative(), z.enum(['load', 'inputs', 'initializer', 'outside'])]),
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
});
export type PrintedOutput = z.infer<typeof PrintedOutput>;

/** What a task printed, in order; absent when it printed nothing. */
const printed = z.array(PrintedOutput).optional();

/** Reply to an inputs task. */
export const InputsReply = z.object({
  kind: z.literal('inputs'),
  // Only the array itself is checked: visiting every element of a huge (or huge sparse) array
  // would hold the engine's thread for seconds, as RunReply's values would.
  items: z.custom<unknown[]>((value) => Array.isArray(value), 'an array of inputs'),
  memoryBytes: z.number().nonnegative(),
  /** Milliseconds this worker took to load the module (its top-level work included), once per worker. */
  loadMs: z.number().nonnegative().optional(),
  /** Heap (V8 heap and external memory) the module held once loaded. */
  loadHeapBytes: z.number().nonnegative().optional(),
  output: printed,
});
export type InputsReply = z.infer<typeof InputsReply>;

/** Reply to a run task: values in item order (undefined where the call threw). */
export const RunReply = z.object({
  kind: z.literal('run'),
  // Each value is the user's own and may be anything, so only the array itself can be checked:
  // z.array(z.unknown()) would visit every element for nothing (30 ns an input, on the engine's thread).
  values: z.custom<unknown[]>((value) => Array.isArray(value), 'an array of values'),
  /** The values as one buffer (`values` is then empty), for a task whose items came packed; unpacked on arrival. */
  packedValues: z.instanceof(Uint8Array).optional(),
  /** Milliseconds spent calling the function over all items, measured in the worker with performance.now(). */
  computeMs: z.number().nonnegative(),
  /** CPU (or event-loop active) milliseconds of the whole task; 0 when its items ran concurrently. */
  cpuMs: z.number(),
  /** Which clock cpuMs comes from. */
  cpuMethod: z.enum(['threadCpuUsage', 'eventLoopUtilization']),
  /** The worker that ran the task, so tests and the engine can tell workers apart. */
  threadId: z.number().int(),
  thrown: z.array(Thrown),
  /**
   * Results that cannot arrive as they are (their value is sent as undefined): with checkClone,
   * those clone refuses; with inspect, class instances. `reason` follows "the result of input 3".
   */
  uncloneable: z.array(z.object({ position: z.number().int().nonnegative(), reason: z.string() })),
  /** The worker's heap, external and malloced memory after the task. */
  memoryBytes: z.number().nonnegative(),
  output: printed,
  /**
   * When the worker took the task up and when its reply was ready, in ms on the clock every thread
   * and process shares (performance.timeOrigin + performance.now()): the pool timeline's bars.
   */
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
});
export type RunReply = z.infer<typeof RunReply>;

/** Where a profile node's function is: 0-based line and column in its script (-1 for native frames). */
export const CallFrame = z.object({
  functionName: z.string(),
  scriptId: z.string(),
  url: z.string(),
  lineNumber: z.number().int(),
  columnNumber: z.number().int(),
});
export type CallFrame = z.infer<typeof CallFrame>;

/** One node of V8's call tree: a function reached by one call path. */
export const ProfileNode = z.object({
  id: z.number().int(),
  callFrame: CallFrame,
  hitCount: z.number().int().optional(),
  children: z.array(z.number().int()).optional(),
  /** Samples taken while this node was the leaf, per 1-based line of its script. */
  positionTicks: z.array(z.object({ line: z.number().int(), ticks: z.number().int() })).optional(),
  deoptReason: z.string().optional(),
});
export type ProfileNode = z.infer<typeof ProfileNode>;

/** V8's CPU profile, as `Profiler.stop` gives it and a `.cpuprofile` file holds it; times in µs on V8's monotonic clock. */
export const CpuProfile = z.object({
  nodes: z.array(ProfileNode),
  startTime: z.number(),
  endTime: z.number(),
  /** The leaf node id of each sample. */
  samples: z.array(z.number().int()),
  /** µs from the previous sample (the first from startTime). */
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof CpuProfile>;

/**
 * The profiled function's frame: its script and V8's start position, as the inspector's
 * `[[FunctionLocation]]` gives it. A name would not do: esbuild renames clashing functions, and
 * an arrow function's name is only inferred.
 */
export const TargetFrame = z.object({
  scriptId: z.string(),
  lineNumber: z.number().int(),
  columnNumber: z.number().int(),
});
export type TargetFrame = z.infer<typeof TargetFrame>;

/** Reply to a profile task: the profile of the warmed passes and how it was taken. */
export const ProfileReply = z.object({
  kind: z.literal('profile'),
  profile: CpuProfile,
  target: TargetFrame,
  intervalUs: z.number().positive(),
  /** Passes over the items the profile covers (the last one may be partial). */
  passes: z.number().int().positive(),
  /** Calls made (the warm-up's included), and how many of them returned rather than threw. */
  calls: z.number().int().nonnegative(),
  returned: z.number().int().nonnegative(),
  /** Samples the worker counted inside the target (the engine counts them again from the profile). */
  samplesInside: z.number().int().nonnegative(),
  /** The first throw of each item that threw, by position in the items. */
  thrown: z.array(Thrown),
  output: printed,
});
export type ProfileReply = z.infer<typeof ProfileReply>;

/** A task that could not start: the module, the target or the inputs expression failed. */
export const FailedReply = z.object({
  kind: z.literal('failed'),
  code: z.enum(['INPUTS_FAILED', 'INPUTS_NOT_ARRAY', 'INPUTS_EMPTY', 'NOT_A_FUNCTION', 'FUNCTION_NOT_FOUND', 'TASK_THREW', 'INITIALIZER_FAILED', 'INPUTS_TOO_MANY']),
  message: z.string(),
  stack: z.string().optional(),
  output: printed,
});
export type FailedReply = z.infer<typeof FailedReply>;

/** Any reply a worker sends. */
export const WorkerReply = z.discriminatedUnion('kind', [InputsReply, RunReply, ProfileReply, FailedReply]);
export type WorkerReply = z.infer<typeof WorkerReply>;
