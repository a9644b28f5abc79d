/**
 * One webview panel of ours: a singleton that loads its bundle under a strict CSP, waits for the
 * page's `ready` before sending data, validates everything the page sends, and disposes cleanly.
 */
import * as vscode from 'vscode';
import type { FromWebview, PanelId, ToWebview } from '../../protocol/webview';
import { parseFromWebview } from './fromWebview';
import { makeNonce, panelHtml } from './panelHtml';

/** What a concrete panel does with a page's messages beyond the handshake. */
export interface PanelHandlers {
  onMessage?(message: Exclude<FromWebview, { type: 'ready' }>): void;
  /** Called when the panel closes, so its owner can stop feeding it. */
  onDispose?(): void;
}

/** A webview panel that holds the latest state and re-sends it whenever the page (re)loads. */
export class PanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private latest: ToWebview | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly id: PanelId,
    private readonly title: string,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly handlers: PanelHandlers = {},
  ) {}

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Opens the panel beside the editor, or brings it forward if it is open; `preserveFocus` leaves the focus where it is. */
  show(options: { preserveFocus?: boolean } = {}): void {
    const preserveFocus = options.preserveFocus ?? false;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(`parallelize.${this.id}`, this.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, {
      enableScripts: true,
      localResourceRoots: [root],
    });
    const uri = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
    panel.webview.html = panelHtml({
      title: this.title,
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: uri(`${this.id}.js`),
      styleUri: uri(`${this.id}.css`),
      codiconUri: uri('codicon.css'),
    });
    this.ready = false;
    this.panel = panel;
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        this.handlers.onDispose?.();
      }),
    );
  }

  /** Sends state to the page now if it is ready, else as soon as it says so. */
  post(message: ToWebview): void {
    this.latest = message;
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const received = parseFromWebview(raw);
    if (!received.ok) {
      this.log.warn(`Ignored ${received.reason} from the ${this.id} panel.`);
      return;
    }
    const message = received.message;
    if (message.type === 'ready') {
      this.ready = true;
      if (this.latest) void this.panel?.webview.postMessage(this.latest);
    } else if (message.type === 'error') {
      this.log.error(`${this.id} panel: ${message.message}`);
    } else {
      this.handlers.onMessage?.(message);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
