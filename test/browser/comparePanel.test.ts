/**
 * The compare panel in real Chromium behind the real CSP shell, fed comparisons computed by the
 * extension's own compareRuns from the result fixtures: every theme kind, 320 px, honest markers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { compareRuns } from '../../extension/history/compareRuns';
import type { Comparison, StoredRun } from '../../protocol/history';
import { BenchmarkResult, type TimingStats } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { cspViolations, postedMessages, sendToWebview, waitForExpression, waitForPosted } from './fakeVsCodeApi';
import { benchmarkFixture, canvasInk, chartSnapshot, saveScreenshot, usePanelHarness } from './harness';
import { applyTheme, darkPlus, highContrastDark, highContrastLight, lightPlus, type ThemeFixture } from './themes';

// Parsed as the store parses every file it reads: the schema's defaults filled in.
const primes = BenchmarkResult.parse(benchmarkFixture('primes-8-workers'));

/** VS Code's own diff editor colours for each theme kind (vs/editor/common/core/editorColorRegistry: diffEditor.*). */
const diffColours: Record<ThemeFixture['name'], Record<string, string>> = {
  light: { 'diffEditor-insertedLineBackground': 'rgba(155, 185, 85, 0.2)', 'diffEditor-removedLineBackground': 'rgba(255, 0, 0, 0.2)', 'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.25)', 'diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)' },
  dark: { 'diffEditor-insertedLineBackground': 'rgba(155, 185, 85, 0.2)', 'diffEditor-removedLineBackground': 'rgba(255, 0, 0, 0.2)', 'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.2)', 'diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)' },
  'hc-dark': { 'diffEditor-insertedTextBorder': '#33ff2e', 'diffEditor-removedTextBorder': '#ff008f' },
  'hc-light': { 'diffEditor-insertedTextBorder': '#374e06', 'diffEditor-removedTextBorder': '#ad0707' },
};

const openPanel = usePanelHarness();

const code = `export function countPrimesInRange([from, to]: [number, number]): number {
  let count = 0;
  for (let n = from; n <= to; n++) {
    if (isPrime(n)) count++;
  }
  return count;
}`;
const edited = code.replace('for (let n = from; n <= to; n++) {', 'for (let n = from | 1; n <= to; n += 2) {');

function scaled<T extends TimingStats>(stats: T, factor: number): T {
  return { ...stats, medianMs: stats.medianMs * factor, minMs: stats.minMs * factor, maxMs: stats.maxMs * factor, q1Ms: stats.q1Ms * factor, q3Ms: stats.q3Ms * factor, samplesMs: stats.samplesMs.map((s) => s * factor) };
}

function stored(id: string, result: BenchmarkResult, text: string, settings = defaultRunSettings): StoredRun {
  return { format: 1, id, savedAt: result.startedAt, source: { text, startLine: 14 }, settings, result };
}

/** After an edit that halves the work: every configuration faster beyond the noise, one setting changed, the machine busier. */
const afterEdit: Comparison = compareRuns(
  stored('before', primes, code),
  stored('after', {
    ...primes,
    startedAt: primes.startedAt + 3_600_000,
    serial: scaled(primes.serial, 0.52),
    runs: primes.runs.slice(0, 6).map((r) => {
      const run = scaled(r, 0.55);
      const speedup = (primes.serial.medianMs * 0.52) / run.medianMs;
      return { ...run, speedup, efficiency: speedup / run.workers };
    }),
    resources: { ...primes.resources, loadPercent: 41 },
    verdict: '5.0× faster on 6 workers than serially',
    bestWorkers: 6,
  }, edited, { ...defaultRunSettings, trials: 5, maxWorkers: 6 }),
);

/** The same code twice: within noise, nothing changed. */
const sameTwice: Comparison = compareRuns(stored('a', primes, code), stored('b', { ...primes, startedAt: primes.startedAt + 60_000, serial: { ...primes.serial, medianMs: primes.serial.medianMs * 0.98 } }, code));

async function showComparison(page: Page, comparison: Comparison): Promise<void> {
  await sendToWebview(page, { type: 'compare', comparison });
  await page.waitForSelector('#delta-table');
}

async function open(theme: ThemeFixture, width?: number) {
  const opened = await openPanel('compare', theme, width);
  await applyTheme(opened.page, { ...theme, variables: { ...theme.variables, ...diffColours[theme.name] } });
  return opened;
}

/** Whether anything sticks out sideways: the page never scrolls horizontally (the diff scrolls in its own box). */
async function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

