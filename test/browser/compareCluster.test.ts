/**
 * The cluster in the compare panel, in real Chromium behind the real CSP shell, fed comparisons
 * computed by the extension's own compareRuns from real cluster runs (test/fixtures/results/
 * primes-cluster-*.json): its row after the pool sizes, a stopped side struck and tagged and drawn
 * hollow, two different clusters said in the table, the charts and what changed, a run without a
 * cluster phase as "not measured"; in every theme kind and at 320 px. Screenshots in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { compareRuns } from '../../extension/history/compareRuns';
import type { Comparison, StoredRun } from '../../protocol/history';
import { BenchmarkResult } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { cspViolations, sendToWebview, waitForExpression } from './fakeVsCodeApi';
import { artifactsDir, benchmarkFixture, canvasInk, chartSnapshot, saveScreenshot, usePanelHarness } from './harness';
import { darkPlus, highContrastDark, highContrastLight, lightPlus, type ThemeFixture } from './themes';

const predicted = BenchmarkResult.parse(benchmarkFixture('primes-cluster-predicted'));
const stopped = BenchmarkResult.parse(benchmarkFixture('primes-cluster-stopped'));
const openPanel = usePanelHarness();
const code = 'export function countPrimes(limit: number): number {\n  return limit;\n}';

function stored(id: string, result: BenchmarkResult, cluster: StoredRun['cluster'] = undefined): StoredRun {
  return { format: 1, id, savedAt: result.startedAt, source: { text: code, startLine: 19 }, settings: defaultRunSettings, ...(cluster === undefined ? {} : { cluster }), result };
}

/** A real 2×1 run, then a real 2×1 run whose Redis was killed mid-run: the later cluster stopped. */
const stoppedAfter: Comparison = compareRuns(stored('before', predicted), stored('after', { ...stopped, startedAt: predicted.startedAt + 600_000 }));

/** The same 2×1 run, then one on 4 processes of a remote Redis, twice as fast: a different cluster. */
const cluster = predicted.cluster!;
const differentCluster: Comparison = compareRuns(stored('before', predicted), stored('after', {
  ...predicted,
  startedAt: predicted.startedAt + 600_000,
  cluster: { ...cluster, mode: 'remote', redis: 'redis://10.0.0.5:6379', processes: 4, samplesMs: cluster.samplesMs.map((s) => s / 2), medianMs: cluster.medianMs! / 2, speedup: cluster.speedup! * 2, efficiency: cluster.efficiency! },
}, { mode: 'remote', redis: 'redis://10.0.0.5:6379', processes: 2, threadsPerProcess: 1 }));

/** The same 2×1 cluster twice, the later one twice as fast beyond the noise; the serial time the same. */
const clusterFaster: Comparison = compareRuns(stored('before', predicted), stored('after', {
  ...predicted,
  startedAt: predicted.startedAt + 600_000,
  cluster: { ...cluster, samplesMs: cluster.samplesMs.map((s) => s / 2), medianMs: cluster.medianMs! / 2, speedup: cluster.speedup! * 2 },
}));

/** The same 2×1 cluster twice with the same speedup: two diamonds on one spot. */
const clusterSame: Comparison = compareRuns(stored('before', predicted), stored('after', { ...predicted, startedAt: predicted.startedAt + 600_000 }));

/** A run with the cluster off, then one with it on. */
const clusterTurnedOn: Comparison = compareRuns(stored('before', { ...predicted, cluster: null }, null), stored('after', { ...predicted, startedAt: predicted.startedAt + 600_000 }));

async function show(theme: ThemeFixture, comparison: Comparison, width = 1100): Promise<{ page: Page; pageErrors: Error[] }> {
  const opened = await openPanel('compare', theme, width);
  await sendToWebview(opened.page, { type: 'compare', comparison });
  await opened.page.waitForSelector('#delta-table');
  return opened;
}

/** The cluster row's cells by column, the label cell included. */
async function clusterCells(page: Page): Promise<Record<string, string>> {
  return page.evaluate<Record<string, string>>(`(() => {
    const tr = document.querySelector('#delta-table tr[data-config="cluster"]');
    if (!tr) return {};
    return Object.fromEntries([['Configuration', tr.querySelector('th').innerText], ...Array.from(tr.querySelectorAll('td')).map((td) => [td.dataset.label, td.innerText])]);
  })()`);
}

