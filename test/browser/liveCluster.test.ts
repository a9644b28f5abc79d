/**
 * The live view of a run with a cluster phase, in real Chromium behind the real CSP shell, fed the
 * partials a run sends (built from real CLI runs on a local Redis, test/fixtures/results/
 * primes-cluster-*.json): the cluster's slot while its phase is to come and while it runs, its bar
 * and diamond once it ended, a stopped one struck, and the result replacing the live view with the
 * same labels, figures and order. Screenshots in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ClusterRun } from '../../protocol/cluster';
import { LiveView, RunPartial, type LivePhase } from '../../protocol/live';
import type { BenchmarkResult } from '../../protocol/results';
import { cspViolations, postedMessages, sendToWebview, waitForExpression } from './fakeVsCodeApi';
import { artifactsDir, benchmarkFixture, saveScreenshot, showBenchmark, usePanelHarness } from './harness';
import { applyTheme, darkPlus, highContrastDark, highContrastLight, lightPlus } from './themes';

const noPrediction = benchmarkFixture('primes-cluster-no-prediction');
const stopped = benchmarkFixture('primes-cluster-stopped');
const openPanel = usePanelHarness();
const runId = 'run-cluster-live';

function clusterOf(result: BenchmarkResult): ClusterRun {
  assert.ok(result.cluster, 'the fixture has a cluster section');
  return result.cluster;
}

/** The cluster as its phase's end reports it: the result's figures without the prediction the result adds. */
function measuredCluster(result: BenchmarkResult): ClusterRun {
  return { ...clusterOf(result), predicted: [], predictionNote: '' };
}

/**
 * The partial a run of `result` sends with every pool size done and its cluster phase in `state`
 * (validated with the protocol's schema, as the host validates the server's). `label` and `size`
 * are the phase's as planned: a Redis URL's workers are counted only when the phase starts.
 */
function clusterPartial(result: BenchmarkResult, state: LivePhase['state'], cluster?: ClusterRun, planned: { label: string; size?: number } = { label: 'cluster 2×1', size: 2 }): RunPartial {
  return RunPartial.parse({
    runId, function: result.function, inputCount: result.inputs.count, serial: result.serial,
    runs: result.runs.map(({ delivery: _delivery, ...run }) => run), asyncRuns: [], chunkSize: result.chunkSize, cores: result.resources.cores,
    phases: [
      { id: 'serial', kind: 'serial', label: 'serial', state: 'done' },
      { id: 'messaging', kind: 'messaging', label: 'messaging probe', state: 'done' },
      ...result.runs.map((run) => ({ id: `workers-${run.workers}`, kind: 'pool', label: `${run.workers} worker${run.workers === 1 ? '' : 's'}`, size: run.workers, state: 'done' })),
      { id: 'cluster', kind: 'cluster', ...planned, state },
    ],
    ...(cluster ? { cluster } : {}),
  });
}

function live(result: BenchmarkResult, partial: RunPartial, progress: LiveView['progress'] = null): unknown {
  return { type: 'live', run: LiveView.parse({ runId, name: result.function.name, partial, progress, state: 'running' }) };
}

/** The runtime chart as drawn: labels, medians, the tick labels under the bars, the y range, and whether the last bar is striped. */
interface RuntimeDrawn {
  labels: string[];
  data: (number | null)[];
  ticks: (string | string[])[];
  yMax: number;
  lastBorder: string;
  lastStriped: boolean;
}

async function runtimeDrawn(page: Page): Promise<RuntimeDrawn> {
  return page.evaluate<RuntimeDrawn>(`(() => {
    const chart = window.parallelizeCharts.runtime;
    const set = chart.data.datasets[0];
    return {
      labels: chart.data.labels, data: set.data, ticks: chart.scales.x.ticks.map((t) => t.label), yMax: chart.scales.y.max,
      lastBorder: set.borderColor.at(-1), lastStriped: set.backgroundColor.at(-1) instanceof CanvasPattern,
    };
  })()`);
}

