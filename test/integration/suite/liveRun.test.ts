/**
 * A benchmark live in the Benchmark panel: the panel opens when the run starts, leaving the focus
 * in the editor, is fed the server's partials, and its Cancel (a cancelRun message through the
 * panel's validation) ends the run with what was measured.
 */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ParallelizeApi, ParallelizeFunctionArgs } from '../../../extension/api';
import type { BenchmarkResult } from '../../../protocol/results';
import { activatedApi, openFixture, positionAfter, waitFor, webviewTab, within } from '../helpers';

suite('live benchmark panel', function () {
  this.timeout(120_000);

  test('opens on run start without the focus, shows the partials, and its Cancel ends the run with what was measured', async () => {
    const api = await activatedApi();
    const open = webviewTab('parallelize.benchmark');
    if (open) await vscode.window.tabGroups.close(open);
    const document = await openFixture('src/work.ts');
    const at = positionAfter(document, 'let count = 0;');
    // Heavy enough inputs (about 100 ms each) that the second pool size is still running when Cancel lands.
    const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs: 'Array.from({ length: 12 }, () => 1_500_000)' };
    let settled = false;
    const command = Promise.resolve(vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', args)).finally(() => { settled = true; });
    try {
      await watchAndCancel(api, command, () => settled, document);
    } finally {
      // A failed assertion must not leave the run going: the next suites would find the engine busy.
      const live = api.benchmarkLive();
      if (!settled && live) api.simulateBenchmarkPageMessage({ type: 'cancelRun', runId: live.runId });
      await within('the run to end', command, 30_000).catch(() => undefined);
    }
  });
});

/** Waits for the panel and the partials, presses Cancel, and checks the result keeps what the panel showed. */
async function watchAndCancel(api: ParallelizeApi, command: Promise<BenchmarkResult | undefined>, settled: () => boolean, document: vscode.TextDocument): Promise<void> {
  const live = await waitFor('the run shown live', () => api.benchmarkLive(), 30_000);
  await waitFor('the Benchmark panel opened at the start of the run', () => webviewTab('parallelize.benchmark'), 10_000);
  assert.ok(!settled(), 'the panel opened only after the run');
  assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString(), 'the panel took the focus from the editor');

  const serial = await waitFor('a partial with the serial figures', () => api.benchmarkLive()?.partial?.serial ?? undefined, 60_000);
  assert.ok(serial.medianMs > 0);
  const firstPool = await waitFor('a partial with a pool size', () => api.benchmarkLive()?.partial?.runs[0], 60_000);
  const phases = api.benchmarkLive()?.partial?.phases.map((p) => p.id);
  assert.deepEqual(phases?.slice(0, 3), ['serial', 'messaging', 'workers-1']);

  // What the page posts when its Cancel button is pressed (the browser test presses it), through the host's validation.
  api.simulateBenchmarkPageMessage({ type: 'cancelRun', runId: live.runId });
  assert.equal(api.benchmarkLive()?.state, 'cancelling');
  const result = await within('the cancelled run', command, 30_000);
  assert.ok(result, 'the cancelled run gave no result');
  assert.equal(result.cancelled, true, `the run was not cancelled: ${result.verdict}`);
  assert.ok(result.runs.length >= 1, 'the cancelled run lost the pool size it measured');
  const { delivery: _delivery, ...kept } = result.runs[0]!;
  assert.deepEqual(kept, firstPool);
  assert.deepEqual(result.serial, serial);
  assert.equal(api.benchmarkLive(), undefined, 'the panel still shows the run live');
  assert.equal(api.lastResult()?.startedAt, result.startedAt);
  assert.ok(webviewTab('parallelize.benchmark'), 'the panel closed');
}
