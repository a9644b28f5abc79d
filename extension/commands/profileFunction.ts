/**
 * "Profile Function" and "Clear Profile": find the function at the cursor, ask for inputs (the
 * ones it was benchmarked with, by default), have the server profile it under a cancellable
 * notification, and hand the profile to the store that the decorations and the panel draw from.
 */
import * as vscode from 'vscode';
import { ClearProfilesNotification, ExportProfileRequest, type FunctionTarget } from '../../protocol/lsp';
import type { ProfileResult } from '../../protocol/profile';
import type { ParallelizeFunctionArgs } from '../api';
import { runSettings } from '../config';
import { checkProfile } from '../profile/checkProfile';
import { formatShare } from '../profile/lineHeat';
import type { ProfileStore } from '../profile/profileStore';
import { prepareRun, showRunError, type RunCommandDeps, type RunWording } from './runSteps';

/** Everything the commands need from the rest of the extension. */
export interface ProfileFunctionDeps extends RunCommandDeps {
  store: ProfileStore;
}

const wording: RunWording = { verb: 'profile', goal: 'profile', title: 'Profile' };

/**
 * Registers the profile commands; with `inputs` in its arguments Profile Function asks nothing
 * (CodeLens, tests). `started` gives what they need once the language server is up (afterStart.ts).
 */
export function registerProfileCommands(started: () => Promise<ProfileFunctionDeps | undefined>): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(
      'parallelize.profileFunction',
      async (args?: ParallelizeFunctionArgs): Promise<ProfileResult | undefined> => {
        const deps = await started();
        if (deps === undefined) return undefined;
        const prepared = await prepareRun(deps, args, wording);
        return prepared && profile(deps, prepared.target, prepared.inputs);
      },
    ),
    vscode.commands.registerCommand('parallelize.exportProfile', async (): Promise<vscode.Uri | undefined> => {
      const deps = await started();
      return deps && exportProfile(deps);
    }),
    vscode.commands.registerCommand('parallelize.clearProfile', async () => {
      const deps = await started();
      if (deps === undefined) return;
      deps.store.clear();
      // The server forgets the summaries its CodeLens shows, so the lenses go back to "Profile" too.
      deps.client.sendNotification(ClearProfilesNotification.type).catch((error: unknown) => deps.log.warn(`Could not tell the server to clear its profiles: ${String(error)}`));
    }),
  );
}

async function profile(deps: ProfileFunctionDeps, target: FunctionTarget, inputs: string): Promise<ProfileResult | undefined> {
  const settings = runSettings(vscode.Uri.parse(target.uri));
  deps.log.info(`Profiling ${target.name} in ${target.file} with inputs ${inputs}`);
  const reply = await deps.runs.run(`Profile ${target.name}`, (runId, token) => deps.supervisor.profileFunction({ runId, target, inputs, settings }, token));
  if (reply === undefined) return undefined;
  if (!reply.ok) {
    if (reply.error.code === 'CANCELLED') {
      deps.onError?.(reply.error);
      deps.log.info(`Profile of ${target.name} cancelled.`);
      void vscode.window.showInformationMessage(`Profile ${target.name}: cancelled.`);
    } else {
      showRunError(reply.error, deps);
    }
    return undefined;
  }
  // Checked at the boundary: the decorations index lines and functions by what this says.
  const checked = checkProfile(reply.value);
  if (!checked.ok) {
    deps.log.error(`The server's profile of ${target.name} was malformed: ${checked.reason}`);
    showRunError({ code: 'INTERNAL', message: `The profile of ${target.name} came back malformed; see the Parallelize log.` }, deps);
    return undefined;
  }
  const result = checked.value;
  const hottest = result.lines[0];
  deps.log.info(`${target.name}: ${result.samples} samples over ${result.passes} pass(es)${hottest ? `, hottest line ${hottest.file}:${hottest.line} (${formatShare(hottest.selfShare)})` : ''}. ${result.summary}`);
  deps.store.set(result);
  if (result.lowConfidence) {
    void vscode.window.showInformationMessage(`Profile ${target.name}: only ${result.samples} samples fell inside the function, so its shares are uncertain by several points. Profile more or longer inputs for a firmer picture.`);
  }
  return result;
}

/**
 * Saves the shown profile as a .cpuprofile, where the user picks, and offers to open it (VS Code's
 * own profile viewer shows it, with every frame at its TypeScript line).
 */
async function exportProfile(deps: ProfileFunctionDeps): Promise<vscode.Uri | undefined> {
  const shown = deps.store.last;
  if (shown === undefined) {
    void vscode.window.showInformationMessage('Parallelize: there is no profile to export. Run "Parallelize: Profile Function" first.');
    return undefined;
  }
  const reply = await deps.client.sendRequest(ExportProfileRequest.type, { file: shown.target.file, name: shown.target.name });
  if (!reply.ok) {
    showRunError(reply.error, deps);
    return undefined;
  }
  const source = vscode.Uri.file(shown.target.file);
  const folder = vscode.workspace.getWorkspaceFolder(source)?.uri ?? vscode.Uri.joinPath(source, '..');
  const uri = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, `${shown.target.name}.cpuprofile`),
    filters: { 'CPU profile': ['cpuprofile'] },
    title: `Export the profile of ${shown.target.name}`,
  });
  if (uri === undefined) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(reply.value));
  deps.log.info(`Exported the profile of ${shown.target.name} to ${uri.fsPath}`);
  void vscode.window.showInformationMessage(`Saved the profile of ${shown.target.name} to ${uri.fsPath}.`, 'Open').then((choice) => {
    if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', uri);
  });
  return uri;
}
