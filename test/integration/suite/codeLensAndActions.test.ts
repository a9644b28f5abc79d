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

  test('applying it writes the worker and the wrapper beside work.ts, with the measured pool size', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const inFib = positionAfter(document, 'return n < 2');
    // One resolved item: VS Code asks the server for the edit, as it does when the user picks the action.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(inFib, inFib), vscode.CodeActionKind.RefactorRewrite.value, 1);
    const generate = actions.find((a) => a.title === 'Generate worker-pool version');
    assert.ok(generate?.edit, 'the action came without its edit');
    const worker = vscode.Uri.joinPath(document.uri, '../fib.worker.ts');
    const wrapper = vscode.Uri.joinPath(document.uri, '../fib.parallel.ts');
    try {
      assert.ok(await vscode.workspace.applyEdit(generate.edit), 'VS Code refused the edit');
      // The edit's result as the editor holds it (saving goes through the remote file system asynchronously).
      const text = async (uri: vscode.Uri): Promise<string> => (await vscode.workspace.openTextDocument(uri)).getText();
      // The nearest tsconfig is the repository's ("module": "ESNext"): an ES module, so `.js` specifiers.
      assert.match(await text(worker), /import \{ fib \} from '\.\/work\.js';/);
      const wrapperText = await text(wrapper);
      assert.match(wrapperText, /export async function fibParallel\(/);
      assert.match(wrapperText, /new URL\('\.\/fib\.worker\.js', import\.meta\.url\)/);
      // The lens test before this one ran fib: its best pool size is baked in.
      assert.match(wrapperText, /export const fibPoolSize = [12];/);
      assert.equal(document.isDirty, false, 'work.ts is exported and only calls fib in fib: it needs no edit');
    } finally {
      // The generated files must not stay in the fixture workspace.
      const cleanup = new vscode.WorkspaceEdit();
      for (const uri of [worker, wrapper]) cleanup.deleteFile(uri, { ignoreIfNotExists: true });
      assert.ok(await vscode.workspace.applyEdit(cleanup), 'could not delete the generated files');
    }
    for (const uri of [worker, wrapper]) {
      await waitFor(`${uri.path} deleted`, async () => vscode.workspace.fs.stat(uri).then(() => undefined, () => true));
    }
  });
});
