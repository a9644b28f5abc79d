/**
 * The colours and fonts the panels draw with, read from the `--vscode-*` variables VS Code sets on
 * the page, and re-read when the user switches theme (VS Code swaps the body's `vscode-light` /
 * `vscode-dark` / `vscode-high-contrast` class and rewrites the variables).
 */

/** The theme kinds VS Code marks the body with. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** What the charts need from the theme; every value is a CSS colour or font string. */
export interface Theme {
  kind: ThemeKind;
  foreground: string;
  descriptionForeground: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  /** Grid and axis lines. */
  lines: string;
  /** Series colours, from the `charts.*` theme colours. */
  blue: string;
  orange: string;
  green: string;
  red: string;
  purple: string;
  yellow: string;
  /** Text and whiskers drawn on the chart itself. */
  chartForeground: string;
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
}

type Fallbacks = Omit<Theme, 'kind' | 'fontSize' | 'fontFamily'>;

// Light+ and Dark+ values, used when a variable is missing (standalone report, older hosts).
const lightFallbacks: Fallbacks = {
  foreground: '#616161',
  descriptionForeground: '#717171',
  background: '#ffffff',
  lines: 'rgba(97, 97, 97, 0.5)',
  blue: '#1a85ff',
  orange: '#d18616',
  green: '#388a34',
  red: '#e51400',
  purple: '#652d90',
  yellow: '#bf8803',
  chartForeground: '#616161',
  tooltipBackground: '#f3f3f3',
  tooltipForeground: '#616161',
  tooltipBorder: '#c8c8c8',
};
const darkFallbacks: Fallbacks = {
  foreground: '#cccccc',
  descriptionForeground: 'rgba(204, 204, 204, 0.7)',
  background: '#1e1e1e',
  lines: 'rgba(204, 204, 204, 0.5)',
  blue: '#3794ff',
  orange: '#d18616',
  green: '#89d185',
  red: '#f14c4c',
  purple: '#b180d7',
  yellow: '#cca700',
  chartForeground: '#cccccc',
  tooltipBackground: '#252526',
  tooltipForeground: '#cccccc',
  tooltipBorder: '#454545',
};
const defaultFont = '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif';

/** The theme kind from the body's class list. */
export function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

/** Reads the current theme from the page's computed CSS variables. */
export function readTheme(): Theme {
  const kind = themeKind();
  const fb = kind === 'dark' || kind === 'high-contrast' ? darkFallbacks : lightFallbacks;
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  const foreground = v('foreground', fb.foreground);
  return {
    kind,
    foreground,
    descriptionForeground: v('descriptionForeground', fb.descriptionForeground),
    background: v('editor-background', fb.background),
    fontFamily: v('font-family', defaultFont),
    fontSize: Number.parseFloat(v('font-size', '13px')) || 13,
    lines: v('charts-lines', fb.lines),
    blue: v('charts-blue', fb.blue),
    orange: v('charts-orange', fb.orange),
    green: v('charts-green', fb.green),
    red: v('charts-red', fb.red),
    purple: v('charts-purple', fb.purple),
    yellow: v('charts-yellow', fb.yellow),
    chartForeground: v('charts-foreground', foreground),
    tooltipBackground: v('editorHoverWidget-background', fb.tooltipBackground),
    tooltipForeground: v('editorHoverWidget-foreground', foreground),
    tooltipBorder: v('editorHoverWidget-border', fb.tooltipBorder),
  };
}

/**
 * Calls `listener` with the new theme whenever VS Code changes it: it swaps the body class and
 * rewrites the variables on <html>'s style attribute, so both are observed, coalesced per frame.
 * Returns a function that stops observing.
 */
export function onThemeChange(listener: (theme: Theme) => void): () => void {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      listener(readTheme());
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

/** `color` at `alpha` opacity, for fills under a theme colour (handles #rgb, #rrggbb, #rrggbbaa and rgb()). */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (hex?.[1]) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    const r = Number.parseInt(h.slice(0, 2), 16);
    const g = Number.parseInt(h.slice(2, 4), 16);
    const b = Number.parseInt(h.slice(4, 6), 16);
    const a = h.length === 8 ? Number.parseInt(h.slice(6, 8), 16) / 255 : 1;
    return `rgba(${r}, ${g}, ${b}, ${(a * alpha).toFixed(3)})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color.trim());
  if (rgb?.[1]) {
    const [r = '0', g = '0', b = '0', a = '1'] = rgb[1].split(/[\s,/]+/).filter(Boolean);
    return `rgba(${r}, ${g}, ${b}, ${(Number.parseFloat(a) * alpha).toFixed(3)})`;
  }
  return color;
}
