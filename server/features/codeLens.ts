/**
 * The CodeLenses above each runnable top-level function: "$(rocket) Parallelize", followed by what
 * the last run of that function measured, and "$(flame) Profile", followed by where its last
 * profile found the time. The server asks the client to refresh lenses when a run or a profile
 * completes, if the client supports `workspace/codeLens/refresh`.
 */
import { CodeLensRefreshRequest, type ClientCapabilities, type CodeLens, type Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { listFunctions } from '../analysis/findFunction';
import type { LastProfiles } from './lastProfiles';
import type { LastResults } from './lastResults';
import { profileSummary } from './profileSummary';
import { resultSummary } from './resultSummary';

/** The lens's command: the extension's `parallelize.parallelizeFunction`, with the function's position as argument. */
export const parallelizeCommand = 'parallelize.parallelizeFunction';
/** The profile lens's command: the extension's `parallelize.profileFunction`, with the same argument. */
export const profileCommand = 'parallelize.profileFunction';

/** The lenses of one document: per function, Parallelize then Profile, both at its first line. */
export function codeLenses(document: TextDocument, lastResults: LastResults, lastProfiles: LastProfiles): CodeLens[] {
  if (!document.uri.startsWith('file:')) return [];
  const file = fileURLToPath(document.uri);
  return listFunctions(file, document.getText()).flatMap((target) => {
    const last = lastResults.get(file, target.name);
    const profile = lastProfiles.get(file, target.name)?.result;
    const range = { start: target.range.start, end: target.range.start };
    const where = { uri: document.uri, line: target.range.start.line, character: target.range.start.character };
    return [
      {
        range,
        command: {
          title: last ? `$(rocket) Parallelize · ${resultSummary(last)}` : '$(rocket) Parallelize',
          command: parallelizeCommand,
          arguments: [where],
        },
      },
      {
        range,
        command: {
          title: profile ? `$(flame) Profile · ${profileSummary(profile)}` : '$(flame) Profile',
          command: profileCommand,
          arguments: [where],
        },
      },
    ];
  });
}

/** Serves `textDocument/codeLens` for the open documents. */
export function registerCodeLens(connection: Connection, documentFor: (uri: string) => TextDocument | undefined, lastResults: LastResults, lastProfiles: LastProfiles): void {
  connection.onCodeLens(({ textDocument }) => {
    const document = documentFor(textDocument.uri);
    return document ? codeLenses(document, lastResults, lastProfiles) : [];
  });
}

/** Asks the client to re-query lenses (after a run), when it can; a client that cannot keeps its lenses until the next edit. */
export async function refreshCodeLenses(connection: Connection, client: ClientCapabilities): Promise<void> {
  if (!client.workspace?.codeLens?.refreshSupport) return;
  try {
    // VS Code 1.100 re-queries on this only once the editor has the focus again (the Benchmark
    // panel takes it): the result shows when the user is back in the code.
    await connection.sendRequest(CodeLensRefreshRequest.type);
  } catch (error) {
    connection.console.warn(`CodeLens refresh failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