/** The speedup chart's cluster diamond as drawn, or null. */
async function diamondDrawn(page: Page): Promise<{ label: string; data: unknown; pointStyle: string; backgroundColor: string; borderColor: string } | null> {
  return page.evaluate(`(() => {
    const d = window.parallelizeCharts.speedup.data.datasets.find((d) => (d.label || '').startsWith('Cluster '));
    return d ? { label: d.label, data: d.data, pointStyle: d.pointStyle, backgroundColor: d.backgroundColor, borderColor: d.borderColor } : null;
  })()`);
}

/** What the runtime chart writes in the running phase's empty slot, or false. */
async function runningSlot(page: Page): Promise<{ index: number; lines: string[] } | false> {
  return page.evaluate(`(() => {
    const slot = window.parallelizeCharts.runtime.options.plugins.runningSlot;
    return slot ? { index: slot.index, lines: slot.lines } : false;
  })()`);
}

const clusterRow = '#live-phases li[data-phase="cluster"]';

void describe('benchmark panel, live, with a cluster phase', () => {
  for (const [result, name] of [[noPrediction, 'done'], [stopped, 'stopped']] as const) {
    void it(`draws the cluster's slot while it is to come and runs, its bar and diamond once it ${name === 'done' ? 'ended' : 'stopped'}, and the result moves nothing`, async () => {
      const cluster = clusterOf(result);
      const { page, pageErrors } = await openPanel('benchmark', darkPlus);
      const workers = result.runs.map((run) => (run.workers === 1 ? '1 worker' : `${run.workers} workers`));

      // To come: its slot is planned, empty, labelled as the result will label it; the legend names it.
      await sendToWebview(page, live(result, clusterPartial(result, 'pending'), { message: '2 workers, trial 3 of 3', fraction: 0.6, phase: { id: `workers-2`, fraction: 1 } }));
      await waitForExpression(page, `window.parallelizeCharts.runtime && window.parallelizeCharts.runtime.data.labels.length === ${2 + result.runs.length}`);
      let drawn = await runtimeDrawn(page);
      assert.deepEqual(drawn.labels, ['serial', ...workers, 'cluster 2×1']);
      assert.equal(drawn.data.at(-1), null, 'nothing measured yet');
      assert.equal(await page.locator(`${clusterRow}.phase-pending`).count(), 1);
      assert.match(await page.locator('#live-runtime-legend').innerText(), /cluster \(Redis\)/);
      assert.equal(await diamondDrawn(page), null);
      assert.equal(await runningSlot(page), false, 'no phase of a slot runs');

      // Running: its row spins with the phase's own progress; the slot waits.
      await sendToWebview(page, live(result, clusterPartial(result, 'running'), { message: 'cluster 2×1, trial 1 of 3', fraction: 0.8, phase: { id: 'cluster', fraction: 0.4 } }));
      await waitForExpression(page, `document.querySelector('${clusterRow}.phase-running')`);
      assert.equal(await page.locator(`${clusterRow} [role=progressbar]`).getAttribute('aria-valuenow'), '40');
      assert.equal(await page.locator(`${clusterRow} .phase-figure`).innerText(), '40%');
      assert.equal(await page.locator(`${clusterRow} .codicon-modifier-spin`).count(), 1);
      assert.equal((await runtimeDrawn(page)).data.at(-1), null);
      // Its empty slot says so too, with the same figure as its row.
      assert.deepEqual(await runningSlot(page), { index: 1 + result.runs.length, lines: ['running', '40%'] });
      await saveScreenshot(page, `cluster-live-running-${name}-dark`);

      // Ended: the bar (striped, in the cluster's colour), the diamond at processes × threads, the row's figure.
      const state = cluster.stopped === null ? 'done' : 'stopped';
      const label = `cluster 2×1${state === 'stopped' ? ' (stopped)' : ''}`;
      await sendToWebview(page, live(result, clusterPartial(result, state, measuredCluster(result))));
      await waitForExpression(page, `window.parallelizeCharts.runtime.data.datasets[0].data.at(-1) !== null`);
      drawn = await runtimeDrawn(page);
      assert.equal(await runningSlot(page), false);
      assert.equal(drawn.labels.at(-1), label);
      assert.equal(drawn.data.at(-1), cluster.medianMs);
      assert.equal(drawn.lastStriped, true, 'striped as in the result');
      // Wide enough for full labels: a stopped cluster says so on a second line, as in the result.
      assert.deepEqual(drawn.ticks.at(-1), state === 'stopped' ? ['cluster 2×1', 'stopped'] : 'cluster 2×1');
      const diamond = await diamondDrawn(page);
      assert.ok(diamond, 'the diamond is drawn');
      assert.equal(diamond.label, `Cluster 2×1${state === 'stopped' ? ' (stopped)' : ''}`);
      assert.deepEqual(diamond.data, [{ x: 2, y: cluster.speedup }]);
      assert.equal(diamond.pointStyle, 'rectRot');
      const figure = page.locator(`${clusterRow} .phase-figure`);
      assert.ok((await figure.innerText()).endsWith(`· ${cluster.speedup?.toFixed(2)}×`));
      const decoration = await page.evaluate<string>(`getComputedStyle(document.querySelector('${clusterRow} .phase-figure')).textDecorationLine`);
      assert.equal(decoration, state === 'stopped' ? 'line-through' : 'none', 'a stopped cluster is struck as the result strikes it');
      await saveScreenshot(page, `cluster-live-${name}-dark`);
      mkdirSync(artifactsDir, { recursive: true });
      await page.locator('#live .charts').screenshot({ path: join(artifactsDir, `cluster-live-${name}-charts-dark.png`) });

      // The result replaces the live view: the same bars in the same order, the same ticks and range, the same diamond.
      await showBenchmark(page, result);
      const final = await runtimeDrawn(page);
      assert.deepEqual(final.labels, drawn.labels);
      assert.deepEqual(final.data, drawn.data);
      assert.deepEqual(final.ticks, drawn.ticks);
      assert.equal(final.yMax, drawn.yMax);
      assert.equal(final.lastBorder, drawn.lastBorder);
      assert.equal(final.lastStriped, true);
      assert.deepEqual(await diamondDrawn(page), diamond);
      // The table's row says what the phase row said.
      assert.equal(await page.evaluate<string>(`document.querySelector('#stats-table tr.cluster-row td.label').firstChild.textContent`), 'cluster 2×1');
      if (state === 'stopped') assert.equal(await page.locator('#stats-table tr.cluster-row.doubt').count(), 1);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual((await postedMessages(page)).filter((m) => m.type === 'error'), []);
      await page.close();
    });
  }

  void it('a Redis URL’s cluster is "cluster" until its workers are counted; one stopped before a trial leaves no slot, as the result has no bar', async () => {
    const result = stopped;
    const { page, pageErrors } = await openPanel('benchmark', lightPlus);
    await sendToWebview(page, live(result, clusterPartial(result, 'running', undefined, { label: 'cluster' }), { message: 'cluster, starting', fraction: 0.8, phase: { id: 'cluster', fraction: 0 } }));
    await waitForExpression(page, `window.parallelizeCharts.runtime && window.parallelizeCharts.runtime.data.labels.at(-1) === 'cluster'`);
    // No size yet: the speedup axis stays on the pool sizes.
    assert.equal(await page.evaluate<number>('window.parallelizeCharts.speedup.scales.x.max'), 2);
    // Stopped before a trial finished: the server relabels it with the workers it found, with no figures.
    const none: ClusterRun = { ...measuredCluster(result), trials: 0, samplesMs: [], medianMs: null, speedup: null, efficiency: null };
    await sendToWebview(page, live(result, clusterPartial(result, 'stopped', none)));
    await waitForExpression(page, `window.parallelizeCharts.runtime.data.labels.length === ${1 + result.runs.length}`);
    const drawn = await runtimeDrawn(page);
    assert.equal(await page.locator(`${clusterRow}.phase-stopped`).count(), 1);
    assert.equal(await page.locator(`${clusterRow}.doubt`).count(), 0, 'no figure to strike');
    assert.doesNotMatch(await page.locator('#live-runtime-legend').innerText(), /cluster/);
    await showBenchmark(page, { ...result, cluster: { ...none, predicted: [], predictionNote: 'no prediction: the cluster finished no trial' } });
    const final = await runtimeDrawn(page);
    assert.deepEqual(final.labels, drawn.labels);
    assert.deepEqual(final.data, drawn.data);
    assert.deepEqual(final.ticks, drawn.ticks);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('strikes a cluster whose results differ from serial, as the result’s table does', async () => {
    const differs: ClusterRun = { ...measuredCluster(noPrediction), resultsMatch: false, mismatch: { inputIndex: 3, serial: '17', parallel: '18' } };
    const { page, pageErrors } = await openPanel('benchmark', highContrastLight);
    await sendToWebview(page, live(noPrediction, clusterPartial(noPrediction, 'done', differs)));
    await waitForExpression(page, `document.querySelector('${clusterRow}.phase-done.doubt')`);
    assert.match((await page.locator(clusterRow).getAttribute('title')) ?? '', /differ from serial/);
    assert.equal(await page.evaluate<string>(`getComputedStyle(document.querySelector('${clusterRow} .phase-figure')).textDecorationLine`), 'line-through');
    const drawn = await runtimeDrawn(page);
    assert.equal(drawn.labels.at(-1), 'cluster 2×1', 'not stopped: no second line');
    await showBenchmark(page, { ...noPrediction, cluster: { ...differs, predictionNote: noPrediction.cluster?.predictionNote ?? '' } });
    assert.equal(await page.locator('#stats-table tr.cluster-row.doubt.differs').count(), 1);
    assert.deepEqual((await runtimeDrawn(page)).labels, drawn.labels);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('fits 320 px and reads in every theme, while the cluster runs and once it stopped', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    const running = live(stopped, clusterPartial(stopped, 'running'), { message: 'cluster 2×1, trial 2 of 3', fraction: 0.85, phase: { id: 'cluster', fraction: 0.6 } });
    const ended = live(stopped, clusterPartial(stopped, 'stopped', measuredCluster(stopped)));
    for (const [message, step] of [[running, 'running'], [ended, 'stopped']] as const) {
      await sendToWebview(page, message);
      await waitForExpression(page, `document.querySelector('${clusterRow}.phase-${step}')`);
      for (const [theme, name] of [[lightPlus, 'light'], [darkPlus, 'dark'], [highContrastDark, 'hc-dark'], [highContrastLight, 'hc-light']] as const) {
        await applyTheme(page, theme);
        for (const width of [1100, 320]) {
          await page.setViewportSize({ width, height: 900 });
          await waitForExpression(page, `Object.values(window.parallelizeCharts).every((chart) => chart.width <= ${width})`);
          const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
          assert.ok(overflow <= 0, `${name} at ${width} px: the page is ${overflow} px wider`);
          const figure = await page.locator(`${clusterRow} .phase-figure`).boundingBox();
          assert.ok(figure && figure.x >= 0 && figure.x + figure.width <= width, `${name} at ${width} px: the cluster's figure is on screen`);
          // At 320 px the bars are narrow: the cluster is still named under its bar.
          if (width === 320) assert.equal(await page.evaluate<string>('window.parallelizeCharts.runtime.scales.x.ticks.at(-1).label'), 'cluster');
          const suffix = width === 320 ? '-320' : '';
          await saveScreenshot(page, `cluster-live-themes-${step}-${name}${suffix}`);
          await page.locator('#live .charts').screenshot({ path: join(artifactsDir, `cluster-live-themes-${step}-charts-${name}${suffix}.png`) });
        }
      }
    }
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });
});
