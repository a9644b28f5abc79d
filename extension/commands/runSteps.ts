/**
 * What every command that runs a function does before it sends its request (trust, the function
 * at the cursor, its inputs) and how it shows a failure: shared by Parallelize Function and
 * Profile Function, so that both refuse, ask and remember alike. Nothing is saved: the server
 * runs the text the editor holds.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FindFunctionRequest, type FunctionTarget } from '../../protocol/lsp';
import type { RunError } from '../../protocol/results';
import type { ParallelizeFunctionArgs } from '../api';
import type { ServerSupervisor } from '../languageClient';
import type { ExpressionBoxHandle } from './expressionBox';
import { pickInputs } from './inputPicker';
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
  /** Told when the input picker opens and closes (for the API's inputPicker). */
  onPicker?: (picker: vscode.QuickPick<vscode.QuickPickItem> | undefined) => void;
  /** Told when the input box for typing an expression opens and closes (for the API's inputBox). */
  onExpressionBox?: (box: ExpressionBoxHandle | undefined) => void;
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
 * Trust, no run going on, the function at `args` (else the cursor) and its inputs (from `args`,
 * else picked). Undefined when the user was told why not, or dismissed the picker.
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
  const inputs = args?.inputs ?? (await pickInputs(deps, target, words.title));
  if (inputs === undefined) return undefined;
  if (!(await unsavedOutsideTheServer())) return undefined;
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
  if (!editor || !heldLanguages.test(editor.document.languageId)) return undefined;
  const { line, character } = editor.selection.active;
  return { uri: editor.document.uri.toString(), line, character };
}

/** Languages whose open documents the language server holds (the client's document selector): a run sees their unsaved text. */
const heldLanguages = /^typescript(react)?$/;
/** Files a bundle may read from disk that the server does not hold as the editor does. */
const bundledFile = /\.(m?jsx?|cjs|json)$/;

/**
 * A run bundles the editor's text of open TypeScript files; unsaved JavaScript or JSON it could
 * import is read from disk. Asks whether to save those first; false when the user cancelled.
 */
async function unsavedOutsideTheServer(): Promise<boolean> {
  const unsaved = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && !heldLanguages.test(d.languageId) && bundledFile.test(d.fileName));
  if (unsaved.length === 0) return true;
  const names = unsaved.map((d) => vscode.workspace.asRelativePath(d.uri)).join(', ');
  const pick = await vscode.window.showWarningMessage(
    `${names} ${unsaved.length === 1 ? 'has' : 'have'} unsaved changes. A run reads JavaScript and JSON files from disk (TypeScript files run as the editor holds them).`,
    { modal: true },
    'Save and Run',
    'Run Saved Version',
  );
  if (pick === 'Save and Run') await Promise.all(unsaved.map((d) => d.save()));
  return pick !== undefined;
}