void describe('compare panel', () => {
  void it('shows how to start before a comparison arrives', async () => {
    const { page, pageErrors } = await open(darkPlus);
    assert.deepEqual(await postedMessages(page), [{ type: 'ready' }]);
    assert.match(await page.locator('#empty-state').innerText(), /Compare with Previous Run/);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  for (const theme of [lightPlus, darkPlus, highContrastDark, highContrastLight]) {
    void it(`draws before and after, the deltas and the code diff (${theme.name})`, async () => {
      const { page, pageErrors } = await open(theme, 1100);
      await showComparison(page, afterEdit);

      assert.match(await page.locator('#headline').innerText(), /^Serial time 1\.92× faster \(4,213 ms → 2,191 ms\), beyond the trials' noise; best before: 5\.3× on 8 workers, after: /);
      assert.match(await page.locator('#run-before').innerText(), /Before/);
      assert.match(await page.locator('#run-after').innerText(), /After/);

      const runtime = await chartSnapshot(page, 'runtime');
      assert.deepEqual(runtime?.datasets.map((d) => d.label), ['Before', 'After']);
      assert.deepEqual(runtime?.labels, ['serial', '1', '2', '3', '4', '5', '6', '7', '8']);
      assert.equal(runtime?.datasets[1]?.data[8], null, 'the later run did not measure 8 workers');
      const speedup = await chartSnapshot(page, 'speedup');
      assert.deepEqual(speedup?.datasets.map((d) => d.label), ['Before', 'After', 'Ideal (y = x)']);
      assert.ok((await canvasInk(page, 'runtime-chart')) > 0.02);
      assert.ok((await canvasInk(page, 'speedup-chart')) > 0.01);

      const rows = page.locator('#delta-table tbody tr');
      assert.equal(await rows.count(), 9);
      assert.deepEqual(await page.locator('#delta-table tr[data-config="serial"] td').allInnerTexts(), ['4,213 ms\n4,182–4,302 ms', '2,191 ms\n2,175–2,237 ms', '−48%', 'faster', '1×']);
      assert.equal(await page.locator('#delta-table tr[data-config="8"] .marker').innerText(), 'not measured');
      assert.equal(await page.locator('#delta-table tr.faster').count(), 7);

      assert.equal(await page.locator('#code-diff .diff-line.added').count(), 1);
      assert.equal(await page.locator('#code-diff .diff-line.removed').count(), 1);
      assert.match(await page.locator('#code-diff .diff-line.added').innerText(), /n \+= 2/);
      assert.match(await page.locator('#settings-list').innerText(), /trials\s+3 → 5/);
      assert.match(await page.locator('#machine-list').innerText(), /load\s+7% → 41%/);
      assert.equal(await page.locator('#nothing-changed').count(), 0);

      await saveScreenshot(page, `compare-${theme.name}`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }

  for (const theme of [lightPlus, highContrastDark]) {
    void it(`fits 320 px with every column of the table readable (${theme.name})`, async () => {
      const { page, pageErrors } = await open(theme, 320);
      await showComparison(page, afterEdit);
      assert.equal(await overflowsSideways(page), false, 'the page scrolls sideways at 320 px');
      // Each row a card whose cells carry their column's name.
      const labels = await page.evaluate<string[]>(`[...document.querySelectorAll('#delta-table tr[data-config="serial"] td')].map((td) => getComputedStyle(td, '::before').content)`);
      assert.deepEqual(labels, ['"Before"', '"After"', '"Change"', '"Verdict"', '"Speedup"']);
      const headWidth = await page.evaluate<number>(`document.querySelector('#delta-table thead').getBoundingClientRect().width`);
      assert.ok(headWidth <= 1, `the header row is left to screen readers, not drawn (${headWidth} px wide)`);
      const cellsFit = await page.evaluate<boolean>(`[...document.querySelectorAll('#delta-table td')].every((td) => td.scrollWidth <= td.clientWidth + 1)`);
      assert.equal(cellsFit, true, 'a cell of the delta table is cut at 320 px');
      await saveScreenshot(page, `compare-${theme.name}-320px`);
      assert.deepEqual(pageErrors, []);
      await page.close();
    });
  }

  void it('says nothing changed and calls a small move noise, never an improvement', async () => {
    const { page, pageErrors } = await open(darkPlus, 800);
    await showComparison(page, sameTwice);
    assert.match(await page.locator('#nothing-changed').innerText(), /^Nothing changed: the same code, inputs, settings and machine/);
    assert.equal(await page.locator('#delta-table tr[data-config="serial"] .marker').innerText(), 'within noise');
    assert.equal(await page.locator('#delta-table tr.faster, #delta-table tr.slower').count(), 0);
    assert.match(await page.locator('#headline').innerText(), /unchanged within the trials' noise/);
    assert.match(await page.locator('#code-change').innerText(), /The function’s code is the same/);
    await saveScreenshot(page, 'compare-nothing-changed-dark');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  void it('opens the compared function, and ignores an invalid comparison with an error report', async () => {
    const { page, pageErrors } = await open(lightPlus, 900);
    await showComparison(page, afterEdit);
    await page.locator('#open-function').click();
    assert.deepEqual(await waitForPosted(page, 'openFunction'), { type: 'openFunction', file: primes.function.file, line: primes.function.line });

    await sendToWebview(page, { type: 'compare', comparison: { ...afterEdit, rows: [{ ...afterEdit.rows[0], marker: 'better' }] } });
    await waitForExpression(page, `window.__posted.some((m) => m.type === 'error')`);
    assert.equal(await page.locator('#delta-table tbody tr').count(), 9, 'the last good comparison stays on screen');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
