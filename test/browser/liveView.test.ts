/**
 * The benchmark panel while a run goes on, in real Chromium behind the real CSP shell: phases with
 * their progress, bars and points appearing as partials arrive, Cancel posting its message, the
 * result replacing the live view, and the last result coming back when the page reloads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { LiveView, RunPartial } from '../../protocol/live';
import type { BenchmarkResult } from '../../protocol/results';
import { cspViolations, postedMessages, sendToWebview, waitForExpression } from './fakeVsCodeApi';
import { benchmarkFixture, chartSnapshot, saveScreenshot, usePanelHarness } from './harness';
import { applyTheme, darkPlus, highContrastDark, highContrastLight, lightPlus } from './themes';

const primes = benchmarkFixture('primes-8-workers');
const openPanel = usePanelHarness();
const runId = 'run-42';

/**
 * The partial a run of `result` sends once serial and the first `pools` pool sizes are done, with
 * the next phase running (validated with the protocol's schema, as the host validates the server's).
 */
function partialAfter(result: BenchmarkResult, pools: number): RunPartial {
  const sizes = result.runs.map((run) => run.workers);
  const phases = [
    { id: 'serial', kind: 'serial' as const, label: 'serial' },
    { id: 'messaging', kind: 'messaging' as const, label: 'messaging probe' },
    ...sizes.map((workers) => ({ id: `workers-${workers}`, kind: 'pool' as const, label: `${workers} worker${workers === 1 ? '' : 's'}`, size: workers })),
  ];
  const doneCount = pools < 0 ? 0 : 2 + pools;
  return RunPartial.parse({
    runId,
    function: result.function,
    inputCount: pools < 0 ? null : result.inputs.count,
    serial: pools < 0 ? null : result.serial,
    runs: result.runs.slice(0, Math.max(0, pools)).map(({ delivery: _delivery, ...run }) => run),
    asyncRuns: [],
    chunkSize: pools < 0 ? null : result.chunkSize,
    cores: result.resources.cores,
    phases: phases.map((phase, index) => ({ ...phase, state: index < doneCount ? 'done' : index === doneCount ? 'running' : 'pending' })),
  });
}

function live(partial: RunPartial | null, progress: LiveView['progress'], state: LiveView['state'] = 'running', error?: string): unknown {
  return { type: 'live', run: LiveView.parse({ runId, name: primes.function.name, partial, progress, state, ...(error ? { error } : {}) }) };
}

