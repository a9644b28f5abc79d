/** The Resources and Benchmark commands open their webview panels. */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activatedApi, waitFor } from '../helpers';

/** The open webview tab whose viewType ends with `viewType` (the workbench may prefix it). */
function webviewTab(viewType: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType));
}

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
