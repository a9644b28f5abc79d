/**
 * The benchmark panel at every width VS Code gives a panel (320 px beside a wide editor to 1400 px
 * on its own) in each theme kind, with VS Code's own theme variables: nothing cut off or wider
 * than the panel, every range on one line, the toolbar reachable, the input chip legible, the
 * charts above the fold at 800×600. Screenshots of each in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { cspViolations, waitForExpression } from './fakeVsCodeApi';
import { benchmarkFixture, saveScreenshot, showBenchmark, usePanelHarness } from './harness';
import { darkPlus, highContrastDark, highContrastLight, lightPlus } from './themes';

const primes = benchmarkFixture('primes-8-workers');
const keepSerial = benchmarkFixture('keep-serial-pairs');
const openPanel = usePanelHarness();

/** WCAG contrast ratio of two colours as getComputedStyle gives them (rgb/rgba over an opaque ground). */
function contrast(fg: string, bg: string): number {
  const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const [r1 = 0, g1 = 0, b1 = 0] = parse(fg);
  const [r2 = 0, g2 = 0, b2 = 0] = parse(bg);
  const lum = (r: number, g: number, b: number) => {
    const ch = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const [a, b] = [lum(r1, g1, b1), lum(r2, g2, b2)].sort((x, y) => y - x) as [number, number];
  return (a + 0.05) / (b + 0.05);
}

/** Elements wider than the page or cut off by their own box: selector-ish names, for the assertion message. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    for (const el of document.querySelectorAll('#app *')) {
      if (el.closest('.tool-menu[hidden], details:not([open]) > :not(summary), .visually-hidden, thead')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > width + 0.5) out.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + el.className) + ' ends at ' + Math.round(r.right));
    }
    return out.slice(0, 5);
  })()`);
}

const themes = [lightPlus, darkPlus, highContrastDark, highContrastLight];

void describe('benchmark panel layout', () => {
  for (const width of [320, 480, 800, 1400]) {
    for (const theme of themes) {
      void it(`fits ${width} px in ${theme.name}: no cut column, ranges on one line, toolbar in view`, async () => {
        const { page, pageErrors } = await openPanel('benchmark', theme, width);
        await showBenchmark(page, primes);
        await waitForExpression(page, `Object.values(window.parallelizeCharts).every((chart) => chart.width <= ${width})`);
        assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth'), width, 'nothing wider than the panel');
        assert.deepEqual(await overflowing(page), []);
        // The statistics table: every cell inside its scroll box (nothing hidden behind a scrollbar).
        const table = await page.evaluate<{ table: number; box: number }>(`(() => {
          const t = document.getElementById('stats-table');
          return { table: t.scrollWidth, box: t.parentElement.clientWidth };
        })()`);
        assert.ok(table.table <= table.box, `the table (${table.table} px) fits its box (${table.box} px)`);
        for (const label of ['Speedup', 'Efficiency']) {
          const visible = await page.locator(`#stats-table tr[data-config="8 workers"] td[data-label="${label}"]`).isVisible();
          assert.ok(visible, `${label} is on screen`);
        }
        // Each range on one line: a cell's text is no taller than one line of it.
        const ranges = await page.evaluate<{ text: string; lines: number }[]>(`(() => Array.from(document.querySelectorAll('#stats-table td[data-label="Min–max"], #stats-table td[data-label^="IQR"]')).map((td) => {
          const range = document.createRange();
          range.selectNodeContents(td.lastChild);
          const rects = Array.from(range.getClientRects());
          return { text: td.textContent, lines: new Set(rects.map((r) => Math.round(r.top))).size };
        }))()`);
        assert.ok(ranges.length > 0);
        for (const r of ranges) assert.equal(r.lines, 1, `${r.text} on one line`);
        // The toolbar's four controls are on screen, labelled for screen readers at every width.
        for (const id of ['run-again', 'profile', 'export', 'open-function']) {
          const box = await page.locator(`#${id}`).boundingBox();
          assert.ok(box && box.x >= 0 && box.x + box.width <= width, `#${id} is in view`);
          assert.ok(((await page.locator(`#${id}`).getAttribute('aria-label')) ?? '').length > 5);
        }
        // The Export menu opens inside the panel, whichever side the toolbar sits on.
        await page.locator('#export').click();
        const menu = await page.locator('#export-menu').boundingBox();
        assert.ok(menu && menu.x >= 0 && menu.x + menu.width <= width, `the Export menu (${menu?.x}–${(menu?.x ?? 0) + (menu?.width ?? 0)} px) is in view`);
        await page.keyboard.press('Escape');
        // The input chip: legible against its own background in every theme (it vanished in high contrast).
        const chip = await page.evaluate<{ fg: string; bg: string }>(`(() => {
          const s = getComputedStyle(document.querySelector('.input-chip'));
          return { fg: s.color, bg: s.backgroundColor };
        })()`);
        const ground = chip.bg.startsWith('rgba') && chip.bg.endsWith(', 0)') ? await page.evaluate<string>(`getComputedStyle(document.documentElement).backgroundColor`) : chip.bg;
        assert.ok(contrast(chip.fg, ground) >= 4.5, `input chip ${chip.fg} on ${ground}: contrast ${contrast(chip.fg, ground).toFixed(2)}`);
        await saveScreenshot(page, `benchmark-${width}px-${theme.name}`);
        assert.deepEqual(pageErrors, []);
        assert.deepEqual(await cspViolations(page), []);
        await page.close();
      });
    }
  }

  for (const [name, result] of [['primes', primes], ['keep-serial', keepSerial]] as const) {
    void it(`puts the charts above the fold at 800×600, under a one-line headline (${name})`, async () => {
      const { page } = await openPanel('benchmark', darkPlus, 800);
      await page.setViewportSize({ width: 800, height: 600 });
      await showBenchmark(page, result);
      const headline = await page.locator('#headline').boundingBox();
      const lineHeight = await page.evaluate<number>(`parseFloat(getComputedStyle(document.getElementById('headline')).lineHeight) || 26`);
      assert.ok(headline && headline.height <= lineHeight * 1.5, `the headline is one line (${headline?.height} px)`);
      const chart = await page.locator('#runtime-chart').boundingBox();
      assert.ok(chart && chart.y + chart.height / 2 < 600, `the runtime chart's top half is above the fold (it starts at ${chart?.y} px)`);
      await page.screenshot({ path: (await saveScreenshot(page, `benchmark-fold-${name}`)).replace(/\.png$/, '-viewport.png') });
      await page.close();
    });
  }
});
