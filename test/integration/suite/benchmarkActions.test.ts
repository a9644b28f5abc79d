/**
 * The benchmark panel's toolbar actions as the host performs them (extension/panels/benchmarkActions.ts),
 * in a real extension host: Run again benchmarks the same function with the same inputs through the
 * real command, Profile profiles it, Copy Markdown fills the clipboard, and a click that names a
 * result the panel no longer shows does nothing. (The page's side, that each button posts its
 * action, is the browser tests'.)
 */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { performBenchmarkAction } from '../../../extension/panels/benchmarkActions';
import { resultMarkdown } from '../../../extension/panels/resultExports';
import { activatedApi, extensionId, openFixture, parallelizeWorkFixture, waitFor, within } from '../helpers';

const log = vscode.window.createOutputChannel('Parallelize benchmark actions test', { log: true });

suite('benchmark panel actions', function () {
  this.timeout(180_000);

  test('Run again benchmarks the same function with the same inputs; a stale click does nothing', async () => {
    const api = await activatedApi();
    const extensionUri = vscode.extensions.getExtension(extensionId)?.extensionUri;
    assert.ok(extensionUri);
    // Not exported, and not on the cursor's line: the action finds it from the result alone.
    const first = await parallelizeWorkFixture('function countPrimes(', '[2000, 3000, 4000, 5000]');
    await vscode.window.showTextDocument(await openFixture('src/hot.ts'));

    await performBenchmarkAction('runAgain', first.startedAt - 1, first, { extensionUri, log });
    assert.equal(api.lastResult()?.startedAt, first.startedAt, 'a click naming another result started nothing');

    await within('Run again', performBenchmarkAction('runAgain', first.startedAt, first, { extensionUri, log }), 90_000);
    const again = await waitFor('the second run', () => (api.lastResult()?.startedAt !== first.startedAt ? api.lastResult() : undefined));
    assert.equal(again.function.name, 'countPrimes');
    assert.equal(again.function.file, first.function.file);
    assert.equal(again.inputs.expression, first.inputs.expression);
    assert.equal(again.inputs.count, 4);
  });

  test('Profile profiles the shown function with its inputs; Copy Markdown puts the summary on the clipboard', async () => {
    const api = await activatedApi();
    const extensionUri = vscode.extensions.getExtension(extensionId)?.extensionUri;
    assert.ok(extensionUri);
    const result = await parallelizeWorkFixture('export function fib(', '[20, 21, 22, 23]');
    const before = api.lastProfile();
    await within('Profile', performBenchmarkAction('profile', result.startedAt, result, { extensionUri, log }), 90_000);
    const profile = await waitFor('a new profile', () => (api.lastProfile() !== before ? api.lastProfile() : undefined));
    assert.equal(profile.target.name, 'fib');

    await performBenchmarkAction('copyMarkdown', result.startedAt, result, { extensionUri, log });
    assert.equal(await vscode.env.clipboard.readText(), resultMarkdown(result));
  });
});
