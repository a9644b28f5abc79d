/** The benchmark panel: a run live as it goes, then the charts and the table of its result. */
import * as vscode from 'vscode';
import type { LiveView, RunPartial } from '../../protocol/live';
import type { RunProgress } from '../../protocol/lsp';
import type { BenchmarkResult } from '../../protocol/results';
import { performBenchmarkAction } from './benchmarkActions';
import type { RunWatcher } from '../commands/runCoordinator';
import { PanelHost } from './panelHost';

/** Opens the benchmark panel and keeps it showing the run going on, or the most recent result. */
export class BenchmarkPanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private result: BenchmarkResult | undefined;
  private live: LiveView | undefined;
  /** Cancels the run shown live (the RunCoordinator's cancellation, as the notification's Cancel). */
  private cancelLive: ((runId: string) => boolean) | undefined;

  constructor(extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, state?: vscode.Memento) {
    this.host = new PanelHost('benchmark', 'Parallelize: Benchmark', extensionUri, log, {
      state,
      onMessage: (message) => {
        // A webview is a boundary: it may only open the file of the result it shows, not any path.
        if (message.type === 'openFunction' && message.file === this.result?.function.file) void openAt(message.file, message.line);
        else if (message.type === 'openFunction') log.warn(`Ignored a request from the benchmark panel to open ${message.file}, which is not the measured function's file`);
        else if (message.type === 'benchmarkAction') void performBenchmarkAction(message.action, message.startedAt, this.result, { extensionUri, log });
        else if (message.type === 'cancelRun') this.cancel(message.runId);
      },
    });
    // After a reload, the result the panel showed before it.
    const kept = this.host.state;
    if (kept?.type === 'benchmark') this.result = kept.result;
  }

  /** The result the panel shows: the last run's, in this session or kept from before a reload. */
  get last(): BenchmarkResult | undefined {
    return this.result;
  }

  /** The live run the panel shows, while one goes on (or failed last). */
  get liveRun(): LiveView | undefined {
    return this.live;
  }

  /** Shows a new result, opening the panel if needed. */
  showResult(result: BenchmarkResult): void {
    this.result = result;
    // The focus stays in the editor, as with a profile: the user reads the result beside the code,
    // and the function's CodeLens takes the result at once (VS Code drops a lens refresh when the
    // editor loses the focus while it waits).
    this.live = undefined;
    this.host.show({ preserveFocus: true });
    this.host.post({ type: 'benchmark', result });
  }

  /** Opens the panel with whatever it last showed (an empty state before any run). */
  show(): void {
    this.host.show();
  }

  /**
   * Feeds the panel a run of `name` as it goes: it opens when the run starts, without taking the
   * focus from the editor; its Cancel button calls `cancel`.
   */
  watch(name: string, cancel: (runId: string) => boolean): RunWatcher {
    return {
      started: (runId) => {
        this.cancelLive = cancel;
        this.live = { runId, name, partial: null, progress: null, state: 'running' };
        this.host.show({ preserveFocus: true });
        this.postLive();
      },
      progress: (progress: RunProgress) => this.updateLive(progress.runId, { progress: { message: progress.message, fraction: progress.fraction, ...(progress.phase ? { phase: progress.phase } : {}) } }),
      partial: (partial: RunPartial) => this.updateLive(partial.runId, { partial }),
    };
  }

  /** The run shown live ended without a result: the panel says why, in place of its phases' progress. */
  failLive(message: string): void {
    if (!this.live) return;
    this.live = { ...this.live, state: 'failed', error: message.slice(0, 8 * 1024) };
    this.postLive();
  }

  /**
   * Handles `raw` as if the page had posted it, through the same validation: the integration
   * suite runs in the extension host and cannot click inside a webview.
   */
  simulatePageMessage(raw: unknown): void {
    this.host.receive(raw);
  }

  dispose(): void {
    this.host.dispose();
  }

  private cancel(runId: string): void {
    if (this.live?.runId !== runId || this.live.state !== 'running') {
      this.log.warn(`Ignored a cancel from the benchmark panel for run ${runId}, which is not the run it shows going on`);
      return;
    }
    this.log.info('Cancel pressed in the benchmark panel');
    if (this.cancelLive?.(runId)) {
      this.live = { ...this.live, state: 'cancelling' };
      this.postLive();
    }
  }

  private updateLive(runId: string, change: Partial<LiveView>): void {
    if (this.live?.runId !== runId) return;
    this.live = { ...this.live, ...change };
    this.postLive();
  }

  private postLive(): void {
    if (!this.live) return;
    this.host.post({ type: 'live', run: this.live });
  }
}

async function openAt(file: string, line: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const position = new vscode.Position(line - 1, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
}