/** The two cluster diamonds' centres in CSS pixels, and the canvas width, as Chart.js placed them. */
async function diamonds(page: Page): Promise<{ before: { x: number; y: number }; after: { x: number; y: number }; width: number }> {
  return page.evaluate(`(() => {
    const chart = window.parallelizeCharts.speedup;
    const at = (i) => ({ x: chart.getDatasetMeta(i).data[0].x, y: chart.getDatasetMeta(i).data[0].y });
    return { before: at(3), after: at(4), width: chart.width };
  })()`);
}

/** Asserts the two diamonds do not cover each other and both stay on the canvas. */
function assertApart(d: Awaited<ReturnType<typeof diamonds>>): void {
  const apart = Math.max(Math.abs(d.after.x - d.before.x), Math.abs(d.after.y - d.before.y));
  assert.ok(apart >= 18, `the diamonds are ${apart.toFixed(1)} px apart: one hides the other`);
  assert.ok(d.before.x < d.after.x || Math.abs(d.after.y - d.before.y) >= 18, 'the earlier run’s diamond is left of the later one');
  for (const p of [d.before, d.after]) assert.ok(p.x - 9 >= 0 && p.x + 9 <= d.width, `a diamond at x = ${p.x.toFixed(1)} is cut by the canvas (${d.width} px)`);
}

