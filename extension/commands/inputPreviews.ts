/**
 * Previews of inputs expressions while the user picks: each evaluated by the server in a run host
 * (it is the user's code), one at a time so they do not crowd the cores, each once per expression,
 * all cancelled when the user has chosen so that none runs beside the benchmark.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PreviewInputsRequest, type FunctionTarget, type InputsPreview } from '../../protocol/lsp';
import type { RunError } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';

/** A preview, or why there is none; `blocking` when the run would fail the same way, so the expression needs fixing first. */
export type PreviewOutcome = { ok: true; value: InputsPreview } | { ok: false; error: RunError; blocking: boolean };

/** Errors a run would meet too: the expression is wrong, not the moment. */
const blockingCodes: ReadonlySet<RunError['code']> = new Set(['INPUTS_FAILED', 'INPUTS_NOT_ARRAY', 'INPUTS_EMPTY', 'INPUTS_TOO_MANY', 'BUNDLE_FAILED', 'TASK_THREW', 'NOT_CLONEABLE', 'FILE_NOT_FOUND', 'FUNCTION_NOT_FOUND']);

/** `32 inputs · first: { x: 0, y: 0 }`. */
export function describePreview(preview: InputsPreview): string {
  return `${preview.count.toLocaleString('en-US')} ${preview.count === 1 ? 'input' : 'inputs'} · first: ${preview.first}`;
}

/** The previews of one pick: for one function with the run's settings. */
export class InputPreviews implements vscode.Disposable {
  private readonly outcomes = new Map<string, Promise<PreviewOutcome>>();
  /** The outcomes that have come back (cancelled ones excepted), for a decision that must not wait. */
  private readonly settled = new Map<string, PreviewOutcome>();
  private readonly pending = new Set<vscode.CancellationTokenSource>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: LanguageClient,
    private readonly target: FunctionTarget,
    private readonly settings: RunSettings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The preview of `inputs`, queued behind the others (evaluated once; a cancelled one is tried again when asked again). */
  preview(inputs: string): Promise<PreviewOutcome> {
    let outcome = this.outcomes.get(inputs);
    if (outcome === undefined) {
      outcome = this.enqueue(inputs);
      this.outcomes.set(inputs, outcome);
      void outcome.then((o) => {
        if (!o.ok && o.error.code === 'CANCELLED') this.outcomes.delete(inputs);
        else this.settled.set(inputs, o);
      });
    }
    return outcome;
  }

  /** The preview of `inputs` if it has come back; undefined while it is evaluated (or was never asked for). */
  known(inputs: string): PreviewOutcome | undefined {
    return this.settled.get(inputs);
  }

  /** The preview of `inputs` alone: everything queued or running before it is cancelled (the user typed on). */
  latest(inputs: string): Promise<PreviewOutcome> {
    for (const source of this.pending) source.cancel();
    return this.preview(inputs);
  }

  /** Cancels every preview and resolves once the running one has stopped, so a run starts on quiet cores. */
  async settle(): Promise<void> {
    for (const source of this.pending) source.cancel();
    await this.queue;
  }

  dispose(): void {
    void this.settle();
  }

  private enqueue(inputs: string): Promise<PreviewOutcome> {
    const source = new vscode.CancellationTokenSource();
    this.pending.add(source);
    const run = async (): Promise<PreviewOutcome> => {
      try {
        if (source.token.isCancellationRequested) return cancelled();
        const reply = await this.client.sendRequest(PreviewInputsRequest.type, { target: this.target, inputs, settings: this.settings }, source.token);
        return reply.ok ? reply : { ok: false, error: reply.error, blocking: blockingCodes.has(reply.error.code) };
      } catch (error) {
        if (source.token.isCancellationRequested) return cancelled();
        this.log.warn(`Previewing the inputs ${inputs} failed: ${error instanceof Error ? error.message : String(error)}`);
        return { ok: false, error: { code: 'INTERNAL', message: 'no preview: the language server did not answer' }, blocking: false };
      } finally {
        this.pending.delete(source);
        source.dispose();
      }
    };
    const outcome = this.queue.then(run);
    this.queue = outcome.catch(() => undefined);
    return outcome;
  }
}

function cancelled(): PreviewOutcome {
  return { ok: false, error: { code: 'CANCELLED', message: 'the preview was cancelled' }, blocking: false };
}
