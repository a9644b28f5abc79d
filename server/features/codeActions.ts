/**
 * The server's one code-action provider (an LSP connection has a single onCodeAction handler, so
 * every feature's actions are gathered here): the parallel-safety quick fixes, and "Generate
 * worker-pool version" in a function Parallelize offers itself on. That action's title says what
 * the last run found (a measured speedup, keep it serial, failed, or not run: defaults); its edit
 * is computed on `codeAction/resolve` when the client supports it, and its follow-up command opens
 * the generated files and offers to add piscina where the project lacks it.
 */
import {
  CodeActionKind,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionOptions,
  type CodeActionParams,
  type Command,
  type Connection,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { generatedPoolCommand, type GeneratedPoolArgs } from '../../protocol/codegen';
import type { BenchmarkResult } from '../../protocol/results';
import { findFunctionAt } from '../analysis/findFunction';
import { generatePoolCode } from '../codegen/generatePoolCode';
import { detectModuleKind } from '../codegen/moduleKind';
import { piscinaStatus } from '../codegen/piscinaStatus';
import type { LastResults } from './lastResults';
import { offersFunction, offersInFile } from './offeredFunctions';
import { resultLensText, runVerdict } from './resultSummary';
import { safetyQuickFixes } from './safetyQuickFixes';

/** The start of the action's title, as users (and tests) find it in the light-bulb menu. */
export const generatePoolTitle = 'Generate worker-pool version';

/**
 * The title with what the last run found, so that nobody generates a pool the benchmark advised
 * against without reading so: `… (measured 1.9× on 2 workers)`, `… (last run: keep it serial)`.
 */
export function generatePoolActionTitle(result: BenchmarkResult | undefined): string {
  if (!result) return `${generatePoolTitle} (not benchmarked: default sizes)`;
  switch (runVerdict(result)) {
    case 'pool': return `${generatePoolTitle} (measured ${resultLensText(result)})`;
    case 'keepSerial': return `${generatePoolTitle} (last run: keep it serial)`;
    case 'failed': return `${generatePoolTitle} (last run failed: default sizes)`;
  }
}

/** What the provider needs from the server. */
export interface CodeActionDeps {
  /** The document as the editor holds it, else as on disk. */
  readDocument(uri: string): Promise<TextDocument | undefined>;
  /** An open document, for its version. */
  openDocument(uri: string): TextDocument | undefined;
  lastResults: LastResults;
  client(): ClientCapabilities;
  now?: () => Date;
}

/** What travels in `CodeAction.data` from the offer to its resolution. */
const GenerateData = z.object({ action: z.literal('parallelize.generatePool'), uri: z.string(), name: z.string() });
type GenerateData = z.infer<typeof GenerateData>;

/** The server capability, announced in `initialize`. */
export const codeActionCapability: CodeActionOptions = {
  codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite],
  resolveProvider: true,
};

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** The client can create files and apply versioned edits: without both the action could not be applied. */
function canApply(client: ClientCapabilities): boolean {
  const edit = client.workspace?.workspaceEdit;
  return !!edit?.documentChanges && !!edit.resourceOperations?.includes('create');
}

