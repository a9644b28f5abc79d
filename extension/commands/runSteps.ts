/**
 * What every command that runs a function does before it sends its request (trust, the function
 * at the cursor, its inputs, saved to disk) and how it shows a failure: shared by Parallelize
 * Function and Profile Function, so that both refuse, ask and remember alike.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FindFunctionRequest, type FunctionTarget } from '../../protocol/lsp';
import type { RunError } from '../../protocol/results';
import type { ParallelizeFunctionArgs } from '../api';
import type { ServerSupervisor } from '../languageClient';
import type { RunCoordinator } from './runCoordinator';

/** Everything a run command needs from the rest of the extension. */
export interface RunCommandDeps {
  client: LanguageClient;
  /** Sends runs, so that a server that stops under one ends it with a message. */
  supervisor: ServerSupervisor;
  /** One run at a time, and its progress notification. */
  runs: RunCoordinator;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** Told of every error shown to the user (for the API's lastRunError). */
  onError?: (error: RunError) => void;
}

/** The words that differ between the commands: "benchmark", "parallelize". */
export interface RunWording {
  /** What the command does to a function, in "Trust the workspace to … functions": `benchmark`, `profile`. */
  verb: string;
  /** In "put the cursor inside the function to …": `parallelize`, `profile`. */
  goal: string;
  /** The input box's title prefix: `Parallelize`, `Profile`. */
  title: string;
}

/** A function found and its inputs chosen: ready to send. */
export interface PreparedRun {
  target: FunctionTarget;
  inputs: string;
}

/**
 * Trust, no run going on, the function at `args` (else the cursor), its inputs (from `args`, else
 * asked, prefilled with what was used last for it), and its file saved. Undefined when the user
 * was told why not, or dismissed the input box.
 */
export async function prepareRun(deps: RunCommandDeps, args: ParallelizeFunctionArgs | undefined, words: RunWording): Promise<PreparedRun | undefined> {
  if (refuseUntrusted(deps, words.verb)) return undefined;
  if (deps.runs.refuseIfBusy()) return undefined;
  const where = args ?? cursor();
  if (!where) {
    void vscode.window.showInformationMessage(`Open a TypeScript file and put the cursor inside the function to ${words.goal}.`);
    return undefined;
  }
  const found = await deps.client.sendRequest(FindFunctionRequest.type, where);
  if (!found.ok) {
    showRunError(found.error, deps);
    return undefined;
  }
  const target = found.value;
  const inputs = args?.inputs ?? (await askInputs(target, deps.state, words));
  if (inputs === undefined) return undefined;
  // The engine bundles from disk, so what runs is what the user sees.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri);
  if (open?.isDirty) await open.save();
  return { target, inputs };
}

/**
 * In an untrusted workspace: says why nothing runs, with a way to trust it, and returns true.
 * Runs are refused before the function is even looked up; the API's lastRunError shows tests the reason the user read.
 */
export function refuseUntrusted({ log, onError }: Pick<RunCommandDeps, 'log' | 'onError'>, verb: string): boolean {
  if (vscode.workspace.isTrusted) return false;
  const message = `Parallelize runs code from this workspace, so it needs Workspace Trust. Trust the workspace to ${verb} functions.`;
  onError?.({ code: 'UNTRUSTED', message });
  log.warn(`UNTRUSTED: ${message}`);
  void vscode.window.showWarningMessage(message, 'Manage Workspace Trust')
    .then((pick) => pick && vscode.commands.executeCommand('workbench.trust.manage'));
  return true;
}

/** Logs the error with its stack and shows its message, with a way to the log. */
export function showRunError(error: RunError, { log, onError }: Pick<RunCommandDeps, 'log' | 'onError'>): void {
  onError?.(error);
  log.error(`${error.code}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`);
  void vscode.window.showErrorMessage(error.message, 'Show Log').then((pick) => pick && log.show());
}

function cursor(): ParallelizeFunctionArgs | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !/^typescript(react)?$/.test(editor.document.languageId)) return undefined;
  const { line, character } = editor.selection.active;
  return { uri: editor.document.uri.toString(), line, character };
}

/** One key per function, shared by both commands: a profile runs on the inputs that were benchmarked. */
function inputsKey(target: FunctionTarget): string {
  return `inputs:${target.uri}#${target.name}`;
}

async function askInputs(target: FunctionTarget, state: vscode.Memento, words: RunWording): Promise<string | undefined> {
  const remembered = state.get<string>(inputsKey(target));
  const inputs = await vscode.window.showInputBox({
    title: `${words.title}: inputs for ${target.name}`,
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
