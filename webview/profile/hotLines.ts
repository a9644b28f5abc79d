/**
 * The hot lines: self time per source line (from V8's position ticks, mapped to TypeScript by the
 * server), largest first, each line a link to the editor. The first few are shown; the rest on
 * request, so a long tail does not push the tables out of sight.
 */
import type { LineCost, ProfileResult } from '../../protocol/profile';
import { h, icon } from '../shared/dom';
import { formatCount, formatMs } from '../shared/format';
import { formatShare, lineLocation, profileFolder } from './frames';

/** Lines shown before "Show all". */
const firstLines = 12;

/** Renders the hot-lines card; `onReveal` opens a line in the editor. */
export function renderHotLines(result: ProfileResult, onReveal: ((target: { file: string; line: number }) => void) | undefined): HTMLElement {
  const base = profileFolder(result);
  const body = h('tbody', null);
  const more = h('button', { class: 'link-button', id: 'hot-lines-more' }, icon('chevron-down'), `Show all ${formatCount(result.lines.length)} lines`);
  const fill = (count: number): void => {
    body.replaceChildren(...result.lines.slice(0, count).map((line) => lineRow(line, base, onReveal)));
    more.hidden = count >= result.lines.length;
  };
  more.addEventListener('click', () => fill(result.lines.length));
  fill(firstLines);
  const head = h('thead', null, h('tr', null, h('th', { class: 'loc' }, 'Line'), h('th', { class: 'num ms' }, 'Self'), h('th', { class: 'num share', title: 'Share of the profiled function’s time' }, 'Share')));
  const content = result.lines.length
    ? h('div', { class: 'table-scroll' }, h('table', { class: 'hot-lines', id: 'hot-lines' }, head, body), more)
    : h('p', { class: 'muted', id: 'hot-lines-empty' }, 'No line took time of its own: every sample was in code without a source line.');
  return h(
    'section',
    { class: 'card', id: 'hot-lines-card' },
    h('div', { class: 'card-head' }, h('h2', null, icon('debug-line-by-line'), 'Hot lines'), h('span', { class: 'muted small' }, 'self time per source line, largest first')),
    content,
  );
}

function lineRow(line: LineCost, base: string, onReveal: ((target: { file: string; line: number }) => void) | undefined): HTMLTableRowElement {
  const label = lineLocation(line.file, line.line, base);
  const title = `${line.file}:${line.line}`;
  const canOpen = onReveal && !line.file.startsWith('node:');
  // Split before the line number, so a narrow panel shortens the file and keeps the line.
  const cut = label.lastIndexOf(':');
  const parts = [h('span', { class: 'line-file' }, label.slice(0, cut)), h('span', { class: 'line-number' }, label.slice(cut))];
  const where = canOpen ? h('button', { class: 'link-button line-link', title: `Open ${title}` }, ...parts) : h('span', { class: 'line-label', title }, ...parts);
  if (canOpen) where.addEventListener('click', () => onReveal({ file: line.file, line: line.line }));
  const bar = h('span', { class: 'share-bar' });
  // CSSOM write, allowed under the CSP.
  bar.style.width = `${Math.min(100, line.selfShare * 100)}%`;
  const tr = h(
    'tr',
    null,
    h('td', { class: 'loc' }, where),
    h('td', { class: 'num ms' }, formatMs(line.selfMs)),
    h('td', { class: 'num share' }, h('div', { class: 'share-cell' }, h('span', { class: 'share-track' }, bar), h('span', { class: 'share-text' }, formatShare(line.selfShare, 1)))),
  );
  tr.dataset['line'] = title;
  return tr;
}
