/** Run history in a real extension host: two runs of a function are kept, listed in the Parallelize view, opened and compared. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { StoredRun, type Comparison } from '../../../protocol/history';
import { activatedApi, parallelizeWorkFixture, waitFor, webviewTab, within } from '../helpers';

suite('history', function () {
  this.timeout(180_000);

  suiteTeardown(async () => {
    const tabs = ['parallelize.compare', 'parallelize.benchmark'].map(webviewTab).filter((t) => t !== undefined);
    await vscode.window.tabGroups.close(tabs);
  });

  test('keeps both runs of a function, lists them in the view, opens one and compares them', async () => {
    const api = await activatedApi();
    const fibKey = (file: string) => `${file}#fib`;
    const first = await parallelizeWorkFixture('export function fib(', '[20, 21, 22, 23]');
    const second = await parallelizeWorkFixture('export function fib(', '[20, 21, 22, 23]');
    const key = fibKey(second.function.file);

    // The store: both runs, newest first, each with what the result does not record.
    const runs = (await api.history.runs()).filter((r) => r.functionKey === key);
    const [newest, previous] = runs;
    assert.ok(newest && previous, `${runs.length} kept run(s) of fib`);
    assert.equal(newest.startedAt, second.startedAt);
    assert.equal(previous.startedAt, first.startedAt);
    assert.equal(newest.inputs, '[20, 21, 22, 23]');

    // The view: fib with its last result as description, both runs under it.
    await vscode.commands.executeCommand('parallelize.history.focus');
    // Headless code-server leaves a pane expanded by a command unlaid-out until the next layout: hide and show the
    // side bar so that the runner's screenshot shows the view's rows, then open fib's runs.
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
    await vscode.commands.executeCommand('parallelize.history.focus');
    await vscode.commands.executeCommand('list.focusFirst');
    await vscode.commands.executeCommand('list.expand');
    const tree = await api.history.tree();
    const fib = tree.find((f) => f.label === 'fib');
    assert.ok(fib, `the view lists ${tree.map((f) => f.label).join(', ')}`);
    assert.equal(fib.description, `${newest.short} · work.ts`);
    assert.match(fib.description, /^(\d+\.\d× on \d workers?|keep serial) · work\.ts$/);
    assert.deepEqual(fib.runs.slice(0, 2).map((r) => r.id), [newest.id, previous.id]);
    assert.ok(['rocket', 'circle-slash'].includes(fib.icon), `icon ${fib.icon}`);

    // Clicking a run opens it in the benchmark panel.
    await vscode.commands.executeCommand('parallelize.openRun', { kind: 'run', run: previous });
    await waitFor('the benchmark panel showing the earlier run', () => (api.lastResult()?.startedAt === first.startedAt ? true : undefined));

    // Compare with previous: the panel opens with both runs; the same code, so nothing changed.
    const comparison = await within('parallelize.compareWithPrevious', vscode.commands.executeCommand<Comparison | undefined>('parallelize.compareWithPrevious', { runId: newest.id }), 20_000);
    assert.ok(comparison, 'no comparison');
    assert.equal(api.history.lastComparison(), comparison);
    assert.equal(comparison.before.id, previous.id);
    assert.equal(comparison.after.id, newest.id);
    assert.equal(comparison.code.changed, false, 'the function was not edited between the runs');
    assert.equal(comparison.rows[0]?.config, 'serial');
    // The fixture workspace runs one trial: no spread, so no change may be called.
    assert.ok(comparison.rows.every((r) => r.marker === 'unknown' || r.marker === 'missing'), comparison.rows.map((r) => r.marker).join());
    assert.equal(comparison.nothingChanged, true, JSON.stringify(comparison.machine));
    await waitFor('a parallelize.compare webview tab', () => webviewTab('parallelize.compare'));
    console.log(`      compare: ${comparison.headline}`);

    // Export: the run's envelope as JSON, readable with the same schema.
    const folder = mkdtempSync(path.join(tmpdir(), 'parallelize-export-'));
    try {
      const target = vscode.Uri.file(path.join(folder, 'fib-run.json'));
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('parallelize.exportRun', { kind: 'run', run: newest }, target);
      assert.equal(written?.fsPath, target.fsPath);
      const exported = StoredRun.parse(JSON.parse(readFileSync(target.fsPath, 'utf8')));
      assert.equal(exported.id, newest.id);
      assert.equal(exported.result.startedAt, second.startedAt);
      assert.match(exported.source?.text ?? '', /^export function fib\(n: number\): number \{/);
      assert.equal(exported.settings.trials, 1, 'the fixture workspace\'s settings, as sent with the run');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }

    // The toolbar's form of the argument: the function and the run it shows.
    const fromToolbar = await vscode.commands.executeCommand<Comparison | undefined>('parallelize.compareWithPrevious', { file: second.function.file, name: 'fib', startedAt: second.startedAt });
    assert.equal(fromToolbar?.after.id, newest.id);
  });
});
