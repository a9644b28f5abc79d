/**
 * A sortable tree table (an ARIA treegrid) for the top-down and bottom-up views: function,
 * file:line, self and total with their shares. Only expanded rows are built, so a 10,000-node
 * profile costs what is shown. One row is in the tab order; the arrow keys move and expand,
 * Enter opens the row's line in the editor.
 */
import { h, icon } from '../shared/dom';
import { formatCount, formatMs } from '../shared/format';
import { sortRows, type SortKey, type SortOrder, type TreeRow } from './callTree';
import { formatShare, kindClass, kindLabels, type FrameInfo } from './frames';

/** What one table shows and how it starts. */
export interface TreeTableOptions {
  id: string;
  /** Read by screen readers: what the rows and their children are. */
  label: string;
  roots: readonly TreeRow[];
  frames: readonly FrameInfo[];
  /** The time shares are of: the profiled function's total. */
  totalMs: number;
  sort: SortOrder;
  /** Which rows start open (depth 0 is a root). */
  startsExpanded(row: TreeRow, depth: number): boolean;
  onReveal(target: { file: string; line: number }): void;
}

interface Visible {
  row: TreeRow;
  depth: number;
  parent: number;
}

/** Rows built at first, and added per "Show more". */
const pageRows = 100;

const columns: { key: SortKey | null; text: string; cls: string; title?: string }[] = [
  { key: 'name', text: 'Function', cls: 'name' },
  { key: null, text: 'Location', cls: 'loc', title: 'file:line, the package for node_modules code' },
  { key: 'self', text: 'Self', cls: 'num ms', title: 'Time in the function itself' },
  { key: null, text: 'Self %', cls: 'num', title: 'Self time as a share of the profiled function' },
  { key: 'total', text: 'Total', cls: 'num ms', title: 'Time with the function on the stack' },
  { key: null, text: 'Total %', cls: 'num share', title: 'Total time as a share of the profiled function' },
];

