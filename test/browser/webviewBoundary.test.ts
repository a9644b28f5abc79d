/**
 * The host → webview boundary under hostile messages, in real Chromium behind the real CSP shell:
 * malformed, unknown-type, 50 MB and deeply nested or cyclic messages are ignored with an error
 * report to the host, the page answers at once, and the next good message still renders.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { maxReportedErrorChars } from '../../protocol/messageBounds';
import { cspViolations, postedMessages, sendToWebview, waitForExpression } from './fakeVsCodeApi';
import { benchmarkFixture, resourceFixture, usePanelHarness } from './harness';
import { darkPlus } from './themes';

const primes = benchmarkFixture('primes-8-workers');
const mismatch = benchmarkFixture('hash-mismatch-errors');
const busy = resourceFixture('resources-8-cores');
const constrained = resourceFixture('resources-constrained');

const openPanel = usePanelHarness();

/** How long a trivial evaluation takes to come back: a page busy on a message answers late. */
async function roundTripMs(page: Page): Promise<number> {
  const started = performance.now();
  await page.evaluate('1');
  return performance.now() - started;
}

/** The error messages the page has reported to the host so far. */
async function reportedErrors(page: Page): Promise<string[]> {
  return (await postedMessages(page)).flatMap((m) => (m.type === 'error' ? [m.message] : []));
}

/**
 * Builds a message in the page with `expression` (page-side JS; `good` is the last valid message
 * the test sent, `huge` a 50 MB string) and posts it as the host would, then waits for the page to
 * report one more error. Returns that error and how long the page took to report it.
 */
async function postHostile(page: Page, expression: string): Promise<{ error: string; ms: number }> {
  const before = (await reportedErrors(page)).length;
  const started = performance.now();
  await page.evaluate(`(() => {
    const good = window.__good;
    const huge = () => 'x'.repeat(50 * 1024 * 1024);
    const nested = (depth, inner) => { let v = inner; for (let i = 0; i < depth; i++) v = { a: v }; return v; };
    window.postMessage(${expression}, '*');
  })()`);
  await waitForExpression(page, `window.__posted.filter((m) => m.type === 'error').length > ${before}`, 10_000);
  const ms = performance.now() - started;
  const errors = await reportedErrors(page);
  assert.equal(errors.length, before + 1, `more than one error for ${expression}: ${errors.slice(before).join(' | ')}`);
  return { error: errors[before] ?? '', ms };
}

/** Sends a valid message and keeps it in the page as `window.__good` for postHostile's expressions. */
async function sendGood(page: Page, message: unknown): Promise<void> {
  await sendToWebview(page, message);
  await page.evaluate(`window.__good = ${JSON.stringify(message)}`);
}

/** The hostile messages both panels get, with the reason each must be reported with. */
function hostileMessages(type: 'benchmark' | 'resources', field: 'result' | 'report'): [string, string, RegExp][] {
  return [
    ['a 50 MB string in a valid message', `({ ...good, ${field}: { ...good.${field}, huge: huge() } })`, new RegExp(`message \\(${type}\\) over 8 MB`)],
    ['a 50 MB type', `({ type: huge() })`, /message \(x{39}…\) over 8 MB/],
    ['a 2-million-element array', `({ ...good, ${field}: new Array(2000000).fill(good.${field}) })`, new RegExp(`message \\(${type}\\) over 8 MB`)],
    ['an object nested 1,000 deep (structured clone in Chromium overflows at 5,000)', `({ type: '${type}', ${field}: nested(1000, {}) })`, new RegExp(`message \\(${type}\\) nested deeper than 16`)],
    ['a valid message nested inside itself', `(() => { const m = { ...good }; m.${field} = { ...good.${field}, self: m }; return m; })()`, new RegExp(`message \\(${type}\\) nested deeper than 16`)],
    ['null', 'null', /invalid message \(null\)/],
    ['a number', '42', /invalid message \(number\)/],
    ['an array of valid messages', '[good, good]', /invalid message \(an array\)/],
    ['a message without its payload', `({ type: '${type}' })`, new RegExp(`invalid message \\(${type}\\): ${field}: `)],
    ['an unknown type', `({ type: 'selfDestruct', ${field}: good.${field} })`, /invalid message \(selfDestruct\)/],
  ];
}

void describe('webview boundary: hostile messages from the host', () => {
  void it('the benchmark panel ignores each with a short error, stays responsive, and still renders good ones', async () => {
    const { page, pageErrors } = await openPanel('benchmark', darkPlus);
    await sendGood(page, { type: 'benchmark', result: primes });
    await page.waitForSelector('#stats-table');
    const timings: string[] = [];
    for (const [what, expression, reason] of hostileMessages('benchmark', 'result')) {
      const { error, ms } = await postHostile(page, expression);
      timings.push(`${what} ${ms.toFixed(0)} ms`);
      assert.match(error, reason, what);
      assert.ok(error.length <= maxReportedErrorChars, `${what}: a ${error.length}-character error report`);
      // Generous for a shared 2-core machine: building and cloning 50 MB in the page is most of it.
      assert.ok(ms < 5_000, `${what}: the page took ${ms.toFixed(0)} ms to refuse it`);
      const rtt = await roundTripMs(page);
      assert.ok(rtt < 1_000, `${what}: the page answered ${rtt.toFixed(0)} ms after refusing it`);
      assert.equal(await page.locator('#verdict').innerText(), primes.verdict, `${what} replaced the result on screen`);
    }
    console.log(`      refused in: ${timings.join(', ')}`);
    // Still working: the next good message renders.
    await sendGood(page, { type: 'benchmark', result: mismatch });
    await waitForExpression(page, `document.getElementById('verdict')?.textContent === ${JSON.stringify(mismatch.verdict)}`);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  void it('the resource panel does the same', async () => {
    const { page, pageErrors } = await openPanel('resources', darkPlus, 900);
    await sendGood(page, { type: 'resources', report: busy });
    await page.waitForSelector('#core-list .core-row');
    for (const [what, expression, reason] of hostileMessages('resources', 'report')) {
      const { error, ms } = await postHostile(page, expression);
      assert.match(error, reason, what);
      assert.ok(ms < 5_000, `${what}: the page took ${ms.toFixed(0)} ms to refuse it`);
      assert.ok((await roundTripMs(page)) < 1_000, `${what}: the page is slow to answer after it`);
      assert.equal(await page.locator('#suggested-pool-size').innerText(), '8', `${what} replaced the snapshot on screen`);
    }
    await sendGood(page, { type: 'resources', report: constrained });
    await waitForExpression(page, `document.getElementById('suggested-pool-size').textContent === '1'`);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  void it('an error report the page makes of a huge value is cut to the stated length', async () => {
    const { page } = await openPanel('benchmark', darkPlus);
    // An uncaught error whose message is 1 MB: the page reports it, cut, so the host does not refuse it as oversized.
    await page.evaluate(`setTimeout(() => { throw new Error('y'.repeat(1024 * 1024)); })`);
    await waitForExpression(page, `window.__posted.some((m) => m.type === 'error')`);
    const [error] = await reportedErrors(page);
    assert.equal(error?.length, maxReportedErrorChars);
    assert.match(error ?? '', /^Uncaught Error: y+…$/);
    await page.close();
  });
});
