/**
 * "Generate BullMQ version": beside "Generate worker-pool version", the same function as a producer,
 * a worker entry, a processor and a README for running it on BullMQ workers over Redis. Its edit
 * touches only the new files and, when the function is not exported, the `export` the processor
 * needs: call sites are left alone, as calling the producer needs a Redis and workers.
 */
import { CodeActionKind, type CodeAction, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { codegenTarget } from '../codegen/codegenTarget';
import { generateBullmqCode } from '../codegen/generateBullmqCode';
import { detectModuleKind } from '../codegen/moduleKind';
import type { CodeActionDeps } from './codeActions';
import { exportInsertions, insertions, readText, resolvesEdits, writeFiles } from './generatedEdits';

/** The action's title, as users (and tests) find it in the light-bulb menu. */
export const generateBullmqTitle = 'Generate BullMQ version';

/** What travels in `CodeAction.data` from the offer to its resolution. */
export const GenerateBullmqData = z.object({ action: z.literal('parallelize.generateBullmq'), uri: z.string(), name: z.string() });
type GenerateBullmqData = z.infer<typeof GenerateBullmqData>;

/** The workspace edit that writes the four BullMQ files and exports the function if needed. */
export async function generateBullmqEdit(deps: CodeActionDeps, data: GenerateBullmqData): Promise<{ ok: true; edit: WorkspaceEdit } | { ok: false; message: string }> {
  const source = await deps.readDocument(data.uri);
  if (!source) return { ok: false, message: `Cannot read ${data.uri}.` };
  const sourceFile = fileURLToPath(data.uri);
  const result = deps.lastResults.get(sourceFile, data.name);
  const generated = generateBullmqCode({
    sourceFile,
    sourceText: source.getText(),
    name: data.name,
    moduleKind: detectModuleKind(sourceFile, readText),
    now: deps.now?.() ?? new Date(),
    ...(result ? { result } : {}),
  });
  if (!generated.ok) return generated;
  const code = generated.value;
  const changes = writeFiles([code.producer, code.worker, code.processor, code.readme]);
  const exports = exportInsertions(code.target.exportStyle);
  if (exports.length > 0) changes.push({ textDocument: { uri: source.uri, version: deps.openDocument(source.uri)?.version ?? null }, edits: insertions(source, exports) });
  return { ok: true, edit: { documentChanges: changes } };
}

/**
 * The action for function `name` of an open document, titled `title` (the caller checked the client can apply it and says what the last run found):
 * disabled with the reason when the generator cannot handle the function, so nothing that would not
 * compile is offered; its edit comes on resolve when the client supports that.
 */
export async function bullmqAction(deps: CodeActionDeps, document: TextDocument, name: string, title: string): Promise<CodeAction[]> {
  const data: GenerateBullmqData = { action: 'parallelize.generateBullmq', uri: document.uri, name };
  const action: CodeAction = { title, kind: CodeActionKind.RefactorRewrite, data };
  const target = codegenTarget(fileURLToPath(document.uri), document.getText(), name);
  if (!target.ok) return [{ ...action, disabled: { reason: target.message } }];
  if (resolvesEdits(deps.client())) return [action];
  const built = await generateBullmqEdit(deps, data);
  return [built.ok ? { ...action, edit: built.edit } : { ...action, disabled: { reason: built.message } }];
}
