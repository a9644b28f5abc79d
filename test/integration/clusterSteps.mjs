// A local cluster in workbenchUi.test.mjs's workbench, as a user turns one on: parallelize.cluster.mode
// set to local in the user settings, Parallelize Function on countPrimes with typed inputs, and the
// Benchmark panel shows the cluster row, bar and card beside the pools. It runs what the .vsix
// ships (dist/clusterWorker.js, bullmq, ioredis) with redis-server from PATH. The setting goes
// back to what it was afterwards, so later steps run without a cluster.
import assert from 'node:assert/strict';

/** Adds the step; `ui` drives the shared workbench (`page()`, `log`, `palette`, `closeAllEditors`, `goToLine`, `openFile`, `quickInput`, `waitUntil`, `webviewFrame`, `screenshot`). */
export function clusterSteps(step, ui, { countPrimesLine }) {
  step('runs countPrimes on a local cluster once the setting says local, and shows its row and card', async () => {
    const page = ui.page();
    await page.setViewportSize({ width: 1400, height: 900 });
    await ui.closeAllEditors();
    // As a user sets it: in the Settings editor (the configuration is written and applied at once;
    // an edit of settings.json on disk is seen only when the file watcher gets to it).
    const setMode = async (mode) => {
      await ui.palette('Preferences: Open Settings (UI)');
      await page.locator('.settings-editor').waitFor({ timeout: 15_000 });
      await page.locator('.settings-editor .settings-header .suggest-input-container').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('parallelize.cluster.mode');
      const input = page.locator('.settings-editor .setting-item-contents', { hasText: 'Also run each benchmark on BullMQ workers' }).locator('input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(mode);
      await page.keyboard.press('Tab');
      await ui.waitUntil(`the setting to read ${mode}`, async () => (await input.inputValue()) === mode, 5_000);
      await page.waitForTimeout(1_000); // the settings editor writes after a short debounce
      await ui.closeAllEditors();
    };
    await setMode('local');
    try {
      await ui.openFile('primes.ts');
      await ui.goToLine(countPrimesLine + 1);
      await ui.palette('Parallelize: Parallelize Function');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'countPrimes' }).waitFor({ timeout: 15_000 });
      await ui.quickInput().fill('Type an expression');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Type an expression' }).waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      // The box, prefilled with the inputs last used (its message is their preview, or the prompt until it comes): it has no list.
      await page.locator('.quick-input-widget .quick-input-list').waitFor({ state: 'hidden', timeout: 15_000 });
      // About 40 ms an input: enough work for the cluster's jobs to be more than their round trips.
      await ui.quickInput().fill('Array.from({ length: 16 }, (_, i) => 300_000 + i * 10_000)');
      await page.keyboard.press('Enter');
      const frame = await ui.webviewFrame('#cluster', 150_000);
      const rows = await frame.locator('#stats-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((td) => td.textContent.trim()).join(' | ')));
      ui.log('benchmark table with a cluster:');
      for (const row of rows) ui.log(`  ${row}`);
      assert.ok(rows.some((row) => /^cluster 2×1\b/.test(row)), 'a cluster 2×1 row beside the pool sizes');
      const card = frame.locator('#cluster');
      const text = (await card.innerText()).replace(/\s+/g, ' ').trim();
      ui.log(`Cluster card: ${JSON.stringify(text.slice(0, 400))}`);
      assert.match(text, /local Redis/, 'where it ran');
      assert.match(text, /2 processes × 1 thread/);
      assert.match(text, /every result equals the serial one \(16 inputs compared\)/);
      assert.equal(await frame.locator('#cluster-stopped').count(), 0, 'the cluster did not stop');
      const facts = (await frame.locator('.facts, #facts').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
      ui.log(`facts row: ${JSON.stringify(facts)}`);
      await card.scrollIntoViewIfNeeded();
      await page.mouse.move(0, 450);
      await ui.screenshot('vscode-benchmark-cluster.png');
    } finally {
      await setMode('off');
    }
  }, 240_000);
}
