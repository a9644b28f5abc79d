/**
 * The profile model: V8's samples inside the profiled function turned into per-line self time,
 * per-function self and total time and a top-down call tree, all mapped to TypeScript. Pure:
 * it reads a recorded profile and a frame resolver, and is unit-tested on both.
 *
 * Times come from each sample's time delta, never from counts × interval. Only samples with the
 * profiled function on the stack count, and each counts once for every function on its stack,
 * however often that function recurses.
 */
import { flattenCallTree, type FunctionCost, type LineCost, type NestedCallNode, type ProfileResult } from '../../protocol/profile';
import type { RunError } from '../../protocol/results';
import { type CpuProfile, type ProfileNode, parentsOf, sampleDurations } from './cpuProfile';
import type { FrameResolver, FunctionInfo, ResolvedFrame } from './frames';
import { samplesInside, isTargetFrame, type TargetFrame } from './samplesInside';

/** Samples inside the function below which its shares are called uncertain (±1.3 points at 80 %, about √(p(1−p)/n)). */
export const confidentSamples = 1000;

/** What the model is built from, besides the profile. */
export interface ProfileFacts {
  target: ProfileResult['target'];
  inputs: ProfileResult['inputs'];
  intervalUs: number;
  passes: number;
  startedAt: number;
  errors?: RunError[];
}

/** A trie of call paths by function key: the call tree before it is numbered. */
interface PathNode {
  key: string;
  selfUs: number;
  totalUs: number;
  children: Map<string, PathNode>;
}

/** Totals per function and per line, and the tree, as samples are added. */
class Tally {
  readonly functions = new Map<string, { info: FunctionInfo; selfUs: number; totalUs: number }>();
  readonly lines = new Map<string, { file: string; line: number; selfUs: number }>();
  readonly root: PathNode;

  constructor(readonly target: ResolvedFrame) {
    this.root = { key: target.key, selfUs: 0, totalUs: 0, children: new Map() };
    this.fn(target);
  }

  /** Adds `us` spent with `path` on the stack (the root first, the function running last). */
  add(path: readonly ResolvedFrame[], us: number, line?: { file: string; line: number }): void {
    if (us <= 0) return;
    let node = this.root;
    node.totalUs += us;
    for (const frame of path.slice(1)) {
      let child = node.children.get(frame.key);
      if (child === undefined) {
        child = { key: frame.key, selfUs: 0, totalUs: 0, children: new Map() };
        node.children.set(frame.key, child);
      }
      child.totalUs += us;
      node = child;
    }
    node.selfUs += us;
    // Total once per function on the stack, however often it recurses.
    for (const key of new Set(path.map((frame) => frame.key))) (this.functions.get(key) ?? this.fn(path.find((frame) => frame.key === key) as ResolvedFrame)).totalUs += us;
    const running = path[path.length - 1] as ResolvedFrame;
    (this.functions.get(running.key) ?? this.fn(running)).selfUs += us;
    if (line !== undefined) {
      const key = `${line.file}:${line.line}`;
      const entry = this.lines.get(key) ?? { ...line, selfUs: 0 };
      entry.selfUs += us;
      this.lines.set(key, entry);
    }
  }

  private fn(frame: ResolvedFrame): { info: FunctionInfo; selfUs: number; totalUs: number } {
    const entry = { info: frame.info, selfUs: 0, totalUs: 0 };
    this.functions.set(frame.key, entry);
    return entry;
  }
}

/** The path of function frames from the outermost profiled call down to each node inside it. */
function pathsInside(profile: CpuProfile, inside: ReadonlySet<number>, resolver: FrameResolver): Map<number, ResolvedFrame[]> {
  const parents = parentsOf(profile);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const paths = new Map<number, ResolvedFrame[]>();
  const pathOf = (id: number): ResolvedFrame[] => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    // Walk up to the nearest node whose path is known, or to the outermost call of the function.
    const chain: number[] = [];
    let at: number | undefined = id;
    while (at !== undefined && !paths.has(at)) {
      chain.push(at);
      const parent = parents.get(at);
      at = parent !== undefined && inside.has(parent) ? parent : undefined;
    }
    let path = at === undefined ? [] : (paths.get(at) as ResolvedFrame[]);
    for (const node of chain.reverse()) {
      path = [...path, resolver.frame((byId.get(node) as ProfileNode).callFrame)];
      paths.set(node, path);
    }
    return path;
  };
  for (const id of inside) pathOf(id);
  return paths;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** Adds one node's own samples, split over its lines by positionTicks: a line of another function is that function's (inlined) time. */