async function phaseStates(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('#live-phases li')].map((row) => row.dataset.phase + ':' + row.className.replace('phase phase-', ''))`);
}

/** How many runtime bars have a value (the slots of pool sizes not measured yet are empty). */
async function barsDrawn(page: Page): Promise<number> {
  const chart = await chartSnapshot(page, 'runtime');
  return chart?.datasets[0]?.data.filter((value) => value !== null).length ?? 0;
}

void describe('benchmark panel, live', () => {
  void it('shows the phases with progress, draws bars and points as partials arrive, and Cancel posts its message', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await sendToWebview(page, live(null, { message: 'bundling countPrimesInRange', fraction: 0 }));
    await page.waitForSelector('#live');
    assert.match(await page.locator('#live h1').innerText(), /Benchmarking countPrimesInRange/);
    assert.match(await page.locator('#live-status').innerText(), /bundling/);

    // Serial under way, halfway through its steps.
    await sendToWebview(page, live(partialAfter(primes, -1), { message: 'serial, trial 1 of 3', fraction: 0.05, phase: { id: 'serial', fraction: 0.5 } }));
    await waitForExpression(page, `document.querySelector('#live-phases li[data-phase="serial"].phase-running')`);
    assert.equal(await page.locator('#live-phases li[data-phase="serial"] [role=progressbar]').getAttribute('aria-valuenow'), '50');
    assert.equal((await phaseStates(page)).length, 2 + primes.runs.length);
    assert.equal(await barsDrawn(page), 0);

    // Each partial adds one bar in its slot and one speedup point.
    for (let pools = 0; pools <= 3; pools++) {
      await sendToWebview(page, live(partialAfter(primes, pools), { message: `${pools + 1} workers, warm-up`, fraction: 0.2 + pools * 0.1, phase: { id: `workers-${pools + 1}`, fraction: 0 } }));
      await waitForExpression(page, `window.parallelizeCharts.runtime && window.parallelizeCharts.runtime.data.datasets[0].data.filter((v) => v !== null).length === ${1 + pools}`);
      const speedup = await chartSnapshot(page, 'speedup');
      assert.equal(speedup?.datasets[0]?.data.length, pools);
    }
    const runtime = await chartSnapshot(page, 'runtime');
    // The result's own labels ('2 workers'), which narrow bars show as '2' under the axis title.
    assert.deepEqual(runtime?.labels, ['serial', ...primes.runs.map((r) => (r.workers === 1 ? '1 worker' : `${r.workers} workers`))]);
    assert.deepEqual(runtime?.datasets[0]?.data.slice(0, 4), [primes.serial.medianMs, ...primes.runs.slice(0, 3).map((r) => r.medianMs)]);
    const states = await phaseStates(page);
    assert.deepEqual(states.slice(0, 6), ['serial:done', 'messaging:done', 'workers-1:done', 'workers-2:done', 'workers-3:done', 'workers-4:running']);
    // A done phase shows its figure as the result's table will.
    assert.match(await page.locator('#live-phases li[data-phase="workers-2"] .phase-figure').innerText(), /ms · \d+\.\d\d×/);
    assert.match(await page.locator('#live-facts').innerText(), /inputs · 16 cores/);

    for (const [theme, name] of [[darkPlus, 'dark'], [lightPlus, 'light'], [highContrastDark, 'hc-dark'], [highContrastLight, 'hc-light']] as const) {
      await applyTheme(page, theme);
      await page.setViewportSize({ width: 1100, height: 900 });
      await saveScreenshot(page, `benchmark-live-${name}`);
      await page.setViewportSize({ width: 320, height: 900 });
      await saveScreenshot(page, `benchmark-live-${name}-320`);
      // Nothing runs past the right edge at 320 px.
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 0, `${name}: the page is ${overflow} px wider than 320`);
    }

    const cancel = page.locator('#live-cancel');
    assert.equal(await cancel.innerText(), 'Cancel');
    await cancel.focus();
    await page.keyboard.press('Enter');
    await waitForExpression(page, `(window.__posted ?? []).some((m) => m.type === 'cancelRun')`);
    assert.deepEqual((await postedMessages(page)).filter((m) => m.type === 'cancelRun'), [{ type: 'cancelRun', runId }]);
    assert.equal(await cancel.isDisabled(), true);
    assert.match(await cancel.innerText(), /Cancelling/);
    // Progress still arriving keeps the button pressed, and a second press sends nothing more.
    await sendToWebview(page, live(partialAfter(primes, 3), { message: '4 workers, trial 1 of 3', fraction: 0.5, phase: { id: 'workers-4', fraction: 0.4 } }, 'cancelling'));
    await waitForExpression(page, `document.querySelector('#live-status').textContent.startsWith('Cancelling')`);
    assert.equal(await cancel.isDisabled(), true);
    assert.equal((await postedMessages(page)).filter((m) => m.type === 'cancelRun').length, 1);

    // The result (here cancelled after 3 pool sizes) replaces the live view.
    await sendToWebview(page, { type: 'benchmark', result: { ...primes, cancelled: true, runs: primes.runs.slice(0, 3), bestWorkers: 3 } });
    await page.waitForSelector('#stats-table');
    assert.equal(await page.locator('#live').count(), 0);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual((await postedMessages(page)).filter((m) => m.type === 'error'), []);
    await page.close();
  });

  void it('a failed run says why in place of its phases, with no Cancel', async () => {
    const { page, pageErrors } = await openPanel('benchmark', lightPlus, 480);
    await sendToWebview(page, live(partialAfter(primes, -1), { message: 'evaluating the inputs', fraction: 0, phase: { id: 'serial', fraction: 0 } }));
    await page.waitForSelector('#live');
    await sendToWebview(page, live(partialAfter(primes, -1), null, 'failed', 'INPUTS_FAILED: makeInputs is not defined'));
    await waitForExpression(page, `document.querySelector('#live-problem .banner')`);
    assert.match(await page.locator('#live h1').innerText(), /Stopped: countPrimesInRange/);
    assert.match(await page.locator('#live-problem').innerText(), /makeInputs is not defined/);
    assert.equal(await page.locator('#live-cancel').isVisible(), false);
    // Nothing runs any more: the phase under way stopped, the rest were not run; no empty charts.
    assert.deepEqual((await phaseStates(page)).slice(0, 2), ['serial:stopped', 'messaging:skipped']);
    assert.equal(await page.locator('#live .charts').isVisible(), false);
    await saveScreenshot(page, 'benchmark-live-failed-light');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('after a reload the page shows the last result it was sent at once, but never a live view', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await sendToWebview(page, { type: 'benchmark', result: primes });
    await page.waitForSelector('#stats-table');
    await sendToWebview(page, live(partialAfter(primes, 1), { message: '2 workers', fraction: 0.3 }));
    await page.waitForSelector('#live');
    await page.reload();
    // Nothing is sent after the reload: the page's own kept state draws the result.
    await page.waitForSelector('#stats-table');
    assert.equal(await page.locator('#live').count(), 0);
    assert.match(await page.locator('.fn-name').first().innerText(), /countPrimesInRange/);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual((await postedMessages(page)).filter((m) => m.type === 'error'), []);
    await page.close();
  });
});
