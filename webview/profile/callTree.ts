/**
 * The two table views of a profile's call tree, derived from the tree the server built (never
 * from raw samples): top-down (a row's children are its callees) and bottom-up (a row's children
 * are its callers, each carrying the part of the function's time spent when called through it).
 * Pure: no DOM, so the unit tests can check the arithmetic.
 */
import type { NestedCallNode } from '../../protocol/profile';

/** One row of a tree table: a function, its self and total time on this path, and how to expand it. */
export interface TreeRow {
  /** Index into `ProfileResult.functions`. */
  fn: number;
  selfMs: number;
  totalMs: number;
  /** Whether `children()` can return rows (known without computing them). */
  readonly expandable: boolean;
  /** The rows under this one, computed on first call and kept. */
  children(): readonly TreeRow[];
}

/** The top-down rows: the tree as the server built it, rooted at the profiled function. */
export function topDownRows(tree: NestedCallNode): TreeRow[] {
  return [topDownRow(tree)];
}

function topDownRow(node: NestedCallNode): TreeRow {
  let rows: TreeRow[] | undefined;
  return {
    fn: node.fn,
    selfMs: node.selfMs,
    totalMs: node.totalMs,
    expandable: node.children.length > 0,
    children: () => (rows ??= node.children.map(topDownRow)),
  };
}

/**
 * One place a function appears in the top-down tree, seen from a bottom-up row: `caller` is the
 * frame reached so far when walking up from `node` (undefined once the root has been passed).
 */
interface Instance {
  node: NestedCallNode;
  caller: NestedCallNode | undefined;
  /** No frame of the same function anywhere above it in the tree. */
  outermost: boolean;
}

/**
 * The bottom-up rows: one per function seen under the profiled one, its self time summed over
 * every call path; expanding a row lists its callers. A caller row's self is the function's self
 * time through that caller chain; its total is the function's total time through it, a recursive
 * function's nested frames counted once (as `FunctionCost.totalMs` counts them).
 */
export function bottomUpRows(tree: NestedCallNode): TreeRow[] {
  const parents = new Map<NestedCallNode, NestedCallNode>();
  const byFn = new Map<number, Instance[]>();
  const onStack = new Map<number, number>();
  // Iterative walk: a deep recursive profile must not overflow the page's stack.
  const stack: { node: NestedCallNode; leaving: boolean }[] = [{ node: tree, leaving: false }];
  while (stack.length > 0) {
    const { node, leaving } = stack.pop() as { node: NestedCallNode; leaving: boolean };
    if (leaving) {
      onStack.set(node.fn, (onStack.get(node.fn) ?? 1) - 1);
      continue;
    }
    const instances = byFn.get(node.fn) ?? [];
    if (instances.length === 0) byFn.set(node.fn, instances);
    instances.push({ node, caller: parents.get(node), outermost: (onStack.get(node.fn) ?? 0) === 0 });
    onStack.set(node.fn, (onStack.get(node.fn) ?? 0) + 1);
    stack.push({ node, leaving: true });
    for (const child of node.children) {
      parents.set(child, node);
      stack.push({ node: child, leaving: false });
    }
  }
  return [...byFn.entries()].map(([fn, instances]) => bottomUpRow(fn, instances, parents));
}

function bottomUpRow(fn: number, instances: Instance[], parents: ReadonlyMap<NestedCallNode, NestedCallNode>): TreeRow {
  let selfMs = 0;
  let totalMs = 0;
  // A frame nested inside another frame of the same row is already inside that one's total.
  const members = new Set(instances.map((i) => i.node));
  for (const i of instances) {
    selfMs += i.node.selfMs;
    if (i.outermost || !hasAncestorIn(i.node, members, parents)) totalMs += i.node.totalMs;
  }
  let rows: TreeRow[] | undefined;
  return {
    fn,
    selfMs,
    totalMs,
    expandable: instances.some((i) => i.caller !== undefined),
    children: () => (rows ??= callerRows(instances, parents)),
  };
}

function hasAncestorIn(node: NestedCallNode, members: ReadonlySet<NestedCallNode>, parents: ReadonlyMap<NestedCallNode, NestedCallNode>): boolean {
  for (let up = parents.get(node); up; up = parents.get(up)) if (members.has(up)) return true;
  return false;
}

/** Groups a row's instances by the next caller up, one row per calling function. */
function callerRows(instances: readonly Instance[], parents: ReadonlyMap<NestedCallNode, NestedCallNode>): TreeRow[] {
  const groups = new Map<number, Instance[]>();
  for (const i of instances) {
    if (!i.caller) continue;
    const next: Instance = { node: i.node, caller: parents.get(i.caller), outermost: i.outermost };
    const group = groups.get(i.caller.fn);
    if (group) group.push(next);
    else groups.set(i.caller.fn, [next]);
  }
  return [...groups.entries()].map(([fn, group]) => bottomUpRow(fn, group, parents));
}

/** What a table is sorted by. */
export type SortKey = 'name' | 'self' | 'total';

/** How a table is sorted: the key and the direction (times sort largest first by default). */
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/** Sorts sibling rows; ties fall back to the larger total, then to the function's index, so the order is stable. */
export function sortRows(rows: readonly TreeRow[], order: SortOrder, nameOf: (fn: number) => string): TreeRow[] {
  const sign = order.descending ? -1 : 1;
  const primary = (a: TreeRow, b: TreeRow): number => {
    if (order.key === 'name') return nameOf(a.fn).localeCompare(nameOf(b.fn), 'en');
    return order.key === 'self' ? a.selfMs - b.selfMs : a.totalMs - b.totalMs;
  };
  return [...rows].sort((a, b) => sign * primary(a, b) || b.totalMs - a.totalMs || a.fn - b.fn);
}

/** Number of nodes in a tree (iterative, for profiles deeper than the page's stack). */
export function countNodes(tree: NestedCallNode): number {
  let count = 0;
  const stack = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    count++;
    stack.push(...node.children);
  }
  return count;
}
