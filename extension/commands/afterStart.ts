/**
 * The run commands are registered when the extension activates, not once its language server
 * answers: VS Code runs a command right after activating for it, and a command registered later
 * fails with "command 'parallelize.parallelizeFunction' not found" in the first seconds of a window.
 * A command run before the server is up waits for it, saying so in the status bar.
 */
import * as vscode from 'vscode';

/**
 * What a command needs once the server has started; undefined when it could not start (activation
 * has already said why, with the log a click away).
 */
export function afterStart<T>(started: Promise<T>): () => Promise<T | undefined> {
  let done = false;
  // Handled here at once, so a failed start is not also an unhandled rejection.
  const settled = started.then((value) => value, () => undefined).finally(() => { done = true; });
  return () => {
    if (!done) vscode.window.setStatusBarMessage('$(loading~spin) Parallelize: starting its language server…', settled);
    return settled;
  };
}
