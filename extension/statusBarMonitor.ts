/**
 * The status-bar resource monitor. It asks the language server for each reading, because
 * systeminformation's load reading shells out synchronously and would stall the extension host.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatBytes } from '../protocol/formatBytes';
import { ResourcesRequest, type ResourcesReply } from '../protocol/lsp';
import type { ResourceReport } from '../protocol/results';
import { unfocusedPollBackoff } from '../protocol/settings';
import { clientSettings, onDidChangeSettings, runSettings } from './config';

/**
 * The longest a poll waits for the server, which itself answers within its reading timeout (3 s):
 * past this the server is busy or gone, and the next poll tries again rather than wait forever.
 */
const pollTimeoutMs = 10_000;

/** Status-bar text for a report, e.g. `$(pulse) 37% · 11.2 GB free`. */
export function statusText(report: ResourceReport): string {
  const { loadPercent, memory } = report.resources;
  return `$(pulse) ${Math.round(loadPercent)}% · ${formatBytes(memory.freeBytes)} free`;
}

/** Status-bar text when there is no reading; the reason goes in the tooltip. */
export const unavailableText = '$(pulse) unavailable';

function unavailableTooltip(reason: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown('**Parallelize: resources unavailable**\n\n');
  md.appendText(reason);
  md.appendMarkdown('\n\n_Retried on the next poll; benchmarks do not wait on this reading._');
  return md;
}

function tooltip(report: ResourceReport): vscode.MarkdownString {
  const { resources: r, suggestion: s } = report;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Parallelize: resources**\n\n`);
  md.appendMarkdown(`$(server) ${r.cores} usable cores (${r.logicalCores} logical, ${r.physicalCores} physical)\n\n`);
  if (r.cpuQuota) md.appendMarkdown(`$(dashboard) CPU quota ${+r.cpuQuota.cores.toFixed(2)} cores (${r.cpuQuota.source})\n\n`);
  md.appendMarkdown(`$(pulse) CPU load ${Math.round(r.loadPercent)}%\n\n`);
  md.appendMarkdown(`$(database) ${formatBytes(r.memory.freeBytes)} free of ${formatBytes(r.memory.totalBytes)}\n\n`);
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
  /** Polls that showed "unavailable" so far. */
  unavailableCount = 0;
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
      const reply = await this.poll();
      if (this.disposed) return;
      if (reply.ok) this.show(reply.value);
      else this.unavailable(reply.error.message);
    } catch (error) {
      if (this.disposed) return;
      this.unavailable(`the Parallelize language server did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    // A window in the background needs fresh numbers less often; focus brings an immediate reading.
    this.schedule(vscode.window.state.focused ? interval : interval * unfocusedPollBackoff);
  }

  /** One request, given up (and cancelled) after pollTimeoutMs. */
  private async poll(): Promise<ResourcesReply> {
    const cancel = new vscode.CancellationTokenSource();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancel.cancel();
        reject(new Error(`no answer within ${pollTimeoutMs / 1000} s`));
      }, pollTimeoutMs);
    });
    try {
      const request = this.client.sendRequest(ResourcesRequest.type, { maxWorkers: runSettings().maxWorkers }, cancel.token);
      request.catch(() => undefined); // a late failure after the timeout has no one to tell
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
  }

  private show(report: ResourceReport): void {
    if (this.failures > 0) this.log.info(`Resource readings are back after ${this.failures} unavailable.`);
    this.failures = 0;
    this.latest = report;
    this.updates++;
    this.item.text = statusText(report);
    this.item.tooltip = tooltip(report);
    this.updated.fire(report);
  }

  private unavailable(reason: string): void {
    // Log the first failure of a streak only: a hung reader or a dead server would otherwise flood the log.
    if (this.failures++ === 0) this.log.warn(`Resource reading unavailable: ${reason}`);
    this.unavailableCount++;
    this.item.text = unavailableText;
    this.item.tooltip = unavailableTooltip(reason);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
