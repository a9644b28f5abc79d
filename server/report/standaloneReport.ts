/**
 * The CLI's HTML report: one self-contained file that shows a BenchmarkResult with the very same
 * benchmark panel bundle as VS Code, without a host. Script, styles and the codicon font are
 * inlined; the data sits in a JSON block the panel reads; a CSP of hashes lets only those run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkResult } from '../../protocol/results';
import { reportThemeVariables } from './reportTheme';

/** The id the webview's host bridge reads the embedded message from (webview/shared/host.ts). */
const dataId = 'parallelize-data';

/**
 * Renders the report. `distDir` is the extension's built `dist/` folder (the one holding
 * `webview/benchmark.js`); a `dist/webview` path is accepted too.
 */
export function renderStandaloneReport(result: BenchmarkResult, distDir: string): string {
  const webviewDir = existsSync(join(distDir, 'webview', 'benchmark.js')) ? join(distDir, 'webview') : distDir;
  const read = (name: string): string => readFileSync(join(webviewDir, name), 'utf8');

  const script = safeInScript(stripSourceMap(read('benchmark.js')));
  const codiconFont = readFileSync(join(webviewDir, 'codicon.ttf')).toString('base64');
  const codiconCss = read('codicon.css').replace(/url\(["']?\.\/codicon\.ttf[^)"']*["']?\)/g, `url("data:font/ttf;base64,${codiconFont}")`);
  const themeCss = `:root {\n${Object.entries(reportThemeVariables).map(([name, value]) => `  --vscode-${name}: ${value};`).join('\n')}\n}\n`;
  const styles = [themeCss, codiconCss, stripSourceMap(read('benchmark.css'))].map(safeInStyle);

  const message = { type: 'benchmark', result };
  // JSON in a non-executed block; escaping '<' keeps '</script>' in any string from closing it.
  const data = JSON.stringify(message).replace(/</g, '\\u003c');

  const csp = [
    "default-src 'none'",
    `style-src ${styles.map(hash).join(' ')}`,
    'font-src data:',
    'img-src data:',
    `script-src ${hash(script)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="Parallelize">
<title>${escapeHtml(`Parallelize: ${result.function.name}`)}</title>
${styles.map((css) => `<style>${css}</style>`).join('\n')}
</head>
<body class="vscode-light">
<main id="app"></main>
<script type="application/json" id="${dataId}">${data}</script>
<script>${script}</script>
</body>
</html>
`;
}

/** The CSP source expression for an inline block's exact text. */
function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function stripSourceMap(code: string): string {
  return code.replace(/\n?\/[/*]# sourceMappingURL=[^\n]*$/m, '');
}

/** Inline script text cannot contain '</script' or '<!--'; both escapes mean the same to JS. */
function safeInScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function safeInStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
