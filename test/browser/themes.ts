/**
 * Theme fixtures: the `--vscode-*` variables and body class VS Code sets in a webview for the
 * Light+, Dark+ and both high contrast themes (the subset the panels use), applied the way VS Code
 * applies them: on <html>'s style and <body>'s class, rewritten when the user switches theme.
 */
import type { Page } from 'playwright-core';

/** A theme as a webview sees it. */
export interface ThemeFixture {
  name: 'light' | 'dark' | 'hc-dark' | 'hc-light';
  /** High contrast light carries `vscode-high-contrast` too, as VS Code's webview host adds it. */
  bodyClass: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast vscode-high-contrast-light';
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

/** Dark High Contrast: black ground, every widget outlined in contrastBorder, no list hover fill. */
export const highContrastDark: ThemeFixture = {
  name: 'hc-dark',
  bodyClass: 'vscode-high-contrast',
  variables: {
    ...fonts,
    foreground: '#ffffff',
    descriptionForeground: 'rgba(255, 255, 255, 0.7)',
    errorForeground: '#f48771',
    focusBorder: '#f38518',
    contrastBorder: '#6fc3df',
    contrastActiveBorder: '#f38518',
    'editor-background': '#000000',
    'editor-foreground': '#ffffff',
    'editorWidget-background': '#0c141f',
    'widget-border': '#6fc3df',
    'panel-border': '#6fc3df',
    'panelTitle-activeBorder': '#6fc3df',
    'editorHoverWidget-background': '#0c141f',
    'editorHoverWidget-foreground': '#ffffff',
    'editorHoverWidget-border': '#6fc3df',
    'textLink-foreground': '#21a6ff',
    'textLink-activeForeground': '#21a6ff',
    'textPreformat-foreground': '#000000',
    'textPreformat-background': '#ffffff',
    'textCodeBlock-background': '#000000',
    'toolbar-hoverOutline': '#f38518',
    'badge-background': '#000000',
    'badge-foreground': '#ffffff',
    'list-focusOutline': '#f38518',
    'charts-foreground': '#ffffff',
    'charts-lines': 'rgba(255, 255, 255, 0.5)',
    'charts-red': '#f48771',
    'charts-blue': '#59a4f9',
    'charts-yellow': '#ffd370',
    'charts-orange': '#ab5a00',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    'testing-iconPassed': '#73c991',
    'editorWarning-foreground': '#ffd370',
    'editorInfo-foreground': '#59a4f9',
    'inputValidation-infoBackground': '#000000',
    'inputValidation-warningBackground': '#000000',
    'inputValidation-warningBorder': '#6fc3df',
    'inputValidation-errorBackground': '#000000',
    'inputValidation-errorBorder': '#6fc3df',
    'symbolIcon-methodForeground': '#b180d7',
  },
};

/** Light High Contrast: white ground, dark blue outlines. */
export const highContrastLight: ThemeFixture = {
  name: 'hc-light',
  bodyClass: 'vscode-high-contrast vscode-high-contrast-light',
  variables: {
    ...fonts,
    foreground: '#292929',
    descriptionForeground: 'rgba(41, 41, 41, 0.7)',
    errorForeground: '#b5200d',
    focusBorder: '#006bbd',
    contrastBorder: '#0f4a85',
    contrastActiveBorder: '#006bbd',
    'editor-background': '#ffffff',
    'editor-foreground': '#292929',
    'editorWidget-background': '#ffffff',
    'widget-border': '#0f4a85',
    'panel-border': '#0f4a85',
    'panelTitle-activeBorder': '#b5200d',
    'editorHoverWidget-background': '#ffffff',
    'editorHoverWidget-foreground': '#292929',
    'editorHoverWidget-border': '#0f4a85',
    'textLink-foreground': '#0f4a85',
    'textLink-activeForeground': '#0f4a85',
    'textPreformat-foreground': '#ffffff',
    'textPreformat-background': '#09345f',
    'textCodeBlock-background': '#f2f2f2',
    'toolbar-hoverOutline': '#006bbd',
    'badge-background': '#0f4a85',
    'badge-foreground': '#ffffff',
    'list-hoverBackground': 'rgba(15, 74, 133, 0.1)',
    'list-focusOutline': '#006bbd',
    'charts-foreground': '#292929',
    'charts-lines': 'rgba(41, 41, 41, 0.5)',
    'charts-red': '#b5200d',
    'charts-blue': '#0063d3',
    'charts-yellow': '#895503',
    'charts-orange': '#0f4a85',
    'charts-green': '#374e06',
    'charts-purple': '#652d90',
    'testing-iconPassed': '#007100',
    'editorWarning-foreground': '#895503',
    'editorInfo-foreground': '#0063d3',
    'inputValidation-infoBackground': '#ffffff',
    'inputValidation-warningBackground': '#ffffff',
    'inputValidation-warningBorder': '#0f4a85',
    'inputValidation-errorBackground': '#ffffff',
    'inputValidation-errorBorder': '#0f4a85',
    'symbolIcon-methodForeground': '#652d90',
  },
};

/** Sets the theme on the loaded page, replacing the previous one, as VS Code does on a theme switch. */
export async function applyTheme(page: Page, theme: ThemeFixture): Promise<void> {
  const declarations = Object.entries(theme.variables).map(([name, value]) => `--vscode-${name}: ${value};`).join(' ');
  // CSSOM writes, as VS Code's own webview host script does; the page's CSP does not apply to them.
  await page.evaluate(`(() => {
    document.documentElement.style.cssText = ${JSON.stringify(declarations)};
    document.body.className = ${JSON.stringify(theme.bodyClass)};
    document.body.dataset.vscodeThemeKind = ${JSON.stringify(theme.bodyClass.split(' ').at(-1))};
  })()`);
}
