// What the profile's decorations look like in a real editor, read from the workbench DOM (the API
// can say which lines are decorated, not what colour they are): each decorated line's background,
// left border and end-of-line note, and the colours of its text, so that a test can check that
// code stays readable on the hottest background in every theme.
//
// VS Code draws a whole-line background as an element of `.view-overlays` and an `after` note as
// an empty span in `.view-lines` whose `::after` holds the text; both carry a `ced-…` class (an
// extension's decoration type). They are matched to their line by vertical position.

/**
 * The decorated lines of `editor` (a Locator of one `.monaco-editor`), top to bottom:
 * `{ top, text, note, noteColor, noteRight, background, border, borderWidth, tokenColors }`, plus
 * the editor's own background and foreground and `visibleRight`, where its shown text ends. `note` is '' for a line with a background but no note.
 */
export async function readHeat(editor) {
  return editor.evaluate((root) => {
    const visible = (c) => c && c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c);
    const background = getComputedStyle(root.querySelector('.monaco-editor-background') ?? root).backgroundColor;
    const foreground = getComputedStyle(root.querySelector('.view-lines') ?? root).color;
    const lines = [...root.querySelectorAll('.view-lines .view-line')].map((el) => ({ el, top: Math.round(el.getBoundingClientRect().top) }));
    const lineAt = (top) => lines.find((l) => Math.abs(l.top - top) <= 2);
    const heat = new Map();
    for (const el of root.querySelectorAll('.view-overlays [class*="ced-"]')) {
      const style = getComputedStyle(el);
      if (!visible(style.backgroundColor)) continue;
      const top = Math.round(el.getBoundingClientRect().top);
      heat.set(top, { top, background: style.backgroundColor, border: style.borderLeftColor, borderWidth: style.borderLeftWidth, note: '' });
    }
    for (const el of root.querySelectorAll('.view-lines [class*="ced-"]')) {
      const content = getComputedStyle(el, '::after').content;
      if (!content || content === 'none' || content === 'normal') continue;
      const top = Math.round(el.closest('.view-line')?.getBoundingClientRect().top ?? -1);
      const entry = heat.get(top) ?? { top, background: '', border: '', borderWidth: '', note: '' };
      entry.note = content.replace(/^"|"$/g, '');
      entry.noteColor = getComputedStyle(el, '::after').color;
      // The span holds nothing but its ::after, so its box is the note's.
      entry.noteRight = Math.round(el.getBoundingClientRect().right);
      heat.set(top, entry);
    }
    // What the editor shows of its lines: up to the minimap, or its own right edge.
    const minimap = root.querySelector('.minimap');
    const visibleRight = Math.round(minimap && minimap.getBoundingClientRect().width > 0 ? minimap.getBoundingClientRect().left : root.getBoundingClientRect().right);
    return {
      background,
      foreground,
      visibleRight,
      lines: [...heat.values()].sort((a, b) => a.top - b.top).map((entry) => {
        const line = lineAt(entry.top)?.el;
        const tokens = line ? [...line.querySelectorAll('span[class^="mtk"], span[class*=" mtk"]')].filter((s) => s.textContent.trim()) : [];
        return { ...entry, text: line?.textContent.replace(/\u00a0/g, ' ') ?? '', tokenColors: [...new Set(tokens.map((s) => getComputedStyle(s).color))] };
      }),
    };
  });
}

/** The share a note gives (`38% · 412 ms` → 0.38). */
export function noteShare(note) {
  const m = /^([\d.]+)%/.exec(note);
  return m ? Number(m[1]) / 100 : Number.NaN;
}

/** `rgb(1, 2, 3)` or `rgba(1, 2, 3, 0.5)` → [r, g, b, a] (0–255, alpha 0–1). */
export function parseColor(css) {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?\s*\)/.exec(css ?? '');
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
}

/** `over` painted on the opaque `under`, as the editor paints a decoration on its background. */
export function composite(over, under) {
  const [r, g, b, a] = parseColor(over);
  const [R, G, B] = parseColor(under);
  return `rgb(${r * a + R * (1 - a)}, ${g * a + G * (1 - a)}, ${b * a + B * (1 - a)})`;
}

/** WCAG 2 contrast ratio of two opaque colours (1–21). */
export function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, b2] = parseColor(css).slice(0, 3).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
