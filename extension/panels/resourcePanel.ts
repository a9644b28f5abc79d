/** The resource panel: cores, memory, per-core load and the suggested pool size, kept live. */
import * as vscode from 'vscode';
import type { StatusBarMonitor } from '../statusBarMonitor';
import { PanelHost } from './panelHost';

/** Feeds the panel from the status-bar monitor's readings while the panel is open. */
export class ResourcePanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private subscription: vscode.Disposable | undefined;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, private readonly monitor: StatusBarMonitor) {
    this.host = new PanelHost('resources', 'Parallelize: Resources', extensionUri, log, {
      onDispose: () => {
        this.subscription?.dispose();
        this.subscription = undefined;
      },
    });
  }

  show(): void {
    this.host.show();
    if (this.monitor.latest) this.host.post({ type: 'resources', report: this.monitor.latest });
    this.subscription ??= this.monitor.onDidUpdate((report) => this.host.post({ type: 'resources', report }));
  }

  dispose(): void {
    this.subscription?.dispose();
    this.host.dispose();
  }
}
