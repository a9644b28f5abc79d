/**
 * The HTML shell every Parallelize webview loads: a strict CSP, the panel's stylesheet and script
 * from dist/webview/, and an empty <main> the script renders into. Pure (no 'vscode' import), so the
 * browser tests serve the very same shell. Data never goes in here: it arrives after 'ready'.
 */
import { randomBytes } from 'node:crypto';

/** Everything the shell needs; the URIs are `webview.asWebviewUri(...)` strings. */
export interface PanelHtmlOptions {
  title: string;
  /** `webview.cspSource`: the origin the panel's own files are served from. */
  cspSource: string;
  /** A fresh `makeNonce()` per render; only the script carrying it runs. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
}

/** Builds the panel's HTML document. */
export function panelHtml(opts: PanelHtmlOptions): string {
  const { cspSource, nonce } = opts;
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(csp)};">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(opts.codiconUri)}">
  <link rel="stylesheet" href="${attr(opts.styleUri)}">
  <title>${text(opts.title)}</title>
</head>
<body>
  <main id="app"></main>
  <script nonce="${attr(nonce)}" src="${attr(opts.scriptUri)}"></script>
</body>
</html>
`;
}

/** A CSP nonce: 128 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
