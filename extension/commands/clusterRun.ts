/**
 * The cluster side of a run from VS Code (issue 12): which cluster the settings ask for, and the
 * shared key a Redis URL's workers check bundles with. The key lives in SecretStorage, never in
 * settings.json, and travels only with the run request that needs it.
 */
import * as vscode from 'vscode';
import type { ClusterSettings } from '../../protocol/cluster';
import type { RunError } from '../../protocol/results';
import { clusterSettings } from '../config';
import { showRunError, type RunCommandDeps } from './runSteps';

/** Where SecretStorage keeps the key. */
const secretName = 'parallelize.cluster.key';
/** The command that stores it (registered by name below, as the manifest test reads it). */
export const setClusterKeyCommand = 'parallelize.setClusterKey';
/** Shortest key accepted, as the workers' own check (`PARALLELIZE_CLUSTER_KEY`) demands. */
const minKeyLength = 16;

/** What a run request carries for the cluster: nothing with the setting off. */
export interface ClusterPart {
  cluster?: ClusterSettings;
  clusterKey?: string;
}

/** Registers "Parallelize: Set Cluster Key": asks for the key (hidden) and stores it; an empty answer removes it. */
export function registerSetClusterKey(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('parallelize.setClusterKey', async (given?: unknown): Promise<boolean> => {
    // Tests and keybindings may pass the key; otherwise it is typed, hidden.
    const key = typeof given === 'string' ? given : await vscode.window.showInputBox({
      title: 'Parallelize: Set Cluster Key',
      prompt: 'The key the cluster workers were started with (their PARALLELIZE_CLUSTER_KEY). Kept in the editor\'s secret storage, never in settings. Leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' || value.length >= minKeyLength ? undefined : `At least ${minKeyLength} characters (e.g. the output of openssl rand -hex 32).`),
    });
    if (key === undefined) return false;
    if (key === '') {
      await secrets.delete(secretName);
      log.info('Cluster key removed.');
      void vscode.window.showInformationMessage('Parallelize: cluster key removed.');
      return true;
    }
    if (key.length < minKeyLength) {
      void vscode.window.showErrorMessage(`Parallelize: a cluster key needs at least ${minKeyLength} characters.`);
      return false;
    }
    await secrets.store(secretName, key);
    log.info('Cluster key stored in the secret storage.');
    void vscode.window.showInformationMessage('Parallelize: cluster key stored. Runs on a Redis URL sign their bundle with it.');
    return true;
  });
}

/**
 * The cluster part of a run on `uri`, or undefined when it cannot run (a bad setting, or a Redis
 * URL without a stored key): the user was told why, with the way out.
 */
export async function clusterPartFor(uri: vscode.Uri, secrets: vscode.SecretStorage, deps: Pick<RunCommandDeps, 'log' | 'onError'>): Promise<ClusterPart | undefined> {
  const choice = clusterSettings(uri);
  if (!choice.ok) {
    showRunError({ code: 'CLUSTER_UNAVAILABLE', message: choice.message }, deps);
    return undefined;
  }
  const { cluster } = choice;
  if (cluster === undefined) return {};
  if (cluster.mode === 'local') return { cluster };
  const clusterKey = await secrets.get(secretName);
  if (clusterKey !== undefined && clusterKey.length >= minKeyLength) return { cluster, clusterKey };
  const error: RunError = {
    code: 'CLUSTER_UNAVAILABLE',
    message: 'parallelize.cluster.mode is a Redis URL, and its workers run only bundles signed with their key: set it with Parallelize: Set Cluster Key (or set parallelize.cluster.mode to local or off).',
  };
  deps.onError?.(error);
  deps.log.error(`${error.code}: ${error.message}`);
  void vscode.window.showErrorMessage(error.message, 'Set Cluster Key', 'Open Settings').then((pick) => {
    if (pick === 'Set Cluster Key') void vscode.commands.executeCommand(setClusterKeyCommand);
    if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'parallelize.cluster');
  });
  return undefined;
}
