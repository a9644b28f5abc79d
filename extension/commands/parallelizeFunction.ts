/**
 * "Parallelize Function": find the function at the cursor, ask for inputs, benchmark it in the
 * language server under a cancellable progress notification, and show the result.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FindFunctionRequest, RunProgressNotification, type FunctionTarget } from '../../protocol/lsp';
import type { BenchmarkResult, RunError } from '../../protocol/results';
import type { ParallelizeFunctionArgs } from '../api';
import { runSettings } from '../config';
import type { ServerSupervisor } from '../languageClient';
import type { BenchmarkPanel } from '../panels/benchmarkPanel';

/** Everything the command needs from the rest of the extension. */
export interface ParallelizeFunctionDeps {
  client: LanguageClient;
  /** Sends runs, so that a server that stops under one ends it with a message. */
  supervisor: ServerSupervisor;
  panel: BenchmarkPanel;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** Told of every error shown to the user (for the API's lastRunError). */
  onError?: (error: RunError) => void;
  /** Told of the running benchmark's progress (0–1), and undefined when it ends (for the API's runProgress). */
  onProgress?: (fraction: number | undefined) => void;
}

/** Registers the command; with `inputs` in its arguments it asks nothing (CodeLens, tests, keybindings). */
export function registerParallelizeFunction(deps: ParallelizeFunctionDeps): vscode.Disposable {
  const progressListeners = new Map<string, (message: string, fraction: number) => void>();
  let running = false;
  const progressSubscription = deps.client.onNotification(RunProgressNotification.type, (p) => progressListeners.get(p.runId)?.(p.message, p.fraction));

  const command = vscode.commands.registerCommand(
    'parallelize.parallelizeFunction',
    async (args?: ParallelizeFunctionArgs): Promise<BenchmarkResult | undefined> => {
      if (!vscode.workspace.isTrusted) {
        // Refused before the function is even looked up; the API's lastRunError shows tests the reason the user read.
        const message = 'Parallelize runs code from this workspace, so it needs Workspace Trust. Trust the workspace to benchmark functions.';
        deps.onError?.({ code: 'UNTRUSTED', message });
        deps.log.warn(`UNTRUSTED: ${message}`);
        void vscode.window.showWarningMessage(message, 'Manage Workspace Trust')
          .then((pick) => pick && vscode.commands.executeCommand('workbench.trust.manage'));
        return undefined;
      }
      if (running) {
        void vscode.window.showWarningMessage('A Parallelize benchmark is already running. Cancel it from its notification, or wait for it to finish.');
        return undefined;
      }
      const where = args ?? cursor();
      if (!where) {
        void vscode.window.showInformationMessage('Open a TypeScript file and put the cursor inside the function to parallelize.');
        return undefined;
      }
      const found = await deps.client.sendRequest(FindFunctionRequest.type, where);
      if (!found.ok) {
        showError(found.error, deps);
        return undefined;
      }
      const target = found.value;
      const inputs = args?.inputs ?? (await askInputs(target, deps.state));
      if (inputs === undefined) return undefined;
      // The engine bundles from disk, so what runs is what the user sees.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri);
      if (open?.isDirty) await open.save();
      running = true;
      try {
        return await run(deps, target, inputs, progressListeners);
      } finally {
        running = false;
      }
    },
  );
  return vscode.Disposable.from(command, progressSubscription);
}

function cursor(): ParallelizeFunctionArgs | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !/^typescript(react)?$/.test(editor.document.languageId)) return undefined;
  const { line, character } = editor.selection.active;
  return { uri: editor.document.uri.toString(), line, character };
}

function inputsKey(target: FunctionTarget): string {
  return `inputs:${target.uri}#${target.name}`;
}

async function askInputs(target: FunctionTarget, state: vscode.Memento): Promise<string | undefined> {
  const remembered = state.get<string>(inputsKey(target));
  const inputs = await vscode.window.showInputBox({
    title: `Parallelize: inputs for ${target.name}`,
    prompt: target.parameters.length === 1
      ? 'An expression evaluated in the function\'s module that yields an array; each element is one call\'s argument.'
      : 'An expression evaluated in the function\'s module that yields an array of argument tuples, one per call.',
    value: remembered ?? target.suggestedInputs,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Type an expression that yields an array of inputs.'),
  });
  if (inputs !== undefined) await state.update(inputsKey(target), inputs);
  return inputs;
}

async function run(
  deps: ParallelizeFunctionDeps,
  target: FunctionTarget,
  inputs: string,
  listeners: Map<string, (message: string, fraction: number) => void>,
): Promise<BenchmarkResult | undefined> {
  const runId = randomUUID();
  const settings = runSettings(vscode.Uri.parse(target.uri));
  deps.log.info(`Benchmarking ${target.name} in ${target.file} with inputs ${inputs}`);
  const reply = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Parallelize ${target.name}`, cancellable: true },
    async (progress, token) => {
      let reported = 0;
      listeners.set(runId, (message, fraction) => {
        progress.report({ message, increment: Math.max(0, fraction - reported) * 100 });
        reported = Math.max(reported, fraction);
        deps.onProgress?.(reported);
      });
      try {
        return await deps.supervisor.runBenchmark({ runId, target, inputs, settings }, token);
      } finally {
        listeners.delete(runId);
        deps.onProgress?.(undefined);
      }
    },
  );
  if (!reply.ok) {
    showError(reply.error, deps);
    return undefined;
  }
  const result = reply.value;
  deps.panel.showResult(result);
  deps.log.info(`${target.name}: ${result.verdict}`);
  if (result.errors.length > 0) {
    const first = result.errors[0]!;
    deps.log.error(result.errors.map((e) => `${e.code}${e.inputIndex === undefined ? '' : ` (input ${e.inputIndex})`}: ${e.message}\n${e.stack ?? ''}`).join('\n'));
    // The list keeps 20 of each code; errorCounts has them all.
    const total = Math.max(result.errors.length, Object.values(result.errorCounts).reduce((sum, count) => sum + count, 0));
    void vscode.window.showWarningMessage(`${target.name}: ${total} error(s). First: ${first.message}`, 'Show Log')
      .then((pick) => pick && deps.log.show());
  } else if (result.cancelled) {
    void vscode.window.showInformationMessage(`Parallelize ${target.name}: cancelled; the panel shows what was measured.`);
  }
  return result;
}

function showError(error: RunError, { log, onError }: Pick<ParallelizeFunctionDeps, 'log' | 'onError'>): void {
  onError?.(error);
  log.error(`${error.code}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`);
  void vscode.window.showErrorMessage(error.message, 'Show Log').then((pick) => pick && log.show());
}
