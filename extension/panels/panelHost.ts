/**
 * One webview panel of ours: a singleton that loads its bundle under a strict CSP, waits for the
 * page's `ready` before sending data, validates everything the page sends, and disposes cleanly.
 * It comes back after a window reload (a webview panel serializer per panel), showing the last
 * state it was sent, which it keeps in workspaceState when given one.
 */
import * as vscode from 'vscode';
import { exceedsBounds, toWebviewBounds } from '../../protocol/messageBounds';
import { ToWebview, transientMessages, type FromWebview, type PanelId } from '../../protocol/webview';
import { parseFromWebview } from './fromWebview';
import { makeNonce, panelHtml } from './panelHtml';

/** What a concrete panel does with a page's messages beyond the handshake, and where it keeps its state. */
export interface PanelHandlers {
  onMessage?(message: Exclude<FromWebview, { type: 'ready' }>): void;
  /** Called when the panel opens, created or restored after a reload, so its owner can start feeding it. */
  onOpen?(): void;
  /** Called when the panel closes, so its owner can stop feeding it. */
  onDispose?(): void;
  /** Where the latest state (transient messages aside) is kept, so a reloaded window shows it again. */
  state?: vscode.Memento;
}

/** Our panels that are open: a new one joins their column as a tab rather than opening another column. */
const openHosts = new Set<PanelHost>();

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
  ) {
    this.latest = this.readKept();
    // VS Code restores the panel after a reload only through a serializer registered for its view type.
    this.disposables.push(vscode.window.registerWebviewPanelSerializer(this.viewType, {
      deserializeWebviewPanel: (panel) => {
        this.adopt(panel);
        return Promise.resolve();
      },
    }));
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Whether the panel is open (visible or a background tab). */
  get open(): boolean {
    return this.panel !== undefined;
  }

  /** The latest state sent (or kept from before a reload), if any. */
  get state(): ToWebview | undefined {
    return this.latest;
  }

  private get viewType(): string {
    return `parallelize.${this.id}`;
  }

  private get stateKey(): string {
    return `panel:${this.id}`;
  }

  /**
   * Opens the panel, or brings it forward if it is open; `preserveFocus` leaves the focus where it
   * is. It opens as a tab beside our other panels when one is open, else beside the editor.
   */
  show(options: { preserveFocus?: boolean } = {}): void {
    const preserveFocus = options.preserveFocus ?? false;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const viewColumn = [...openHosts].map((host) => host.panel?.viewColumn).find((column) => column !== undefined) ?? vscode.ViewColumn.Beside;
    const panel = vscode.window.createWebviewPanel(this.viewType, this.title, { viewColumn, preserveFocus }, this.webviewOptions());
    this.attach(panel);
  }

  /** Takes over a panel VS Code restored after a reload (or disposes it if this one is already open). */
  private adopt(panel: vscode.WebviewPanel): void {
    if (this.panel) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')] };
  }

  private attach(panel: vscode.WebviewPanel): void {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
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
    openHosts.add(this);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        openHosts.delete(this);
        for (const subscription of subscriptions) subscription.dispose();
        this.handlers.onDispose?.();
      }),
    ];
    this.handlers.onOpen?.();
  }

  /** Sends state to the page now if it is ready, else as soon as it says so; keeps it across reloads unless transient. */
  post(message: ToWebview): void {
    this.latest = message;
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
    if (this.handlers.state && !transientMessages.has(message.type)) void this.handlers.state.update(this.stateKey, message);
  }

  /** The state kept before the reload, validated as the page would (workspaceState is a file anyone can edit). */
  private readKept(): ToWebview | undefined {
    const raw = this.handlers.state?.get<unknown>(this.stateKey);
    if (raw === undefined) return undefined;
    const tooBig = exceedsBounds(raw, toWebviewBounds);
    const parsed = tooBig ? undefined : ToWebview.safeParse(raw);
    if (parsed?.success && !transientMessages.has(parsed.data.type)) return parsed.data;
    const why = tooBig ?? (parsed && !parsed.success ? parsed.error.message.slice(0, 200) : 'a transient message');
    this.log.warn(`The ${this.id} panel's kept state was unreadable (${why}); it starts empty.`);
    return undefined;
  }

  /** Handles a message as the page posts it: bounded, validated, then acted on. */
  receive(raw: unknown): void {
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
    openHosts.delete(this);
    for (const d of this.disposables) d.dispose();
  }
}
