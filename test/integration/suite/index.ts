/**
 * Entry of the integration suite. The extension host loads it and calls `run()`: the contract of
 * @vscode/test-electron's `--extensionTestsPath`, which the code-server runner honours too.
 */
import { runSuite } from '../mochaSuite';

/** Runs every compiled `*.test.js` beside this file; rejects when any test fails. */
export function run(): Promise<void> {
  return runSuite(__dirname);
}
