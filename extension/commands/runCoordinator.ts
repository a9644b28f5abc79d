/**
 * One run of workspace code at a time, benchmark or profile (each would take the other's cores and
 * skew its figures), shown in a cancellable notification fed by the server's progress.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RunPartial } from '../../protocol/live';
import { RunPartialNotification, RunProgressNotification, type RunProgress } from '../../protocol/lsp';

/** Told of the running request's progress (0–1), and undefined when it ends (for the API's runProgress). */
export type ProgressListener = (fraction: number | undefined) => void;

/** Who watches a run beyond its notification (the benchmark panel): told its runId, its progress and its partials. */
export interface RunWatcher {
  started?(runId: string): void;
  progress?(progress: RunProgress): void;
  partial?(partial: RunPartial): void;
}

/** A run going on: where its notifications go, and how to cancel it. */
interface Running {
  progress(progress: RunProgress): void;
  partial(partial: RunPartial): void;
  cancel(): void;
}

/** Routes RunProgressNotification and RunPartialNotification by runId to the run they belong to. */
export class RunCoordinator implements vscode.Disposable {
  private readonly runs = new Map<string, Running>();
  // One handler per method: vscode-languageclient keeps only the last one registered, so both commands share these.
  private readonly subscriptions: vscode.Disposable[];
  private runningTitle: string | undefined;

  constructor(client: LanguageClient, private readonly log: vscode.LogOutputChannel, private readonly onProgress?: ProgressListener) {
    this.subscriptions = [
      client.onNotification(RunProgressNotification.type, (p) => this.runs.get(p.runId)?.progress(p)),
      client.onNotification(RunPartialNotification.type, (raw: unknown) => {
        const parsed = RunPartial.safeParse(raw);
        if (parsed.success) this.runs.get(parsed.data.runId)?.partial(parsed.data);
        else this.log.warn(`Ignored a malformed run partial: ${parsed.error.message.slice(0, 300)}`);
      }),
    ];
  }

  /**
   * Cancels the run `runId` as its notification's Cancel button does (the panel's Cancel comes
   * here); false when no such run is going on.
   */
  cancel(runId: string): boolean {
    const running = this.runs.get(runId);
    running?.cancel();
    return running !== undefined;
  }

  /** The title of the run going on ("Parallelize fib", "Profile fib"), if any. */
  get running(): string | undefined {
    return this.runningTitle;
  }

  /** Tells the user a run is going on, when one is; true if so (the caller then stops). */
  refuseIfBusy(): boolean {
    if (this.runningTitle === undefined) return false;
    void vscode.window.showWarningMessage(`A Parallelize run is going on (${this.runningTitle}). Cancel it from its notification, or wait for it to finish.`);
    return true;
  }

  /**
   * Runs `send` under a cancellable progress notification titled `title`, with a fresh runId the
   * server's progress notifications carry. Undefined when another run took the slot meanwhile.
   */
  async run<T>(title: string, send: (runId: string, token: vscode.CancellationToken) => Promise<T>, watcher: RunWatcher = {}): Promise<T | undefined> {
    if (this.refuseIfBusy()) return undefined;
    this.runningTitle = title;
    const runId = randomUUID();
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          // The notification's Cancel and cancel(runId) end the request the same way: through this source.
          const source = new vscode.CancellationTokenSource();
          const linked = token.onCancellationRequested(() => source.cancel());
          let reported = 0;
          this.runs.set(runId, {
            progress: (p) => {
              progress.report({ message: p.message, increment: Math.max(0, p.fraction - reported) * 100 });
              reported = Math.max(reported, p.fraction);
              this.onProgress?.(reported);
              watcher.progress?.(p);
            },
            partial: (p) => watcher.partial?.(p),
            cancel: () => source.cancel(),
          });
          watcher.started?.(runId);
          try {
            return await send(runId, source.token);
          } finally {
            this.runs.delete(runId);
            linked.dispose();
            source.dispose();
            this.onProgress?.(undefined);
          }
        },
      );
    } finally {
      this.runningTitle = undefined;
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
