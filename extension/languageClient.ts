/** Starts the bundled language server in its own Node process and connects to it over IPC. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { clientSettings } from './config';

/** A started client; `client.stop()` in deactivate shuts the server down. */
export async function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
    ],
    outputChannel: log,
    middleware: {
      provideCodeLenses: (document, token, next) => (clientSettings().codeLensEnabled && vscode.workspace.isTrusted ? next(document, token) : []),
    },
  };
  const client = new LanguageClient('parallelize', 'Parallelize', serverOptions, clientOptions);
  await client.start();
  return client;
}
