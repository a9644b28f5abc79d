// The input picker in workbenchUi.test.mjs's workbench, as a user meets it: Parallelize Function on
// examples/primes.ts#countPrimes opens the picker with the inputs last used (the sample values, run
// by the benchmark step) and the fitting export (demoInputs), each with its preview; screenshots in four themes and at
// 320 px. Then "Type an expression…": a throwing expression shows its error under the box before
// anything runs, a good one its count and first input. Nothing runs: Escape leaves each.
import assert from 'node:assert/strict';
import { colorTheme, themes } from './profileSteps.mjs';

/** Adds the steps; `ui` drives the shared workbench (`page()`, `log`, `palette`, `goToLine`, `openFile`, `quickInput`, `waitUntil`, `screenshot`). */
export function inputPickerSteps(step, ui, { countPrimesLine }) {
  const rows = () => ui.page().locator('.quick-input-widget .quick-input-list .monaco-list-row');

  /**
   * Opens the picker and returns its rows as text, once every expression row shows its preview. Waits
   * for the picker's own title first: until it shows, the hidden palette still holds its last rows,
   * whose recycled elements may carry an earlier picker's previews (a narrow run once read those).
   */
  async function openPicker() {
    await ui.palette('Parallelize: Parallelize Function');
    await ui.page().locator('.quick-input-widget .quick-input-title', { hasText: 'Parallelize: inputs for countPrimes' }).waitFor({ timeout: 15_000 });
    let texts = [];
    await ui.waitUntil('every row of the input picker with its preview', async () => {
      texts = (await rows().allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      const previewed = texts.filter((t) => / inputs? · first: /.test(t));
      return texts.length >= 3 && !texts.some((t) => t.includes('evaluating')) && previewed.length >= 2;
    }, 60_000);
    return texts;
  }

  step('offers the last inputs, the fitting export and sample values, each previewed, in four themes and at 320 px', async () => {
    const page = ui.page();
    await ui.closeAllEditors();
    await ui.openFile('primes.ts');
    await ui.goToLine(countPrimesLine + 1);
    const texts = await openPicker();
    ui.log('input picker rows:');
    for (const t of texts) ui.log(`  ${t}`);
    assert.match(texts[0] ?? '', /last used/, 'the inputs last used come first');
    const exported = texts.find((t) => t.includes('demoInputs'));
    assert.match(exported ?? '', /export · number\[\] · 32 inputs.*32 inputs · first: 500000/, 'demoInputs, with its type, count and preview');
    assert.ok(texts.some((t) => t.startsWith('Type an expression')), 'a row to type an expression');
    for (const theme of themes) {
      await colorTheme(ui, theme);
      // The theme picker closed the input picker: open it again, in this theme.
      await openPicker();
      await page.mouse.move(700, 850); // no hover in the picture
      await ui.screenshot(`vscode-inputs-${theme.file}.png`);
      await page.keyboard.press('Escape');
    }
    await colorTheme(ui, themes[1]);
    await page.setViewportSize({ width: 320, height: 700 });
    try {
      const narrow = await openPicker();
      const widget = await page.locator('.quick-input-widget').boundingBox();
      ui.log(`narrow: the picker is ${Math.round(widget?.width ?? 0)} px wide; rows ${JSON.stringify(narrow)}`);
      assert.ok(widget && widget.x >= 0 && widget.x + widget.width <= 320 + 1, 'the picker fits the 320 px window');
      await ui.screenshot('vscode-inputs-narrow.png');
      await page.keyboard.press('Escape');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  }, 240_000);

  step('previews a typed expression under the input box: its error before any run, else its count and first input', async () => {
    const page = ui.page();
    await openPicker();
    await ui.quickInput().fill('Type an expression');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Type an expression' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    // The box has no list: until it is gone, the picker is still there, and text filled in now
    // would go to it and be lost when the box opens prefilled with the inputs last used.
    await page.locator('.quick-input-widget .quick-input-list').waitFor({ state: 'hidden', timeout: 15_000 });
    const message = page.locator('.quick-input-widget .quick-input-message');
    await ui.quickInput().fill("demoInputs.map((n) => { if (n > 600_000) throw new Error('too big: ' + n); return n; })");
    await ui.waitUntil('the error under the input box', async () => /too big: 605000/.test(await message.innerText()), 30_000);
    ui.log(`input box error: ${JSON.stringify((await message.innerText()).trim())}`);
    await page.mouse.move(700, 850);
    await ui.screenshot('vscode-inputs-error.png');
    // An Error-severity message: Enter does not run it.
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.notifications-toasts .notification-toast', { hasText: 'Parallelize countPrimes' }).count(), 0, 'no run started');
    await ui.quickInput().fill('demoInputs.slice(0, 8)');
    await ui.waitUntil('the preview under the input box', async () => /8 inputs · first: 500000/.test(await message.innerText()), 30_000);
    ui.log(`input box preview: ${JSON.stringify((await message.innerText()).trim())}`);
    await ui.screenshot('vscode-inputs-preview.png');
    await page.keyboard.press('Escape');
  }, 120_000);
}
