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
