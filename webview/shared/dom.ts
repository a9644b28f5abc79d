/** Tiny DOM builders: every text goes in through textContent, never through innerHTML. */

type Child = Node | string | null | undefined | false;

/** Creates an element with classes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; title?: string; id?: string } | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.title) el.title = props.title;
  if (props?.id) el.id = props.id;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** A codicon glyph: `<i class="codicon codicon-name">`, hidden from screen readers. */
export function icon(name: string, extraClass = ''): HTMLElement {
  const el = h('i', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}` });
  el.setAttribute('aria-hidden', 'true');
  return el;
}

/** A chart legend's entry: a swatch of class `cls` (styled per panel) and its words. */
export function legendItem(cls: string, text: string): HTMLElement {
  return h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), text);
}

/** What a result panel shows before its first result: a large icon, a title and what to do (styled in resultPanel.css). */
export function emptyState(iconName: string, title: string, ...paragraphs: HTMLParagraphElement[]): HTMLElement {
  return h('div', { class: 'empty-state', id: 'empty-state' }, icon(iconName, 'empty-icon'), h('h1', null, title), ...paragraphs);
}

/**
 * Marks a table to reflow into label–value cards on a narrow panel: each cell carries its column's
 * header as `data-label`, which the stylesheet shows beside the value once the header row is hidden.
 */
export function reflow<T extends HTMLTableElement>(table: T): T {
  const headers = Array.from(table.tHead?.rows[0]?.cells ?? [], (th) => th.textContent ?? '');
  for (const row of Array.from(table.tBodies).flatMap((body) => Array.from(body.rows))) {
    Array.from(row.cells).forEach((cell, i) => {
      cell.dataset['label'] = headers[i] ?? '';
    });
  }
  table.classList.add('reflow');
  return table;
}
