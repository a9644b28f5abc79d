/** Activation: the log, the language server, the resource monitor, the panels and the commands. */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { KnownResultsNotification } from '../protocol/lsp';
import type { RunError } from '../protocol/results';
import type { ParallelizeApi } from './api';
import type { CodeLensGate } from './codeLenses';
import { registerSetClusterKey } from './commands/clusterRun';
import type { ExpressionBoxHandle } from './commands/expressionBox';
import { registerGeneratedPool } from './commands/generatedPool';
import { afterStart } from './commands/afterStart';
import { type FinishedRun, registerParallelizeFunction } from './commands/parallelizeFunction';
import { registerProfileCommands } from './commands/profileFunction';
import { registerRestrictedModeCommands } from './commands/restrictedMode';
import { RunCoordinator } from './commands/runCoordinator';
import { onDidChangeSettings } from './config';
import { History } from './history/history';
import { startLanguageClient, type ServerSupervisor } from './languageClient';
import { BenchmarkPanel } from './panels/benchmarkPanel';
import { ProfilePanel } from './panels/profilePanel';
import { ResourcePanel } from './panels/resourcePanel';
import { ProfileDecorations } from './profile/profileDecorations';
import { ProfileStore } from './profile/profileStore';
import { StatusBarMonitor } from './statusBarMonitor';

let client: LanguageClient | undefined;

/** VS Code does not show activation failures, so they are caught, logged and shown here. */
export function activate(context: vscode.ExtensionContext): ParallelizeApi {
  const log = vscode.window.createOutputChannel('Parallelize', { log: true });
  context.subscriptions.push(log);
  const benchmarkPanel = new BenchmarkPanel(context.extensionUri, log, context.workspaceState);
  context.subscriptions.push(
    benchmarkPanel,
    vscode.commands.registerCommand('parallelize.showBenchmark', () => benchmarkPanel.show()),
    vscode.commands.registerCommand('parallelize.showLog', () => log.show()),
    registerGeneratedPool(log),
    registerSetClusterKey(context.secrets, log),
  );
  // Every finished run, kept per function (per workspace; without a folder, per machine).
  const history = new History(context.storageUri ?? context.globalStorageUri, context.extensionUri, log, benchmarkPanel);
  context.subscriptions.push(history);
  // The profile shown in the editor, and the Profile panel beside it after each profile.
  const profileStore = new ProfileStore();
  const profileDecorations = new ProfileDecorations(profileStore, log);
  const profilePanel = new ProfilePanel(context.extensionUri, log, context.workspaceState);
  // Created now, not once the server answers, so that its serializer is there when VS Code restores it.
  const resourcePanel = new ResourcePanel(context.extensionUri, log);
  context.subscriptions.push(
    profileStore,
    profileDecorations,
    profilePanel,
    resourcePanel,
    vscode.commands.registerCommand('parallelize.showProfile', () => profilePanel.show()),
    vscode.commands.registerCommand('parallelize.showResources', () => resourcePanel.show()),
    profileStore.onDidProfile((result) => profilePanel.show(result)),
  );
  let monitor: StatusBarMonitor | undefined;
  let supervisor: ServerSupervisor | undefined;
  let lenses: CodeLensGate | undefined;
  let lastRunError: RunError | undefined;
  let runProgress: number | undefined;
  context.subscriptions.push(registerRestrictedModeCommands({ log, onError: (error: RunError) => { lastRunError = error; } }));
  let inputPicker: vscode.QuickPick<vscode.QuickPickItem> | undefined;
  let inputBox: ExpressionBoxHandle | undefined;
  const whenStarted = (async () => {
    const started = await startLanguageClient(context, log);
    client = started.client;
    supervisor = started.supervisor;
    lenses = started.lenses;
    monitor = new StatusBarMonitor(client, log);
    context.subscriptions.push(monitor);
    resourcePanel.attach(monitor);
    const runs = new RunCoordinator(client, log, (fraction) => { runProgress = fraction; });
    const runDeps = { client, supervisor, runs, state: context.workspaceState, log, onError: (error: RunError) => { lastRunError = error; }, onPicker: (picker: typeof inputPicker) => { inputPicker = picker; }, onExpressionBox: (box: typeof inputBox) => { inputBox = box; } };
    context.subscriptions.push(
      runs,
      // parallelize.codeLens.enabled shows or hides the lenses at once, not at the next edit.
      onDidChangeSettings(() => started.lenses.refresh()),
      // A restarted server has forgotten every result: tell it again what the history kept.
      started.client.onDidChangeState((e) => { if (e.newState === State.Running) sendKnownResults(started.client); }),
    );
    // The lenses show the kept results after a reload, not only this session's.
    sendKnownResults(started.client);
    return runDeps;
  })();
  const ready = whenStarted.then(() => undefined);
  // Registered now, not once the server answers: see afterStart.ts.
  context.subscriptions.push(
    registerParallelizeFunction(afterStart(whenStarted.then((runDeps) => ({ ...runDeps, panel: benchmarkPanel, secrets: context.secrets, onResult: (finished: FinishedRun) => history.record(finished) })))),
    registerProfileCommands(afterStart(whenStarted.then((runDeps) => ({ ...runDeps, store: profileStore })))),
  );
  function sendKnownResults(to: LanguageClient): void {
    history.lastResults()
      .then((results) => to.sendNotification(KnownResultsNotification.type, { results }))
      .catch((error: unknown) => log.warn(`Could not send the kept results to the language server: ${error instanceof Error ? error.message : String(error)}`));
  }
  ready.catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(`Parallelize could not start its language server: ${message}`, 'Show Log').then((pick) => pick && log.show());
  });
  return {
    ready,
    statusBarText: () => monitor?.text ?? '',
    statusBarUpdates: () => monitor?.updates ?? 0,
    lastResult: () => benchmarkPanel.last,
    benchmarkLive: () => benchmarkPanel.liveRun,
    simulateBenchmarkPageMessage: (raw) => benchmarkPanel.simulatePageMessage(raw),
    lastRunError: () => lastRunError,
    serverPid: () => supervisor?.serverPid(),
    serverRestarts: () => supervisor?.restarts ?? 0,
    runProgress: () => runProgress,
    lastProfile: () => profileStore.last,
    profileDecorations: (uri) => profileDecorations.linesOf(uri),
    codeLenses: (uri) => lenses?.lenses(uri),
    history: {
      runs: async () => { await history.settled(); return history.store.list(); },
      tree: async () => { await history.settled(); return history.snapshot(); },
      lastComparison: () => history.lastComparison,
    },
    inputPicker: () => inputPicker && { title: inputPicker.title ?? '', items: inputPicker.items.map(({ label, description, detail, kind }) => ({ label, description, detail, separator: kind === vscode.QuickPickItemKind.Separator })), active: inputPicker.activeItems[0]?.label },
    inputBox: () => inputBox?.view(),
    typeInInputBox: (text) => {
      inputBox?.type(text);
      return inputBox !== undefined;
    },
  };
}

/** Stops the language server, which ends any run and its workers. */
export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