function resolvesEdits(client: ClientCapabilities): boolean {
  return !!client.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The workspace edit that writes the worker and the wrapper and exports the function if needed,
 * and the command that opens them. Callers are left as they are: an import of the wrapper where
 * nothing calls it yet would be an unused import (an error under `noUnusedLocals`); the wrapper's
 * header says what to write instead of the serial map.
 */
export async function generatePoolEdit(deps: CodeActionDeps, data: GenerateData): Promise<{ ok: true; edit: WorkspaceEdit; command: Command } | { ok: false; message: string }> {
  const source = await deps.readDocument(data.uri);
  if (!source) return { ok: false, message: `Cannot read ${data.uri}.` };
  const sourceFile = fileURLToPath(data.uri);
  const moduleKind = detectModuleKind(sourceFile, readText);
  const result = deps.lastResults.get(sourceFile, data.name);
  const generated = generatePoolCode({ sourceFile, sourceText: source.getText(), name: data.name, moduleKind, now: deps.now?.() ?? new Date(), ...(result ? { result } : {}) });
  if (!generated.ok) return generated;
  const code = generated.value;
  const changes: NonNullable<WorkspaceEdit['documentChanges']> = [];
  const fileStart = { line: 0, character: 0 };
  for (const file of [code.worker, code.wrapper]) {
    const uri = pathToFileURL(file.file).href;
    // Generating again replaces the files, so that new measurements reach the defaults.
    changes.push({ kind: 'create', uri, options: { overwrite: true } });
    changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: fileStart, end: fileStart }, newText: file.text }] });
  }
  const style = code.target.exportStyle;
  // The worker imports the function, so a function that is not exported becomes exported.
  if (style.kind === 'none') {
    const edits = style.insertExportAt.map((offset) => ({ range: { start: source.positionAt(offset), end: source.positionAt(offset) }, newText: 'export ' }));
    changes.push({ textDocument: { uri: source.uri, version: deps.openDocument(source.uri)?.version ?? null }, edits } satisfies TextDocumentEdit);
  }
  const args: GeneratedPoolArgs = { wrapperUri: pathToFileURL(code.wrapper.file).href, workerUri: pathToFileURL(code.worker.file).href, piscina: piscinaStatus(sourceFile) };
  return { ok: true, edit: { documentChanges: changes }, command: { title: 'Open the generated files', command: generatedPoolCommand, arguments: [args] } };
}

/** The "Generate worker-pool version" action at a position, or none outside a runnable function. */
async function generateAction(deps: CodeActionDeps, params: CodeActionParams, document: TextDocument): Promise<CodeAction | undefined> {
  if (!wants(params.context.only, CodeActionKind.RefactorRewrite) || !document.uri.startsWith('file:') || !canApply(deps.client())) return undefined;
  const file = fileURLToPath(document.uri);
  const text = document.getText();
  if (!offersInFile(file, text)) return undefined;
  const found = findFunctionAt(file, text, document.offsetAt(params.range.start));
  if (!found.ok || !offersFunction(found.value)) return undefined;
  const data: GenerateData = { action: 'parallelize.generatePool', uri: document.uri, name: found.value.name };
  const action: CodeAction = { title: generatePoolActionTitle(deps.lastResults.get(file, found.value.name)), kind: CodeActionKind.RefactorRewrite, data };
  if (resolvesEdits(deps.client())) return action;
  const built = await generatePoolEdit(deps, data);
  return built.ok ? { ...action, edit: built.edit, command: built.command } : { ...action, disabled: { reason: built.message } };
}

/** Every code action for a range: the parallel-safety quick fixes, then "Generate worker-pool version". */
export async function codeActions(deps: CodeActionDeps, params: CodeActionParams): Promise<CodeAction[]> {
  const fixes = safetyQuickFixes(params);
  const document = deps.openDocument(params.textDocument.uri);
  const generate = document && (await generateAction(deps, params, document));
  return generate ? [...fixes, generate] : fixes;
}

/** Answers `textDocument/codeAction` and `codeAction/resolve`. */
export function registerCodeActions(connection: Connection, deps: CodeActionDeps): void {
  connection.onCodeAction((params) => codeActions(deps, params));
  connection.onCodeActionResolve(async (action) => {
    const data = GenerateData.safeParse(action.data);
    if (!data.success) return action; // Quick fixes carry their edits already.
    const built = await generatePoolEdit(deps, data.data);
    if (built.ok) return { ...action, edit: built.edit, command: built.command };
    connection.console.error(`${generatePoolTitle}: ${built.message}`);
    void connection.window.showErrorMessage(`Parallelize could not generate the worker-pool version: ${built.message}`);
    return action;
  });
}
