/**
 * Profile panel: shows one ProfileResult (the summary, a flame chart, top-down and bottom-up
 * tables, the hot lines) as the host sends it after the 'ready' handshake. Everything drawn is the
 * server's model; the page only derives the bottom-up view from the call tree.
 */
// Must come first: zod is set to validate without `new Function` (the CSP forbids eval) before any schema is built.
import '../shared/zodConfig';
import { nestCallTree, type NestedCallNode, type ProfileResult } from '../../protocol/profile';
import { emptyState, h, icon } from '../shared/dom';
import { hostMode, onMessage, post, reportError, reportUncaughtErrors } from '../shared/host';
import { bottomUpRows, topDownRows, type TreeRow } from './callTree';
import { renderFlame } from './flame';
import { describeFrames, type FrameInfo } from './frames';
import { renderProfileHeader } from './header';
import { renderHotLines } from './hotLines';
import { renderTreeTable } from './treeTable';

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));

/** Rows at least this share of the function start open in the top-down table, down the hot path. */
const openShare = 0.1;
const openDepth = 8;

function noProfile(): HTMLElement {
  return emptyState(
    'flame',
    'No profile yet',
    h('p', null, 'Run ', h('strong', null, 'Parallelize: Profile Function'), ' in a TypeScript file, or click the ', h('strong', null, 'Profile'), ' CodeLens above a function.'),
    h('p', { class: 'muted' }, 'It samples the function over its inputs and shows here where the time goes: by call path, by function and by line.'),
  );
}

type View = 'top-down' | 'bottom-up';

/** The card with the two table views behind a pair of tabs; each table is built when first shown. */
function renderTables(tree: NestedCallNode, frames: readonly FrameInfo[], onReveal: ((target: { file: string; line: number }) => void) | undefined): HTMLElement {
  const reveal = onReveal ?? (() => undefined);
  const panel = h('div', { class: 'tab-panel', id: 'calls-panel' });
  panel.setAttribute('role', 'tabpanel');
  const built = new Map<View, HTMLElement>();
  const build = (view: View): HTMLElement => {
    if (view === 'top-down') {
      return renderTreeTable({
        id: 'top-down', label: 'Top-down: each function with the functions it calls under it', roots: topDownRows(tree), frames, totalMs: tree.totalMs,
        sort: { key: 'total', descending: true },
        startsExpanded: (row: TreeRow, depth: number) => depth === 0 || (depth < openDepth && row.totalMs >= openShare * tree.totalMs),
        onReveal: reveal,
      });
    }
    return renderTreeTable({
      id: 'bottom-up', label: 'Bottom-up: each function with its callers under it', roots: bottomUpRows(tree), frames, totalMs: tree.totalMs,
      sort: { key: 'self', descending: true }, startsExpanded: () => false, onReveal: reveal,
    });
  };
  const tabs: Record<View, HTMLButtonElement> = {
    'top-down': h('button', { class: 'tab', id: 'tab-top-down', title: 'Callees under their callers, from the profiled function down' }, icon('list-tree'), 'Top-down'),
    'bottom-up': h('button', { class: 'tab', id: 'tab-bottom-up', title: 'Every function by its own time, its callers under it' }, icon('list-flat'), 'Bottom-up'),
  };
  const select = (view: View): void => {
    for (const [name, tab] of Object.entries(tabs) as [View, HTMLButtonElement][]) {
      tab.setAttribute('aria-selected', String(name === view));
      tab.setAttribute('tabindex', name === view ? '0' : '-1');
    }
    let table = built.get(view);
    if (!table) built.set(view, (table = build(view)));
    panel.replaceChildren(table);
    panel.setAttribute('aria-labelledby', tabs[view].id);
  };
  const list = h('div', { class: 'tabs' }, tabs['top-down'], tabs['bottom-up']);
  list.setAttribute('role', 'tablist');
  for (const [name, tab] of Object.entries(tabs) as [View, HTMLButtonElement][]) {
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', panel.id);
    tab.addEventListener('click', () => select(name));
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      const other: View = name === 'top-down' ? 'bottom-up' : 'top-down';
      select(other);
      tabs[other].focus();
    });
  }
  select('top-down');
  return h(
    'section',
    { class: 'card', id: 'calls-card' },
    h('div', { class: 'card-head' }, h('h2', null, icon('symbol-function'), 'Functions'), list),
    panel,
  );
}

function render(result: ProfileResult): void {
  // The tree travels flat; the schema checked each node, this checks that together they are a tree.
  const tree = nestCallTree(result.tree);
  if (!tree) {
    reportError('Ignored a profile whose call tree is not a tree (the root must come first, each parent before its children).');
    return;
  }
  const frames = describeFrames(result);
  const open = hostMode === 'vscode' ? (target: { file: string; line: number }) => post({ type: 'openFunction', file: target.file, line: target.line }) : undefined;
  const page = h(
    'div',
    { class: 'page' },
    renderProfileHeader(result, open && ((file: string, line: number) => open({ file, line })), hostMode === 'vscode' ? () => post({ type: 'exportProfile' }) : undefined),
    renderFlame({ result, tree, frames, onReveal: open ?? (() => undefined) }),
    h('div', { class: 'profile-columns' }, renderTables(tree, frames, open), renderHotLines(result, open)),
  );
  app.replaceChildren(page);
}

reportUncaughtErrors();
app.replaceChildren(noProfile());
onMessage((message) => {
  if (message.type === 'profile') render(message.result);
  else reportError(`The profile panel ignores '${message.type}' messages.`);
});
