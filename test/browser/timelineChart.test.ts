/** The pool timeline in the benchmark panel and in the CLI's HTML report, in real Chromium, from a real run's result. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { renderStandaloneReport } from '../../server/report/standaloneReport';
import { buildWebviews } from './buildWebviews';
import { cspViolations, installCspRecorder, waitForExpression } from './fakeVsCodeApi';
import { artifactsDir, benchmarkFixture, canvasInk, chartSnapshot, launchChromium, saveScreenshot, showBenchmark, usePanelHarness } from './harness';
import { applyTheme, darkPlus, lightPlus } from './themes';

// pbkdf2 over 24 passwords on 2 workers, as the CLI's --json gave it: worker 1 ran 14 chunks, worker 2 ten.
const pbkdf2 = benchmarkFixture('pbkdf2-2-workers-timeline');
const primes = benchmarkFixture('primes-8-workers');
const openPanel = usePanelHarness();

/** The tooltip lines of the timeline with `datasetIndex`'s bar `index` hovered. */
async function timelineTooltip(page: Page, datasetIndex: number, index: number): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const chart = window.parallelizeCharts.timeline;
    const bar = chart.getDatasetMeta(${datasetIndex}).data[${index}];
    chart.tooltip.setActiveElements([{ datasetIndex: ${datasetIndex}, index: ${index} }], { x: bar.x, y: bar.y });
    chart.update();
    const lines = chart.tooltip.body.flatMap((b) => b.lines);
    chart.tooltip.setActiveElements([], { x: 0, y: 0 });
    chart.update();
    return lines;
  })()`);
}

void describe('pool timeline', () => {
  const timeline = pbkdf2.timeline;
  assert.ok(timeline, 'the fixture has a timeline');
  const bars = timeline.rows.flatMap((row) => row.bars.map((bar) => ({ worker: row.worker, bar })));

  for (const theme of [lightPlus, darkPlus]) {
    void it(`draws one row per worker, a bar per chunk and the waits between them (${theme.name})`, async () => {
      const { page, pageErrors } = await openPanel('benchmark', theme);
      await showBenchmark(page, pbkdf2);
      const chart = await chartSnapshot(page, 'timeline');
      assert.ok(chart, 'the timeline chart exists');
      assert.equal(chart.type, 'bar');
      assert.deepEqual(chart.labels, ['worker 1', 'worker 2']);
      assert.deepEqual(chart.datasets.map((d) => d.label), ['compute', 'messaging']);
      // Every chunk, from when its worker started it to when it finished, on its worker's row.
      assert.deepEqual(chart.datasets[0]?.data, bars.map(({ worker, bar }) => ({ x: [bar.startMs, bar.endMs], y: `worker ${worker}` })));
      const waits = chart.datasets[1]?.data as Array<{ x: [number, number]; y: string }>;
      assert.ok(waits.length >= timeline.rows.length, `a wait at least before each worker's first chunk: ${waits.length}`);
      for (const wait of waits) assert.ok(wait.x[1] > wait.x[0], JSON.stringify(wait));
      // Waits never overlap a chunk of their own worker: they are the gaps between chunks.
      for (const wait of waits) {
        const row = timeline.rows.find((r) => `worker ${r.worker}` === wait.y);
        assert.ok(row?.bars.every((bar) => wait.x[1] <= bar.startMs + 1e-9 || wait.x[0] >= bar.endMs - 1e-9), JSON.stringify(wait));
      }
      assert.equal(await page.evaluate<number>('window.parallelizeCharts.timeline.options.scales.x.max'), timeline.wallMs);
      // charts.blue for compute (neighbouring chunks alternate in strength), charts.yellow for the waits.
      const shades = chart.datasets[0]?.backgroundColor as string[];
      assert.match(shades[0] ?? '', /^rgba\(/);
      assert.notEqual(shades[0], shades[1]);
      assert.equal(chart.datasets[1]?.backgroundColor, theme.variables['charts-yellow']);
      assert.ok((await canvasInk(page, 'timeline-chart')) > 0.05, 'the timeline has drawn pixels');

      assert.equal(await page.locator('#timeline-card .card-head .muted').innerText(), 'trial 1 on 2 workers, the fastest, 269 ms: compute 96%, messaging 3%, idle 1%');
      assert.deepEqual(await page.evaluate<string[][]>("[...document.querySelectorAll('#timeline-table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))"), [
        ['worker 1', '14', '14', '98%', '2%', '0%'],
        ['worker 2', '10', '10', '94%', '4%', '3%'],
      ]);
      assert.equal(await page.locator('#timeline-last-chunk').innerText(), 'The last chunk, input 22 on worker 1, took 25.5 ms; its worker ran alone for the last 7.35 ms (3% of the trial).');
      const first = bars[0]?.bar;
      assert.deepEqual(await timelineTooltip(page, 0, 0), [`worker 1: input ${first?.firstInput}, ${(((first?.endMs ?? 0) - (first?.startMs ?? 0))).toFixed(1)} ms from ${(first?.startMs ?? 0).toFixed(2)} ms`]);
      assert.match((await timelineTooltip(page, 1, 0))[0] ?? '', /^worker 1 waited [\d.]+ ms for the message with input \d+$/);
      await saveScreenshot(page, `timeline-${theme.name}`);
      await page.locator('#timeline-card').screenshot({ path: join(artifactsDir, `timeline-card-${theme.name}.png`) });

      // Beside the editor: nothing wider than the panel, every row still drawn.
      await page.setViewportSize({ width: 600, height: 900 });
      await waitForExpression(page, 'window.parallelizeCharts.timeline.width < 600');
      assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth'), 600, 'nothing wider than the panel');
      assert.ok((await canvasInk(page, 'timeline-chart')) > 0.05);
      await saveScreenshot(page, `timeline-${theme.name}-600px`);
      await page.locator('#timeline-card').screenshot({ path: join(artifactsDir, `timeline-card-${theme.name}-600px.png`) });
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), [], 'no CSP violations');
      await page.close();
    });
  }

  void it('re-colours the timeline when the theme changes', async () => {
    const { page, pageErrors } = await openPanel('benchmark', lightPlus);
    await showBenchmark(page, pbkdf2);
    assert.equal((await chartSnapshot(page, 'timeline'))?.datasets[1]?.backgroundColor, lightPlus.variables['charts-yellow']);
    await applyTheme(page, darkPlus);
    await waitForExpression(page, `window.parallelizeCharts.timeline.data.datasets[1].backgroundColor === ${JSON.stringify(darkPlus.variables['charts-yellow'])}`);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('says why a result saved before timelines has none, instead of drawing empty axes', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await showBenchmark(page, primes);
    assert.equal(await chartSnapshot(page, 'timeline'), null);
    assert.equal(await page.locator('#timeline-chart').count(), 0);
    assert.match(await page.locator('#timeline-card .chart-empty').innerText(), /saved before timelines were recorded/);
    assert.equal(await page.locator('#timeline-table').count(), 0);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('is in the CLI\'s HTML report too, under its hash-only CSP', async () => {
    const distDir = await buildWebviews();
    const outDir = mkdtempSync(join(tmpdir(), 'parallelize-timeline-report-'));
    const browser = await launchChromium();
    try {
      const file = join(outDir, 'pbkdf2.html');
      writeFileSync(file, renderStandaloneReport(pbkdf2, distDir));
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const pageErrors: Error[] = [];
      page.on('pageerror', (err) => pageErrors.push(err));
      await installCspRecorder(page);
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('#timeline-chart');
      assert.ok((await canvasInk(page, 'timeline-chart')) > 0.05);
      assert.equal(await page.locator('#timeline-table tbody tr').count(), 2);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await saveScreenshot(page, 'timeline-report');
    } finally {
      await browser.close();
      rmSync(distDir, { recursive: true, force: true });
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
