/**
 * The cluster in the benchmark panel, from real CLI runs on a local Redis (test/fixtures/results/
 * primes-cluster-*.json): its row beside the pool sizes with the CLI's figures, its bar and diamond
 * in the charts, the Cluster card, a stopped cluster that does not read as a result, and the panel
 * at 320 px in each theme kind. Screenshots in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { clusterRows } from '../../server/cli/formatResult';
import { LiveView, RunPartial } from '../../protocol/live';
import type { BenchmarkResult } from '../../protocol/results';
import { cspViolations, sendToWebview, waitForExpression } from './fakeVsCodeApi';
import { artifactsDir, benchmarkFixture, canvasInk, chartSnapshot, saveScreenshot, showBenchmark, usePanelHarness } from './harness';
import { darkPlus, highContrastDark, highContrastLight, lightPlus } from './themes';

const noPrediction = benchmarkFixture('primes-cluster-no-prediction');
const predicted = benchmarkFixture('primes-cluster-predicted');
const stopped = benchmarkFixture('primes-cluster-stopped');
const openPanel = usePanelHarness();

function clusterOf(result: BenchmarkResult): NonNullable<BenchmarkResult['cluster']> {
  assert.ok(result.cluster, 'the fixture has a cluster section');
  return result.cluster;
}

/** The cluster row's cells by column. */
async function clusterRow(page: Page): Promise<Record<string, string>> {
  return page.evaluate<Record<string, string>>(`(() => {
    const tr = document.querySelector('#stats-table tr.cluster-row');
    if (!tr) return {};
    return Object.fromEntries(Array.from(tr.cells).map((td) => [td.dataset.label, td.textContent]));
  })()`);
}

