/**
 * Workspace Trust in a real extension host: the runner (`runTests.mjs --untrusted`) opens a copy of
 * test/fixtures/untrusted with trust enabled, the folder not trusted and no startup prompt. Nothing
 * of the workspace may be bundled or run, the command says why, and the resource monitor still works.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { ParallelizeFunctionArgs } from '../../../extension/api';
import type { BenchmarkResult } from '../../../protocol/results';
import { activatedApi, openFixture, positionAfter, waitFor, within } from '../helpers';

const statusText = /\$\(pulse\) \d+% · [\d.]+ GB free/;

/** The workspace folder on disk (a temp copy: the runner never opens the repository's fixture itself). */
function folderPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open: the runner opens a copy of test/fixtures/untrusted');
  return folder.uri.fsPath;
}

suite('untrusted workspace', function () {
  this.timeout(60_000);
  let marker = '';

  suiteSetup(() => {
    // A module whose loading leaves a mark: bundling it runs nothing, but evaluating the inputs
    // expression in it, or running `double` on a worker, loads it. Written here, by the test (the
    // extension host's own code), so that the marker's absolute path is known; the path is outside
    // src/ so that nothing the extension does to src/ can make or hide it.
    const root = folderPath();
    marker = path.join(root, 'module-loaded.marker');
    fs.rmSync(marker, { force: true });
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/marked.ts'), `import { writeFileSync } from 'node:fs';

writeFileSync(${JSON.stringify(marker)}, 'loaded');

export function double(n: number): number {
  return n * 2;
}
`);
  });

  test('the workspace is open and not trusted', () => {
    assert.match(folderPath(), /parallelize-untrusted-/);
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace is trusted: is code-server started with workspace trust on, and the folder new to it?');
  });

  test('the extension activates (limited support) and its language server answers', async () => {
    const api = await activatedApi();
    assert.ok(api.serverPid(), 'no language server process');
  });

  test('the status-bar resource monitor works', async () => {
    const api = await activatedApi();
    const before = api.statusBarUpdates();
    await waitFor('two status-bar readings', () => (api.statusBarUpdates() >= before + 2 ? true : undefined), 10_000);
    assert.match(api.statusBarText(), statusText);
  });

  test('Parallelize Function gives no result, says the workspace needs trust, and loads nothing', async () => {
    const api = await activatedApi();
    const document = await openFixture('src/marked.ts');
    const at = positionAfter(document, 'export function double(');
    const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs: '[1, 2, 3, 4]' };
    const result = await within(
      'parallelize.parallelizeFunction in an untrusted workspace',
      vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', args),
      30_000,
    );
    assert.equal(result, undefined, 'an untrusted workspace gave a benchmark result');
    assert.equal(api.lastResult(), undefined, 'a benchmark finished in an untrusted workspace');
    const error = api.lastRunError();
    assert.equal(error?.code, 'UNTRUSTED', `the command did not say why: ${JSON.stringify(error)}`);
    assert.match(error.message, /needs Workspace Trust/);
    assert.equal(api.runProgress(), undefined, 'a run is under way');
    assert.equal(fs.existsSync(marker), false, 'the workspace module was loaded in an untrusted workspace');
  });

  test('no Parallelize CodeLens is offered', async () => {
    await activatedApi();
    const document = await openFixture('src/marked.ts');
    // The language server answers CodeLens requests for this file (it found the function above);
    // the client's middleware drops them while the workspace is untrusted.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const ours = lenses.filter((lens) => lens.command?.command === 'parallelize.parallelizeFunction');
    assert.deepEqual(ours.map((lens) => lens.command?.title), []);
    assert.equal(fs.existsSync(marker), false, 'the workspace module was loaded in an untrusted workspace');
  });

  test('the palette\'s stand-in "Parallelize Function (needs Workspace Trust)" says why, and loads nothing', async () => {
    const api = await activatedApi();
    const document = await openFixture('src/marked.ts');
    const at = positionAfter(document, 'export function double(');
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
    const result = await within('the stand-in command', vscode.commands.executeCommand<unknown>('parallelize.parallelizeFunctionUntrusted'), 30_000);
    assert.equal(result, undefined);
    assert.equal(api.lastRunError()?.code, 'UNTRUSTED');
    assert.equal(fs.existsSync(marker), false, 'the workspace module was loaded in an untrusted workspace');
    // Left open for the runner's screenshot: the palette as a user in Restricted Mode sees it.
    await vscode.commands.executeCommand('workbench.action.quickOpen', '>Parallelize: ');
  });
});
