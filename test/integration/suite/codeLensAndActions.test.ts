/** The language server's CodeLens (with the last result after a run) and code action, as VS Code's own providers report them. */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ParallelizeFunctionArgs } from '../../../extension/api';
import type { BenchmarkResult } from '../../../protocol/results';
import { activatedApi, openFixture, positionAfter, waitFor, within } from '../helpers';

const rocket = '$(rocket) Parallelize';

async function lensTitles(document: vscode.TextDocument): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  return lenses.map((lens) => lens.command?.title ?? '').filter((title) => title.startsWith(rocket));
}

suite('CodeLens and code action', function () {
  this.timeout(120_000);

  test('each top-level function has a lens whose command runs it', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const lenses = await waitFor('the Parallelize lenses', async () => {
      const found = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri))
        .filter((lens) => lens.command?.title.startsWith(rocket));
      return found.length >= 3 ? found : undefined;
    });
    const fib = lenses.find((lens) => lens.range.start.line === positionAfter(document, 'export function fib(').line);
    assert.ok(fib?.command, 'no lens on fib');
    assert.equal(fib.command.command, 'parallelize.parallelizeFunction');
    const [where] = fib.command.arguments as ParallelizeFunctionArgs[];
    assert.equal(where?.uri, document.uri.toString());
  });

  test('after a run of fib, its lens shows the speedup measured', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const at = positionAfter(document, 'export function fib(');
    const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs: '[24, 25, 26, 27, 24, 25, 26, 27]' };
    const result = await within('Parallelize Function on fib', vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', args), 90_000);
    assert.ok(result, 'the run gave no result');
    // The server asks VS Code to refresh the lenses; the provider answers with the result from then on.
    const title = await waitFor('a lens with the result', async () => (await lensTitles(document)).find((t) => t.includes('×')));
    console.log(`      fib's lens: ${title}`);
    assert.match(title, /^\$\(rocket\) Parallelize · .*\d×? on \d+ workers? · .*\/item$/);
  });

  test('parallelize.codeLens.enabled = false hides the lenses', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const config = vscode.workspace.getConfiguration('parallelize');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await waitFor('no lens', async () => ((await lensTitles(document)).length === 0 ? [] : undefined)), []);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok((await waitFor('lenses back', async () => ((await lensTitles(document)).length > 0 ? true : undefined))));
  });

  test('"Generate worker-pool version" is offered inside fib, not outside a function', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const inFib = positionAfter(document, 'return n < 2');
    const titles = async (position: vscode.Position): Promise<string[]> => {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
      return actions.map((a) => a.title);
    };
    const offered = await waitFor('the code action in fib', async () => ((await titles(inFib)).includes('Generate worker-pool version') ? true : undefined));
    assert.ok(offered);
    assert.ok(!(await titles(positionAfter(document, 'const LIMIT_NOTE'))).includes('Generate worker-pool version'));
  });
});