async function struck(page: Page, selector: string): Promise<boolean> {
  return page.evaluate<boolean>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).textDecorationLine.includes('line-through')`);
}

void describe('cluster in the compare panel', () => {
  for (const theme of [lightPlus, darkPlus, highContrastDark, highContrastLight]) {
    void it(`strikes and tags a stopped cluster, draws it hollow and calls no change (${theme.name})`, async () => {
      const { page, pageErrors } = await show(theme, stoppedAfter);
      const rows = page.locator('#delta-table tbody tr');
      assert.equal(await rows.last().getAttribute('data-config'), 'cluster', 'the cluster row comes after the pool sizes');
      const cells = await clusterCells(page);
      assert.match(cells['Configuration'] ?? '', /^cluster 2×1\s+after stopped$/);
      assert.equal(cells['Verdict'], 'can’t tell');
      assert.equal(cells['Speedup'], '1.78× → 1.81×');
      assert.equal(await struck(page, '#delta-table tr[data-config="cluster"] td[data-label="After"] .median'), true, 'the stopped side is struck');
      assert.equal(await struck(page, '#delta-table tr[data-config="cluster"] td[data-label="Before"] .median'), false, 'the finished side is not');
      assert.equal(await struck(page, '#delta-table tr[data-config="cluster"] td[data-label="Change"] span'), true);
      assert.match(await page.locator('#delta-table tr[data-config="cluster"] .marker').getAttribute('title') ?? '', /cluster stopped early/);
      assert.match(await page.locator('#cluster-note').innerText(), /^The later run's cluster stopped early, so its figures cover only the trials it finished: the local Redis \(pid \d+\) was killed by SIGKILL/);
      assert.match(await page.locator('#cluster-chart-note').innerText(), /later run's cluster is drawn hollow: it stopped early/);
      // The noise rule is not blamed on one trial: every row had 3 or more.
      assert.match(await page.locator('#noise-rule').innerText(), /overlapping ranges are marked within noise/);

      const runtime = await chartSnapshot(page, 'runtime');
      assert.equal(runtime?.labels.at(-1), 'cluster 2×1');
      assert.equal(runtime?.datasets[1]?.data.at(-1), stopped.cluster?.medianMs);
      assert.equal(await page.evaluate<boolean>('window.parallelizeCharts.runtime.data.datasets.every((d) => d.backgroundColor.at(-1) instanceof CanvasPattern)'), true, 'both cluster bars striped');
      const speedup = await chartSnapshot(page, 'speedup');
      assert.deepEqual(speedup?.datasets.map((d) => d.label), ['Before', 'After', 'Ideal (y = x)', 'Before, cluster 2×1', 'After, cluster 2×1 (stopped)']);
      const fills = await page.evaluate<string[]>('window.parallelizeCharts.speedup.data.datasets.slice(3).map((d) => d.backgroundColor)');
      assert.notEqual(fills[0], fills[1], 'the stopped diamond is hollow, the finished one filled');
      // 1.78× and 1.81× at 2 threads: one spot, so they stand side by side.
      assertApart(await diamonds(page));
      assert.doesNotMatch(await page.locator('#headline').innerText(), /cluster/, 'the table calls no change on a stopped cluster: nor does the headline');
      assert.ok((await canvasInk(page, 'speedup-chart')) > 0.01);

      assert.match(await page.locator('#cluster-change').innerText(), /The same cluster\.[\s\S]*cluster\s+this machine \(local Redis\)[\s\S]*processes × threads\s+2 processes × 1 thread/);
      await saveScreenshot(page, `compare-cluster-stopped-${theme.name}`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }

  void it('says two different clusters are compared, in the table, under the charts and in what changed', async () => {
    const { page, pageErrors } = await show(darkPlus, differentCluster);
    const cells = await clusterCells(page);
    assert.match(cells['Configuration'] ?? '', /^cluster 2×1 → 4×1\s+different cluster$/);
    assert.equal(cells['Verdict'], 'faster', 'the trials are apart: the 4-process cluster is faster, and the row says it is another cluster');
    assert.match(await page.locator('#cluster-note').innerText(), /^The clusters differ: 2 processes × 1 thread on this machine \(local Redis\) before, 4 processes × 1 thread on redis:\/\/10\.0\.0\.5:6379 after/);
    assert.match(await page.locator('#cluster-chart-note').innerText(), /^The cluster marks compare two different clusters/);
    assert.match(await page.locator('#headline').innerText(), /; the clusters differ \(cluster 2×1 → 4×1\): their times, 732 ms → 366 ms, compare two clusters, not one over time; /);
    const speedup = await chartSnapshot(page, 'speedup');
    assert.deepEqual(speedup?.datasets.slice(3).map((d) => [d.label, (d.data[0] as { x: number }).x]), [['Before, cluster 2×1', 2], ['After, cluster 4×1', 4]]);
    const d = await diamonds(page);
    assert.ok(d.after.x - d.before.x > 50, 'at 2 and 4 threads the diamonds stay where they are');
    assert.equal((await chartSnapshot(page, 'runtime'))?.labels.at(-1), 'cluster 2×1 → 4×1');
    assert.match(await page.locator('#cluster-list').innerText(), /cluster\s+this machine \(local Redis\) → redis:\/\/10\.0\.0\.5:6379/);
    assert.match(await page.locator('#cluster-change').innerText(), /A different cluster/);
    assert.equal(await page.locator('#nothing-changed').count(), 0);
    await saveScreenshot(page, 'compare-cluster-different-dark');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('marks the cluster not measured when the earlier run had none', async () => {
    const { page, pageErrors } = await show(lightPlus, clusterTurnedOn, 900);
    const cells = await clusterCells(page);
    assert.equal(cells['Before'], '—');
    assert.equal(cells['Verdict'], 'not measured');
    assert.equal(cells['Speedup'], '— → 1.78×');
    assert.match(await page.locator('#cluster-note').innerText(), /^The earlier run had no cluster phase \(parallelize\.cluster\.mode was off\)\.$/);
    assert.equal(await page.locator('#cluster-chart-note').count(), 0, 'nothing compared across shapes, nothing in doubt');
    assert.equal((await chartSnapshot(page, 'speedup'))?.datasets.at(-1)?.label, 'After, cluster 2×1');
    assert.match(await page.locator('#cluster-list').innerText(), /cluster\s+off → this machine \(local Redis\)/);
    assert.match(await page.locator('#cluster-change').innerText(), /Only the later run had a cluster: there is nothing of it to compare\./);
    await saveScreenshot(page, 'compare-cluster-turned-on-light');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  for (const theme of [lightPlus, darkPlus, highContrastDark, highContrastLight]) {
    void it(`says in the headline what the cluster row says, and draws two equal diamonds side by side (${theme.name})`, async () => {
      const { page, pageErrors } = await show(theme, clusterFaster);
      const headline = await page.locator('#headline').innerText();
      assert.equal(headline, clusterFaster.headline);
      assert.match(headline, /^Serial time unchanged within the trials' noise \(1,302 ms → 1,302 ms\); cluster 2×1 2\.00× faster \(732 ms → 366 ms\), beyond the trials' noise; best before/);
      assert.equal((await clusterCells(page))['Verdict'], 'faster', 'the row calls the same change');
      await saveScreenshot(page, `compare-cluster-faster-${theme.name}`);

      await sendToWebview(page, { type: 'compare', comparison: clusterSame });
      await waitForExpression(page, 'document.querySelector("#headline")?.innerText.includes("1,302 ms → 1,302 ms); best")');
      assert.equal((await clusterCells(page))['Verdict'], 'within noise');
      const d = await diamonds(page);
      assert.equal(Math.round(d.before.y), Math.round(d.after.y), 'the same speedup, the same height');
      assertApart(d);
      const speedup = await chartSnapshot(page, 'speedup');
      assert.deepEqual(speedup?.datasets.slice(3).map((s) => (s.data[0] as { x: number }).x), [2, 2], 'the data keep the measured threads');
      await page.locator('#speedup-card').screenshot({ path: join(artifactsDir, `compare-cluster-diamonds-${theme.name}.png`) });
      await page.setViewportSize({ width: 320, height: 900 });
      await waitForExpression(page, 'window.parallelizeCharts.speedup.width < 320');
      assertApart(await diamonds(page));
      await page.locator('#speedup-card').screenshot({ path: join(artifactsDir, `compare-cluster-diamonds-${theme.name}-320px.png`) });
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }

  for (const [theme, comparison, name] of [[lightPlus, stoppedAfter, 'stopped'], [highContrastDark, differentCluster, 'different'], [darkPlus, stoppedAfter, 'stopped'], [highContrastLight, differentCluster, 'different'], [highContrastDark, clusterFaster, 'faster']] as const) {
    void it(`fits 320 px with the cluster row's tags and notes readable (${name}, ${theme.name})`, async () => {
      const { page, pageErrors } = await show(theme, comparison, 320);
      assert.equal(await page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth'), false, 'the page scrolls sideways at 320 px');
      const fits = await page.evaluate<boolean>(`[...document.querySelectorAll('#delta-table tr[data-config="cluster"] > *, #cluster-note, #cluster-chart-note, #cluster-change')].every((el) => el.scrollWidth <= el.clientWidth + 1)`);
      assert.equal(fits, true, 'a part of the cluster row or its notes is cut at 320 px');
      // Each value sits by its own: a median beside its range, the verdict's arrow beside its word (not spread across the row).
      const gaps = await page.evaluate<number[]>(`(() => {
        const row = document.querySelector('#delta-table tr[data-config="cluster"]');
        const apart = (a, b) => a && b ? b.getBoundingClientRect().left - a.getBoundingClientRect().right : 0;
        return [apart(row.querySelector('td[data-label="Before"] .median'), row.querySelector('td[data-label="Before"] .range')), apart(row.querySelector('.marker .codicon'), row.querySelector('.marker .codicon + span'))];
      })()`);
      assert.ok(gaps.every((g) => g < 12), `values spread across the row: gaps of ${gaps.map((g) => g.toFixed(0)).join(', ')} px`);
      // What changed: a long name wraps, so "before → after" keeps most of the block's width.
      const share = await page.evaluate<number>(`document.querySelector('#cluster-list dd').getBoundingClientRect().width / document.querySelector('#cluster-list').getBoundingClientRect().width`);
      assert.ok(share > 0.5, `the cluster's values get ${(share * 100).toFixed(0)}% of the block`);
      const tagged = comparison.rows.some((r) => r.cluster?.shapeChanged || r.cluster?.before?.doubt || r.cluster?.after?.doubt);
      if (tagged) assert.ok(await page.locator('#delta-table tr[data-config="cluster"] .doubt-tag').first().isVisible());
      await page.locator('#delta-table tr[data-config="cluster"]').screenshot({ path: join(artifactsDir, `compare-cluster-row-${name}-${theme.name}-320px.png`) });
      await saveScreenshot(page, `compare-cluster-${name}-${theme.name}-320px`);
      assert.deepEqual(pageErrors, []);
      await page.close();
    });
  }
});
