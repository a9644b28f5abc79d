/** The profile panel in real Chromium, behind the real CSP shell, fed by the fake host. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { flattenCallTree, nestCallTree, type FunctionCost, type NestedCallNode, type ProfileResult } from '../../protocol/profile';
import { repoRoot } from './buildWebviews';
import { cspViolations, postedMessages, sendToWebview, waitForExpression, waitForPosted } from './fakeVsCodeApi';
import { saveScreenshot, usePanelHarness } from './harness';
import { applyTheme, darkPlus, highContrastDark, highContrastLight, lightPlus } from './themes';

const profile = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/profiles/checksum-orders.json'), 'utf8')) as ProfileResult;
const tree = nestCallTree(profile.tree) as NestedCallNode;
const src = '/home/dev/shop/src';

const openPanel = usePanelHarness();

async function showProfile(page: Page, result: unknown): Promise<void> {
  await sendToWebview(page, { type: 'profile', result });
  await page.waitForSelector('#flame .frame');
}

/** A drawn frame as the test reads it: which function, where, and its label. */
interface Frame {
  fn: number;
  x: number;
  y: number;
  width: number;
  label: string;
  cls: string;
}

async function frames(page: Page): Promise<Frame[]> {
  return page.evaluate<Frame[]>(`[...document.querySelectorAll('#flame .frame')].map((el) => ({
    fn: Number(el.dataset.fn), x: el.offsetLeft, y: el.offsetTop, width: el.offsetWidth, label: el.textContent, cls: el.className,
  }))`);
}

/** The visible cells of a table's rows, as rendered text (`innerText`) or as plain text (`textContent`, no layout line breaks). */
async function rowTexts(page: Page, table: string, text: 'innerText' | 'textContent' = 'innerText'): Promise<string[][]> {
  return page.evaluate<string[][]>(`[...document.querySelectorAll('#${table} tbody tr')].map((tr) => [...tr.cells].filter((td) => getComputedStyle(td).display !== 'none').map((td) => td.${text}.trim()))`);
}

/**
 * Each labelled frame's text and fill as pixels: the fill is painted over the card's background on
 * a canvas, so semi-transparent theme colours are judged as the eye sees them.
 */
