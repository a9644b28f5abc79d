/**
 * Starts the bundled language server in its own Node process, connects to it over IPC, tells it
 * whether the workspace is trusted, and restarts it when it dies (a run that was waiting on it
 * ends with a message saying so).
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ErrorCodes,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type RequestType,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { ProfileResult } from '../protocol/profile';
import {
  ProfileFunctionRequest,
  RunBenchmarkRequest,
  ServerProcessInfo,
  serverProcessInfoKey,
  WorkspaceTrustNotification,
  type InitializationOptions,
  type RunParams,
} from '../protocol/lsp';
import type { BenchmarkResult, Reply } from '../protocol/results';
import { CodeLensGate } from './codeLenses';
import { ServerLogChannel } from './serverLog';

/** Restarts allowed within restartWindowMs; past them the server stays down until the window reloads. */
export const maxRestarts = 4;
const restartWindowMs = 3 * 60_000;
/** How long a failed run waits for the restarted server before saying it could not be restarted. */
const restartWaitMs = 30_000;

/** What the user reads when the server died under a run and came back. */
export const serverRestartedMessage = 'The Parallelize language server stopped during the run and was restarted: run again.';
const serverDownMessage = 'The Parallelize language server stopped during the run and could not be restarted (the Parallelize log says why): reload the window to start it again.';

/** Whether a request failed because the connection to the server went away, not because the server answered. */
function connectionLost(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === ErrorCodes.PendingResponseRejected || code === ErrorCodes.ConnectionInactive;
}

/**
 * The client's error handler, and what the rest of the extension asks about the server's life:
 * restarts a server that stopped (up to maxRestarts in 3 minutes, as vscode-languageclient's default
 * does, but logged in our words), and turns a run cut short by a stop into a Reply the user can read.
 */
export class ServerSupervisor implements ErrorHandler {
  private readonly stops: number[] = [];
  private readonly decided = new vscode.EventEmitter<boolean>();
  private client: LanguageClient | undefined;
  /** Times the server was restarted in this session. */
  restarts = 0;
  /** Set once the server stopped too often and is left down. */
  gaveUp = false;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  attach(client: LanguageClient): void {
    this.client = client;
  }

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few write errors in a row are a server on its way down; the close that follows restarts it.
    this.log.warn(`Connection to the language server failed: ${error.message}`);
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.stops.push(now);
    while (this.stops.length > 0 && (this.stops[0] ?? now) < now - restartWindowMs) this.stops.shift();
    if (this.stops.length > maxRestarts) {
      this.gaveUp = true;
      this.decided.fire(false);
      return { action: CloseAction.DoNotRestart, message: `The Parallelize language server stopped ${this.stops.length} times in 3 minutes and is left stopped: reload the window to start it again.` };
    }
    this.restarts++;
    this.log.warn(`The Parallelize language server stopped; restarting it (${this.stops.length} of at most ${maxRestarts} restarts in 3 minutes).`);
    this.decided.fire(true);
    // handled: the log line above is the message; a run that was waiting tells the user itself.
    return { action: CloseAction.Restart, handled: true };
  }

  /** The server process's id, from its initialize result; it changes with each restart. */
  serverPid(): number | undefined {
    const info = ServerProcessInfo.safeParse(this.client?.initializeResult?.[serverProcessInfoKey]);
    return info.success ? info.data.pid : undefined;
  }

  /** Sends a run; a server that stops under it gives a SERVER_STOPPED reply once it is back (or known to stay down). */
  runBenchmark(params: RunParams, token: vscode.CancellationToken): Promise<Reply<BenchmarkResult>> {
    return this.sendRun(RunBenchmarkRequest.type, params, token);
  }

  /** Sends a profile, with the same SERVER_STOPPED reply as runBenchmark when the server stops under it. */
  profileFunction(params: RunParams, token: vscode.CancellationToken): Promise<Reply<ProfileResult>> {
    return this.sendRun(ProfileFunctionRequest.type, params, token);
  }

  private async sendRun<R>(type: RequestType<RunParams, Reply<R>, void>, params: RunParams, token: vscode.CancellationToken): Promise<Reply<R>> {
    const client = this.client;
    if (client === undefined) throw new Error('the language client has not started');
    try {
      return await client.sendRequest(type, params, token);
    } catch (error) {
      if (!connectionLost(error)) throw error;
      const back = await this.runningAgain(client);
      return { ok: false, error: { code: 'SERVER_STOPPED', message: back ? serverRestartedMessage : serverDownMessage } };
    }
  }

  /** Resolves true when the client next reaches Running, false if it will not (gave up, or restartWaitMs passed). */
  private runningAgain(client: LanguageClient): Promise<boolean> {
    if (this.gaveUp) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const subscriptions: vscode.Disposable[] = [];
      const done = (value: boolean): void => {
        clearTimeout(timer);
        for (const s of subscriptions) s.dispose();
        resolve(value);
      };
      const timer = setTimeout(() => done(false), restartWaitMs);
      // A transition, not the current state: at the moment the request fails the old connection may still read as running.
      subscriptions.push(
        client.onDidChangeState((e) => { if (e.newState === State.Running) done(true); }),
        this.decided.event((restarting) => { if (!restarting) done(false); }),
      );
    });
  }

  dispose(): void {
    this.decided.dispose();
  }
}

/** A started client, its supervisor and its lens middleware; `client.stop()` in deactivate shuts the server down. */
export async function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<{ client: LanguageClient; supervisor: ServerSupervisor; lenses: CodeLensGate }> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const supervisor = new ServerSupervisor(log);
  const lenses = new CodeLensGate();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
    ],
    // One timestamp per line: the server's lines reach the log without the client's own stamp.
    outputChannel: new ServerLogChannel(log),
    errorHandler: supervisor,
    // A function, so that a restarted server learns the trust of now, not of activation.
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    middleware: lenses.middleware,
  };
  const client = new LanguageClient('parallelize', 'Parallelize', serverOptions, clientOptions);
  supervisor.attach(client);
  lenses.attach(client);
  context.subscriptions.push(
    supervisor,
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      // While the server restarts this fails; the restarted one reads the trust from initializationOptions.
      client.sendNotification(WorkspaceTrustNotification.type, { trusted: true }).catch((error: unknown) => log.warn(`Could not tell the server the workspace is trusted: ${String(error)}`));
    }),
  );
  await client.start();
  return { client, supervisor, lenses };
}
