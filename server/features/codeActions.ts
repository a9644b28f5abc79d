/**
 * The server's one code-action provider (an LSP connection has a single onCodeAction handler, so
 * every feature's actions are gathered here): the parallel-safety quick fixes, and "Generate
 * worker-pool version" in a runnable function. That action's edit is computed on
 * `codeAction/resolve` when the client supports it, as it reads the workspace to find the modules
 * that use the function.
 */
import {
  CodeActionKind,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionOptions,
  type CodeActionParams,
  type Connection,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { findFunctionAt } from '../analysis/findFunction';
import { callerImport, type TextInsertion } from '../codegen/callerImports';
import { importSpecifier } from '../codegen/codegenNames';
import { generatePoolCode } from '../codegen/generatePoolCode';
import { detectModuleKind } from '../codegen/moduleKind';
import { workspaceSources } from '../codegen/workspaceSources';
import { bullmqAction, GenerateBullmqData, generateBullmqEdit, generateBullmqTitle } from './generateBullmqAction';
import { canApply, exportInsertions, insertions, readText, resolvesEdits, wants, writeFiles } from './generatedEdits';
import type { LastResults } from './lastResults';
import { safetyQuickFixes } from './safetyQuickFixes';

/** The action's title, as users (and tests) find it in the light-bulb menu. */
export const generatePoolTitle = 'Generate worker-pool version';

/** What the provider needs from the server. */
export interface CodeActionDeps {
  /** The document as the editor holds it, else as on disk. */
  readDocument(uri: string): Promise<TextDocument | undefined>;
  /** An open document, for its version. */
  openDocument(uri: string): TextDocument | undefined;
  lastResults: LastResults;
  client(): ClientCapabilities;
  /** Absolute paths of the workspace folders, searched for modules that use the function. */
  workspaceFolders(): readonly string[];
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

/** The workspace edit that writes the worker and the wrapper, exports the function if needed, and imports the wrapper where the function is used. */
export async function generatePoolEdit(deps: CodeActionDeps, data: GenerateData): Promise<{ ok: true; edit: WorkspaceEdit } | { ok: false; message: string }> {
  const source = await deps.readDocument(data.uri);
  if (!source) return { ok: false, message: `Cannot read ${data.uri}.` };
  const sourceFile = fileURLToPath(data.uri);
  const moduleKind = detectModuleKind(sourceFile, readText);
  const result = deps.lastResults.get(sourceFile, data.name);
  const generated = generatePoolCode({ sourceFile, sourceText: source.getText(), name: data.name, moduleKind, now: deps.now?.() ?? new Date(), ...(result ? { result } : {}) });
  if (!generated.ok) return generated;
  const code = generated.value;
  const changes = writeFiles([code.worker, code.wrapper]);
  const perFile = new Map<string, { document: TextDocument; inserts: TextInsertion[] }>();
  // The worker imports the function, so a function that is not exported becomes exported.
  if (code.target.exportStyle.kind === 'none') perFile.set(source.uri, { document: source, inserts: exportInsertions(code.target.exportStyle) });
  const candidates = new Set([sourceFile, ...(await workspaceSources(deps.workspaceFolders()))]);
  candidates.delete(code.worker.file);
  candidates.delete(code.wrapper.file);
  for (const file of candidates) {
    const uri = pathToFileURL(file).href;
    const document = uri === source.uri ? source : await deps.readDocument(uri);
    if (!document) continue;
    const specifier = importSpecifier(file, code.wrapper.file, detectModuleKind(file, readText).kind);
    const insert = callerImport(file, document.getText(), sourceFile, code.target, { parallelName: code.names.parallelName, specifier });
    if (!insert) continue;
    const entry = perFile.get(uri) ?? { document, inserts: [] };
    // First: inserts at one position apply in array order, and the import may land where `export ` does.
    entry.inserts.unshift(insert);
    perFile.set(uri, entry);
  }
  for (const [uri, { document, inserts }] of perFile) {
    const edit: TextDocumentEdit = { textDocument: { uri, version: deps.openDocument(uri)?.version ?? null }, edits: insertions(document, inserts) };
    changes.push(edit);
  }
  return { ok: true, edit: { documentChanges: changes } };
}

/** The "Generate worker-pool version" and "Generate BullMQ version" actions at a position, or none outside a runnable function. */
async function generateActions(deps: CodeActionDeps, params: CodeActionParams, document: TextDocument): Promise<CodeAction[]> {
  if (!wants(params.context.only, CodeActionKind.RefactorRewrite) || !document.uri.startsWith('file:') || !canApply(deps.client())) return [];
  const found = findFunctionAt(fileURLToPath(document.uri), document.getText(), document.offsetAt(params.range.start));
  if (!found.ok) return [];
  const data: GenerateData = { action: 'parallelize.generatePool', uri: document.uri, name: found.value.name };
  const action: CodeAction = { title: generatePoolTitle, kind: CodeActionKind.RefactorRewrite, data };
  const bullmq = await bullmqAction(deps, document, found.value.name);
  if (resolvesEdits(deps.client())) return [action, ...bullmq];
  const built = await generatePoolEdit(deps, data);
  return [built.ok ? { ...action, edit: built.edit } : { ...action, disabled: { reason: built.message } }, ...bullmq];
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
    if (built.ok) return { ...action, edit: built.edit };
    connection.console.error(`${generatePoolTitle}: ${built.message}`);
    void connection.window.showErrorMessage(`Parallelize could not generate the worker-pool version: ${built.message}`);
    return action;
  });
}
