/** The CLI's self-contained HTML report, opened from file:// in Chromium with no host at all. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { renderStandaloneReport } from '../../server/report/standaloneReport';
import type { BenchmarkResult } from '../../protocol/results';
import { buildWebviews } from './buildWebviews';
import { cspViolations, installCspRecorder } from './fakeVsCodeApi';
import { benchmarkFixture, canvasInk, chartSnapshot, launchChromium, saveScreenshot } from './harness';

let distDir: string;
let outDir: string;
let browser: Browser;

before(async () => {
  distDir = await buildWebviews();
  outDir = mkdtempSync(join(tmpdir(), 'parallelize-report-'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const dir of [distDir, outDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Closes a report page that logged no error, no console error and no CSP violation. */
async function closeClean({ page, pageErrors, consoleErrors }: { page: Page; pageErrors: Error[]; consoleErrors: string[] }): Promise<void> {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(await cspViolations(page), []);
  await page.close();
}

async function openReport(result: BenchmarkResult, name: string): Promise<{ page: Page; html: string; pageErrors: Error[]; consoleErrors: string[] }> {
  const html = renderStandaloneReport(result, distDir);
  const file = join(outDir, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const pageErrors: Error[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  await installCspRecorder(page);
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#runtime-chart');
  return { page, html, pageErrors, consoleErrors };
}

void describe('standalone report', () => {
  void it('is one self-contained file that renders the charts without a host', async () => {
    const result = benchmarkFixture('primes-8-workers');
    const { page, html, pageErrors, consoleErrors } = await openReport(result, 'primes');

    assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)=/i, 'nothing loaded from outside the file');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;|content="default-src 'none'/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);

    assert.deepEqual((await chartSnapshot(page, 'runtime'))?.datasets[0]?.data, [result.serial.medianMs, ...result.runs.map((r) => r.medianMs)]);
    assert.ok((await canvasInk(page, 'runtime-chart')) > 0.03);
    assert.ok((await canvasInk(page, 'speedup-chart')) > 0.02);
    assert.equal(await page.locator('#verdict').innerText(), result.verdict);
    // No host to open files in: the location is plain text, not a button.
    assert.equal(await page.locator('#open-function').count(), 0);
    assert.equal(await page.locator('.location').innerText(), 'primes.ts:14');
    // The codicon font is inlined as a data: URI and actually loads.
    assert.equal(await page.evaluate<boolean>(`document.fonts.ready.then(() => [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'codicon' && f.status === 'loaded'))`), true);

    await saveScreenshot(page, 'report-light');
    await closeClean({ page, pageErrors, consoleErrors });
  });

  void it('shows the cluster row and card of a cluster run', async () => {
    const result = benchmarkFixture('primes-cluster-no-prediction');
    const { page, pageErrors, consoleErrors } = await openReport(result, 'cluster');
    assert.equal(await page.locator('#stats-table tr.cluster-row td.label').innerText(), 'cluster 2×1');
    assert.equal((await chartSnapshot(page, 'runtime'))?.labels.at(-1), 'cluster 2×1');
    assert.match(await page.locator('#cluster-where').innerText(), /^local Redis \(redis:\/\/127\.0\.0\.1:\d+\)$/);
    assert.match(await page.locator('#cluster-results').innerText(), /every result equals the serial one/);
    await saveScreenshot(page, 'report-cluster-light');
    await closeClean({ page, pageErrors, consoleErrors });
  });

  void it('keeps hostile strings in the data as text', async () => {
    const base = benchmarkFixture('hash-mismatch-errors');
    const evil = '</script><script>document.title = "pwned"</script><!--';
    const result: BenchmarkResult = { ...base, verdict: evil, mismatch: base.mismatch && { ...base.mismatch, serial: evil } };
    const { page, html, pageErrors } = await openReport(result, 'hostile');
    assert.equal(html.split('</script>').length - 1, 2, 'only the two real script blocks close');
    assert.equal(await page.locator('#verdict').innerText(), evil);
    assert.match(await page.locator('#mismatch').innerText(), /document\.title = "pwned"/);
    assert.equal(await page.title(), 'Parallelize: hashTile');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });
});
