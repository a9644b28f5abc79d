/**
 * Theme fixtures: the `--vscode-*` variables and body class VS Code sets in a webview for the
 * Light+ and Dark+ themes (the subset the panels use), applied the way VS Code applies them:
 * on <html>'s style and <body>'s class, rewritten when the user switches theme.
 */
import type { Page } from 'playwright-core';

/** A theme as a webview sees it. */
export interface ThemeFixture {
  name: 'light' | 'dark';
  bodyClass: 'vscode-light' | 'vscode-dark';
  variables: Readonly<Record<string, string>>;
}

const fonts = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-weight': 'normal',
  'font-size': '13px',
  'editor-font-family': 'Consolas, "Courier New", monospace',
  'editor-font-weight': 'normal',
  'editor-font-size': '14px',
};

/** Light+ (the default light theme). */
export const lightPlus: ThemeFixture = {
  name: 'light',
  bodyClass: 'vscode-light',
  variables: {
    ...fonts,
    foreground: '#616161',
    descriptionForeground: '#717171',
    errorForeground: '#a1260d',
    focusBorder: '#0090f1',
    'editor-background': '#ffffff',
    'editor-foreground': '#000000',
    'editorWidget-background': '#f3f3f3',
    'widget-border': '#d4d4d4',
    'panel-border': 'rgba(128, 128, 128, 0.35)',
    'editorHoverWidget-background': '#f3f3f3',
    'editorHoverWidget-foreground': '#616161',
    'editorHoverWidget-border': '#c8c8c8',
    'textLink-foreground': '#006ab1',
    'textLink-activeForeground': '#006ab1',
    'textPreformat-foreground': '#a31515',
    'textCodeBlock-background': 'rgba(220, 220, 220, 0.4)',
    'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
    'badge-background': '#c4c4c4',
    'badge-foreground': '#333333',
    'list-hoverBackground': '#e8e8e8',
    'charts-foreground': '#616161',
    'charts-lines': 'rgba(97, 97, 97, 0.5)',
    'charts-red': '#e51400',
    'charts-blue': '#1a85ff',
    'charts-yellow': '#bf8803',
    'charts-orange': '#d18616',
    'charts-green': '#388a34',
    'charts-purple': '#652d90',
    'testing-iconPassed': '#388a34',
    'editorWarning-foreground': '#bf8803',
    'editorInfo-foreground': '#1a85ff',
    'inputValidation-infoBackground': '#d6ecf2',
    'inputValidation-warningBackground': '#f6f5d2',
    'inputValidation-warningBorder': '#b89500',
    'inputValidation-errorBackground': '#f2dede',
    'inputValidation-errorBorder': '#be1100',
    'symbolIcon-methodForeground': '#652d90',
  },
};

/** Dark+ (the default dark theme). */
export const darkPlus: ThemeFixture = {
  name: 'dark',
  bodyClass: 'vscode-dark',
  variables: {
    ...fonts,
    foreground: '#cccccc',
    descriptionForeground: 'rgba(204, 204, 204, 0.7)',
    errorForeground: '#f48771',
    focusBorder: '#007fd4',
    'editor-background': '#1e1e1e',
    'editor-foreground': '#d4d4d4',
    'editorWidget-background': '#252526',
    'widget-border': '#303031',
    'panel-border': 'rgba(128, 128, 128, 0.35)',
    'editorHoverWidget-background': '#252526',
    'editorHoverWidget-foreground': '#cccccc',
    'editorHoverWidget-border': '#454545',
    'textLink-foreground': '#3794ff',
    'textLink-activeForeground': '#3794ff',
    'textPreformat-foreground': '#d7ba7d',
    'textCodeBlock-background': 'rgba(10, 10, 10, 0.4)',
    'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
    'badge-background': '#4d4d4d',
    'badge-foreground': '#ffffff',
    'list-hoverBackground': '#2a2d2e',
    'charts-foreground': '#cccccc',
    'charts-lines': 'rgba(204, 204, 204, 0.5)',
    'charts-red': '#f14c4c',
    'charts-blue': '#3794ff',
    'charts-yellow': '#cca700',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    'testing-iconPassed': '#73c991',
    'editorWarning-foreground': '#cca700',
    'editorInfo-foreground': '#3794ff',
    'inputValidation-infoBackground': '#063b49',
    'inputValidation-warningBackground': '#352a05',
    'inputValidation-warningBorder': '#b89500',
    'inputValidation-errorBackground': '#5a1d1d',
    'inputValidation-errorBorder': '#be1100',
    'symbolIcon-methodForeground': '#b180d7',
  },
};

/** Sets the theme on the loaded page, replacing the previous one, as VS Code does on a theme switch. */
export async function applyTheme(page: Page, theme: ThemeFixture): Promise<void> {
  const declarations = Object.entries(theme.variables).map(([name, value]) => `--vscode-${name}: ${value};`).join(' ');
  // CSSOM writes, as VS Code's own webview host script does; the page's CSP does not apply to them.
  await page.evaluate(`(() => {
    document.documentElement.style.cssText = ${JSON.stringify(declarations)};
    document.body.className = ${JSON.stringify(theme.bodyClass)};
    document.body.dataset.vscodeThemeKind = ${JSON.stringify(theme.bodyClass)};
  })()`);
}
