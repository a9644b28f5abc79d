/** The resource panel in real Chromium: per-core bars, memory, the suggestion, in-place updates. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cspViolations, postedMessages, sendToWebview, waitForExpression } from './fakeVsCodeApi';
import { resourceFixture, saveScreenshot, usePanelHarness } from './harness';
import { darkPlus, lightPlus } from './themes';

const busy = resourceFixture('resources-8-cores');
const constrained = resourceFixture('resources-constrained');

const openPanel = usePanelHarness();

void describe('resource panel', () => {
  for (const theme of [lightPlus, darkPlus]) {
    void it(`renders per-core bars, memory and the suggestion (${theme.name})`, async () => {
      const { page, pageErrors } = await openPanel('resources', theme, 1000);
      assert.deepEqual(await postedMessages(page), [{ type: 'ready' }]);
      await sendToWebview(page, { type: 'resources', report: busy });
      await page.waitForSelector('#core-list .core-row');

      assert.equal(await page.locator('#core-list .core-row').count(), 16);
      const row3 = page.locator('#core-list .core-row').nth(3);
      assert.equal(await row3.locator('.core-label').innerText(), 'CPU 3');
      assert.equal(await row3.locator('.core-value').innerText(), '92%');
      assert.match((await row3.locator('.meter').getAttribute('class')) ?? '', /\bhigh\b/);
      assert.equal(await row3.locator('.meter-fill').getAttribute('style'), 'width: 92.4%;');
      assert.match((await page.locator('#core-list .core-row').nth(0).locator('.meter').getAttribute('class')) ?? '', /\blow\b/);

      assert.equal(await page.locator('#suggested-pool-size').innerText(), '8');
      assert.equal(await page.locator('#limited-by').innerText(), 'limited by CPU cores');
      assert.equal(await page.locator('#reasoning li').count(), 3);
      assert.match(await page.locator('#memory-note').innerText(), /64 MB per worker, assumed/);
      assert.equal(await page.locator('#cores-usable').innerText(), '16 usable');
      assert.equal(await page.locator('#cores-detail').innerText(), '16 logical, 8 physical');
      assert.equal(await page.locator('#cpu-brand').innerText(), 'AMD Ryzen 7 5800X 8-Core Processor');
      assert.equal(await page.locator('#load').innerText(), '24%');
      assert.equal(await page.locator('#memory-free').innerText(), '19.0 GB free');
      assert.match(await page.locator('#memory-detail').innerText(), /of 32\.0 GB total/);
      assert.equal(await page.locator('#memory-constrained').isVisible(), false);

      // Let the width transition settle before the screenshot.
      await page.waitForTimeout(500);
      await saveScreenshot(page, `resources-${theme.name}`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    });
  }

  void it('updates in place when the next snapshot arrives', async () => {
    const { page, pageErrors } = await openPanel('resources', darkPlus, 700);
    await sendToWebview(page, { type: 'resources', report: busy });
    await page.waitForSelector('#core-list .core-row');
    // Mark the nodes: an in-place update keeps them, a re-render would drop the marks.
    await page.evaluate(`document.getElementById('suggested-pool-size').__mark = 1; document.querySelector('.page').__mark = 1`);

    await sendToWebview(page, { type: 'resources', report: constrained });
    await waitForExpression(page, `document.getElementById('suggested-pool-size').textContent === '1'`);
    assert.equal(await page.evaluate<number>(`document.getElementById('suggested-pool-size').__mark`), 1);
    assert.equal(await page.evaluate<number>(`document.querySelector('.page').__mark`), 1);
    assert.equal(await page.locator('#pool-unit').innerText(), 'worker');
    assert.equal(await page.locator('#limited-by').innerText(), 'limited by memory');
    assert.equal(await page.locator('#core-list .core-row').count(), 4);
    assert.equal(await page.locator('#memory-constrained').innerText(), 'Limited to 2.0 GB by a container or cgroup');
    assert.match(await page.locator('#memory-note').innerText(), /512 MB per worker, measured/);
    assert.equal(await page.locator('#reasoning li').count(), 2);

    await page.waitForTimeout(500);
    await saveScreenshot(page, 'resources-constrained-dark-700px');

    // Invalid snapshots are reported and leave the last good one on screen.
    await sendToWebview(page, { type: 'resources', report: { ...constrained, resources: { ...constrained.resources, cores: -1 } } });
    await waitForExpression(page, `window.__posted.some((m) => m.type === 'error')`);
    assert.equal(await page.locator('#suggested-pool-size').innerText(), '1');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });
});
