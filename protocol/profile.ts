/**
 * A function's CPU profile, built once in the server from V8's sampling profiler and mapped to
 * TypeScript; the editor decorations, the profile panel and the CLI only render it.
 */
import { z } from 'zod';
import { RunError } from './results';

/** Where a frame's code lives: the user's workspace, a package in node_modules, or the runtime. */
export const FrameKind = z.enum(['workspace', 'package', 'node', 'native']);
export type FrameKind = z.infer<typeof FrameKind>;

/** A source location: absolute file and 1-based line (the TypeScript line, through the source map). */
export const SourceLine = z.object({ file: z.string(), line: z.number().int().positive() });
export type SourceLine = z.infer<typeof SourceLine>;

/** Self time of one source line (from V8's positionTicks), over the whole profile. */
export const LineCost = SourceLine.extend({
  selfMs: z.number().nonnegative(),
  /** Share of the profiled function's total time, 0–1. */
  selfShare: z.number().min(0).max(1),
});
export type LineCost = z.infer<typeof LineCost>;

/** One function (all its frames merged), self and total time. */
export const FunctionCost = z.object({
  name: z.string(),
  /** Absent for native and runtime frames without a source file. */
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  kind: FrameKind,
  /** For `package` frames: the package's name (`marked`, `@scope/pkg`). */
  packageName: z.string().optional(),
  selfMs: z.number().nonnegative(),
  /** Time with the function on the stack, counted once per sample even when it recurses. */
  totalMs: z.number().nonnegative(),
  selfShare: z.number().min(0).max(1),
  totalShare: z.number().min(0).max(1),
});
export type FunctionCost = z.infer<typeof FunctionCost>;

/** A node of the call tree under the profiled function (top-down, merged by call path). */
export interface CallTreeNode {
  /** Index into `ProfileResult.functions`. */
  fn: number;
  selfMs: number;
  totalMs: number;
  children: CallTreeNode[];
}
export const CallTreeNode: z.ZodType<CallTreeNode> = z.lazy(() => z.object({
  fn: z.number().int().nonnegative(),
  selfMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
  children: z.array(CallTreeNode),
}));

/** The profile of one function over its inputs. */
export const ProfileResult = z.object({
  target: z.object({ file: z.string(), name: z.string(), line: z.number().int().positive() }),
  inputs: z.object({ expression: z.string(), count: z.number().int().nonnegative() }),
  /** Samples that fell inside the profiled function (its frame on the stack). */
  samples: z.number().int().nonnegative(),
  /** The sampling interval asked of V8, in µs (the real gaps drift; times come from timeDeltas). */
  intervalUs: z.number().positive(),
  /** Time inside the profiled function, from the samples' time deltas. */
  durationMs: z.number().nonnegative(),
  /** How many passes over the inputs the profile took to gather its samples. */
  passes: z.number().int().positive(),
  /** Fewer than 1,000 samples inside the function: shares are uncertain by more than about ±1.5 points. */
  lowConfidence: z.boolean(),
  /** Lines with self time, largest first. */
  lines: z.array(LineCost),
  /** Functions seen under the profiled one (itself included), largest total first. */
  functions: z.array(FunctionCost),
  /** Top-down tree rooted at the profiled function (its `fn` is the function itself). */
  tree: CallTreeNode,
  /** The link to the parallel decision, one sentence (e.g. "the loop at line 26 is 81 % of the work: …"). */
  summary: z.string(),
  /**
   * Inputs that failed while profiled (threw, hung, ran out of memory), at most 20; the profile
   * covers the others. Absent when none failed.
   */
  errors: z.array(RunError).optional(),
  startedAt: z.number(),
});
export type ProfileResult = z.infer<typeof ProfileResult>;
