/**
 * One run of workspace code at a time, benchmark or profile (each would take the other's cores and
 * skew its figures), shown in a cancellable notification fed by the server's progress.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RunProgressNotification } from '../../protocol/lsp';

/** Told of the running request's progress (0–1), and undefined when it ends (for the API's runProgress). */
export type ProgressListener = (fraction: number | undefined) => void;

/** Routes RunProgressNotification by runId to the notification of the run it belongs to. */
export class RunCoordinator implements vscode.Disposable {
  private readonly listeners = new Map<string, (message: string, fraction: number) => void>();
  // One handler per method: vscode-languageclient keeps only the last one registered, so both commands share this one.
  private readonly subscription: vscode.Disposable;
  private runningTitle: string | undefined;

  constructor(client: LanguageClient, private readonly onProgress?: ProgressListener) {
    this.subscription = client.onNotification(RunProgressNotification.type, (p) => this.listeners.get(p.runId)?.(p.message, p.fraction));
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
  async run<T>(title: string, send: (runId: string, token: vscode.CancellationToken) => Promise<T>): Promise<T | undefined> {
    if (this.refuseIfBusy()) return undefined;
    this.runningTitle = title;
    const runId = randomUUID();
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          let reported = 0;
          this.listeners.set(runId, (message, fraction) => {
            progress.report({ message, increment: Math.max(0, fraction - reported) * 100 });
            reported = Math.max(reported, fraction);
            this.onProgress?.(reported);
          });
          try {
            return await send(runId, token);
          } finally {
            this.listeners.delete(runId);
            this.onProgress?.(undefined);
          }
        },
      );
    } finally {
      this.runningTitle = undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
