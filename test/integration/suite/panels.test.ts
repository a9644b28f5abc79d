/** The Resources and Benchmark commands open their webview panels. */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activatedApi, waitFor, webviewTab } from '../helpers';

suite('panels', () => {
  for (const [command, viewType, title] of [
    ['parallelize.showResources', 'parallelize.resources', 'Parallelize: Resources'],
    ['parallelize.showBenchmark', 'parallelize.benchmark', 'Parallelize: Benchmark'],
  ] as const) {
    test(`${command} opens "${title}"`, async () => {
      await activatedApi();
      await vscode.commands.executeCommand(command);
      const tab = await waitFor(`a ${viewType} webview tab`, () => webviewTab(viewType));
      assert.equal(tab.label, title);
    });
  }
});
