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
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { generatedPoolCommand, type GeneratedPoolArgs } from '../../protocol/codegen';
import type { BenchmarkResult } from '../../protocol/results';
import { findFunctionAt } from '../analysis/findFunction';
import { generatePoolCode } from '../codegen/generatePoolCode';
import { detectModuleKind } from '../codegen/moduleKind';
import { piscinaStatus } from '../codegen/piscinaStatus';
import { bullmqAction, GenerateBullmqData, generateBullmqEdit, generateBullmqTitle } from './generateBullmqAction';
import { canApply, exportInsertions, insertions, readText, resolvesEdits, wants, writeFiles } from './generatedEdits';
import type { LastResults } from './lastResults';
import { offersFunction, offersInFile } from './offeredFunctions';
import { resultLensText, runVerdict } from './resultSummary';
import { safetyQuickFixes } from './safetyQuickFixes';

/** The start of the action's title, as users (and tests) find it in the light-bulb menu. */
export const generatePoolTitle = 'Generate worker-pool version';

/**
 * What the last run found, after a generate action's name, so that nobody generates code the
 * benchmark advised against without reading so: `(measured 1.9× on 2 workers)`, `(last run: keep it serial)`.
 */
export function lastRunNote(result: BenchmarkResult | undefined): string {
  if (!result) return '(not benchmarked: default sizes)';
  switch (runVerdict(result)) {
    case 'pool': return `(measured ${resultLensText(result)})`;
    case 'keepSerial': return '(last run: keep it serial)';
    case 'failed': return '(last run failed: default sizes)';
  }
}

/** The pool action's full title for the last result of its function. */
export function generatePoolActionTitle(result: BenchmarkResult | undefined): string {
  return `${generatePoolTitle} ${lastRunNote(result)}`;
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
  const changes = writeFiles([code.worker, code.wrapper]);
  // The worker imports the function, so a function that is not exported becomes exported.
  const exports = exportInsertions(code.target.exportStyle);
  if (exports.length > 0) changes.push({ textDocument: { uri: source.uri, version: deps.openDocument(source.uri)?.version ?? null }, edits: insertions(source, exports) });
  const args: GeneratedPoolArgs = { wrapperUri: pathToFileURL(code.wrapper.file).href, workerUri: pathToFileURL(code.worker.file).href, piscina: piscinaStatus(sourceFile) };
  return { ok: true, edit: { documentChanges: changes }, command: { title: 'Open the generated files', command: generatedPoolCommand, arguments: [args] } };
}

/** The "Generate worker-pool version" and "Generate BullMQ version" actions at a position, or none outside a function a user would parallelize. */
async function generateActions(deps: CodeActionDeps, params: CodeActionParams, document: TextDocument): Promise<CodeAction[]> {
  if (!wants(params.context.only, CodeActionKind.RefactorRewrite) || !document.uri.startsWith('file:') || !canApply(deps.client())) return [];
  const file = fileURLToPath(document.uri);
  const text = document.getText();
  if (!offersInFile(file, text)) return [];
  const found = findFunctionAt(file, text, document.offsetAt(params.range.start));
  if (!found.ok || !offersFunction(found.value)) return [];
  const last = deps.lastResults.get(file, found.value.name);
  const data: GenerateData = { action: 'parallelize.generatePool', uri: document.uri, name: found.value.name };
  const action: CodeAction = { title: generatePoolActionTitle(last), kind: CodeActionKind.RefactorRewrite, data };
  const bullmq = await bullmqAction(deps, document, found.value.name, `${generateBullmqTitle} ${lastRunNote(last)}`);
  if (resolvesEdits(deps.client())) return [action, ...bullmq];
  const built = await generatePoolEdit(deps, data);
  return [built.ok ? { ...action, edit: built.edit, command: built.command } : { ...action, disabled: { reason: built.message } }, ...bullmq];
}

/** Every code action for a range: the parallel-safety quick fixes, then the generate actions. */
export async function codeActions(deps: CodeActionDeps, params: CodeActionParams): Promise<CodeAction[]> {
  const fixes = safetyQuickFixes(params);
  const document = deps.openDocument(params.textDocument.uri);
  const generate = document ? await generateActions(deps, params, document) : [];
  return [...fixes, ...generate];
}

/** Answers `textDocument/codeAction` and `codeAction/resolve`. */
export function registerCodeActions(connection: Connection, deps: CodeActionDeps): void {
  connection.onCodeAction((params) => codeActions(deps, params));
  connection.onCodeActionResolve(async (action) => {
    const bullmq = GenerateBullmqData.safeParse(action.data);
    if (bullmq.success) {
      const built = await generateBullmqEdit(deps, bullmq.data);
      if (built.ok) return { ...action, edit: built.edit };
      connection.console.error(`${generateBullmqTitle}: ${built.message}`);
      void connection.window.showErrorMessage(`Parallelize could not generate the BullMQ version: ${built.message}`);
      return action;
    }
    const data = GenerateData.safeParse(action.data);
    if (!data.success) return action; // Quick fixes carry their edits already.
    const built = await generatePoolEdit(deps, data.data);
    if (built.ok) return { ...action, edit: built.edit, command: built.command };
    connection.console.error(`${generatePoolTitle}: ${built.message}`);
    void connection.window.showErrorMessage(`Parallelize could not generate the worker-pool version: ${built.message}`);
    return action;
  });
}
