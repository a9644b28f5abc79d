/**
 * The editor's open documents by file name: the text the type checker reads for the input picker
 * and the diagnostics, and the text a run bundles, so that what runs is what the editor holds,
 * saved or not. The CLI has no editor: it reads every file from disk.
 */
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { OpenDocuments } from '../analysis/projectServices';

/** Open `file:` documents by absolute path, kept in step with the documents' open and close. */
export class OpenFiles implements OpenDocuments {
  private readonly uris = new Map<string, string>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {
    documents.onDidOpen(({ document }) => {
      const fileName = fileNameOf(document.uri);
      if (fileName !== undefined) this.uris.set(fileName, document.uri);
    });
    documents.onDidClose(({ document }) => {
      const fileName = fileNameOf(document.uri);
      if (fileName !== undefined && this.uris.get(fileName) === document.uri) this.uris.delete(fileName);
    });
  }

  /** The open document's text and editor version, or undefined when the file is not open. */
  get(fileName: string): { text: string; version: number } | undefined {
    const uri = this.uris.get(fileName);
    const document = uri === undefined ? undefined : this.documents.get(uri);
    return document && { text: document.getText(), version: document.version };
  }

  /** Every open file's text, by path: what a bundle reads instead of the disk. */
  texts(): Map<string, string> {
    const texts = new Map<string, string>();
    for (const [fileName, uri] of this.uris) {
      const document = this.documents.get(uri);
      if (document) texts.set(fileName, document.getText());
    }
    return texts;
  }
}

/** The path of a `file:` URI; undefined for other schemes (untitled documents, virtual files). */
export function fileNameOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}