void describe('cluster in the benchmark panel', () => {
  void it('shows the cluster row with the CLI row’s figures, its bar and diamond, and the card (no prediction)', async () => {
    const result = noPrediction;
    const cluster = clusterOf(result);
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await showBenchmark(page, result);

    // The row: the CLI's label, speedup and efficiency, character for character; the times in the panel's units.
    const [cli] = clusterRows(result);
    assert.ok(cli, 'the CLI prints a cluster row for this fixture');
    const row = await clusterRow(page);
    assert.equal(row['Configuration'], cli[0]);
    assert.equal(row['Speedup'], cli[3]);
    assert.equal(row['Efficiency'], cli[4]);
    assert.equal(Number((row['Median'] ?? '').replace(/[ ,ms]/g, '')).toFixed(0), Number(cli[1]).toFixed(0));
    assert.equal(await page.locator('#stats-table tr.cluster-row .best-tag').count(), 0, 'never starred: the star is this machine’s fastest');
    assert.equal(await page.locator('#stats-table tr.cluster-row .doubt-tag').count(), 0);
    assert.equal(await page.locator('#stats-table tr.best').getAttribute('data-config'), `${result.bestWorkers} workers`);

    // Runtime chart: the cluster's bar last, in charts.yellow, not a pool size's blue or green.
    const runtime = await chartSnapshot(page, 'runtime');
    assert.deepEqual(runtime?.labels, ['serial', ...result.runs.map((r) => (r.workers === 1 ? '1 worker' : `${r.workers} workers`)), 'cluster 2×1']);
    assert.equal(runtime?.datasets[0]?.data.at(-1), cluster.medianMs);
    assert.equal((runtime?.datasets[0]?.borderColor as string[]).at(-1), darkPlus.variables['charts-yellow']);
    // Striped, so it never passes for a pool size or for serial.
    assert.equal(await page.evaluate<boolean>('window.parallelizeCharts.runtime.data.datasets[0].backgroundColor.at(-1) instanceof CanvasPattern'), true);
    assert.match(await page.locator('#runtime-card .legend').innerText(), /cluster \(Redis\)/);

    // Speedup chart: a diamond at processes × threads, labelled as the cluster; no prediction line.
    const speedup = await chartSnapshot(page, 'speedup');
    const diamond = speedup?.datasets.find((d) => d.label === 'Cluster 2×1');
    assert.ok(diamond, `a Cluster dataset among ${speedup?.datasets.map((d) => d.label).join(', ')}`);
    assert.deepEqual(diamond.data, [{ x: 2, y: cluster.speedup }]);
    assert.equal(speedup?.datasets.some((d) => d.label === 'Cluster, predicted'), false);
    assert.equal(await page.evaluate<string>(`window.parallelizeCharts.speedup.data.datasets.find((d) => d.label === 'Cluster 2×1').pointStyle`), 'rectRot');
    assert.ok((await canvasInk(page, 'speedup-chart')) > 0.02);

    // The data tables under the charts carry it too.
    await page.locator('#runtime-card summary').click();
    assert.match(await page.locator('#runtime-data').innerText(), /cluster 2×1/);
    await page.locator('#speedup-card summary').click();
    assert.match(await page.locator('#speedup-data').innerText(), new RegExp(`${cluster.speedup?.toFixed(2)}× measured`));

    // The card.
    assert.equal(await page.locator('#cluster-where').innerText(), `local Redis (${cluster.redis})`);
    assert.equal(await page.locator('#cluster-shape').innerText(), '2 processes × 1 thread');
    assert.equal(await page.locator('#cluster-jobs').innerText(), `${cluster.chunkSize} inputs a job, ${cluster.jobs} jobs a trial`);
    assert.match(await page.locator('#cluster-per-job').innerText(), /^\d+\.\d+ ms per empty job$/);
    assert.equal(await page.locator('#cluster-results').innerText(), `every result equals the serial one (${cluster.comparedInputs} inputs compared)`);
    assert.equal(await page.locator('#cluster-redelivered').innerText(), 'none');
    assert.match(await page.locator('#cluster-beside').innerText(), /1\.6\d× on this machine’s pool of as many threads/);
    assert.equal(await page.locator('#cluster-prediction').count(), 0);
    assert.equal(await page.locator('#cluster-prediction-note').innerText(), 'No prediction: the pools gave no reliable Amdahl fit to extend.');
    assert.equal(await page.locator('#cluster-stopped').count(), 0);

    // The headline stays about this machine; the facts row names the cluster beside it.
    assert.equal(await page.locator('#headline').innerText(), result.verdict);
    assert.equal(await page.locator('#cluster-fact').innerText(), `cluster 2×1: ${cluster.speedup?.toFixed(2)}×`);
    assert.match((await page.locator('#trial-times').textContent()) ?? '', /cluster 2×1/);

    await saveScreenshot(page, 'cluster-dark');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  void it('lists the prediction for more machines and draws it on from the diamond', async () => {
    const cluster = clusterOf(predicted);
    assert.ok(cluster.predicted.length > 0, 'the fixture has a prediction');
    const { page, pageErrors } = await openPanel('benchmark', lightPlus);
    await showBenchmark(page, predicted);
    const rows = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('#cluster-prediction tbody tr'), (tr) => tr.dataset.machines)`);
    assert.deepEqual(rows, cluster.predicted.map((p) => String(p.machines)));
    const first = cluster.predicted[0];
    assert.ok(first);
    assert.equal(await page.locator(`#cluster-prediction tr[data-machines="${first.machines}"] td[data-label="Speedup"]`).innerText(), `${first.speedup.toFixed(2)}×`);
    assert.equal(await page.locator('#cluster-prediction-note').innerText(), `Predicted ${cluster.predictionNote}.`);
    const speedup = await chartSnapshot(page, 'speedup');
    const line = speedup?.datasets.find((d) => d.label === 'Cluster, predicted');
    assert.ok(line, 'the prediction is drawn');
    const reach = Math.max(...predicted.runs.map((r) => r.workers)) * 8;
    assert.deepEqual((line.data as { x: number }[]).map((p) => p.x), [2, ...cluster.predicted.filter((p) => p.workers <= reach).map((p) => p.workers)]);
    await saveScreenshot(page, 'cluster-predicted-light');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('marks a stopped cluster: banner, struck-through row, hollow bar, warning fact, no prediction', async () => {
    const cluster = clusterOf(stopped);
    assert.ok(cluster.stopped, 'the fixture stopped');
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await showBenchmark(page, stopped);
    assert.match(await page.locator('#cluster-stopped').innerText(), new RegExp(`^cluster stopped: ${cluster.stopped.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(await page.locator('#cluster-fact').innerText(), /cluster 2×1 stopped/);
    assert.equal(await page.locator('#cluster-fact .codicon-warning').count(), 1);
    assert.match(await page.locator('#cluster-prediction-note').innerText(), /stopped early/);
    assert.equal(await page.locator('#cluster-prediction').count(), 0);
    if (cluster.samplesMs.length > 0) {
      assert.match(await page.locator('#stats-table tr.cluster-row').innerText(), /stopped/);
      assert.equal(await page.locator('#stats-table tr.cluster-row.doubt').count(), 1);
      const decoration = await page.evaluate<string>(`getComputedStyle(document.querySelector('#stats-table tr.cluster-row td[data-label="Speedup"]')).textDecorationLine`);
      assert.equal(decoration, 'line-through');
      const runtime = await chartSnapshot(page, 'runtime');
      assert.equal(runtime?.labels.at(-1), 'cluster 2×1 (stopped)');
      assert.equal(await page.evaluate<boolean>('window.parallelizeCharts.runtime.data.datasets[0].backgroundColor.at(-1) instanceof CanvasPattern'), true, 'striped');
      assert.ok((await chartSnapshot(page, 'speedup'))?.datasets.some((d) => d.label === 'Cluster 2×1 (stopped)'));
    } else {
      assert.equal(await page.locator('#stats-table tr.cluster-row').count(), 0, 'no trial, no row');
    }
    await saveScreenshot(page, 'cluster-stopped-dark');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  for (const [width, theme] of [320, 639, 800].flatMap((w) => [lightPlus, darkPlus, highContrastDark, highContrastLight].map((t) => [w, t] as const))) {
    void it(`fits ${width} px in ${theme.name}: the row, the cluster card ${width < 640 ? 'label over value' : 'label beside value'}`, async () => {
      const { page, pageErrors } = await openPanel('benchmark', theme, width);
      await showBenchmark(page, theme.name === 'hc-dark' ? stopped : predicted);
      await waitForExpression(page, `Object.values(window.parallelizeCharts).every((chart) => chart.width <= ${width})`);
      assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth'), width, 'nothing wider than the panel');
      for (const label of ['Median', 'Speedup', 'Efficiency']) {
        const cell = page.locator(`#stats-table tr.cluster-row td[data-label="${label}"]`);
        if ((await cell.count()) === 0) continue;
        const box = await cell.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${label} is on screen`);
      }
      // Label over value: each dd starts at the dl's left edge, under its dt.
      const stacked = await page.evaluate<boolean>(`Array.from(document.querySelectorAll('#cluster dl.cluster-facts dd')).every((dd) => Math.abs(dd.getBoundingClientRect().left - dd.parentElement.parentElement.getBoundingClientRect().left) < 1)`);
      assert.equal(stacked, width < 640, width < 640 ? 'the card is label over value' : 'the card is label beside value');
      const card = await page.locator('#cluster').boundingBox();
      assert.ok(card && card.x + card.width <= width);
      await saveScreenshot(page, `cluster-${width}px-${theme.name}`);
      // The parts this test is about, at a size one can read.
      mkdirSync(artifactsDir, { recursive: true });
      await page.locator('#stats').screenshot({ path: join(artifactsDir, `cluster-stats-${width}px-${theme.name}.png`) });
      await page.locator('#cluster').screenshot({ path: join(artifactsDir, `cluster-card-${width}px-${theme.name}.png`) });
      await page.locator('.charts').screenshot({ path: join(artifactsDir, `cluster-charts-${width}px-${theme.name}.png`) });
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }

  void it('shows the cluster phase’s figure in the live view once it ended, and a stopped one as stopped', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    for (const result of [noPrediction, stopped]) {
      const cluster = clusterOf(result);
      const phases = [
        { id: 'serial', kind: 'serial' as const, label: 'serial', state: 'done' as const },
        { id: 'messaging', kind: 'messaging' as const, label: 'messaging probe', state: 'done' as const },
        ...result.runs.map((run) => ({ id: `workers-${run.workers}`, kind: 'pool' as const, label: `${run.workers} workers`, size: run.workers, state: 'done' as const })),
        { id: 'cluster', kind: 'cluster' as const, label: 'cluster 2×1', size: 2, state: cluster.stopped === null ? ('done' as const) : ('stopped' as const) },
      ];
      const partial = RunPartial.parse({
        runId: 'run-cluster', function: result.function, inputCount: result.inputs.count, serial: result.serial,
        runs: result.runs.map(({ delivery: _delivery, ...run }) => run), asyncRuns: [], chunkSize: result.chunkSize, cores: result.resources.cores,
        phases, cluster: { ...cluster, predicted: [], predictionNote: '' },
      });
      const view = LiveView.parse({ runId: 'run-cluster', name: result.function.name, partial, progress: null, state: 'running' });
      await sendToWebview(page, { type: 'live', run: view });
      const figure = page.locator('#live-phases li[data-phase="cluster"] .phase-figure');
      await figure.waitFor();
      const expected = `· ${cluster.speedup?.toFixed(2)}×`;
      assert.ok((await figure.innerText()).endsWith(expected), `${await figure.innerText()} ends with ${expected}`);
      // A stopped cluster's row says so with its state, as any stopped phase's does.
      assert.equal(await page.locator('#live-phases li[data-phase="cluster"]').getAttribute('class'), cluster.stopped === null ? 'phase phase-done' : 'phase phase-stopped doubt');
    }
    await saveScreenshot(page, 'cluster-live-stopped-dark');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('keeps the card beside the other cards at 1400 px', async () => {
    const { page, pageErrors } = await openPanel('benchmark', highContrastLight, 1400);
    await showBenchmark(page, predicted);
    assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth'), 1400);
    await saveScreenshot(page, 'cluster-1400px-hc-light');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
