/** What the "Generate …" code actions share: whether the client can apply them, and the edits that write generated files and export the function. */
import type { ClientCapabilities, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ExportStyle } from '../codegen/codegenTarget';

/** Text to insert at an offset of a document. */
export interface TextInsertion {
  offset: number;
  text: string;
}

/** One change of a workspace edit that creates files. */
export type DocumentChange = NonNullable<WorkspaceEdit['documentChanges']>[number];

/** Whether the client asked for code actions of `kind` (no filter: every kind). */
export function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** The client can create files and apply versioned edits: without both a generate action could not be applied. */
export function canApply(client: ClientCapabilities): boolean {
  const edit = client.workspace?.workspaceEdit;
  return !!edit?.documentChanges && !!edit.resourceOperations?.includes('create');
}

/** The client fills in an action's edit on `codeAction/resolve`. */
export function resolvesEdits(client: ClientCapabilities): boolean {
  return !!client.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
}

/** A file's text, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Text edits for insertions into a document. */
export function insertions(document: TextDocument, inserts: readonly TextInsertion[]): TextEdit[] {
  return inserts.map((i) => ({ range: { start: document.positionAt(i.offset), end: document.positionAt(i.offset) }, newText: i.text }));
}

/** Creates each file with its text; generating again replaces the files, so that new measurements reach the defaults. */
export function writeFiles(files: readonly { file: string; text: string }[]): DocumentChange[] {
  const fileStart = { line: 0, character: 0 };
  return files.flatMap(({ file, text }): DocumentChange[] => {
    const uri = pathToFileURL(file).href;
    return [
      { kind: 'create', uri, options: { overwrite: true } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: fileStart, end: fileStart }, newText: text }] },
    ];
  });
}

/** `export ` before each declaration of a function that is not exported: the generated modules import it. */
export function exportInsertions(style: ExportStyle): TextInsertion[] {
  return style.kind === 'none' ? style.insertExportAt.map((offset) => ({ offset, text: 'export ' })) : [];
}
