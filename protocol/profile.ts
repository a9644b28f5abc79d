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

/**
 * A node of the call tree under the profiled function (top-down, merged by call path). The tree
 * travels flat, nodes in depth-first order with their parent's index: a recursive function's tree
 * is as deep as its recursion, deeper than a nested schema or a bounded message can follow.
 */
export const CallTreeNode = z.object({
  /** Index into `ProfileResult.functions`. */
  fn: z.number().int().nonnegative(),
  /** Index of the parent node in `ProfileResult.tree`; -1 for the root (the profiled function). */
  parent: z.number().int().min(-1),
  selfMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
});
export type CallTreeNode = z.infer<typeof CallTreeNode>;

/** A call-tree node with its children, as the builder and the views work with it. */
export interface NestedCallNode {
  fn: number;
  selfMs: number;
  totalMs: number;
  children: NestedCallNode[];
}

/** The flat form of a nested tree, depth first, without recursion. */
export function flattenCallTree(root: NestedCallNode): CallTreeNode[] {
  const flat: CallTreeNode[] = [];
  const stack: Array<{ node: NestedCallNode; parent: number }> = [{ node: root, parent: -1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const index = flat.length;
    flat.push({ fn: next.node.fn, parent: next.parent, selfMs: next.node.selfMs, totalMs: next.node.totalMs });
    // Pushed in reverse so the first child comes out first.
    for (let i = next.node.children.length - 1; i >= 0; i--) stack.push({ node: next.node.children[i] as NestedCallNode, parent: index });
  }
  return flat;
}

/** The nested form of a flat tree; undefined when it is not a tree (no root first, or a parent after its child). */
export function nestCallTree(flat: readonly CallTreeNode[]): NestedCallNode | undefined {
  const nodes: NestedCallNode[] = [];
  for (const [index, node] of flat.entries()) {
    if ((index === 0) !== (node.parent === -1) || node.parent >= index) return undefined;
    const nested: NestedCallNode = { fn: node.fn, selfMs: node.selfMs, totalMs: node.totalMs, children: [] };
    nodes.push(nested);
    if (node.parent >= 0) nodes[node.parent]?.children.push(nested);
  }
  return nodes[0];
}

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
  /** Top-down call tree, flat and depth first; node 0 is the profiled function itself. */
  tree: z.array(CallTreeNode).min(1),
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
