/**
 * The icicle chart of the profiled function's subtree, as positioned DOM frames (so every frame
 * is focusable, hoverable and themed by CSS alone): hover or focus shows the tooltip, a click or
 * Enter opens the frame's line in the editor, a double click or Space zooms into the frame,
 * Backspace zooms out one level and Escape back to the whole function; the arrow keys walk the
 * tree (up to the caller, down to the heaviest callee, left and right along the row).
 */
import type { NestedCallNode, ProfileResult } from '../../protocol/profile';
import { h, icon } from '../shared/dom';
import { formatCount, formatMs } from '../shared/format';
import { layoutFlame, moveInFlame, type FlameLayout, type FlameMove } from './flameLayout';
import { formatShare, kindClass, kindLabels, type FrameInfo } from './frames';

/** Row height in px; CSS gives the frames the same height. */
const rowPx = 22;
/** Frames narrower than this are not drawn (their count is shown); zooming brings them back. */
const minFramePx = 2;
/** Below this width a frame shows no text at all: an ellipsis alone says nothing. */
const minLabelPx = 34;
/** Rows drawn at most; deeper frames are counted and shown by zooming in. */
const maxRows = 60;
/** Callers kept above a zoomed frame: enough to see where it sits, few enough to zoom down a deep recursion. */
const maxContext = 4;

/** What the chart needs from the page. */
export interface FlameOptions {
  result: ProfileResult;
  /** The result's call tree, nested. */
  tree: NestedCallNode;
  frames: readonly FrameInfo[];
  onReveal(target: { file: string; line: number }): void;
}

