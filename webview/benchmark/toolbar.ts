/**
 * The benchmark panel's toolbar: Run again, Profile, Export ▸ (JSON, CSV, HTML report, Markdown
 * summary to the clipboard) and Open function. Each item is a codicon button with a visible label
 * (hidden at narrow widths, where the aria-label and tooltip keep its name); the list of items is
 * data, so another action (Compare) is one more entry. Every button is a Tab stop, in order.
 */
import type { BenchmarkAction } from '../../protocol/webview';
import { h, icon } from '../shared/dom';

/** A button of the toolbar, or a menu of such buttons. */
export type ToolbarItem =
  | { kind: 'button'; id: string; label: string; title: string; icon: string; run: () => void }
  | { kind: 'menu'; id: string; label: string; title: string; icon: string; items: { id: string; label: string; icon: string; run: () => void }[] };

function labelled(id: string, label: string, title: string, iconName: string, extraClass = ''): HTMLButtonElement {
  const button = h('button', { class: `tool-button${extraClass}`, id, title }, icon(iconName), h('span', { class: 'tool-label wide-only' }, label));
  button.type = 'button';
  button.setAttribute('aria-label', title);
  return button;
}

/** A menu button: Enter, Space or ArrowDown opens it on its first item; arrows move, Escape and Tab close it. */
function menuButton(item: Extract<ToolbarItem, { kind: 'menu' }>): HTMLElement {
  const button = labelled(item.id, item.label, item.title, item.icon, ' menu-button');
  button.append(icon('chevron-down', 'menu-chevron'));
  button.setAttribute('aria-haspopup', 'menu');
  button.setAttribute('aria-expanded', 'false');
  const menu = h('div', { class: 'tool-menu', id: `${item.id}-menu` });
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', item.title);
  menu.hidden = true;
  button.setAttribute('aria-controls', menu.id);
  const entries = item.items.map((entry) => {
    const el = h('button', { class: 'tool-menu-item', id: entry.id }, icon(entry.icon), h('span', null, entry.label));
    el.type = 'button';
    el.setAttribute('role', 'menuitem');
    el.tabIndex = -1;
    el.addEventListener('click', () => {
      close(true);
      entry.run();
    });
    return el;
  });
  menu.append(...entries);

  const wrap = h('div', { class: 'tool-menu-wrap' }, button, menu);
  function open(focusIndex: number): void {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    entries[(focusIndex + entries.length) % entries.length]?.focus();
  }
  function close(refocus: boolean): void {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (refocus) button.focus();
  }
  button.addEventListener('click', () => (menu.hidden ? open(0) : close(false)));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(event.key === 'ArrowDown' ? 0 : -1);
    }
  });
  menu.addEventListener('keydown', (event) => {
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      entries[(at + (event.key === 'ArrowDown' ? 1 : -1) + entries.length) % entries.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      entries[event.key === 'Home' ? 0 : entries.length - 1]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
  });
  // Focus leaving the menu and its button (a click elsewhere, Tab) closes it, as VS Code's own menus do.
  wrap.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node && wrap.contains(event.relatedTarget))) close(false);
  });
  return wrap;
}

/** Renders the toolbar. */
export function renderToolbar(items: readonly ToolbarItem[]): HTMLElement {
  const bar = h('div', { class: 'toolbar', id: 'toolbar' }, ...items.map((item) => {
    if (item.kind === 'menu') return menuButton(item);
    const button = labelled(item.id, item.label, item.title, item.icon);
    button.addEventListener('click', item.run);
    return button;
  }));
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Benchmark actions');
  return bar;
}

/** The panel's own toolbar for a result: `act` posts an action, `open` opens the function. */
export function benchmarkToolbar(fn: { name: string; location: string }, act: (action: BenchmarkAction) => void, open: () => void): HTMLElement {
  return renderToolbar([
    { kind: 'button', id: 'run-again', label: 'Run again', title: `Run ${fn.name} again with the same inputs`, icon: 'debug-rerun', run: () => act('runAgain') },
    { kind: 'button', id: 'profile', label: 'Profile', title: `Profile ${fn.name} with the same inputs`, icon: 'flame', run: () => act('profile') },
    {
      kind: 'menu', id: 'export', label: 'Export', title: 'Export this result', icon: 'export', items: [
        { id: 'export-json', label: 'JSON…', icon: 'json', run: () => act('exportJson') },
        { id: 'export-csv', label: 'CSV…', icon: 'table', run: () => act('exportCsv') },
        { id: 'export-html', label: 'HTML report…', icon: 'file-code', run: () => act('exportHtml') },
        { id: 'copy-markdown', label: 'Copy Markdown summary', icon: 'markdown', run: () => act('copyMarkdown') },
      ],
    },
    { kind: 'button', id: 'open-function', label: 'Open function', title: `Open ${fn.name} at ${fn.location}`, icon: 'go-to-file', run: open },
  ]);
}
