/**
 * The CodeLenses above each function Parallelize offers itself on (offeredFunctions):
 * "$(rocket) Parallelize", followed by the last run's result in a few words (`1.9× on 2 workers`,
 * `keep serial`), and "$(flame) Profile", followed by where its last profile found the time
 * (`isPrime 94%`); the longer sentences travel as each lens's tooltip (LensData). The server asks
 * the client to refresh lenses when a run or a profile completes, if the client supports
 * `workspace/codeLens/refresh`.
 */
import { CodeLensRefreshRequest, type ClientCapabilities, type CodeLens, type Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { LensData } from '../../protocol/codegen';
import type { LastProfiles } from './lastProfiles';
import type { LastResults } from './lastResults';
import { offeredFunctions } from './offeredFunctions';
import { profileLensText, profileTooltip } from './profileSummary';
import { resultLensText, resultTooltip } from './resultSummary';

/** The lens's command: the extension's `parallelize.parallelizeFunction`, with the function's position as argument. */
export const parallelizeCommand = 'parallelize.parallelizeFunction';
/** The profile lens's command: the extension's `parallelize.profileFunction`, with the same argument. */
export const profileCommand = 'parallelize.profileFunction';

/** The lenses of one document: per offered function, Parallelize then Profile, both at its first line. */
export function codeLenses(document: TextDocument, lastResults: LastResults, lastProfiles: LastProfiles): CodeLens[] {
  if (!document.uri.startsWith('file:')) return [];
  const file = fileURLToPath(document.uri);
  return offeredFunctions(file, document.getText()).flatMap((target) => {
    const last = lastResults.get(file, target.name);
    const profile = lastProfiles.get(file, target.name)?.result;
    const range = { start: target.range.start, end: target.range.start };
    const where = { uri: document.uri, line: target.range.start.line, character: target.range.start.character };
    const run: CodeLens = {
      range,
      command: { title: last ? `$(rocket) Parallelize · ${resultLensText(last)}` : '$(rocket) Parallelize', command: parallelizeCommand, arguments: [where] },
    };
    if (last) run.data = { tooltip: resultTooltip(last) } satisfies LensData;
    const flame: CodeLens = {
      range,
      command: { title: profile ? `$(flame) Profile · ${profileLensText(profile)}` : '$(flame) Profile', command: profileCommand, arguments: [where] },
    };
    if (profile) flame.data = { tooltip: profileTooltip(profile) } satisfies LensData;
    return [run, flame];
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
    // VS Code drops a refresh that arrives while the editor is about to lose the focus (the
    // Benchmark panel opening takes it): the extension asks again once the panel is shown.
    await connection.sendRequest(CodeLensRefreshRequest.type);
  } catch (error) {
    connection.console.warn(`CodeLens refresh failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
