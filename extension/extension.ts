/** Activation: the log, the language server, the resource monitor, the panels and the commands. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RunError } from '../protocol/results';
import type { ParallelizeApi } from './api';
import { registerParallelizeFunction } from './commands/parallelizeFunction';
import { registerProfileCommands } from './commands/profileFunction';
import { RunCoordinator } from './commands/runCoordinator';
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
  const benchmarkPanel = new BenchmarkPanel(context.extensionUri, log);
  context.subscriptions.push(
    benchmarkPanel,
    vscode.commands.registerCommand('parallelize.showBenchmark', () => benchmarkPanel.show()),
    vscode.commands.registerCommand('parallelize.showLog', () => log.show()),
  );
  // The profile shown in the editor, and the Profile panel beside it after each profile.
  const profileStore = new ProfileStore();
  const profileDecorations = new ProfileDecorations(profileStore, log);
  const profilePanel = new ProfilePanel(context.extensionUri, log);
  context.subscriptions.push(
    profileStore,
    profileDecorations,
    profilePanel,
    vscode.commands.registerCommand('parallelize.showProfile', () => profilePanel.show()),
    profileStore.onDidProfile((result) => profilePanel.show(result)),
  );
  let monitor: StatusBarMonitor | undefined;
  let supervisor: ServerSupervisor | undefined;
  let lastRunError: RunError | undefined;
  let runProgress: number | undefined;
  let inputPicker: vscode.QuickPick<vscode.QuickPickItem> | undefined;
  const ready = (async () => {
    const started = await startLanguageClient(context, log);
    client = started.client;
    supervisor = started.supervisor;
    monitor = new StatusBarMonitor(client, log);
    const resourcePanel = new ResourcePanel(context.extensionUri, log, monitor);
    context.subscriptions.push(
      monitor,
      resourcePanel,
      vscode.commands.registerCommand('parallelize.showResources', () => resourcePanel.show()),
    );
    const runs = new RunCoordinator(client, (fraction) => { runProgress = fraction; });
    const runDeps = { client, supervisor, runs, state: context.workspaceState, log, onError: (error: RunError) => { lastRunError = error; }, onPicker: (picker: typeof inputPicker) => { inputPicker = picker; } };
    context.subscriptions.push(
      runs,
      registerParallelizeFunction({ ...runDeps, panel: benchmarkPanel }),
      registerProfileCommands({ ...runDeps, store: profileStore }),
    );
  })();
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
    lastRunError: () => lastRunError,
    serverPid: () => supervisor?.serverPid(),
    serverRestarts: () => supervisor?.restarts ?? 0,
    runProgress: () => runProgress,
    lastProfile: () => profileStore.last,
    profileDecorations: (uri) => profileDecorations.linesOf(uri),
    inputPicker: () => inputPicker && { title: inputPicker.title ?? '', items: inputPicker.items.map(({ label, description, detail, kind }) => ({ label, description, detail, separator: kind === vscode.QuickPickItemKind.Separator })), active: inputPicker.activeItems[0]?.label },
  };
}

/** Stops the language server, which ends any run and its workers. */
export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
