/**
 * The panel's side of the host boundary. Inside VS Code it talks to the extension host through
 * `acquireVsCodeApi()`; in the CLI's standalone HTML report there is no host, so the one message
 * the page shows is read from `<script type="application/json" id="parallelize-data">`.
 */
// Must come first: it configures zod before the protocol's schemas are constructed.
import './zodConfig';
import { exceedsBounds, maxReportedErrorChars, messageType, toWebviewBounds } from '../../protocol/messageBounds';
import { FromWebview, ToWebview, transientMessages } from '../../protocol/webview';

/** What VS Code gives a webview script; `postMessage` is typed with our protocol. */
export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  /** Injected by VS Code into webviews; absent in the standalone report. May be called only once. */
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

/** Where the page runs: a VS Code webview, or the self-contained HTML report. */
export type HostMode = 'vscode' | 'standalone';

/** The id of the JSON block the standalone report embeds its message in. */
export const standaloneDataId = 'parallelize-data';

const vscode: VsCodeApi | undefined = typeof globalThis.acquireVsCodeApi === 'function' ? globalThis.acquireVsCodeApi() : undefined;

/** How this page was loaded. */
export const hostMode: HostMode = vscode ? 'vscode' : 'standalone';

/** Sends a typed message to the extension host (dropped, with a log line, in standalone mode). */
export function post(message: FromWebview): void {
  if (vscode) {
    vscode.postMessage(message);
  } else if (message.type === 'error') {
    console.error(`[parallelize] ${message.message}`);
  }
}

/** Reports a webview-side failure to the host's log channel, cut so that the host never refuses it as oversized. */
export function reportError(message: string): void {
  post({ type: 'error', message: message.length > maxReportedErrorChars ? `${message.slice(0, maxReportedErrorChars - 1)}…` : message });
}

let readySent = false;

/**
 * Attaches the message listener, then tells the host the page is ready (once). Every incoming
 * message is checked against toWebviewBounds (at a cost bounded by them, however large it is),
 * then validated with `ToWebview`; one that fails either is ignored and reported as an error.
 * In VS Code the last message shown (a transient one aside) is kept with `setState` and shown
 * again first thing when the page reloads (a hidden tab brought back, a window reloaded), before
 * the host has answered `ready`.
 */
export function onMessage(handler: (message: ToWebview) => void): void {
  const deliver = (data: unknown): void => {
    const tooBig = exceedsBounds(data, toWebviewBounds);
    if (tooBig) {
      reportError(`Ignored a message (${messageType(data)}) ${tooBig}.`);
      return;
    }
    const parsed = ToWebview.safeParse(data);
    if (!parsed.success) {
      reportError(`Ignored an invalid message (${messageType(data)}): ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
      return;
    }
    try {
      handler(parsed.data);
    } catch (err) {
      reportError(`Rendering ${parsed.data.type} failed: ${describe(err)}`);
    }
    if (vscode && !transientMessages.has(parsed.data.type)) vscode.setState(parsed.data);
  };

  if (vscode) {
    // Validated like any message: the state is what this page stored, but a webview's storage is not ours alone to trust.
    const kept = vscode.getState();
    if (kept !== undefined && kept !== null) deliver(kept);
    window.addEventListener('message', (event: MessageEvent<unknown>) => deliver(event.data));
  } else {
    const block = document.getElementById(standaloneDataId);
    if (block?.textContent) {
      let data: unknown;
      try {
        data = JSON.parse(block.textContent);
      } catch (err) {
        reportError(`The embedded report data is not JSON: ${describe(err)}`);
      }
      if (data !== undefined) queueMicrotask(() => deliver(data));
    }
  }

  if (!readySent) {
    readySent = true;
    post({ type: 'ready' });
  }
}

/** Forwards uncaught script errors to the host so they land in the log channel, not nowhere. */
export function reportUncaughtErrors(): void {
  window.addEventListener('error', (event) => reportError(`${event.message} (${event.filename}:${event.lineno})`));
  window.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => reportError(`Unhandled rejection: ${describe(event.reason)}`));
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.message}${err.stack ? `\n${err.stack}` : ''}` : String(err);
}
