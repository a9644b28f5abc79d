/**
 * Entry of the untrusted-workspace suite: `node test/integration/runTests.mjs --untrusted` opens a
 * copy of test/fixtures/untrusted with Workspace Trust on and the folder not trusted, and the
 * extension host calls `run()` (the same contract as suite/index.ts).
 */
import { runSuite } from '../mochaSuite';

/** Runs every compiled `*.test.js` beside this file; rejects when any test fails. */
export function run(): Promise<void> {
  return runSuite(__dirname);
}
