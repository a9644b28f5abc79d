/**
 * Restricted Mode's stand-ins for the two commands that run workspace code. The palette and the
 * editor's context menu list "Parallelize Function (needs Workspace Trust)" instead of the command
 * itself while the workspace is untrusted (package.json `when` clauses), so the reason shows before
 * anything is run; picking one says why and offers to manage trust, as the real command would.
 */
import * as vscode from 'vscode';
import { refuseUntrusted, type RunCommandDeps } from './runSteps';

/** Registers the stand-ins; once the workspace is trusted they run the real command. */
export function registerRestrictedModeCommands(deps: Pick<RunCommandDeps, 'log' | 'onError'>): vscode.Disposable {
  const standIn = (command: string, verb: string) => (...args: unknown[]): Thenable<unknown> | undefined =>
    refuseUntrusted(deps, verb) ? undefined : vscode.commands.executeCommand(command, ...args);
  return vscode.Disposable.from(
    vscode.commands.registerCommand('parallelize.parallelizeFunctionUntrusted', standIn('parallelize.parallelizeFunction', 'benchmark')),
    vscode.commands.registerCommand('parallelize.profileFunctionUntrusted', standIn('parallelize.profileFunction', 'profile')),
  );
}
