/**
 * Which samples of a profile fall inside the profiled function: those with its frame on the
 * stack. Shared by the worker (to know when it has enough) and the model (to build the figures
 * from), so both count the same samples.
 */
import type { TargetFrame } from '../worker/messages';
import { type CallFrame, type CpuProfile, parentsOf } from './cpuProfile';

export type { TargetFrame };

/** Whether a call frame is the profiled function's. */
export function isTargetFrame(frame: CallFrame, target: TargetFrame): boolean {
  return frame.scriptId === target.scriptId && frame.lineNumber === target.lineNumber && frame.columnNumber === target.columnNumber;
}

/**
 * Root-level frames V8 files without a JavaScript stack that still belong to the code running.
 * Garbage collection runs when that code allocates, but V8 puts its samples under the root: a run
 * of them between two samples inside the function is the function's own cost, and counts inside
 * it. `(program)` is not one: between two samples of an async function it is the wait.
 */
const gapFrames = new Set(['(garbage collector)']);

/** What the samples inside the function are. */
export interface Inside {
  /** Per sample: the node whose stack it counts under, or -1 when outside the function. */
  under: Int32Array;
  /** Per sample counted under a node it was not taken in: the garbage collector's node it stands for; else -1. */
  gap: Int32Array;
  /** Nodes whose stack holds the profiled function. */
  nodes: Set<number>;
  /** Samples inside the function, gaps included. */
  count: number;
}

/** The nodes whose stack holds the target frame. */
function nodesInside(profile: CpuProfile, target: TargetFrame, parents: Map<number, number>): Set<number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inside = new Set<number>();
  const stack: Array<{ id: number; under: boolean }> = profile.nodes.filter((node) => !parents.has(node.id)).map((node) => ({ id: node.id, under: false }));
  while (stack.length > 0) {
    const { id, under } = stack.pop() as { id: number; under: boolean };
    const node = byId.get(id);
    if (node === undefined) continue;
    const now = under || isTargetFrame(node.callFrame, target);
    if (now) inside.add(id);
    for (const child of node.children ?? []) stack.push({ id: child, under: now });
  }
  return inside;
}

/** Classifies every sample of a profile: inside the target (and under which node), or not. */
export function samplesInside(profile: CpuProfile, target: TargetFrame): Inside {
  const parents = parentsOf(profile);
  const nodes = nodesInside(profile, target, parents);
  const gapNodes = new Set(profile.nodes.filter((node) => gapFrames.has(node.callFrame.functionName) && parents.has(node.id) && !parents.has(parents.get(node.id) as number)).map((node) => node.id));
  const n = profile.samples.length;
  const under = new Int32Array(n).fill(-1);
  const gap = new Int32Array(n).fill(-1);
  let count = 0;
  let lastInside = -1;
  let pending: number[] = [];
  for (let i = 0; i < n; i++) {
    const leaf = profile.samples[i] as number;
    if (gapNodes.has(leaf)) {
      pending.push(i);
      continue;
    }
    if (nodes.has(leaf)) {
      // A gap between two samples inside the function belongs to the one before it, where it began.
      if (lastInside >= 0) {
        for (const j of pending) {
          under[j] = lastInside;
          gap[j] = profile.samples[j] as number;
        }
        count += pending.length;
      }
      under[i] = leaf;
      count++;
      lastInside = leaf;
    } else {
      lastInside = -1;
    }
    pending = [];
  }
  return { under, gap, nodes, count };
}