async function frameColours(page: Page): Promise<{ cls: string; fg: number[]; bg: number[] }[]> {
  return page.evaluate<{ cls: string; fg: number[]; bg: number[] }[]>(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const paint = (...layers) => {
      ctx.clearRect(0, 0, 1, 1);
      for (const layer of layers) { ctx.fillStyle = layer; ctx.fillRect(0, 0, 1, 1); }
      return [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3);
    };
    const card = getComputedStyle(document.getElementById('flame-card')).backgroundColor;
    return [...document.querySelectorAll('#flame .frame')].filter((el) => el.querySelector('.frame-label')).map((el) => {
      const style = getComputedStyle(el);
      const bg = paint(card, style.backgroundColor);
      return { cls: el.className, fg: paint(card, style.backgroundColor, style.color), bg };
    });
  })()`);
}

/** WCAG 2 contrast ratio of two sRGB colours (0–255 channels). */
function contrast(a: number[], b: number[]): number {
  const luminance = (c: number[]) => {
    const [r = 0, g = 0, bl = 0] = c.map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function fnIndex(name: string): number {
  const index = profile.functions.findIndex((f) => f.name === name);
  assert.ok(index >= 0, `${name} is in the fixture`);
  return index;
}

void describe('profile panel', () => {
  void it('posts ready and shows the empty state before any profile', async () => {
    const { page, pageErrors } = await openPanel('profile', darkPlus);
    assert.deepEqual(await postedMessages(page), [{ type: 'ready' }]);
    assert.match(await page.locator('#empty-state').innerText(), /Parallelize: Profile Function/);
    assert.equal(await page.locator('#empty-state .codicon-flame').count(), 1);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  for (const theme of [lightPlus, darkPlus, highContrastDark, highContrastLight]) {
    void it(`draws the summary, a left-heavy flame chart, the tables and the hot lines (${theme.name})`, async () => {
      const { page, pageErrors } = await openPanel('profile', theme);
      await showProfile(page, profile);

      assert.equal(await page.locator('#summary').innerText(), profile.summary);
      assert.equal(await page.locator('#low-confidence').count(), 0);
      assert.equal(await page.locator('#fact-samples').innerText(), '3,266 samples every 250 µs');
      assert.equal(await page.locator('#fact-duration').innerText(), '817 ms inside checksumAll');
      assert.equal(await page.locator('#fact-inputs').innerText(), '2 passes over 2,000 inputs');
      assert.equal(await page.locator('#open-target').innerText(), 'orders.ts:20');

      // Every node of the tree is drawn at this width, the root across the whole chart.
      const drawn = await frames(page);
      assert.equal(drawn.length, 12);
      const chartWidth = await page.evaluate<number>(`document.getElementById('flame').clientWidth`);
      const root = drawn[0];
      assert.deepEqual([root?.fn, root?.x, root?.y, root?.width], [0, 0, 0, chartWidth]);
      assert.match(root?.label ?? '', /^checksumAll 100%$/);
      // Left-heavy: the callees of the root, largest total first, each as wide as its share.
      const row1 = drawn.filter((f) => f.y === 22).sort((a, b) => a.x - b.x);
      assert.deepEqual(row1.map((f) => profile.functions[f.fn]?.name), ['slowChecksum', 'formatRow', 'from', '(garbage collector)']);
      const expected = tree.children.map((c) => c.totalMs).sort((a, b) => b - a);
      for (const [i, frame] of row1.entries()) assert.ok(Math.abs(frame.width - ((expected[i] ?? 0) / tree.totalMs) * chartWidth) <= 1, `${frame.label} width`);
      // Callees sit inside their caller's span, one row down.
      const cloneDeep = drawn.find((f) => f.fn === fnIndex('cloneDeep'));
      const formatRow = drawn.find((f) => f.fn === fnIndex('formatRow'));
      assert.ok(cloneDeep && formatRow && cloneDeep.y === 44 && cloneDeep.x >= formatRow.x && cloneDeep.x + cloneDeep.width <= formatRow.x + formatRow.width + 1);
      assert.match(drawn.find((f) => f.fn === fnIndex('slowChecksum'))?.cls ?? '', /kind-workspace/, 'another workspace file');
      assert.match(root?.cls ?? '', /kind-own/);
      assert.match(cloneDeep.cls, /kind-package/);
      assert.equal(await page.locator('#flame-legend .legend-item').count(), 5);

      // Readable labels on every fill, and the five kinds told apart by colour.
      const colours = await frameColours(page);
      for (const c of colours) assert.ok(contrast(c.fg, c.bg) >= 4.5, `${c.cls}: contrast ${contrast(c.fg, c.bg).toFixed(2)} of ${c.fg.join(',')} on ${c.bg.join(',')}`);
      const fills = new Map(colours.map((c) => [/kind-\w+/.exec(c.cls)?.[0], c.bg.join(',')]));
      assert.equal(new Set(fills.values()).size, fills.size, `kinds have distinct fills: ${JSON.stringify([...fills])}`);

      // Top-down: the root open, the hot path (≥ 10 %) open under it, the rest closed.
      const topDown = await rowTexts(page, 'top-down');
      assert.deepEqual(topDown.map((r) => r[0]), ['checksumAll', 'slowChecksum', 'mix32', '(garbage collector)', 'formatRow', 'from', '(garbage collector)']);
      assert.deepEqual(topDown[1], ['slowChecksum', 'lib/checksum.ts:2', '610 ms', '75%', '705 ms', '86%']);
      assert.deepEqual(topDown[3]?.slice(0, 2), ['(garbage collector)', 'native']);
      assert.deepEqual(topDown[5]?.slice(0, 2), ['from', 'node:buffer:296']);
      assert.equal(await page.locator('#top-down tbody tr').nth(5).locator('.codicon-server-process').count(), 1, 'Node.js internals marked');
      assert.equal(await page.locator('#top-down tbody tr').nth(3).locator('.codicon-chip').count(), 1, 'native frames marked');
      // Opening formatRow shows the package frame by its package, and the native padStart.
      await page.locator('#top-down tbody tr').nth(4).locator('.twisty').click();
      const opened = await rowTexts(page, 'top-down');
      assert.deepEqual(opened.slice(5, 8).map((r) => r.slice(0, 2)), [['cloneDeep', 'lodash'], ['padStart', 'native'], ['slowChecksum', 'lib/checksum.ts:2']]);
      assert.equal(await page.locator('#top-down tbody tr').nth(5).locator('.codicon-package').count(), 1);
      assert.equal(await page.locator('#top-down tbody tr').nth(4).getAttribute('aria-expanded'), 'true');
      await saveScreenshot(page, `profile-${theme.name}`);

      // Sorting by self reorders siblings at every level.
      await page.locator('#top-down th button[data-sort="self"]').click();
      assert.equal(await page.locator('#top-down th[aria-sort="descending"]').innerText(), 'Self');
      const bySelf = (await rowTexts(page, 'top-down')).map((r) => r[0]);
      assert.deepEqual(bySelf.slice(0, 5), ['checksumAll', 'slowChecksum', 'mix32', '(garbage collector)', 'formatRow']);
      assert.deepEqual(bySelf.slice(5, 8), ['padStart', 'cloneDeep', 'slowChecksum'], 'formatRow\'s callees by self: 6.3, 4.4, 4.0 ms');
      await page.locator('#top-down th button[data-sort="self"]').click();
      assert.equal(await page.locator('#top-down th[aria-sort="ascending"]').innerText(), 'Self');

      // Bottom-up: every function by its own time; its callers under it.
      await page.locator('#tab-bottom-up').click();
      const bottomUp = await rowTexts(page, 'bottom-up');
      assert.deepEqual(bottomUp.map((r) => r[0]), ['slowChecksum', 'mix32', 'checksumAll', 'baseClone', '(garbage collector)', 'formatRow', 'fromStringFast', 'padStart', 'cloneDeep', 'from']);
      assert.deepEqual(bottomUp[0], ['slowChecksum', 'lib/checksum.ts:2', '614 ms', '75%', '709 ms', '87%']);
      assert.deepEqual(bottomUp[3]?.slice(0, 2), ['baseClone', 'lodash']);
      await page.locator('#bottom-up tbody tr').first().locator('.twisty').click();
      const callers = (await rowTexts(page, 'bottom-up')).slice(1, 3);
      assert.deepEqual(callers, [['checksumAll', 'orders.ts:20', '610 ms', '75%', '705 ms', '86%'], ['formatRow', 'orders.ts:41', '4.00 ms', '<1%', '4.00 ms', '<1%']]);
      assert.equal(await page.locator('#tab-bottom-up').getAttribute('aria-selected'), 'true');

      // Hot lines: all 11 lines (under the 12 shown at first), workspace, package and Node.js ones.
      const lines = await rowTexts(page, 'hot-lines', 'textContent');
      assert.equal(lines.length, 11);
      assert.deepEqual(lines[0], ['lib/checksum.ts:5', '403 ms', '49%']);
      assert.deepEqual(lines[5], ['lodash · _baseClone.js:120', '18.6 ms', '2%']);
      assert.deepEqual(lines[8], ['node:buffer:430', '9.10 ms', '1%']);
      assert.equal(await page.locator('#hot-lines tbody tr').nth(8).locator('button').count(), 0, 'Node.js internals have no file to open');
      assert.equal(await page.locator('#hot-lines-more').isVisible(), false);

      await saveScreenshot(page, `profile-${theme.name}-bottom-up`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }

  void it('reveals a frame\'s line on click and from the keyboard, and zooms', async () => {
    const { page, pageErrors } = await openPanel('profile', lightPlus);
    await showProfile(page, profile);
    const frame = (fn: number, nth = 0) => page.locator(`#flame .frame[data-fn="${fn}"]`).nth(nth);

    await frame(fnIndex('slowChecksum')).click();
    assert.deepEqual(await waitForPosted(page, 'openFunction'), { type: 'openFunction', file: `${src}/lib/checksum.ts`, line: 2 });
    await page.locator('#export-profile').click();
    assert.deepEqual(await waitForPosted(page, 'exportProfile'), { type: 'exportProfile' });
    // A native frame has no line: clicking it posts nothing.
    await frame(fnIndex('(garbage collector)')).click();
    await frame(fnIndex('baseClone')).click();
    await waitForExpression(page, `window.__posted.filter((m) => m.type === 'openFunction').length === 2`);
    const opened = (await postedMessages(page)).filter((m) => m.type === 'openFunction');
    assert.deepEqual(opened[1], { type: 'openFunction', file: '/home/dev/shop/node_modules/lodash/_baseClone.js', line: 88 });

    // Keyboard: the chart is one tab stop; the arrows walk the tree, Enter reveals.
    await frame(0).focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.fn'), String(fnIndex('slowChecksum')));
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.fn'), String(fnIndex('mix32')));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.fn'), String(fnIndex('formatRow')));
    assert.equal(await page.locator('#flame .frame[tabindex="0"]').count(), 1, 'one tab stop');
    const tooltip = await page.locator('#flame-tooltip').innerText();
    assert.match(tooltip, /^formatRow\norders\.ts:41\ntotal 42\.4 ms · 5% of the function\nself 9\.10 ms · 1%\nClick to open this line$/);
    await page.keyboard.press('Enter');
    await waitForExpression(page, `window.__posted.filter((m) => m.type === 'openFunction').length === 3`);
    assert.deepEqual((await postedMessages(page)).at(-1), { type: 'openFunction', file: `${src}/orders.ts`, line: 41 });

    // Space zooms into formatRow: its caller above as context, it across the width, its callees scaled to it.
    await page.keyboard.press(' ');
    const chartWidth = await page.evaluate<number>(`document.getElementById('flame').clientWidth`);
    const zoomed = await frames(page);
    assert.deepEqual(zoomed.slice(0, 2).map((f) => [f.fn, f.width]), [[0, chartWidth], [fnIndex('formatRow'), chartWidth]]);
    assert.match(zoomed[0]?.cls ?? '', /ancestor/);
    const clone = zoomed.find((f) => f.fn === fnIndex('cloneDeep'));
    assert.ok(clone && Math.abs(clone.width - (23.0 / 42.4) * chartWidth) <= 1);
    assert.equal(await page.locator('#flame-zoom-out').isVisible(), true);
    assert.match(await page.locator('#flame-note').innerText(), /zoomed into formatRow/);
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.fn'), String(fnIndex('formatRow')), 'focus stays on the zoomed frame');
    await saveScreenshot(page, 'profile-zoomed-light');
    await page.keyboard.press('Escape');
    assert.equal((await frames(page)).length, 12);
    assert.equal(await page.locator('#flame-zoom-out').isVisible(), false);
    // Double-click zooms too; the button zooms back out.
    await frame(fnIndex('slowChecksum')).dblclick();
    assert.equal((await frames(page))[1]?.width, chartWidth);
    await page.locator('#flame-zoom-out').click();
    assert.equal((await frames(page))[0]?.fn, 0);

    // The tables and the hot lines reveal too, by click and by Enter.
    const before = (await postedMessages(page)).filter((m) => m.type === 'openFunction').length;
    await page.locator('#hot-lines tbody tr').first().locator('button').click();
    await page.locator('#top-down tbody tr').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#open-target').click();
    await waitForExpression(page, `window.__posted.filter((m) => m.type === 'openFunction').length === ${before + 3}`);
    assert.deepEqual((await postedMessages(page)).slice(-3), [
      { type: 'openFunction', file: `${src}/lib/checksum.ts`, line: 5 },
      { type: 'openFunction', file: `${src}/lib/checksum.ts`, line: 2 },
      { type: 'openFunction', file: `${src}/orders.ts`, line: 20 },
    ]);
    // ArrowRight opens a closed row and ArrowLeft closes it again.
    await page.locator('#top-down tbody tr').nth(4).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#top-down tbody tr').nth(4).getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.locator('#top-down tbody tr').nth(4).getAttribute('aria-expanded'), 'false');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  void it('shows the tooltip where the pointer hovers, inside the panel', async () => {
    const { page } = await openPanel('profile', darkPlus);
    await showProfile(page, profile);
    const target = page.locator(`#flame .frame[data-fn="${fnIndex('cloneDeep')}"]`);
    await target.hover();
    const tooltip = page.locator('#flame-tooltip');
    assert.equal(await tooltip.isVisible(), true);
    assert.match(await tooltip.innerText(), /^cloneDeep\n\/home\/dev\/shop\/node_modules\/lodash\/cloneDeep\.js:30\s*package lodash\ntotal 23\.0 ms · 3% of the function\nself 4\.40 ms · 1%/);
    const box = await tooltip.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 1100, 'inside the viewport');
    // The rightmost frame: the tooltip flips to the pointer's left rather than overflow.
    await page.locator(`#flame .frame[data-fn="${fnIndex('(garbage collector)')}"]`).nth(1).hover();
    const flipped = await tooltip.boundingBox();
    const chart = await page.locator('#flame').boundingBox();
    assert.ok(flipped && chart && flipped.x + flipped.width <= chart.x + chart.width + 1);
    await saveScreenshot(page, 'profile-tooltip-dark');
    await page.mouse.move(5, 5);
    assert.equal(await tooltip.isVisible(), false);
    await page.close();
  });

  for (const theme of [lightPlus, highContrastDark]) {
    void it(`fits a 320 px panel (${theme.name})`, async () => {
      const { page, pageErrors } = await openPanel('profile', theme, 320);
      await showProfile(page, profile);
      assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth'), 320, 'nothing wider than the panel');
      const drawn = await frames(page);
      const chartWidth = await page.evaluate<number>(`document.getElementById('flame').clientWidth`);
      assert.ok(drawn.every((f) => f.x + f.width <= chartWidth + 0.5));
      // Labels only where they fit, clipped with an ellipsis inside their frame.
      const overflow = await page.evaluate<boolean>(`[...document.querySelectorAll('#flame .frame-label')].every((l) => l.parentElement.offsetWidth >= 34)`);
      assert.equal(overflow, true);
      // The tables keep the name and shares; the location moves under the name.
      const row = (await rowTexts(page, 'top-down'))[1];
      assert.deepEqual(row, ['slowChecksum\nlib/checksum.ts:2', '75%', '86%']);
      await saveScreenshot(page, `profile-${theme.name}-320px`);
      // Wider again: the chart lays itself out to the new width.
      await page.setViewportSize({ width: 900, height: 900 });
      const wider = await page.evaluate<number>(`document.getElementById('flame').clientWidth`);
      await waitForExpression(page, `document.querySelector('#flame .frame').offsetWidth === ${wider}`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }

  void it('warns when the profile has too few samples to trust its shares', async () => {
    const { page } = await openPanel('profile', darkPlus);
    await showProfile(page, { ...profile, samples: 412, lowConfidence: true });
    const banner = await page.locator('#low-confidence').innerText();
    assert.match(banner, /Low confidence/);
    assert.match(banner, /Only 412 samples fell inside the function/);
    assert.match(banner, /±2\.5 points/);
    assert.equal(await page.locator('#low-confidence .codicon-warning').count(), 1);
    await saveScreenshot(page, 'profile-low-confidence-dark');
    await showProfile(page, { ...profile, samples: 0, lowConfidence: true });
    assert.match(await page.locator('#low-confidence').innerText(), /No sample fell inside the function/);
    await page.close();
  });

  void it('re-colours the chart from the theme\'s charts colours when the theme changes', async () => {
    const { page } = await openPanel('profile', lightPlus);
    await showProfile(page, profile);
    const rootFill = () => page.evaluate<string>(`getComputedStyle(document.querySelector('#flame .frame.kind-own')).backgroundColor`);
    const before = await rootFill();
    await applyTheme(page, { ...lightPlus, variables: { ...lightPlus.variables, 'charts-blue': '#ff0000' } });
    const after = await rootFill();
    assert.notEqual(after, before);
    // 38 % red over the widget background #f3f3f3: red well above green and blue.
    const [r = 0, g = 0, b = 0] = (await frameColours(page)).find((c) => /kind-own/.test(c.cls))?.bg ?? [];
    assert.ok(r > 240 && g < 160 && b < 160, `reddish: ${r},${g},${b}`);
    await page.close();
  });

  void it('renders a 10,000-node profile quickly, drawing what is wide enough and counting the rest', async () => {
    const { page, pageErrors } = await openPanel('profile', darkPlus);
    const big = syntheticProfile(10_000);
    const started = Date.now();
    await showProfile(page, big);
    const renderMs = Date.now() - started;
    const drawn = await page.locator('#flame .frame').count();
    const hidden = Number((await page.locator('#flame-note').innerText()).replace(/,/g, '').match(/(\d+) frames too narrow/)?.[1]);
    assert.equal(drawn + hidden, 10_000, `${drawn} drawn + ${hidden} hidden`);
    assert.ok(drawn > 100 && drawn < 5000, `${drawn} frames drawn`);
    await page.screenshot({ path: join(repoRoot, 'test-artifacts', 'profile-10000-nodes-dark.png') });
    await page.locator('#tab-bottom-up').click();
    // One bottom-up row per function seen, a hundred at a time.
    const seen = new Set(big.tree.map((n) => n.fn)).size;
    assert.equal(await page.locator('#bottom-up tbody tr').count(), 100);
    assert.equal(await page.locator('#bottom-up-more').innerText(), `Show 100 more of ${seen} rows`);
    for (let shown = 100; shown < seen; shown += 100) await page.locator('#bottom-up-more').click();
    assert.equal(await page.locator('#bottom-up tbody tr').count(), seen);
    assert.equal(await page.locator('#bottom-up-more').isVisible(), false);
    await page.locator('#bottom-up tbody tr').first().locator('.twisty').click();
    assert.equal(await page.locator('#bottom-up tbody tr').nth(1).getAttribute('aria-level'), '2', 'its callers open under it');
    assert.equal(await page.locator('#bottom-up-more').isVisible(), true, 'the rows it pushed past the page wait behind Show more');
    console.log(`10,000-node profile: rendered in ${renderMs} ms (message to first frames), ${drawn} frames drawn, ${hidden} too narrow`);
    assert.ok(renderMs < 5000, `rendered in ${renderMs} ms`);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });

  void it('ignores invalid messages with an error and keeps working', async () => {
    const { page, pageErrors } = await openPanel('profile', darkPlus);
    await sendToWebview(page, { type: 'profile', result: { ...profile, tree: 'flat' } });
    await sendToWebview(page, { type: 'benchmark', result: {} });
    await waitForExpression(page, `window.__posted.filter((m) => m.type === 'error').length === 2`);
    const errors = (await postedMessages(page)).filter((m) => m.type === 'error');
    assert.match(errors[0]?.type === 'error' ? errors[0].message : '', /invalid message \(profile\).*tree/);
    assert.equal(await page.locator('#empty-state').count(), 1);
    // Schema-valid nodes that are not a tree: a child listed before its parent.
    await sendToWebview(page, { type: 'profile', result: { ...profile, tree: [profile.tree[0], { ...profile.tree[1], parent: 2 }, ...profile.tree.slice(2)] } });
    await waitForExpression(page, `window.__posted.filter((m) => m.type === 'error').length === 3`);
    assert.match((await postedMessages(page)).at(-1)?.type === 'error' ? JSON.stringify((await postedMessages(page)).at(-1)) : '', /not a tree/);
    assert.equal(await page.locator('#empty-state').count(), 1);
    await showProfile(page, profile);
    assert.equal(await page.locator('#summary').innerText(), profile.summary);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});

/**
 * A schema-valid profile of `size` nodes: a few hundred functions over twenty files, random
 * fan-out and depth from a fixed seed, totals summed up from the leaves as the server's are.
 */
function syntheticProfile(size: number): ProfileResult {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const fnCount = 300;
  const functions: FunctionCost[] = Array.from({ length: fnCount }, (_, i) => ({
    name: `fn${i}`, file: `/ws/src/module${i % 20}.ts`, line: 1 + i, kind: 'workspace', selfMs: 0, totalMs: 0, selfShare: 0, totalShare: 0,
  }));
  const root: NestedCallNode = { fn: 0, selfMs: 1, totalMs: 0, children: [] };
  const open: NestedCallNode[] = [root];
  for (let n = 1; n < size; n++) {
    const parent = open[Math.floor(random() ** 2 * open.length)] as NestedCallNode;
    // The server merges frames by call path: siblings are distinct functions.
    let fn = 1 + Math.floor(random() * (fnCount - 1));
    while (parent.children.some((c) => c.fn === fn)) fn = 1 + (fn % (fnCount - 1));
    const child: NestedCallNode = { fn, selfMs: random() * 2, totalMs: 0, children: [] };
    parent.children.push(child);
    open.push(child);
  }
  const sum = (node: NestedCallNode): number => (node.totalMs = node.selfMs + node.children.reduce((s, c) => s + sum(c), 0));
  const total = sum(root);
  for (const node of open) (functions[node.fn] as FunctionCost).selfMs += node.selfMs;
  for (const f of functions) f.selfShare = f.selfMs / total;
  return {
    ...profile,
    target: { file: '/ws/src/module0.ts', name: 'fn0', line: 1 },
    samples: Math.round(total / 0.25), durationMs: total, tree: flattenCallTree(root), functions, lines: [], summary: 'A synthetic profile of 10,000 nodes.',
  };
}