function addSelf(tally: Tally, resolver: FrameResolver, node: ProfileNode, path: ResolvedFrame[], us: number): void {
  const ticks = node.positionTicks ?? [];
  const total = ticks.reduce((sum, tick) => sum + tick.ticks, 0);
  if (total === 0) {
    tally.add(path, us);
    return;
  }
  for (const tick of ticks) {
    const share = (us * tick.ticks) / total;
    const resolved = resolver.tick(node.callFrame, tick.line);
    tally.add(resolved.owner === undefined ? path : [...path, resolved.owner], share, resolved.line);
  }
}

function numberTree(node: PathNode, index: ReadonlyMap<string, number>): NestedCallNode {
  const children = [...node.children.values()].sort((a, b) => b.totalUs - a.totalUs);
  return { fn: index.get(node.key) ?? 0, selfMs: round3(node.selfUs / 1000), totalMs: round3(node.totalUs / 1000), children: children.map((child) => numberTree(child, index)) };
}

/** Builds the model of one profile; `summary` is left empty for profileSummary to write. */
export function buildProfile(profile: CpuProfile, target: TargetFrame, resolver: FrameResolver, facts: ProfileFacts): ProfileResult {
  const inside = samplesInside(profile, target);
  const durations = sampleDurations(profile);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const targetNode = profile.nodes.find((node) => isTargetFrame(node.callFrame, target));
  const targetFrame = targetNode === undefined
    ? { key: 'target', info: { name: facts.target.name, file: facts.target.file, line: facts.target.line, kind: 'workspace' as const } }
    : resolver.frame(targetNode.callFrame);
  const tally = new Tally(targetFrame);
  const paths = pathsInside(profile, inside.nodes, resolver);

  // Per node: its own time, and per gap node (garbage collection) the time filed under it.
  const selfUs = new Map<number, number>();
  const gapUs = new Map<number, Map<number, number>>();
  for (let i = 0; i < profile.samples.length; i++) {
    const under = inside.under[i] as number;
    if (under < 0) continue;
    const gap = inside.gap[i] as number;
    if (gap < 0) {
      selfUs.set(under, (selfUs.get(under) ?? 0) + (durations[i] as number));
    } else {
      const gaps = gapUs.get(under) ?? new Map<number, number>();
      gaps.set(gap, (gaps.get(gap) ?? 0) + (durations[i] as number));
      gapUs.set(under, gaps);
    }
  }
  for (const [id, us] of selfUs) addSelf(tally, resolver, byId.get(id) as ProfileNode, paths.get(id) ?? [targetFrame], us);
  for (const [id, gaps] of gapUs) {
    for (const [gap, us] of gaps) tally.add([...(paths.get(id) ?? [targetFrame]), resolver.frame((byId.get(gap) as ProfileNode).callFrame)], us);
  }

  const totalUs = tally.root.totalUs;
  const share = (us: number): number => (totalUs > 0 ? Math.min(1, us / totalUs) : 0);
  const ranked = [...tally.functions.entries()].sort(([, a], [, b]) => b.totalUs - a.totalUs || b.selfUs - a.selfUs);
  const index = new Map(ranked.map(([key], i) => [key, i]));
  const functions: FunctionCost[] = ranked.map(([, entry]) => ({
    ...entry.info,
    selfMs: round3(entry.selfUs / 1000),
    totalMs: round3(entry.totalUs / 1000),
    selfShare: share(entry.selfUs),
    totalShare: share(entry.totalUs),
  }));
  const lines: LineCost[] = [...tally.lines.values()]
    .filter((line) => line.selfUs > 0)
    .sort((a, b) => b.selfUs - a.selfUs)
    .map((line) => ({ file: line.file, line: line.line, selfMs: round3(line.selfUs / 1000), selfShare: share(line.selfUs) }));
  return {
    target: facts.target,
    inputs: facts.inputs,
    samples: inside.count,
    intervalUs: facts.intervalUs,
    durationMs: round3(totalUs / 1000),
    passes: facts.passes,
    lowConfidence: inside.count < confidentSamples,
    lines,
    functions,
    tree: flattenCallTree(numberTree(tally.root, index)),
    summary: '',
    ...(facts.errors === undefined || facts.errors.length === 0 ? {} : { errors: facts.errors }),
    startedAt: facts.startedAt,
  };
}
