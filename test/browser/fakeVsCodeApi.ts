/**
 * The boundary fake: stands in for VS Code's `acquireVsCodeApi()` inside the page, records every
 * message the webview posts, and records CSP violations. Installed with page.addInitScript so it
 * exists before the panel's script runs (as VS Code's does). Host → webview messages are sent the
 * way VS Code delivers them: a `message` event on the window.
 */
import type { Page } from 'playwright-core';
import type { FromWebview } from '../../protocol/webview';

/** A CSP violation as the page reported it. */
export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
}

// Runs in the page. Plain JS in a string: tsx's helpers must not leak into page-side code.
const cspRecorder = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blockedURI: e.blockedURI, sample: e.sample });
  }, true);
`;

const fakeApi = `
  window.__posted = [];
  let acquired = false;
  // Kept as JSON in sessionStorage, as VS Code keeps a webview's state as JSON: it outlives a reload of the page.
  const stateKey = '__parallelizeWebviewState';
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => { window.__posted.push(JSON.parse(JSON.stringify(message))); },
      getState: () => { const kept = sessionStorage.getItem(stateKey); return kept === null ? undefined : JSON.parse(kept); },
      setState: (next) => { sessionStorage.setItem(stateKey, JSON.stringify(next)); return next; },
    });
  };
`;

/** Records CSP violations from the start of every document the page loads. */
export async function installCspRecorder(page: Page): Promise<void> {
  await page.addInitScript({ content: `(() => { ${cspRecorder} })();` });
}

/** Installs the fake VS Code API and the CSP recorder. */
export async function installFakeVsCodeApi(page: Page): Promise<void> {
  await page.addInitScript({ content: `(() => { ${cspRecorder} ${fakeApi} })();` });
}

/** Every message the webview has posted to the "host" so far. */
export async function postedMessages(page: Page): Promise<FromWebview[]> {
  return page.evaluate<FromWebview[]>('window.__posted ?? []');
}

/**
 * Polls a page expression until it is truthy. page.waitForFunction would evaluate a string
 * predicate with eval inside the page, which the panel's CSP rightly blocks (and reports).
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate<boolean>(`Boolean(${expression})`)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the webview has posted a message of `type`, and returns the first such. */
export async function waitForPosted<T extends FromWebview['type']>(page: Page, type: T): Promise<Extract<FromWebview, { type: T }>> {
  await waitForExpression(page, `(window.__posted ?? []).some((m) => m.type === ${JSON.stringify(type)})`);
  const found = (await postedMessages(page)).find((m) => m.type === type);
  return found as Extract<FromWebview, { type: T }>;
}

/** Delivers a host → webview message (deliberately untyped: tests send invalid ones too). */
export async function sendToWebview(page: Page, message: unknown): Promise<void> {
  await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
}

/** The CSP violations recorded so far. */
export async function cspViolations(page: Page): Promise<CspViolation[]> {
  return page.evaluate<CspViolation[]>('window.__cspViolations ?? []');
}
