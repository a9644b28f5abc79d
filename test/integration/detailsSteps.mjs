// The extension as the Extensions view shows it, in the workbench of workbenchUi.test.mjs: the
// details page of the installed .vsix (the icon, every README image loaded, the changelog, the
// categories) and the walkthrough (four steps; a step's button runs its command and ticks it off).
// Screenshots in test-artifacts/vscode-details*.png and vscode-walkthrough*.png.
import assert from 'node:assert/strict';
import { colorTheme, themes } from './profileSteps.mjs';

const walkthroughSteps = ['Check your cores and memory', 'Benchmark a function', 'Read the result', 'Generate the pool code'];

/** Adds the steps; `ui` is the shared workbench driver (see profileSteps.mjs). */
export function detailsSteps(step, ui) {
  const page = () => ui.page();

  step('shows the details page of the installed extension: its icon, every README image loaded, the changelog', async () => {
    // The Extensions view: with no gallery it lists what is installed.
    await page().keyboard.press('Control+Shift+X');
    await page().locator('.extensions-viewlet').waitFor({ timeout: 30_000 });
    const row = page().locator('.extensions-viewlet .monaco-list-row', { hasText: 'Parallelize' }).first();
    await row.waitFor({ timeout: 30_000 });
    const listIcon = row.locator('img.icon');
    await ui.waitUntil('the icon in the extensions list', async () => (await listIcon.evaluate((img) => img.naturalWidth).catch(() => 0)) > 0, 15_000);
    await row.click();
    const editor = page().locator('.extension-editor');
    await editor.waitFor({ timeout: 30_000 });
    const headerIcon = editor.locator('.header img.icon');
    await ui.waitUntil('the icon in the details header', async () => (await headerIcon.evaluate((img) => img.naturalWidth).catch(() => 0)) > 0, 15_000);
    const iconSize = await headerIcon.evaluate((img) => [img.naturalWidth, img.naturalHeight]);
    ui.log(`details header icon: ${iconSize.join('×')}`);
    assert.deepEqual(iconSize, [256, 256]);
    const readme = await ui.webviewFrame('img[alt^="The benchmark panel"]', 30_000);
    let images = [];
    await ui.waitUntil('every README image decoded', async () => {
      images = await readme.locator('img').evaluateAll((imgs) => imgs.map((img) => ({ alt: img.alt, width: img.naturalWidth, height: img.naturalHeight, data: img.src.startsWith('data:image/png') })));
      return images.length > 0 && images.every((img) => img.width > 0);
    }, 20_000).catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(images.map(({ alt, width, height }) => `${alt.slice(0, 30)} ${width}×${height}`))}`); });
    ui.log(`README images: ${images.map((img) => `${img.width}×${img.height}`).join(', ')}`);
    assert.ok(images.length >= 5 && images.every((img) => img.data), 'the README\'s screenshots, inlined');
    const categories = (await editor.locator('.categories').innerText().catch(() => '')).replace(/\s+/g, ' ');
    ui.log(`categories: ${JSON.stringify(categories)}`);
    await ui.screenshot('vscode-details.png');
    await readme.locator('img').nth(1).scrollIntoViewIfNeeded();
    await ui.screenshot('vscode-details-images.png');
    const changelogTab = editor.locator('.navbar .action-label', { hasText: 'Changelog' });
    await changelogTab.click({ timeout: 10_000 });
    await ui.webviewFrame('h2:has-text("installable anywhere")', 30_000);
  });

  step('opens the walkthrough: four steps, and a step\'s button runs its command and ticks it off', async () => {
    await ui.palette('Welcome: Open Walkthrough...');
    await page().locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Parallelize' }).first().click({ timeout: 15_000 });
    const slide = page().locator('.gettingStartedSlideDetails');
    await slide.waitFor({ timeout: 30_000 });
    const titles = await slide.locator('.getting-started-step .step-title').allInnerTexts();
    ui.log(`walkthrough steps: ${JSON.stringify(titles)}`);
    assert.deepEqual(titles.map((t) => t.trim()), walkthroughSteps);
    const first = slide.locator('.getting-started-step', { hasText: walkthroughSteps[0] }).first();
    await ui.waitUntil('the first step\'s picture', async () => (await page().locator('.gettingStartedSlideDetails .getting-started-media img').first().evaluate((img) => img.naturalWidth).catch(() => 0)) > 0, 15_000);
    await ui.screenshot('vscode-walkthrough.png');
    await first.locator('.button-link, a', { hasText: 'Show Resources' }).first().click({ timeout: 10_000 });
    await page().locator('.tabs-container .tab', { hasText: 'Parallelize: Resources' }).waitFor({ timeout: 30_000 });
    await page().locator('.tabs-container .tab', { hasText: 'Walkthrough' }).first().click({ timeout: 10_000 }).catch(() => {});
    await ui.waitUntil('the first step ticked off', async () => (await first.getAttribute('class'))?.includes('complete') === true
      || (await first.locator('.codicon-pass-filled, .codicon-getting-started-step-checked').count()) > 0, 15_000);
    const second = slide.locator('.getting-started-step', { hasText: walkthroughSteps[1] }).first();
    await second.click();
    await ui.webviewFrame('h1:has-text("Benchmark a function")', 30_000);
    await ui.screenshot('vscode-walkthrough-benchmark.png');
  }, 120_000);

  step('shows the walkthrough and the details page in Light Modern, Dark Modern and both High Contrast themes', async () => {
    for (const theme of themes) {
      await colorTheme(ui, theme);
      await page().locator('.tabs-container .tab', { hasText: 'Welcome' }).first().click({ timeout: 10_000 });
      await page().locator('.gettingStartedSlideDetails').waitFor({ timeout: 15_000 });
      await ui.screenshot(`vscode-walkthrough-${theme.file}.png`);
      // The details page was a preview editor, which the walkthrough replaced: open it again from the list.
      await page().locator('.extensions-viewlet .monaco-list-row', { hasText: 'Parallelize' }).first().click({ timeout: 10_000 });
      await page().locator('.extension-editor').waitFor({ timeout: 15_000 });
      await page().locator('.extension-editor .navbar .action-label', { hasText: 'Details' }).click({ timeout: 10_000 });
      const readme = await ui.webviewFrame(`body.${theme.body} img[alt^="The benchmark panel"]`, 30_000);
      assert.ok(await readme.locator('img').first().evaluate((img) => img.naturalWidth > 0), `${theme.label}: the README's first image`);
      await ui.screenshot(`vscode-details-${theme.file}.png`);
    }
  }, 180_000);
}
