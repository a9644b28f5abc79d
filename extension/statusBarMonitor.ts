/**
 * The status-bar resource monitor. It asks the language server for each reading, because
 * systeminformation's load reading shells out synchronously and would stall the extension host.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ResourcesRequest } from '../protocol/lsp';
import type { ResourceReport } from '../protocol/results';
import { clientSettings, onDidChangeSettings, runSettings } from './config';

const gigabyte = 1024 ** 3;

/** Status-bar text for a report, e.g. `$(pulse) 37% · 11.2 GB free`. */
export function statusText(report: ResourceReport): string {
  const { loadPercent, memory } = report.resources;
  return `$(pulse) ${Math.round(loadPercent)}% · ${(memory.freeBytes / gigabyte).toFixed(1)} GB free`;
}

function tooltip(report: ResourceReport): vscode.MarkdownString {
  const { resources: r, suggestion: s } = report;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Parallelize: resources**\n\n`);
  md.appendMarkdown(`$(server) ${r.cores} usable cores (${r.logicalCores} logical, ${r.physicalCores} physical)\n\n`);
  md.appendMarkdown(`$(pulse) CPU load ${Math.round(r.loadPercent)}%\n\n`);
  md.appendMarkdown(`$(database) ${(r.memory.freeBytes / gigabyte).toFixed(1)} GB free of ${(r.memory.totalBytes / gigabyte).toFixed(1)} GB\n\n`);
  md.appendMarkdown(`$(rocket) Suggested pool size: **${s.poolSize}** (limited by ${s.limitedBy})\n\n`);
  md.appendMarkdown(`_Click for the resource panel._`);
  return md;
}

/** Polls resources on a timer, shows them in the status bar and tells listeners of each reading. */
export class StatusBarMonitor implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('parallelize.resources', vscode.StatusBarAlignment.Right, 100);
  private readonly updated = new vscode.EventEmitter<ResourceReport>();
  private readonly disposables: vscode.Disposable[] = [this.item, this.updated];
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private failures = 0;
  /** Readings shown so far; the tests wait on it instead of sleeping. */
  updates = 0;
  latest: ResourceReport | undefined;
  /** Fires after each reading. */
  readonly onDidUpdate = this.updated.event;

  constructor(private readonly client: LanguageClient, private readonly log: vscode.LogOutputChannel) {
    this.item.name = 'Parallelize Resources';
    this.item.text = '$(pulse) Parallelize';
    this.item.command = 'parallelize.showResources';
    this.item.show();
    this.disposables.push(
      onDidChangeSettings(() => this.schedule(0)),
      vscode.window.onDidChangeWindowState((s) => { if (s.focused) this.schedule(0); }),
    );
    this.schedule(0);
  }

  get text(): string {
    return this.item.text;
  }

  /** Reads now and re-arms the timer; one request is in flight at most. */
  private schedule(delayMs: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    const interval = clientSettings().monitorIntervalMs;
    try {
      const report = await this.client.sendRequest(ResourcesRequest.type, { maxWorkers: runSettings().maxWorkers });
      if (this.disposed) return;
      this.failures = 0;
      this.latest = report;
      this.updates++;
      this.item.text = statusText(report);
      this.item.tooltip = tooltip(report);
      this.updated.fire(report);
    } catch (error) {
      // Log the first failure of a streak only: a dead server would otherwise flood the log.
      if (this.failures++ === 0) this.log.warn(`Resource reading failed: ${String(error)}`);
      this.item.text = '$(pulse) Parallelize: no reading';
    }
    // A window in the background needs fresh numbers less often; focus brings an immediate reading.
    this.schedule(vscode.window.state.focused ? interval : interval * 5);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
