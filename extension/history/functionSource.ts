/** The function's code as a run uses it, read from the document the run bundles. */
import * as vscode from 'vscode';
import type { FunctionTarget } from '../../protocol/lsp';
import type { FunctionSource } from '../../protocol/history';

/** The text of the target's range in its open document (the run saved it, so it is what ran), else null. */
export function functionSource(target: FunctionTarget): FunctionSource | null {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri);
  if (!document) return null;
  const { start, end } = target.range;
  const text = document.getText(new vscode.Range(start.line, start.character, end.line, end.character));
  return { text, startLine: start.line + 1 };
}