/** Builds the table; it re-renders its body on sort, expand and collapse. */
export function renderTreeTable(options: TreeTableOptions): HTMLElement {
  const { frames, totalMs } = options;
  let order = options.sort;
  const expanded = new Set<TreeRow>();
  const walkOpen = (rows: readonly TreeRow[], depth: number): void => {
    for (const row of rows) {
      if (row.expandable && options.startsExpanded(row, depth)) {
        expanded.add(row);
        walkOpen(row.children(), depth + 1);
      }
    }
  };
  walkOpen(options.roots, 0);

  const nameOf = (fn: number): string => frames[fn]?.name ?? '';
  const table = h('table', { class: 'tree-table', id: options.id });
  table.setAttribute('role', 'treegrid');
  table.setAttribute('aria-label', options.label);
  const headRow = h('tr', null);
  const body = h('tbody', null);
  table.append(h('thead', null, headRow), body);
  let visible: Visible[] = [];
  let focused = 0;
  // A profile with thousands of functions would make a page of thousands of rows: they come a page at a time.
  let limit = pageRows;
  const more = h('button', { class: 'link-button table-more', id: `${options.id}-more` });
  more.addEventListener('click', () => {
    limit += pageRows;
    renderBody();
  });

  const renderHead = (): void => {
    headRow.replaceChildren(...columns.map((col) => {
      const th = h('th', { class: col.cls, title: col.title });
      th.setAttribute('scope', 'col');
      if (!col.key) {
        th.textContent = col.text;
        return th;
      }
      const active = order.key === col.key;
      th.setAttribute('aria-sort', active ? (order.descending ? 'descending' : 'ascending') : 'none');
      const key = col.key;
      const button = h('button', { class: 'sort-button', title: `Sort by ${col.text.toLowerCase()}` }, col.text, active ? icon(order.descending ? 'arrow-down' : 'arrow-up', 'sort-icon') : null);
      button.dataset['sort'] = key;
      button.addEventListener('click', () => {
        // Times sort largest first on the first click, names A to Z.
        order = active ? { key, descending: !order.descending } : { key, descending: key !== 'name' };
        renderHead();
        renderBody();
      });
      th.append(button);
      return th;
    }));
  };

  const collect = (rows: readonly TreeRow[], depth: number, parent: number): void => {
    for (const row of sortRows(rows, order, nameOf)) {
      const index = visible.length;
      visible.push({ row, depth, parent });
      if (expanded.has(row)) collect(row.children(), depth + 1, index);
    }
  };

  const renderBody = (keep?: TreeRow): void => {
    const keepRow = keep ?? visible[focused]?.row;
    visible = [];
    collect(options.roots, 0, -1);
    const at = keepRow ? visible.findIndex((v) => v.row === keepRow) : -1;
    focused = Math.max(0, at);
    if (focused >= limit) limit = focused + 1;
    const shown = visible.slice(0, limit);
    body.replaceChildren(...shown.map((v, i) => rowElement(v, i, i === focused)));
    const rest = visible.length - shown.length;
    more.hidden = rest <= 0;
    more.replaceChildren(icon('chevron-down'), `Show ${formatCount(Math.min(pageRows, rest))} more of ${formatCount(visible.length)} rows`);
  };

  const rowElement = ({ row, depth }: Visible, index: number, tabbable: boolean): HTMLTableRowElement => {
    const info = frames[row.fn];
    const open = expanded.has(row);
    const twisty = h('span', { class: `twisty${row.expandable ? '' : ' leaf'}` }, row.expandable ? icon(open ? 'chevron-down' : 'chevron-right') : null);
    const name = h('td', { class: 'name' }, twisty, h('span', { class: `kind-dot ${kindClass(info)}` }), h('span', { class: 'fn-name' }, info?.name ?? `function #${row.fn}`), h('span', { class: 'loc-inline muted' }, info?.location ?? ''));
    // CSSOM write, allowed under the CSP: the indent shows the depth.
    name.style.paddingLeft = `${6 + depth * 14}px`;
    const loc = h('td', { class: 'loc', title: info?.detail }, ...locationContent(info));
    const tr = h(
      'tr',
      { class: info?.reveal ? 'revealable' : '' },
      name,
      loc,
      h('td', { class: 'num ms' }, formatMs(row.selfMs)),
      h('td', { class: 'num' }, formatShare(row.selfMs, totalMs)),
      h('td', { class: 'num ms' }, formatMs(row.totalMs)),
      shareCell(row.totalMs, totalMs),
    );
    // The milliseconds columns give way below 560 px; the title keeps every figure on hover.
    tr.title = `${info?.name ?? ''} (${info?.detail || info?.location || ''}): self ${formatMs(row.selfMs)}, total ${formatMs(row.totalMs)}`;
    tr.dataset['index'] = String(index);
    tr.dataset['fn'] = String(row.fn);
    tr.setAttribute('role', 'row');
    tr.setAttribute('aria-level', String(depth + 1));
    if (row.expandable) tr.setAttribute('aria-expanded', String(open));
    tr.setAttribute('tabindex', tabbable ? '0' : '-1');
    return tr;
  };

  const toggle = (index: number, open: boolean): void => {
    const v = visible[index];
    if (!v?.row.expandable || expanded.has(v.row) === open) return;
    if (open) expanded.add(v.row);
    else expanded.delete(v.row);
    renderBody(v.row);
    focusRow(focused);
  };

  const focusRow = (index: number): void => {
    const rows = body.rows;
    const next = rows[index];
    if (!next) return;
    rows[focused]?.setAttribute('tabindex', '-1');
    focused = index;
    next.setAttribute('tabindex', '0');
    next.focus();
  };

  const reveal = (index: number): void => {
    const v = visible[index];
    const target = v ? frames[v.row.fn]?.reveal : undefined;
    if (target) options.onReveal(target);
  };

  const indexOf = (target: EventTarget | null): number => {
    const tr = target instanceof Element ? target.closest<HTMLElement>('tbody tr') : null;
    return tr ? Number(tr.dataset['index']) : -1;
  };

  body.addEventListener('click', (event) => {
    const index = indexOf(event.target);
    if (index < 0) return;
    if (event.target instanceof Element && event.target.closest('.twisty')) {
      toggle(index, !expanded.has(visible[index]?.row as TreeRow));
      return;
    }
    focusRow(index);
    reveal(index);
  });
  // Focus can arrive from outside the table's own moves (a click, a script, the screen reader).
  body.addEventListener('focusin', (event) => {
    const index = indexOf(event.target);
    if (index < 0 || index === focused) return;
    body.rows[focused]?.setAttribute('tabindex', '-1');
    focused = index;
    body.rows[index]?.setAttribute('tabindex', '0');
  });
  body.addEventListener('keydown', (event) => {
    const v = visible[focused];
    if (!v) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusRow(Math.min(body.rows.length - 1, focused + 1)),
      ArrowUp: () => focusRow(Math.max(0, focused - 1)),
      Home: () => focusRow(0),
      End: () => focusRow(body.rows.length - 1),
      ArrowRight: () => (v.row.expandable && !expanded.has(v.row) ? toggle(focused, true) : visible[focused + 1]?.parent === focused && focusRow(focused + 1)),
      ArrowLeft: () => (expanded.has(v.row) ? toggle(focused, false) : v.parent >= 0 && focusRow(v.parent)),
      Enter: () => reveal(focused),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  renderHead();
  renderBody();
  return h('div', { class: 'table-scroll' }, table, more);
}

function locationContent(info: FrameInfo | undefined): (HTMLElement | string)[] {
  if (!info) return [];
  if (info.kind === 'workspace') return [info.location];
  const mark = kindLabels[info.kind];
  return [h('span', { class: `kind-tag ${kindClass(info)}`, title: mark.text }, icon(mark.icon), info.location)];
}

/** The total share with a bar under the number, so the table reads at a glance. */
function shareCell(ms: number, ofMs: number): HTMLTableCellElement {
  const bar = h('span', { class: 'share-bar' });
  bar.style.width = `${ofMs > 0 ? Math.min(100, (ms / ofMs) * 100) : 0}%`;
  return h('td', { class: 'num share' }, h('span', { class: 'share-text' }, formatShare(ms, ofMs)), bar);
}
