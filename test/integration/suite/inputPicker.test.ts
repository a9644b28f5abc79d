/**
 * Input picking in the real extension host: Parallelize Function without inputs opens the picker,
 * which offers the module's fitting export with its count and each expression's preview; the
 * export is picked with the workbench's own quick-open commands and runs. A document with unsaved
 * edits runs as the editor holds it and stays unsaved.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { InputPickerView, ParallelizeApi } from '../../../extension/api';
import type { BenchmarkResult } from '../../../protocol/results';
import { activatedApi, openFixture, positionAfter, waitFor, within } from '../helpers';

const exportLabel = '$(symbol-array) tiles';
const typeRowLabel = '$(edit) Type an expression…';

/** The picker once it shows `label` and the previews of at least two rows, all of them done. */
async function pickerWithPreviews(api: ParallelizeApi, label = exportLabel): Promise<InputPickerView> {
  return waitFor('the input picker with its previews', () => {
    const view = api.inputPicker();
    const rows = view?.items.filter((i) => !i.separator && i.label !== typeRowLabel) ?? [];
    const previewed = rows.length >= 2 && rows.every((i) => i.detail !== undefined && !i.detail.includes('evaluating'));
    return view && previewed && view.items.some((i) => i.label === label) ? view : undefined;
  }, 60_000);
}

/**
 * Moves the picker's focus down (the list wraps) until `label` is focused, as the Down key does. One
 * move at a time, each awaited in the picker's view: a move sent before the last one reached the
 * extension host was seen lost on a busy machine.
 */
async function focusRow(api: ParallelizeApi, label: string): Promise<void> {
  await waitFor(`the row ${label} to be focused`, async () => {
    const active = api.inputPicker()?.active;
    if (active === label) return true;
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    // The next move once this one has reached the extension host, or has been lost.
    await waitFor('the move to reach the picker', () => (api.inputPicker()?.active !== active ? true : undefined), 2_000).catch(() => undefined);
    return undefined;
  }, 20_000);
}

/** src/tiles.ts in the editor with the cursor inside tileArea, where Parallelize Function without arguments finds it. */
async function cursorInTileArea(): Promise<void> {
  const document = await openFixture('src/tiles.ts');
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor && editor.document === document);
  const inside = positionAfter(document, 'let sum = 0;');
  editor.selection = new vscode.Selection(inside, inside);
}

