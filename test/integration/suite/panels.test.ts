/** The Resources and Benchmark commands open their webview panels. */
import * as assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activatedApi, waitFor, webviewTab } from '../helpers';

suite('panels', () => {
  // Closed again, for the next suites. Also, in code-server two webviews that load at the same time
  // can leave the second one blank (its service worker race: "Found unexpected service worker
  // controller"), and the Benchmark panel should render when a run reopens it for the screenshot.
  suiteTeardown(async () => {
    const tabs = ['parallelize.resources', 'parallelize.benchmark'].map(webviewTab).filter((t) => t !== undefined);
    await vscode.window.tabGroups.close(tabs);
  });

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
