/**
 * The real language server (dist/server.js --stdio) in its own process with a real LSP client
 * connection to it, initialized: the start every language-server test (and the fault matrix) shares.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';
import { RunPartial } from '../../protocol/live';
import { FindFunctionRequest, RunPartialNotification, type FunctionTarget } from '../../protocol/lsp';

/** The repository root. */
export const repoRoot = path.resolve(__dirname, '../..');

/** How to start the server; every field has the plain default of a trusted repository-wide client. */
export interface LspServerOptions {
  /** The workspace root; the repository root unless given. */
  rootUri?: string;
  workspaceFolders?: WorkspaceFolder[] | null;
  /** What the client tells the server of Workspace Trust at initialize. */
  trusted?: boolean;
  capabilities?: ClientCapabilities;
  /** Registers the test's handlers before the connection listens, so nothing sent early is missed. */
  onConnection?: (connection: ProtocolConnection) => void;
  /** Drops the server's stderr instead of passing it through (tests that make it log on purpose). */
  quiet?: boolean;
  /** The server bundle to run: the repository's dist/server.js unless given (a packaged one). */
  serverPath?: string;
}

/** A started, initialized server. */
export interface LspServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  initializeResult: InitializeResult;
  /** Closes the connection and kills the process. */
  stop(): void;
}

/** Spawns dist/server.js (or options.serverPath), connects over stdio, and completes initialize / initialized. */
export async function startLspServer(options: LspServerOptions = {}): Promise<LspServer> {
  const server = spawn(process.execPath, [options.serverPath ?? path.join(repoRoot, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', options.quiet ? 'pipe' : 'inherit'] });
  // A quiet server's stderr is read and dropped: a full pipe would block it.
  server.stderr?.resume();
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  options.onConnection?.(connection);
  connection.listen();
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: options.rootUri ?? pathToFileURL(repoRoot).href,
    workspaceFolders: options.workspaceFolders ?? null,
    capabilities: options.capabilities ?? {},
    initializationOptions: { workspaceTrusted: options.trusted ?? true },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    process: server,
    initializeResult,
    stop: () => {
      connection.dispose();
      server.kill();
    },
  };
}

/** The function at a position, asserting the server found one. */
export async function findFunctionAt(connection: ProtocolConnection, uri: string, line: number, character: number): Promise<FunctionTarget> {
  const reply = await connection.sendRequest(FindFunctionRequest.type, { uri, line, character });
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  return reply.value;
}

/** Hears every run's partials, each validated with the schema the extension validates it with: a malformed one fails the test. */
export function onRunPartial(connection: ProtocolConnection, handler: (partial: RunPartial) => void): void {
  connection.onNotification(RunPartialNotification.type, (raw) => {
    const parsed = RunPartial.safeParse(raw);
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
    handler(parsed.data);
  });
}