suite('Input picker', function () {
  this.timeout(120_000);

  test('offers the fitting export with its count and previews, and runs the one picked through quick open', async () => {
    const api = await activatedApi();
    await cursorInTileArea();
    const run = vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction');

    const view = await pickerWithPreviews(api);
    console.log(`      picker "${view.title}":\n${view.items.map((i) => `        ${i.separator ? '──' : '  '} ${i.label}${i.description ? ` — ${i.description}` : ''}${i.detail ? `\n             ${i.detail}` : ''}`).join('\n')}`);
    assert.equal(view.title, 'Parallelize: inputs for tileArea');
    const exported = view.items.find((i) => i.label === exportLabel);
    assert.equal(exported?.description, 'export · Tile[] · 12 inputs');
    assert.equal(exported?.detail, "$(pass) 12 inputs · first: { x: 0, y: 0, label: 'tile-0' }");
    const sample = view.items.find((i) => i.label.includes('Sample values'));
    assert.equal(sample?.description, "Array.from({ length: 32 }, (_, i) => ({ x: i % 17, y: (i * 7) % 13, label: 'label-' + i }))");
    assert.equal(sample?.detail, "$(pass) 32 inputs · first: { x: 0, y: 0, label: 'label-0' }");
    assert.ok(view.items.some((i) => i.label === '$(edit) Type an expression…'));

    // Down to the export with the keyboard's commands, then Enter.
    const rows = view.items.filter((i) => !i.separator);
    assert.equal(view.active, rows[0]?.label, 'the first row is focused');
    await focusRow(api, exportLabel);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await within('the run of the picked export', run, 90_000);
    assert.ok(result, `no result; last error: ${JSON.stringify(api.lastRunError())}`);
    assert.equal(result.inputs.expression, 'tiles');
    assert.equal(result.inputs.count, 12);
    assert.deepEqual(result.errors, []);
    assert.equal(api.inputPicker(), undefined, 'the picker closed');
  });

  test('Enter on a typed expression runs it at once while its preview is still evaluated, and refuses one whose preview failed', async () => {
    const api = await activatedApi();
    await cursorInTileArea();
    let settled = false;
    const run = Promise.resolve(vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction')).finally(() => { settled = true; });
    try {
      // The picker's own previews done first: none of them is running when the box opens.
      await pickerWithPreviews(api, typeRowLabel);
      await focusRow(api, typeRowLabel);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await waitFor('the input box', () => api.inputBox(), 10_000);

      // Known to fail: Enter leaves the box open with the error under it, and nothing runs.
      assert.ok(api.typeInInputBox("tiles.map((t) => { if (t.x > 4) throw new Error('too far: ' + t.x); return t; })"));
      const refused = await waitFor('the error under the input box', () => (api.inputBox()?.severity === 'error' ? api.inputBox() : undefined), 60_000);
      assert.match(refused.message ?? '', /too far: 5/);
      // The accept event reaches the extension host before the command's reply does.
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.match(api.inputBox()?.message ?? 'the box closed', /too far: 5/);
      assert.equal(api.benchmarkLive(), undefined, 'an expression whose preview failed ran');
      assert.equal(settled, false);

      // Its preview takes seconds (a slow module or a busy machine): Enter does not wait for it.
      const slow = '(() => { const end = Date.now() + 4_000; while (Date.now() < end); return tiles.slice(0, 3); })()';
      assert.ok(api.typeInInputBox(slow));
      assert.equal(api.inputBox()?.message, undefined, 'the old preview is gone; the new one is evaluating');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      // As above, the accept was handled when the command returns: the box closed, its preview still to come.
      assert.equal(api.inputBox(), undefined, `Enter waited: the box still shows ${JSON.stringify(api.inputBox())}`);
      const live = await waitFor('the run to start', () => api.benchmarkLive(), 30_000);
      assert.equal(live.name, 'tileArea');
      const result = await within('the run of the typed expression', run, 90_000);
      assert.ok(result, `no result; last error: ${JSON.stringify(api.lastRunError())}`);
      assert.equal(result.inputs.expression, slow);
      assert.equal(result.inputs.count, 3);
    } finally {
      if (api.inputBox() || api.inputPicker()) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      const live = api.benchmarkLive();
      if (!settled && live) api.simulateBenchmarkPageMessage({ type: 'cancelRun', runId: live.runId });
      await within('the command to end', run, 30_000).catch(() => undefined);
    }
  });

  test('a document with unsaved edits runs as the editor holds it and stays unsaved', async () => {
    const api = await activatedApi();
    // The web workbench saves after a delay by default, which would put the edit on disk.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect<string>('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const document = await openFixture('src/tiles.ts');
    const onDisk = readFileSync(document.uri.fsPath, 'utf8');
    const edit = new vscode.WorkspaceEdit();
    const from = document.getText().indexOf('length: 12');
    edit.replace(document.uri, new vscode.Range(document.positionAt(from), document.positionAt(from + 'length: 12'.length)), 'length: 5');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(document.isDirty);
    try {
      const at = positionAfter(document, 'let sum = 0;');
      const result = await within(
        'the run of the unsaved document',
        vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', { uri: document.uri.toString(), line: at.line, character: at.character, inputs: 'tiles' }),
        90_000,
      );
      assert.ok(result, `no result; last error: ${JSON.stringify(api.lastRunError())}`);
      assert.equal(result.inputs.count, 5, 'the unsaved `length: 5` is what ran');
      assert.equal(document.isDirty, true, 'the document was saved');
      assert.equal(readFileSync(document.uri.fsPath, 'utf8'), onDisk, 'the file on disk changed');
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
    assert.equal(document.isDirty, false);
  });
});