/** Builds the chart's card; it lays itself out once attached, and again when its width changes. */
export function renderFlame(options: FlameOptions): HTMLElement {
  const { result, tree, frames } = options;
  const chart = h('div', { class: 'flame', id: 'flame' });
  chart.setAttribute('role', 'tree');
  chart.setAttribute('aria-label', `Flame chart of ${result.target.name}: arrow keys move between frames, Enter opens a frame's line, Space zooms in, Escape zooms out`);
  const tooltip = h('div', { class: 'flame-tooltip', id: 'flame-tooltip' });
  tooltip.setAttribute('role', 'tooltip');
  tooltip.hidden = true;
  const note = h('span', { class: 'muted small', id: 'flame-note' });
  const zoomOut = h('button', { class: 'link-button', id: 'flame-zoom-out', title: 'Show the whole function again (Escape)' }, icon('zoom-out'), 'Whole function');
  zoomOut.hidden = true;
  const bar = h('div', { class: 'flame-bar' }, zoomOut, note);
  bar.hidden = true;
  const box = h('div', { class: 'flame-box' }, chart, tooltip);

  let path: NestedCallNode[] = [tree];
  let layout: FlameLayout = { rects: [], depth: 0, hidden: 0, tooDeep: 0, scaleMs: 0, contextFrom: 0 };
  let elements: HTMLElement[] = [];
  let focused = 0;
  let width = 0;
  const rootMs = tree.totalMs;

  const draw = (keep?: NestedCallNode): void => {
    layout = layoutFlame(path, width, { minWidthPx: minFramePx, maxRows, maxContext });
    elements = layout.rects.map((rect, index) => frameElement(rect.node, frames, rect.x, rect.width, rect.depth, index, rect.ancestor, rootMs));
    chart.style.height = `${Math.max(1, layout.depth) * rowPx}px`;
    chart.replaceChildren(...elements);
    const keepIndex = keep ? layout.rects.findIndex((r) => r.node === keep) : -1;
    focused = keepIndex >= 0 ? keepIndex : path.length - 1 - layout.contextFrom;
    elements[focused]?.setAttribute('tabindex', '0');
    zoomOut.hidden = path.length === 1;
    note.textContent = noteText(layout, path, frames);
    bar.hidden = zoomOut.hidden && !note.textContent;
  };

  const focusFrame = (index: number): void => {
    const next = elements[index];
    if (!next) return;
    elements[focused]?.setAttribute('tabindex', '-1');
    focused = index;
    next.setAttribute('tabindex', '0');
    next.focus();
    showTooltip(index, { x: next.offsetLeft + Math.min(next.offsetWidth / 2, 60), y: next.offsetTop + rowPx });
  };

  const showTooltip = (index: number, at: { x: number; y: number }): void => {
    const node = layout.rects[index]?.node;
    if (!node) return;
    tooltip.replaceChildren(...tooltipContent(node, frames, rootMs, path));
    tooltip.hidden = false;
    // Kept inside the chart's box: flipped to the left of the pointer near the right edge.
    const left = at.x + 12 + tooltip.offsetWidth > box.clientWidth ? Math.max(0, at.x - 12 - tooltip.offsetWidth) : at.x + 12;
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${at.y + 8}px`;
  };

  const zoomTo = (index: number): void => {
    const rect = layout.rects[index];
    if (!rect || rect.node === path.at(-1)) return;
    path = pathTo(layout, path, index);
    draw(rect.node);
    focusFrame(focused);
  };

  const zoomBack = (levels: number): void => {
    if (path.length === 1) return;
    const current = path.at(-1);
    path = path.slice(0, Math.max(1, path.length - levels));
    draw(current);
    focusFrame(focused);
  };

  const indexOf = (target: EventTarget | null): number => {
    const frame = target instanceof Element ? target.closest<HTMLElement>('.frame') : null;
    return frame ? Number(frame.dataset['index']) : -1;
  };

  chart.addEventListener('pointermove', (event) => {
    const index = indexOf(event.target);
    if (index < 0) {
      tooltip.hidden = true;
      return;
    }
    const bounds = box.getBoundingClientRect();
    showTooltip(index, { x: event.clientX - bounds.left, y: event.clientY - bounds.top });
  });
  chart.addEventListener('pointerleave', () => { tooltip.hidden = true; });
  // Focus can arrive from outside the chart's own moves (a click, a script, the screen reader).
  chart.addEventListener('focusin', (event) => {
    const index = indexOf(event.target);
    if (index < 0 || index === focused) return;
    elements[focused]?.setAttribute('tabindex', '-1');
    focused = index;
    elements[index]?.setAttribute('tabindex', '0');
  });
  chart.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node && chart.contains(event.relatedTarget))) tooltip.hidden = true;
  });
  chart.addEventListener('click', (event) => {
    const index = indexOf(event.target);
    if (index < 0) return;
    focusFrame(index);
    reveal(index);
  });
  chart.addEventListener('dblclick', (event) => {
    const index = indexOf(event.target);
    if (index >= 0) zoomTo(index);
  });
  chart.addEventListener('keydown', (event) => {
    const move = arrowMoves[event.key];
    if (move) {
      event.preventDefault();
      focusFrame(moveInFlame(layout, focused, move));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      reveal(focused);
    } else if (event.key === ' ') {
      event.preventDefault();
      zoomTo(focused);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      zoomBack(1);
    } else if (event.key === 'Escape') {
      zoomBack(path.length);
    }
  });
  zoomOut.addEventListener('click', () => zoomBack(path.length));

  const reveal = (index: number): void => {
    const node = layout.rects[index]?.node;
    const target = node ? frames[node.fn]?.reveal : undefined;
    if (target) options.onReveal(target);
  };

  // Laid out on attach and on every width change; the height follows the rows drawn.
  const relayout = (): void => {
    const next = Math.floor(chart.clientWidth);
    if (next === width || next === 0) return;
    width = next;
    const keep = layout.rects[focused]?.node;
    const hadFocus = chart.contains(document.activeElement);
    draw(keep);
    tooltip.hidden = true;
    if (hadFocus) elements[focused]?.focus();
  };
  // In the next frame, not in the callback: a redraw changes the chart's height, which can bring
  // in the page's scrollbar and narrow the chart again in the same frame; Chromium then raises
  // "ResizeObserver loop completed with undelivered notifications" as an uncaught error, which
  // the panel reports to the log on every profile (seen in the workbench UI test).
  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(relayout);
  }).observe(chart);

  return h(
    'section',
    { class: 'card', id: 'flame-card' },
    h('div', { class: 'card-head' }, h('h2', null, icon('flame'), 'Flame chart'), h('span', { class: 'muted small' }, 'callees under their caller, heaviest first; click a frame to open its line, double-click to zoom')),
    bar,
    box,
    renderLegend(frames),
  );
}

const arrowMoves: Record<string, FlameMove | undefined> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

function frameElement(node: NestedCallNode, frames: readonly FrameInfo[], x: number, width: number, depth: number, index: number, ancestor: boolean, rootMs: number): HTMLElement {
  const info = frames[node.fn];
  const name = info?.name ?? `function #${node.fn}`;
  const el = h('div', { class: `frame ${kindClass(info)}${ancestor ? ' ancestor' : ''}${info?.reveal ? ' revealable' : ''}` });
  el.dataset['index'] = String(index);
  el.dataset['fn'] = String(node.fn);
  el.setAttribute('role', 'treeitem');
  el.setAttribute('aria-level', String(depth + 1));
  el.setAttribute('tabindex', '-1');
  el.setAttribute('aria-label', `${name}, ${info?.location ?? ''}, total ${formatMs(node.totalMs)} (${formatShare(node.totalMs, rootMs)}), self ${formatMs(node.selfMs)}`);
  // CSSOM writes: the panel's CSP forbids style attributes, not style properties set from script.
  el.style.left = `${x}px`;
  el.style.top = `${depth * rowPx}px`;
  el.style.width = `${width}px`;
  if (width >= minLabelPx) el.append(h('span', { class: 'frame-label' }, name, h('span', { class: 'frame-share' }, ` ${formatShare(node.totalMs, rootMs)}`)));
  return el;
}

function tooltipContent(node: NestedCallNode, frames: readonly FrameInfo[], rootMs: number, path: readonly NestedCallNode[]): HTMLElement[] {
  const info = frames[node.fn];
  const zoomed = path.at(-1);
  const kind = info && info.kind !== 'workspace' ? h('span', { class: 'badge kind-badge' }, icon(kindLabels[info.kind].icon), info.kind === 'package' ? `package ${info.location}` : kindLabels[info.kind].text) : null;
  return [
    h('div', { class: 'tooltip-name' }, info?.name ?? `function #${node.fn}`),
    h('div', { class: 'tooltip-location' }, info?.kind === 'package' ? info.detail : info?.location ?? '', kind),
    h('div', null, h('span', { class: 'muted' }, 'total '), `${formatMs(node.totalMs)} · ${formatShare(node.totalMs, rootMs)} of the function`),
    h('div', null, h('span', { class: 'muted' }, 'self '), `${formatMs(node.selfMs)} · ${formatShare(node.selfMs, rootMs)}`),
    zoomed && zoomed !== path[0] && zoomed !== node ? h('div', { class: 'muted' }, `${formatShare(node.totalMs, zoomed.totalMs)} of the zoomed frame`) : null,
    h('div', { class: 'muted small' }, info?.reveal ? 'Click to open this line' : 'No source line to open'),
  ].filter((e): e is HTMLDivElement => e !== null);
}

/** The zoom path to rect `index`: the callers above the top row drawn, then the drawn chain down to it. */
function pathTo(layout: FlameLayout, path: readonly NestedCallNode[], index: number): NestedCallNode[] {
  const chain: NestedCallNode[] = [];
  for (let i = index; i >= 0; i = layout.rects[i]?.parent ?? -1) {
    const rect = layout.rects[i];
    if (rect) chain.unshift(rect.node);
  }
  return [...path.slice(0, layout.contextFrom), ...chain];
}

function noteText(layout: FlameLayout, path: readonly NestedCallNode[], frames: readonly FrameInfo[]): string {
  const zoomed = path.at(-1);
  const parts: string[] = [];
  if (zoomed && path.length > 1) parts.push(`zoomed into ${frames[zoomed.fn]?.name ?? 'a frame'}: the width is its ${formatMs(zoomed.totalMs)}`);
  if (layout.hidden > 0) parts.push(`${formatCount(layout.hidden)} ${layout.hidden === 1 ? 'frame' : 'frames'} too narrow to draw; zoom in to see them`);
  if (layout.tooDeep > 0) parts.push(`${formatCount(layout.tooDeep)} ${layout.tooDeep === 1 ? 'frame' : 'frames'} below the ${maxRows} rows drawn; zoom into a deep frame to see them`);
  return parts.join(' · ');
}

function renderLegend(frames: readonly FrameInfo[]): HTMLElement {
  const seen = new Set(frames.map((f) => kindClass(f)));
  const items: [string, string][] = [
    ['kind-own', 'the profiled file'],
    ['kind-workspace', 'other workspace files'],
    ['kind-package', 'packages (node_modules)'],
    ['kind-node', 'Node.js'],
    ['kind-native', 'native (V8)'],
  ];
  return h('div', { class: 'legend', id: 'flame-legend' }, ...items.filter(([cls]) => seen.has(cls)).map(([cls, text]) => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), text)));
}
