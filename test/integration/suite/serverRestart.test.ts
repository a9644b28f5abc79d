/**
 * The language server dies mid-run: the client restarts it, the run ends with a message saying so,
 * and the next run works. Written without being run here (the brief forbids the integration suite
 * on this shared machine): the first `npm test` on a free machine is its first run.
 */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ParallelizeFunctionArgs } from '../../../extension/api';
import type { BenchmarkResult } from '../../../protocol/results';
import { activatedApi, openFixture, positionAfter, waitFor, within } from '../helpers';

suite('language server restart', function () {
  this.timeout(180_000);

  test('a server killed mid-run is restarted; the run says so, and the next run works', async () => {
    const api = await activatedApi();
    const firstPid = await waitFor('the language server\'s pid', () => api.serverPid());
    const restartsBefore = api.serverRestarts();
    const document = await openFixture('src/work.ts');
    const at = positionAfter(document, 'export function fib(');
    const run = (inputs: string): Thenable<BenchmarkResult | undefined> => {
      const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs };
      return vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', args);
    };

    // fib(32) two dozen times: seconds of work, so the kill lands while the run is under way.
    const killed = run('Array.from({ length: 24 }, () => 32)');
    await waitFor('the run to report progress', () => ((api.runProgress() ?? 0) > 0 ? true : undefined), 60_000);
    process.kill(firstPid, 'SIGKILL');
    const outcome = await within('the run whose server was killed', killed, 60_000);
    assert.equal(outcome, undefined, 'a run whose server died gave a result');
    const error = api.lastRunError();
    assert.equal(error?.code, 'SERVER_STOPPED');
    assert.match(error?.message ?? '', /stopped during the run and was restarted: run again/);
    assert.equal(api.serverRestarts(), restartsBefore + 1);
    await waitFor('a new language server process', () => {
      const pid = api.serverPid();
      return pid !== undefined && pid !== firstPid ? pid : undefined;
    });
    assert.equal(api.runProgress(), undefined, 'the killed run still counts as running');

    const next = await within('the run after the restart', run('[20, 21, 22, 23]'), 90_000);
    assert.ok(next, `the run after the restart gave no result: ${api.lastRunError()?.message ?? 'no error shown'}`);
    assert.equal(next.resultsMatch, true);
    assert.deepEqual(next.errors, []);
  });
});
