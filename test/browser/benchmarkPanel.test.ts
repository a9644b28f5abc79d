/** The benchmark panel in real Chromium, behind the real CSP shell, fed by the fake host. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { cspViolations, postedMessages, sendToWebview, waitForExpression, waitForPosted } from './fakeVsCodeApi';
import { benchmarkFixture, canvasInk, chartSnapshot, saveScreenshot, showBenchmark, usePanelHarness } from './harness';
import { applyTheme, darkPlus, highContrastDark, lightPlus } from './themes';

const primes = benchmarkFixture('primes-8-workers');
const mismatch = benchmarkFixture('hash-mismatch-errors');
const cancelled = benchmarkFixture('cancelled-2-workers');
const ioBound = benchmarkFixture('io-bound-2-workers');
const keepSerial = benchmarkFixture('keep-serial-pairs');
const everyInputThrew = benchmarkFixture('every-input-threw');

const openPanel = usePanelHarness();

async function cellTexts(page: Page, config: string): Promise<string[]> {
  return page.locator(`#stats-table tr[data-config="${config}"] td`).allTextContents();
}

async function deliverySubtitle(page: Page): Promise<string> {
  return page.locator('#delivery-card .card-head .muted').innerText();
}

/**
 * The delivery chart's tooltip lines with `datasetIndex`'s point `index` hovered, as a user's
 * pointer would; the tooltip stays up unless `hide`.
 */
