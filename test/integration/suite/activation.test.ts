/** The extension is found, activates in a trusted workspace and its language server answers. */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activatedApi, extensionId } from '../helpers';

suite('activation', () => {
  test('the extension is installed from the development path', () => {
    assert.ok(vscode.extensions.getExtension(extensionId), `${extensionId} not found`);
  });

  test('the fixture workspace is open and trusted', () => {
    assert.match(vscode.workspace.workspaceFolders?.[0]?.uri.path ?? '', /test\/fixtures\/workspace$/);
    assert.equal(vscode.workspace.isTrusted, true);
  });

  test('activates, and api.ready resolves once the language server answers', async () => {
    const api = await activatedApi();
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
    assert.equal(typeof api.statusBarText, 'function');
    assert.equal(typeof api.lastResult, 'function');
  });

  test('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['parallelize.parallelizeFunction', 'parallelize.showResources', 'parallelize.showBenchmark', 'parallelize.showLog']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });
});
