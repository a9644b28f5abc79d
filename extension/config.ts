/** Typed access to the `parallelize.*` settings: the only place that reads them in the host. */
import * as vscode from 'vscode';
import { configSection, defaultClientSettings, defaultProfileBudgetMs, defaultRunSettings, RunSettings, type ClientSettings } from '../protocol/settings';

/** The run settings for a document (settings can differ per workspace folder), validated. */
export function runSettings(scope?: vscode.Uri): RunSettings {
  const c = vscode.workspace.getConfiguration(configSection, scope);
  const candidate = {
    trials: c.get('trials', defaultRunSettings.trials),
    maxWorkers: c.get('maxWorkers', defaultRunSettings.maxWorkers),
    taskTimeoutMs: c.get('taskTimeoutMs', defaultRunSettings.taskTimeoutMs),
    chunkSize: c.get('chunkSize', defaultRunSettings.chunkSize),
    workerMemoryLimitMb: c.get('workerMemoryLimitMb', defaultRunSettings.workerMemoryLimitMb),
    ordered: c.get('ordered', defaultRunSettings.ordered),
    initializer: c.get('initializer', defaultRunSettings.initializer),
    recycleAfterTasks: c.get('recycleAfterTasks', defaultRunSettings.recycleAfterTasks),
    profileBudgetMs: c.get('profile.budgetMs', defaultProfileBudgetMs),
  };
  // A hand-edited settings.json can hold anything; fall back to defaults rather than send nonsense.
  const parsed = RunSettings.safeParse(candidate);
  return parsed.success ? parsed.data : defaultRunSettings;
}

/** Settings only the host uses. */
export function clientSettings(): ClientSettings {
  const c = vscode.workspace.getConfiguration(configSection);
  return {
    monitorIntervalMs: Math.max(500, c.get('monitor.intervalMs', defaultClientSettings.monitorIntervalMs)),
    codeLensEnabled: c.get('codeLens.enabled', defaultClientSettings.codeLensEnabled),
  };
}

/** Fires when any `parallelize.*` setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(configSection)) listener();
  });
}
