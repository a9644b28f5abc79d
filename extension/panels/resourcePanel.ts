/** The resource panel: cores, memory, per-core load and the suggested pool size, kept live. */
import * as vscode from 'vscode';
import type { StatusBarMonitor } from '../statusBarMonitor';
import { PanelHost } from './panelHost';

/** Feeds the panel from the status-bar monitor's readings while the panel is open. */
export class ResourcePanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private monitor: StatusBarMonitor | undefined;
  private subscription: vscode.Disposable | undefined;

  /** Created at activation, before the language server answers, so that a panel restored after a reload finds its serializer. */
  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    this.host = new PanelHost('resources', 'Parallelize: Resources', extensionUri, log, {
      // Opened by the command or restored after a reload: either way it needs the readings.
      onOpen: () => this.feed(),
      onDispose: () => {
        this.subscription?.dispose();
        this.subscription = undefined;
      },
    });
  }

  /** Starts feeding an open panel once the monitor exists (the language server has started). */
  attach(monitor: StatusBarMonitor): void {
    this.monitor = monitor;
    if (this.host.open) this.feed();
  }

  show(): void {
    this.host.show();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.host.dispose();
  }

  private feed(): void {
    const { monitor } = this;
    if (!monitor) return;
    if (monitor.latest) this.host.post({ type: 'resources', report: monitor.latest });
    this.subscription ??= monitor.onDidUpdate((report) => this.host.post({ type: 'resources', report }));
  }
}