async function deliveryTooltip(page: Page, datasetIndex: number, index: number, hide = true): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const chart = window.parallelizeCharts.delivery;
    const point = chart.getDatasetMeta(${datasetIndex}).data[${index}];
    chart.tooltip.setActiveElements([{ datasetIndex: ${datasetIndex}, index: ${index} }], { x: point.x, y: point.y });
    chart.update();
    const lines = chart.tooltip.body.flatMap((b) => b.lines);
    if (${hide}) {
      chart.tooltip.setActiveElements([], { x: 0, y: 0 });
      chart.update();
    }
    return lines;
  })()`);
}

void describe('benchmark panel', () => {
  void it('posts ready and shows the empty state before any data', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    assert.deepEqual(await postedMessages(page), [{ type: 'ready' }]);
    const empty = page.locator('#empty-state');
    assert.match(await empty.innerText(), /Parallelize: Parallelize Function/);
    assert.equal(await empty.locator('.codicon-graph').count(), 1);
    await saveScreenshot(page, 'benchmark-empty-dark');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  for (const theme of [lightPlus, darkPlus]) {
    void it(`draws the three charts and the statistics table (${theme.name})`, async () => {
      const { page, pageErrors } = await openPanel('benchmark', theme);
      await showBenchmark(page, primes);

      const runtime = await chartSnapshot(page, 'runtime');
      assert.ok(runtime, 'runtime chart exists');
      assert.equal(runtime.type, 'bar');
      assert.deepEqual(runtime.labels, ['serial', '1 worker', '2 workers', '3 workers', '4 workers', '5 workers', '6 workers', '7 workers', '8 workers']);
      assert.deepEqual(runtime.datasets[0]?.data, [primes.serial.medianMs, ...primes.runs.map((r) => r.medianMs)]);

      const speedup = await chartSnapshot(page, 'speedup');
      assert.ok(speedup, 'speedup chart exists');
      assert.equal(speedup.type, 'line');
      assert.deepEqual(speedup.datasets.map((d) => d.label), ['Measured', 'Ideal (y = x)', 'Amdahl fit']);
      assert.deepEqual(speedup.datasets[0]?.data, primes.runs.map((r) => ({ x: r.workers, y: r.speedup })));
      // The ideal y = x runs as far as the predictions, so the fit's flattening shows against it.
      assert.deepEqual(speedup.datasets[1]?.data, [1, 2, 3, 4, 5, 6, 7, 8, 32, 64].map((n) => ({ x: n, y: n })));
      // The fit runs through the measured sizes and on to the predicted 32 and 64 cores, on a log₂ axis.
      const fit = speedup.datasets[2]?.data as { x: number; y: number }[];
      assert.deepEqual(fit.map((p) => p.x), [1, 2, 3, 4, 5, 6, 7, 8, 32, 64]);
      assert.ok(Math.abs((fit.at(-1)?.y ?? 0) - (primes.amdahl?.predicted.at(-1)?.speedup ?? 0)) < 1e-9);
      assert.equal(await page.evaluate<string>('window.parallelizeCharts.speedup.options.scales.x.type'), 'logarithmic');
      assert.equal(await page.evaluate<string>('window.parallelizeCharts.speedup.options.scales.y.type'), 'logarithmic');
      assert.equal(await page.locator('#amdahl-line').innerText(), 'serial fraction 6.5% → predicted 12.5× on 64 cores');
      assert.match(await page.locator('#cpu-bound').innerText(), /CPU-bound/);
      assert.equal(await page.locator('#async-runs').count(), 0);
      assert.match(await page.locator('#memory-per-worker').innerText(), /RSS grew 48 MB per warmed worker, its heap 12 MB/);

      // Delivery: one stepped line per pool size from (0 ms, 0%) to every input delivered.
      const delivery = await chartSnapshot(page, 'delivery');
      assert.ok(delivery, 'delivery chart exists');
      assert.equal(delivery.type, 'line');
      assert.deepEqual(delivery.datasets.map((d) => d.label), primes.runs.map((r) => (r.workers === 1 ? '1 worker' : `${r.workers} workers`)));
      for (const [i, dataset] of delivery.datasets.entries()) {
        const points = dataset.data as { x: number; y: number }[];
        const run = primes.runs[i];
        assert.deepEqual(points[0], { x: 0, y: 0 });
        assert.equal(points.length, (run?.delivery.length ?? 0) + 1);
        assert.deepEqual(points.at(-1), { x: run?.delivery.at(-1)?.ms, y: 100 }, `${dataset.label} ends at 100 %`);
      }
      assert.deepEqual(await page.evaluate<string[]>('window.parallelizeCharts.delivery.legend.legendItems.map((l) => l.text)'), delivery.datasets.map((d) => d.label), 'legend in pool-size order');
      assert.equal(delivery.datasets[7]?.borderColor, theme.variables['charts-green'], 'the fastest pool size is charts.green');
      assert.match(String(delivery.datasets[0]?.borderColor), /^rgba\(/, 'the others are charts.blue, fainter for fewer workers');
      assert.equal(await page.evaluate<boolean>('window.parallelizeCharts.delivery.data.datasets.every((d) => d.stepped === "before")'), true);
      assert.equal(await deliverySubtitle(page), 'results delivered over the first trial, in input order');
      assert.deepEqual(await deliveryTooltip(page, 7, 40), ['8 workers: 10,000 of 20,000 inputs after 320 ms']);
      assert.deepEqual(await deliveryTooltip(page, 0, 80), ['1 worker: 20,000 of 20,000 inputs after 4,388 ms']);

      assert.ok((await canvasInk(page, 'runtime-chart')) > 0.03, 'runtime chart has drawn pixels');
      assert.ok((await canvasInk(page, 'speedup-chart')) > 0.02, 'speedup chart has drawn pixels');
      assert.ok((await canvasInk(page, 'delivery-chart')) > 0.02, 'delivery chart has drawn pixels');

      assert.equal(await page.locator('#stats-table tbody tr').count(), 9);
      assert.deepEqual(await cellTexts(page, 'serial'), ['serial', '4,213 ms', '4,182–4,302 ms', '4,194–4,281 ms', '1.00×', '—']);
      const best = await cellTexts(page, '8 workers');
      assert.equal(best[0], '8 workersfastest');
      assert.deepEqual(best.slice(1), ['793 ms', '779–818 ms', '788–810 ms', '5.31×', '66%']);
      assert.equal(await page.locator('#stats-caption').innerText(), '5 timed trials per configuration');
      assert.equal(await page.locator('#stats-table tr.best').getAttribute('data-config'), '8 workers');
      assert.equal(await page.locator('#verdict').innerText(), '5.3× faster on 8 workers than serially');
      assert.match(await page.locator('#results-match').innerText(), /match/);
      assert.equal(await page.locator('#results-match .codicon-pass').count(), 1);
      assert.equal(await page.locator('#suggested-pool-size').innerText(), '8');
      assert.match(await page.locator('#machine').innerText(), /16 usable \(16 logical, 8 physical\)/);
      assert.match(await page.locator('#machine').innerText(), /21\.0 GB free of 32\.0 GB/);
      assert.match(await page.locator('.run-header').innerText(), /20,000 inputs from/);
      assert.match(await page.locator('.run-header').innerText(), /chunk size 250/);

      await saveScreenshot(page, `benchmark-${theme.name}`);
      await page.setViewportSize({ width: 600, height: 900 });
      // Every chart, not just the first: a canvas still at its old width would widen the page.
      await waitForExpression(page, 'Object.values(window.parallelizeCharts).every((chart) => chart.width < 600)');
      assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth'), 600, 'nothing wider than the panel');
      await saveScreenshot(page, `benchmark-${theme.name}-600px`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), [], 'no CSP violations with Chart.js drawing');
      await page.close();
    });
  }

  for (const width of [900, 1400]) {
    void it(`lays the delivery chart out under the other two, across the page (${width} px)`, async () => {
      const { page, pageErrors } = await openPanel('benchmark', width === 900 ? lightPlus : darkPlus, width);
      await showBenchmark(page, primes);
      const box = async (selector: string) => {
        const b = await page.locator(selector).boundingBox();
        assert.ok(b, `${selector} is laid out`);
        return b;
      };
      const charts = await box('.charts');
      const runtime = await box('#runtime-card');
      const speedup = await box('#speedup-card');
      const delivery = await box('#delivery-card');
      assert.equal(Math.round(delivery.width), Math.round(charts.width), 'the delivery card takes the whole row');
      assert.ok(delivery.y >= Math.max(runtime.y + runtime.height, speedup.y + speedup.height), 'below the other two');
      // Two columns when the page is wide enough for two 420 px cards, else one under the other.
      assert.equal(runtime.y === speedup.y, width === 1400);
      assert.ok((await canvasInk(page, 'delivery-chart')) > 0.02);
      // Left up for the screenshot: the halfway point of the fastest pool's line.
      assert.equal((await deliveryTooltip(page, 7, 40, false)).length, 1);
      await saveScreenshot(page, `benchmark-delivery-${width}px`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }

  void it('shows a mismatch, the errors with their stacks, and the cancelled banner', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await showBenchmark(page, mismatch);
    assert.equal(await page.locator('#results-match .codicon-warning').count(), 1);
    const banner = await page.locator('#mismatch').innerText();
    assert.match(banner, /Input #17/);
    assert.match(banner, /not deterministic or shares state/);
    assert.match(banner, /9f2c41d0a7e3b5c8/);
    assert.match(banner, /00000000a7e3b5c8/);
    assert.equal(await page.locator('#errors li.error').count(), 3);
    const first = page.locator('#errors li.error').first();
    assert.match(await first.innerText(), /TASK_THREW/);
    assert.match(await first.innerText(), /input #233/);
    assert.equal(await first.locator('details pre').isVisible(), false, 'stack folded away');
    await first.locator('summary').click();
    assert.match(await first.locator('details pre').innerText(), /hashing\.ts:47:23/);
    assert.equal(await page.locator('#stats-table tr.best').getAttribute('data-config'), '3 workers');
    // Saved before delivery curves were recorded: the card says so instead of drawing empty axes.
    assert.equal(await chartSnapshot(page, 'delivery'), null);
    assert.equal(await page.locator('#delivery-chart').count(), 0);
    assert.match(await page.locator('#delivery-card .chart-empty').innerText(), /saved before delivery times were recorded/);
    assert.equal(await page.locator('#delivery-card .chart-empty .codicon-info').count(), 1);
    assert.equal(await page.locator('#cancelled-banner').count(), 0);
    assert.match(await page.locator('#machine').innerText(), /4\.0 GB \(container or cgroup\)/);
    assert.match(await page.locator('#suggestion').innerText(), /assumed/);
    await saveScreenshot(page, 'benchmark-mismatch-dark');
    await applyTheme(page, lightPlus);
    await saveScreenshot(page, 'benchmark-mismatch-light');

    await showBenchmark(page, cancelled);
    assert.match(await page.locator('#cancelled-banner').innerText(), /Cancelled/);
    assert.equal(await page.locator('#mismatch').count(), 0);
    assert.deepEqual((await chartSnapshot(page, 'runtime'))?.labels, ['serial', '1 worker', '2 workers']);
    await saveScreenshot(page, 'benchmark-cancelled-light');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  void it('shows an I/O-bound verdict, the advice, the async runs and every trial\'s time', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await showBenchmark(page, ioBound);
    assert.match(await page.locator('#cpu-bound h2').innerText(), /I\/O-bound/);
    assert.equal(await page.locator('#cpu-share').innerText(), '1%');
    assert.match(await page.locator('#cpu-advice').innerText(), /Promise\.all with a limit/);
    assert.match(await page.locator('#verdict').innerText(), /32 calls at once on one thread ran 34\.3× faster/);
    const asyncRuns = await page.locator('#async-runs dt').allTextContents();
    assert.deepEqual(asyncRuns, ['8 at once', '32 at once']);
    assert.deepEqual((await cellTexts(page, 'async, 32 at once')).slice(-2), ['34.35×', '—']);
    assert.equal(await page.locator('#trial-times').getAttribute('open'), null, 'folded away');
    await page.locator('#trial-times summary').click();
    const trials = await page.locator('#trial-times dd').allTextContents();
    assert.equal(trials.length, 1 + ioBound.runs.length + ioBound.asyncRuns.length);
    assert.equal(await page.locator('#chunk-size').getAttribute('title'), ioBound.chunking?.reason, 'why this chunk size, on hover');
    assert.equal(trials[0]?.split(', ').length, ioBound.serial.trials);
    // Waiting does not share out over cores: no Amdahl fit is drawn or summarized.
    assert.deepEqual((await chartSnapshot(page, 'speedup'))?.datasets.map((d) => d.label), ['Measured', 'Ideal (y = x)']);
    assert.equal(await page.locator('#amdahl-line').count(), 0);
    assert.ok((await canvasInk(page, 'speedup-chart')) > 0.02);
    await saveScreenshot(page, 'benchmark-io-bound-dark');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  void it('says keep it serial instead of a pool size, and stars serial when every pool was slower', async () => {
    const { page, pageErrors } = await openPanel('benchmark', lightPlus);
    await showBenchmark(page, keepSerial);
    assert.match(await page.locator('#verdict').innerText(), /keep it serial/);
    assert.equal(await page.locator('#keep-serial').innerText(), 'Keep it serial');
    assert.equal(await page.locator('#suggested-pool-size').count(), 0, 'no pool size beside keep it serial');
    assert.match(await page.locator('#suggestion').innerText(), /no pool is suggested/);
    assert.equal(await page.locator('#stats-table tr.best').getAttribute('data-config'), 'serial', 'a pool slower than serial is never the fastest');
    assert.equal(await page.locator('#stats-table tr[data-config="2 workers"] .best-tag').count(), 0);
    assert.match(await page.locator('#stats-table tr[data-config="serial"]').getAttribute('title') ?? '', /only the pools pay/);
    const runtime = await chartSnapshot(page, 'runtime');
    assert.equal((runtime?.datasets[0]?.borderColor as string[])[0], lightPlus.variables['charts-green'], 'the serial bar is the fastest');
    assert.match(await page.locator('#amdahl-line').innerText(), /no prediction/);
    assert.equal(await page.locator('#module-load').count(), 1);
    await saveScreenshot(page, 'benchmark-keep-serial-light');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('shows a run where every input threw as nothing measured: no figures, no green badge, the true count, the first stack open', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await sendToWebview(page, { type: 'benchmark', result: everyInputThrew });
    await page.waitForSelector('#failure-banner');
    assert.match(await page.locator('#failure-banner').innerText(), /Nothing could be measured\. 32 of 32 inputs failed/);
    assert.match(await page.locator('#verdict').innerText(), /^Nothing could be measured: every input threw — fix the inputs/);
    assert.equal(await page.locator('#results-match .codicon-pass').count(), 0);
    assert.match(await page.locator('#results-match').innerText(), /Results not compared: no input gave a value to compare/);
    assert.equal(await page.locator('#stats-table').count(), 0, 'no table of timings that time the errors');
    assert.equal(await chartSnapshot(page, 'speedup'), null);
    assert.equal(await page.locator('#errors h2').innerText(), '32 errors');
    assert.equal(await page.locator('#errors li.error').count(), 20);
    assert.match(await page.locator('#errors-more').innerText(), /^…and 12 more \(TASK_THREW ×32\)\.$/);
    assert.equal(await page.locator('#errors li.error').first().locator('details pre').isVisible(), true, 'the first stack is open');
    assert.match(await page.locator('#errors li.error').first().locator('details pre').innerText(), /failing\.ts:3:9/);
    assert.equal(await page.locator('#keep-serial').count(), 1);
    await saveScreenshot(page, 'benchmark-every-input-threw-dark');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('never calls a cancelled run a mismatch', async () => {
    const { page } = await openPanel('benchmark', lightPlus);
    await showBenchmark(page, { ...cancelled, resultsMatch: false, mismatch: null });
    assert.match(await page.locator('#results-match').innerText(), /Results not compared: the run was cancelled/);
    assert.equal(await page.locator('#results-match .codicon-warning').count(), 0);
    await page.close();
  });

  void it('draws the Amdahl prediction\'s range, and no prediction when it means nothing', async () => {
    const { page, pageErrors } = await openPanel('benchmark', lightPlus);
    const fit = primes.amdahl;
    assert.ok(fit);
    const ranged = { ...primes, amdahl: { ...fit, predicted: fit.predicted.map((p) => ({ ...p, low: p.speedup * 0.8, high: p.speedup * 1.2 })) } };
    await showBenchmark(page, ranged);
    const speedup = await chartSnapshot(page, 'speedup');
    assert.deepEqual(speedup?.datasets.map((d) => d.label), ['Measured', 'Ideal (y = x)', 'Amdahl fit', 'Amdahl low', 'Amdahl range']);
    assert.deepEqual((speedup?.datasets[4]?.data as { x: number; y: number }[]).map((p) => p.x), [8, 32, 64], 'the band widens from the largest measured size');
    assert.deepEqual(await page.evaluate<string[]>('window.parallelizeCharts.speedup.legend.legendItems.map((l) => l.text)'), ['Measured', 'Ideal (y = x)', 'Amdahl fit', 'Amdahl range']);
    assert.match(await page.locator('#amdahl-line').innerText(), /^serial fraction 6\.5% → predicted 12\.5× \(10\.0–15\.0×\) on 64 cores$/);

    await showBenchmark(page, { ...primes, amdahl: { ...fit, predicted: [], reliable: false, caveat: 'the timings were noisy, so noise rather than the function would decide a prediction' } });
    const bare = await chartSnapshot(page, 'speedup');
    assert.deepEqual((bare?.datasets[2]?.data as { x: number }[]).map((p) => p.x), [1, 2, 3, 4, 5, 6, 7, 8], 'the fit through the measured sizes only');
    assert.equal(await page.evaluate<string>('window.parallelizeCharts.speedup.options.scales.x.type'), 'linear');
    assert.equal(await page.locator('#amdahl-line').innerText(), 'serial fraction 6.5%; no prediction: the timings were noisy, so noise rather than the function would decide a prediction');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('says how results were delivered, when the first one came, and how many workers were recycled', async () => {
    const { page, pageErrors } = await openPanel('benchmark', lightPlus);
    await showBenchmark(page, primes);
    assert.equal(await page.locator('#delivery').innerText(), 'results in input order');
    assert.equal(await page.locator('#delivery').getAttribute('title'), 'first result after 10.6 ms on 8 workers');
    assert.equal(await page.locator('#recycled').count(), 0);
    await showBenchmark(page, { ...primes, ordered: false, recycledWorkers: 6 });
    assert.equal(await page.locator('#delivery').innerText(), 'results as they land');
    assert.equal(await deliverySubtitle(page), 'results delivered over the first trial, as they landed');
    assert.equal(await page.locator('#recycled').innerText(), '6 workers recycled');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('re-colours the charts when the theme changes', async () => {
    const { page } = await openPanel('benchmark', darkPlus);
    await showBenchmark(page, primes);
    const before = await chartSnapshot(page, 'runtime');
    const beforeSpeedup = await chartSnapshot(page, 'speedup');
    // Bar 1 is a pool size: charts.blue. The measured speedup line is charts.blue too.
    assert.equal((before?.datasets[0]?.borderColor as string[])[1], darkPlus.variables['charts-blue']);
    assert.equal((before?.datasets[0]?.borderColor as string[])[8], darkPlus.variables['charts-green'], 'fastest bar is charts.green');
    assert.equal(beforeSpeedup?.datasets[0]?.borderColor, darkPlus.variables['charts-blue']);
    assert.equal((await chartSnapshot(page, 'delivery'))?.datasets[7]?.borderColor, darkPlus.variables['charts-green']);

    await applyTheme(page, lightPlus);
    await waitForExpression(page, `window.parallelizeCharts.speedup.data.datasets[0].borderColor === ${JSON.stringify(lightPlus.variables['charts-blue'])}`);
    const afterRuntime = await chartSnapshot(page, 'runtime');
    assert.equal((afterRuntime?.datasets[0]?.borderColor as string[])[1], lightPlus.variables['charts-blue']);
    assert.equal((afterRuntime?.datasets[0]?.borderColor as string[])[8], lightPlus.variables['charts-green']);
    assert.equal((await chartSnapshot(page, 'delivery'))?.datasets[7]?.borderColor, lightPlus.variables['charts-green']);
    assert.equal(await page.evaluate<string>('window.parallelizeCharts.delivery.options.scales.x.ticks.color'), lightPlus.variables.descriptionForeground);
    const tickColour = await page.evaluate<string>('window.parallelizeCharts.runtime.options.scales.y.ticks.color');
    assert.equal(tickColour, lightPlus.variables.descriptionForeground);
    assert.ok((await canvasInk(page, 'runtime-chart')) > 0.03, 'still drawn after the switch');
    await page.close();
  });

  void it('rejects invalid messages with an error and keeps working', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await showBenchmark(page, primes);
    await sendToWebview(page, { type: 'benchmark', result: { ...primes, runs: 'lots' } });
    await sendToWebview(page, { type: 'launchMissiles' });
    await sendToWebview(page, 'not even an object');
    await waitForExpression(page, `window.__posted.filter((m) => m.type === 'error').length === 3`);
    const errors = (await postedMessages(page)).filter((m) => m.type === 'error');
    assert.match(errors[0]?.type === 'error' ? errors[0].message : '', /invalid message \(benchmark\).*runs/);
    assert.match(errors[1]?.type === 'error' ? errors[1].message : '', /launchMissiles/);
    // The earlier result is still on screen and the panel still accepts good messages.
    assert.equal(await page.locator('#verdict').innerText(), primes.verdict);
    await showBenchmark(page, mismatch);
    assert.equal(await page.locator('#verdict').innerText(), mismatch.verdict);
    // A valid message meant for the other panel is ignored with a log line, not rendered.
    await sendToWebview(page, { type: 'resources', report: { resources: primes.resources, suggestion: primes.suggestion } });
    await waitForExpression(page, `window.__posted.filter((m) => m.type === 'error').length === 4`);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('posts openFunction with the file and line from the toolbar', async () => {
    const { page } = await openPanel('benchmark', lightPlus);
    await showBenchmark(page, primes);
    const open = page.locator('#open-function');
    assert.equal(await open.getAttribute('aria-label'), 'Open countPrimesInRange at primes.ts:14');
    await open.click();
    assert.deepEqual(await waitForPosted(page, 'openFunction'), { type: 'openFunction', file: '/home/dev/projects/number-crunch/src/primes.ts', line: 14 });
    await page.close();
  });

  void it('posts each toolbar action naming the result it shows, from clicks and from the keyboard', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await showBenchmark(page, primes);
    const actions = async () => (await postedMessages(page)).filter((m) => m.type === 'benchmarkAction');
    await page.locator('#run-again').click();
    await page.locator('#profile').click();
    // Export is a menu: closed until asked, then its four items, each of which closes it.
    assert.equal(await page.locator('#export-menu').isVisible(), false);
    assert.equal(await page.locator('#export').getAttribute('aria-expanded'), 'false');
    await page.locator('#export').click();
    assert.equal(await page.locator('#export').getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await page.locator('#export-menu [role="menuitem"]').allInnerTexts(), ['JSON…', 'CSV…', 'HTML report…', 'Copy Markdown summary']);
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'export-json', 'the first item has the focus');
    await saveScreenshot(page, 'benchmark-export-menu-dark');
    await page.locator('#export-csv').click();
    assert.equal(await page.locator('#export-menu').isVisible(), false);
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'export', 'focus back on the menu button');
    // Keyboard: ArrowDown opens on the first item, arrows wrap, Escape closes, Enter picks.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'copy-markdown', 'ArrowUp from the first wraps to the last');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#export-menu').isVisible(), false);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#export').click();
    await page.locator('#export-json').click();
    await page.locator('#export').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    // A click elsewhere closes an open menu without acting.
    await page.locator('#export').click();
    await page.locator('#stats-caption').click();
    assert.equal(await page.locator('#export-menu').isVisible(), false);
    assert.deepEqual((await actions()).map((m) => m.type === 'benchmarkAction' && m.action), ['runAgain', 'profile', 'exportCsv', 'exportHtml', 'exportJson', 'copyMarkdown']);
    assert.ok((await actions()).every((m) => m.type === 'benchmarkAction' && m.startedAt === primes.startedAt));
    // A new result: the toolbar now names it.
    await showBenchmark(page, mismatch);
    await page.locator('#run-again').click();
    assert.deepEqual((await actions()).at(-1), { type: 'benchmarkAction', action: 'runAgain', startedAt: mismatch.startedAt });
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('reaches every control with Tab, in reading order, with a visible focus ring', async () => {
    const { page, pageErrors } = await openPanel('benchmark', highContrastDark);
    await showBenchmark(page, mismatch);
    const order: string[] = [];
    const rings: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate<{ name: string; outline: string } | null>(`(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const card = el.closest('section[id], header, .banners');
        const name = el.id || (el.tagName.toLowerCase() + ':' + (el.textContent || '').trim().slice(0, 24));
        const s = getComputedStyle(el);
        return { name: (card ? (card.id || card.tagName.toLowerCase()) + ' ' : '') + name, outline: s.outlineStyle + ' ' + s.outlineColor };
      })()`);
      // Past the last control the focus leaves the page (or wraps to the first).
      if (focused === null || (order.length > 0 && focused.name === order[0])) break;
      order.push(focused.name);
      rings.push(focused.outline);
    }
    assert.deepEqual(order, [
      'header run-again', 'header profile', 'header export', 'header open-function',
      'header summary:1.7× faster on 3 workers',
      'errors summary:Stack trace',
      'runtime-card summary:Show data', 'speedup-card summary:Show data',
      'stats summary:Each trial’s time',
    ]);
    // High contrast dark's focusBorder, #f38518, around each of them.
    for (const [i, ring] of rings.entries()) assert.equal(ring, 'solid rgb(243, 133, 24)', `${order[i]} shows the focus ring`);
    assert.equal(await page.locator('#verdict-detail').getAttribute('open'), null);
    await saveScreenshot(page, 'benchmark-keyboard-hc-dark');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('gives each chart its data as a table', async () => {
    const { page } = await openPanel('benchmark', lightPlus);
    await showBenchmark(page, primes);
    for (const id of ['runtime-data', 'speedup-data', 'delivery-data']) assert.equal(await page.locator(`#${id}`).isVisible(), false, `${id} folded away`);
    await page.locator('#runtime-card .chart-data summary').click();
    assert.deepEqual(await page.locator('#runtime-data tr:last-child td').allInnerTexts(), ['8 workers', '793 ms', '779 ms', '818 ms']);
    await page.locator('#speedup-card .chart-data summary').click();
    assert.deepEqual(await page.locator('#speedup-data thead th').allInnerTexts(), ['Pool size', 'Measured', 'Ideal', 'Amdahl fit']);
    assert.deepEqual(await page.locator('#speedup-data tr:last-child td').allInnerTexts(), ['64 workers', 'not measured', '64.00×', '12.50×']);
    await page.locator('#delivery-card .chart-data summary').click();
    assert.equal(await page.locator('#delivery-data tbody tr').count(), primes.runs.length);
    assert.equal(await page.locator('#timeline-table').count() + await page.locator('#timeline-card .chart-empty').count(), 1, 'the timeline has its table, or says why there is no chart');
    assert.equal(await page.locator('#runtime-data caption').textContent(), 'Runtime per configuration');
    assert.ok(((await page.locator('#runtime-data caption').boundingBox())?.width ?? 0) <= 1, 'the caption is for screen readers only');
    await saveScreenshot(page, 'benchmark-chart-data-light');
    await page.close();
  });

  void it('records a CSP violation when one happens (the recorder works)', async () => {
    const { page } = await openPanel('benchmark', lightPlus);
    // An inline style attribute from markup is exactly what the shell's CSP forbids.
    await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<div style="color: red">x</div>')`);
    await waitForExpression(page, 'window.__cspViolations.length > 0');
    const [violation] = await cspViolations(page);
    assert.match(violation?.directive ?? '', /^style-src/);
    await page.close();
  });
});
