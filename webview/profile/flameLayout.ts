/**
 * Where each frame of the icicle chart goes: the profiled function across the top, its callees
 * below it, left-heavy (the largest total first, so the hot path runs down the left edge), each as
 * wide as its share of the time. Frames narrower than a minimum are left out with their subtree
 * and counted, so a 10,000-node profile draws only what can be seen. Pure: no DOM.
 */
import type { NestedCallNode } from '../../protocol/profile';

/** One drawn frame. `x` and `width` are in px; `depth` is the row, 0 at the top. */
export interface FlameRect {
  node: NestedCallNode;
  depth: number;
  x: number;
  width: number;
  /** Index of the parent's rect, -1 for the top row. */
  parent: number;
  /** A frame above the zoomed one, drawn across the width as context. */
  ancestor: boolean;
}

/** The layout of one chart. */
export interface FlameLayout {
  rects: FlameRect[];
  /** Rows drawn. */
  depth: number;
  /** Frames too narrow to draw (with everything under them). */
  hidden: number;
  /** Frames below the last row drawn (with everything under them). */
  tooDeep: number;
  /** The time the full width stands for: the zoomed frame's total. */
  scaleMs: number;
  /** Index in the zoom path of the top row drawn (frames above it are not shown). */
  contextFrom: number;
}

/** Children largest first; ties by function index so the same profile always lays out the same. */
export function leftHeavy(children: readonly NestedCallNode[]): NestedCallNode[] {
  return [...children].sort((a, b) => b.totalMs - a.totalMs || a.fn - b.fn);
}

/** How the chart is bounded: the narrowest frame drawn, the rows drawn, the frames kept above a zoomed one. */
export interface FlameLimits {
  minWidthPx: number;
  maxRows?: number;
  /** Frames above the zoomed one drawn as context (the nearest callers). */
  maxContext?: number;
}

/**
 * Lays out `path` (from the root down to the zoomed frame, just the root when not zoomed): the
 * nearest frames above the zoomed one as full-width context rows, then the zoomed frame's subtree,
 * down to `maxRows` rows in all (a deep recursion would otherwise make a chart taller than any screen).
 */
export function layoutFlame(path: readonly NestedCallNode[], widthPx: number, limits: FlameLimits): FlameLayout {
  const { minWidthPx, maxRows = Infinity, maxContext = Infinity } = limits;
  const rects: FlameRect[] = [];
  const zoomed = path.at(-1);
  const contextFrom = Math.max(0, path.length - 1 - maxContext);
  if (!zoomed || widthPx <= 0) return { rects, depth: 0, hidden: 0, tooDeep: 0, scaleMs: 0, contextFrom };
  const context = path.slice(contextFrom, -1);
  for (const [depth, node] of context.entries()) rects.push({ node, depth, x: 0, width: widthPx, parent: depth - 1, ancestor: true });
  const scaleMs = zoomed.totalMs;
  const pxPerMs = scaleMs > 0 ? widthPx / scaleMs : 0;
  let hidden = 0;
  let tooDeep = 0;
  let depth = 0;
  const queue: { node: NestedCallNode; depth: number; x: number; width: number; parent: number }[] = [
    { node: zoomed, depth: context.length, x: 0, width: widthPx, parent: context.length - 1 },
  ];
  // Breadth-first, so rects come row by row and left to right within a row.
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i] as (typeof queue)[number];
    const index = rects.length;
    rects.push({ ...item, ancestor: false });
    depth = Math.max(depth, item.depth + 1);
    let x = item.x;
    for (const child of leftHeavy(item.node.children)) {
      const width = child.totalMs * pxPerMs;
      if (width < minWidthPx) hidden += subtreeSize(child);
      else if (item.depth + 1 >= maxRows) tooDeep += subtreeSize(child);
      else queue.push({ node: child, depth: item.depth + 1, x, width, parent: index });
      x += width;
    }
  }
  return { rects, depth, hidden, tooDeep, scaleMs, contextFrom };
}

function subtreeSize(node: NestedCallNode): number {
  let n = 0;
  const stack = [node];
  for (let next = stack.pop(); next; next = stack.pop()) {
    n++;
    for (const child of next.children) stack.push(child);
  }
  return n;
}

/** The arrow keys' moves in the chart. */
export type FlameMove = 'up' | 'down' | 'left' | 'right';

/**
 * The rect an arrow key moves to from rect `from`: up to the caller, down to the largest drawn
 * callee, left and right to the neighbouring frame in the same row. Returns `from` at an edge.
 */
export function moveInFlame(layout: FlameLayout, from: number, move: FlameMove): number {
  const rect = layout.rects[from];
  if (!rect) return from;
  if (move === 'up') return rect.parent >= 0 ? rect.parent : from;
  if (move === 'down') {
    // Children were queued in left-heavy order, so the first one found is the largest.
    const child = layout.rects.findIndex((r) => r.parent === from);
    return child >= 0 ? child : from;
  }
  // Rects are row by row, left to right: the neighbours in a row are adjacent indices.
  const next = from + (move === 'right' ? 1 : -1);
  return layout.rects[next]?.depth === rect.depth ? next : from;
}
