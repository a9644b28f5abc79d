/** Typed access to the `parallelize.*` settings: the only place that reads them in the host. */
import * as vscode from 'vscode';
import { ClusterSettings } from '../protocol/cluster';
import { ClusterModeSetting, configSection, defaultClientSettings, defaultClusterSettings, defaultProfileBudgetMs, defaultRunSettings, RunSettings, type ClientSettings } from '../protocol/settings';

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

/** The cluster a run also measures: none (`off`), or its settings; a value that cannot be used says why. */
export type ClusterChoice = { ok: true; cluster: ClusterSettings | undefined } | { ok: false; message: string };

/** The `parallelize.cluster.*` settings for a document, validated: a bad hand-edited value is refused with what to write, never ignored. */
export function clusterSettings(scope?: vscode.Uri): ClusterChoice {
  const c = vscode.workspace.getConfiguration(configSection, scope);
  const mode = c.get<unknown>('cluster.mode', defaultClusterSettings.mode);
  const parsedMode = ClusterModeSetting.safeParse(typeof mode === 'string' ? mode.trim() : mode);
  if (!parsedMode.success) {
    return { ok: false, message: `The setting parallelize.cluster.mode is ${JSON.stringify(mode)}: use off, local, or a Redis URL such as redis://host:6379 (rediss:// for TLS).` };
  }
  if (parsedMode.data === 'off') return { ok: true, cluster: undefined };
  const parsed = ClusterSettings.safeParse({
    mode: parsedMode.data,
    processes: c.get('cluster.processes', defaultClusterSettings.processes),
    threadsPerProcess: c.get('cluster.threadsPerProcess', defaultClusterSettings.threadsPerProcess),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0] === 'threadsPerProcess' ? 'threadsPerProcess' : 'processes';
    return { ok: false, message: `The setting parallelize.cluster.${key} must be a whole number from 1 to 64.` };
  }
  return { ok: true, cluster: parsed.data };
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
