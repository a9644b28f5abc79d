// The Profile Function walk-through of workbenchUi.test.mjs, in the same workbench: profile
// examples/primes.ts#countPrimes from the command palette, then check what a user sees (heat on
// the hot lines with their notes, the hover, the lens summary, the Profile panel's headline), in
// four themes and in a narrow window, with screenshots of each, and that Clear Profile takes it away.
//
// A share is only worth showing if the code under it can still be read. On the hottest line: the
// editor's foreground and the note keep WCAG's 4.5:1 for text; every syntax colour keeps 3.5:1
// (4.5:1 in high contrast themes), or nearly its own contrast where the theme sets it lower; the
// left mark stands out from the editor's background by 3:1 (WCAG's figure for non-text marks).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composite, contrast, noteShare, readHeat } from './editorHeat.mjs';

/** The themes a user of the heat may have, with the class the workbench then carries and the webview's body class. */
export const themes = [
  { label: 'Light Modern', file: 'light', workbench: 'vs', body: 'vscode-light' },
  { label: 'Dark Modern', file: 'dark', workbench: 'vs-dark', body: 'vscode-dark' },
  { label: 'Dark High Contrast', file: 'dark-hc', workbench: 'hc-black', body: 'vscode-high-contrast' },
  { label: 'Light High Contrast', file: 'light-hc', workbench: 'hc-light', body: 'vscode-high-contrast-light' },
];
const notePattern = /^\d+(\.\d)?% · [\d.,]+ (ms|µs)$/;
/** The Profile lens's short form: where most of the time is, `isPrime 94%` (`~` before a share from few samples). */
const lensPattern = /Profile · (\w+) ~?(\d+)%/;

/**
 * Adds the steps. `ui` is the driver of the shared workbench: `page()`, `sandbox()`, `log`,
 * `palette`, `goToLine`, `openFile`, `quickInput`, `webviewFrame`, `waitUntil`, `screenshot` and
 * `consoleErrors()` (the error lines of the browser console so far, with their frame's URL).
 */
export function profileSteps(step, ui, { primes, countPrimesLine }) {
  const isPrimeStart = primes.findIndex((l) => l.includes('function isPrime(')) + 1;
  const isPrimeEnd = primes.findIndex((l, i) => i >= isPrimeStart && l === '}') + 1;
  /** The one text editor open (primes.ts); the Profile panel beside it is a webview, not a monaco editor. */
  const editor = () => ui.page().locator('.part.editor .monaco-editor').first();
  /** The Profile lenses (one per function; a line's lenses are links in one `.codelens-decoration`). */
  const profileLenses = () => ui.page().locator('.monaco-editor .codelens-decoration a', { hasText: /^\W*Profile\b/ });
  let frame;
  let consoleErrorsBefore = 0;

  /** The decorated lines once every one has its background and its note. */
  async function heat() {
    let read;
    await ui.waitUntil('heat decorations with their notes in primes.ts', async () => {
      read = await readHeat(editor());
      return read.lines.length > 0 && read.lines.every((l) => l.note && l.background);
    }, 30_000);
    return read;
  }

  /** The decorated line with the largest share. */
  const hottest = (read) => read.lines.reduce((best, l) => (noteShare(l.note) > noteShare(best.note) ? l : best));

  step('profiles countPrimes from the command palette: heat and notes on its hot lines, the Profile panel beside the editor', async () => {
    const page = ui.page();
    assert.ok(isPrimeStart > 0 && isPrimeEnd > isPrimeStart, 'primes.ts has isPrime');
    await ui.palette('Notifications: Clear All Notifications');
    await ui.palette('View: Hide Panel'); // the Problems panel of the step before
    await ui.closeAllEditors();
    // The room a user makes for a panel beside the code.
    await ui.palette('View: Close Primary Side Bar');
    await ui.openFile('primes.ts');
    await ui.goToLine(countPrimesLine + 1);
    consoleErrorsBefore = ui.consoleErrors().length;
    await ui.palette('Parallelize: Profile Function');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Profile: inputs for countPrimes' }).waitFor({ timeout: 15_000 });
    // The picker's first row: the inputs last used for countPrimes, the benchmark's.
    const first = page.locator('.quick-input-list .monaco-list-row.focused');
    await first.waitFor({ timeout: 15_000 });
    const inputs = (await first.innerText()).replace(/\s+/g, ' ').trim();
    ui.log(`profile input picker's first row: ${JSON.stringify(inputs)} (the benchmark's inputs)`);
    assert.match(inputs, /Array\.from\(.*last used/);
    const started = Date.now();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'Parallelize: Profile' }).waitFor({ timeout: 90_000 });
    frame = await ui.webviewFrame('#summary', 30_000);
    const read = await heat();
    ui.log(`profiled in ${((Date.now() - started) / 1000).toFixed(1)} s; ${read.lines.length} decorated lines:`);
    for (const l of read.lines) ui.log(`  ${l.note.padEnd(16)} ${l.background.padEnd(26)} ${l.text.trim()}`);
    for (const l of read.lines) assert.match(l.note, notePattern, `the note of ${JSON.stringify(l.text.trim())}`);
    const shares = read.lines.map((l) => noteShare(l.note));
    assert.ok(shares.every((s) => s >= 0.01), 'no line under 1 % is decorated');
    assert.ok(shares.reduce((a, b) => a + b, 0) <= 1.01 + 0.005 * shares.length, `the lines' shares add up to at most 100 %: ${shares.join(', ')}`);
    // isPrime's trial division is where countPrimes spends its time.
    const top = hottest(read);
    const topLine = primes.findIndex((l) => l === top.text) + 1;
    assert.ok(topLine >= isPrimeStart && topLine <= isPrimeEnd, `the hottest line (${top.note}) is in isPrime (lines ${isPrimeStart}–${isPrimeEnd}), not ${JSON.stringify(top.text)}`);
    // Beside the panel (the side bar closed), every note is in view without scrolling.
    const hidden = read.lines.filter((l) => l.noteRight > read.visibleRight);
    assert.deepEqual(hidden.map((l) => `${l.note} ends at ${l.noteRight} px`), [], `notes past the editor's visible width (${read.visibleRight} px)`);
    // The editor keeps the focus (the heat is in front of the user) and the panel is beside it.
    const [editorBox, panelBox] = [await editor().boundingBox(), await page.locator('.part.editor .webview, iframe.webview').first().boundingBox()];
    assert.ok(editorBox && panelBox && panelBox.x >= editorBox.x + editorBox.width - 2, 'the Profile panel is to the right of the editor');
    await page.locator('.tabs-container .tab.active', { hasText: 'primes.ts' }).waitFor({ timeout: 5_000 });
  }, 150_000);

  step('puts the summary on the lens and as the Profile panel\'s headline, with no webview error', async () => {
    const page = ui.page();
    const lens = profileLenses().filter({ hasText: lensPattern });
    await lens.first().waitFor({ timeout: 15_000 });
    assert.equal(await lens.count(), 1, 'one Profile lens carries a summary: countPrimes\'s');
    const lensText = (await lens.innerText()).trim();
    const lensRight = await lens.evaluate((a) => Math.round(a.getBoundingClientRect().right));
    const shownRight = (await readHeat(editor())).visibleRight;
    ui.log(`lens: ${JSON.stringify(lensText)}, ends at ${lensRight} px${lensRight > shownRight ? `, past the editor's visible ${shownRight} px: the benchmark lens before it takes the room` : ''}`);
    const [, callee, calleeShare] = lensPattern.exec(lensText) ?? [];
    assert.equal(callee, 'isPrime', 'the lens names isPrime as the top callee');
    const headline = (await frame.locator('#summary').innerText()).trim();
    ui.log(`panel headline: ${JSON.stringify(headline)}`);
    assert.match(headline, new RegExp(`^isPrime \\(line ${primes.findIndex((l) => l.includes('function isPrime(')) + 1}\\) is ${calleeShare} % of the work.*: each worker runs it for its own inputs, so that is what the pool divides`),
      'the headline is the summary sentence, naming the lens\'s callee with the same share');
    // The headline is the first thing under the title, not below the fold.
    const box = await frame.locator('#summary').boundingBox();
    const title = await frame.locator('.title-row').boundingBox();
    assert.ok(box && title && box.y > title.y && box.y < title.y + title.height + 40, 'the summary sits right under the title');
    assert.ok(await frame.locator('.flame .frame').count() > 0, 'the flame chart has frames');
    assert.ok(await frame.locator('#hot-lines tbody tr').count() > 0, 'the hot lines table has rows');
    assert.deepEqual(await truncatedHeaders(frame), [], 'no column header cut short');
    const errors = ui.consoleErrors().slice(consoleErrorsBefore).filter((e) => /webview|vscode-resource|vscode-cdn/.test(e.url) || /Content Security Policy|Refused to/.test(e.text));
    assert.deepEqual(errors, [], 'no error or CSP violation in the webview\'s console');
    const logText = extensionLog(ui.sandbox().userData);
    assert.match(logText, /Profiling countPrimes/, 'the extension\'s log is the one read here');
    assert.deepEqual(logText.split('\n').filter((l) => /profile panel:|from the profile panel/.test(l)), [], 'the Profile panel reported no error to the extension');
  });

  // One step for the four themes, so that one run shows (and screenshots) every theme's problems.
  step('is readable in Light Modern, Dark Modern and both High Contrast themes: the heat, the notes, the hover, the panel', async () => {
    const page = ui.page();
    const problems = [];
    for (const theme of themes) {
      await colorTheme(ui, theme);
      await frame.locator(`body.${theme.body}`).waitFor({ timeout: 10_000 });
      await page.mouse.move(0, 450); // no hover in the first picture
      const read = await heat();
      const top = hottest(read);
      const background = composite(top.background, read.background);
      const highContrast = theme.workbench.startsWith('hc');
      const code = top.tokenColors.map((c) => ({ color: c, ratio: contrast(c, background), plain: contrast(c, read.background) }));
      const text = contrast(read.foreground, background);
      const note = contrast(composite(top.noteColor ?? read.foreground, background), background);
      const mark = contrast(composite(top.border, read.background), read.background);
      ui.log(`${theme.label}: hottest line ${top.note} on ${top.background} over ${read.background}; foreground ${text.toFixed(1)}; code ${code.map((c) => `${c.color} ${c.ratio.toFixed(1)} (plain ${c.plain.toFixed(1)})`).join(', ')}; note ${top.noteColor} ${note.toFixed(1)}; mark ${top.borderWidth} ${top.border} ${mark.toFixed(1)}`);
      const floor = highContrast ? 4.5 : 3.5;
      for (const c of code) {
        if (c.ratio < Math.min(floor, 0.9 * c.plain)) problems.push(`${theme.label}: code in ${c.color} has contrast ${c.ratio.toFixed(2)}:1 on the hottest background (${c.plain.toFixed(2)}:1 without it; ${floor}:1 needed)`);
      }
      if (text < 4.5) problems.push(`${theme.label}: the editor's foreground has contrast ${text.toFixed(2)}:1 on the hottest background`);
      if (note < 4.5) problems.push(`${theme.label}: the note in ${top.noteColor} has contrast ${note.toFixed(2)}:1 on the hottest background`);
      if (parseFloat(top.borderWidth) < 2 || mark < 3) problems.push(`${theme.label}: the hottest line's left mark is ${top.borderWidth} ${top.border}, contrast ${mark.toFixed(2)}:1 on the editor (3:1 needed)`);
      await ui.screenshot(`vscode-profile-${theme.file}.png`);

      const line = editor().locator('.view-lines .view-line', { hasText: top.text.trim() }).first();
      const lineBox = await line.boundingBox();
      // The indentation: inside the decoration's range, on no token, so only our hover shows.
      await page.mouse.move(lineBox.x + 4, lineBox.y + lineBox.height / 2);
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Parallelize profile of' }).first();
      await hover.waitFor({ timeout: 15_000 });
      // The hover fades in: a picture taken at once shows the code through it.
      await ui.waitUntil('the hover faded in', async () => (await hover.evaluate((el) => getComputedStyle(el.closest('.monaco-hover') ?? el).opacity)) === '1', 5_000);
      const hoverText = (await hover.innerText()).replace(/\s+/g, ' ').trim();
      ui.log(`${theme.label} hover: ${JSON.stringify(hoverText)}`);
      assert.match(hoverText, /Self time [\d.,]+ (ms|µs): [\d.]+% of the time in countPrimes \(± [\d.]+ points of sampling error\)/);
      assert.match(hoverText, /samples every \d+ µs over \d+ pass(es)? of \d+ inputs/);
      await ui.screenshot(`vscode-profile-hover-${theme.file}.png`);
      await page.mouse.move(0, 450);
    }
    assert.deepEqual(problems, [], 'the heat keeps code, notes and borders readable in every theme');
  }, 120_000);

  step('fits a narrow window: the Profile panel at 400 px shows everything, nothing cut off', async () => {
    const page = ui.page();
    await colorTheme(ui, themes[0]);
    await page.setViewportSize({ width: 800, height: 900 });
    await ui.waitUntil('the panel laid out at the narrow width', async () => (await frame.evaluate(() => innerWidth)) < 450, 10_000);
    const overflow = await frame.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // An element past the right edge, unless a box around it clips or scrolls it (an ellipsis, a scrolled table).
      const clipped = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 1) return true;
        }
        return false;
      };
      const out = [...document.body.querySelectorAll('*')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.right > width + 1 && !clipped(el);
      });
      return { width, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 8).map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`) };
    });
    const read = await readHeat(editor());
    ui.log(`narrow editor: ${read.lines.filter((l) => l.noteRight > read.visibleRight).length} of ${read.lines.length} notes past its visible width (${read.visibleRight} px), as end-of-line text is in any editor this narrow`);
    ui.log(`narrow panel: ${overflow.width} px wide, scroll width ${overflow.scrollWidth}; past its edge: ${JSON.stringify(overflow.out)}`);
    assert.deepEqual(overflow.out, [], 'nothing runs past the panel\'s right edge');
    assert.ok(overflow.scrollWidth <= overflow.width + 1, 'the panel does not scroll sideways');
    assert.deepEqual(await truncatedHeaders(frame), [], 'no column header cut short');
    await page.mouse.move(0, 450);
    await ui.screenshot('vscode-profile-narrow.png');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  step('takes the heat, the notes and the lens summary away with Clear Profile', async () => {
    await ui.palette('View: Focus First Editor Group');
    await ui.palette('Parallelize: Clear Profile');
    await ui.waitUntil('no heat decoration left in primes.ts', async () => (await readHeat(editor())).lines.length === 0, 10_000);
    const plain = async () => (await profileLenses().allInnerTexts()).map((t) => t.trim());
    await ui.waitUntil('the plain Profile lenses back', async () => {
      const lenses = await plain();
      return lenses.length === 2 && lenses.every((t) => /^\W*Profile$/.test(t));
    }, 10_000);
    ui.log(`after Clear Profile: no decorated line; lenses ${JSON.stringify(await plain())}`);
  });
}

/** Picks a colour theme the way a user does: "Preferences: Color Theme", then its name. */
export async function colorTheme(ui, theme) {
  const page = ui.page();
  if (await page.locator(`.monaco-workbench.${theme.workbench}`).count()) return;
  const focusedRow = (text) => page.locator('.quick-input-list .monaco-list-row.focused', { hasText: text });
  await page.keyboard.press('F1');
  await ui.quickInput().fill('>Preferences: Color Theme');
  // Clicked: "Preferences: Browse Color Themes in Marketplace" ranks above it for these words.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^\s*Preferences: Color Theme(?!s)/ }).first().click({ timeout: 15_000 });
  // The theme picker: the only list with both high contrast themes in it.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Light High Contrast' }).first().waitFor({ timeout: 15_000 }).catch(async (e) => {
    ui.log(`no theme picker; quick input ${await page.locator('.quick-input-widget').isVisible()}, rows ${JSON.stringify(await page.locator('.quick-input-list .monaco-list-row').allInnerTexts())}`);
    throw e;
  });
  await ui.quickInput().fill(theme.label);
  await focusedRow(theme.label).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ timeout: 15_000 });
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 });
}

/** The panel's table headers whose text does not fit their column (an ellipsis where a word should be). */
async function truncatedHeaders(frame) {
  return frame.locator('th').evaluateAll((ths) => ths
    .filter((th) => th.getClientRects().length > 0 && th.scrollWidth > th.clientWidth + 1)
    .map((th) => `${th.closest('table')?.id}: ${JSON.stringify(th.textContent.trim())} needs ${th.scrollWidth} px, has ${th.clientWidth}`));
}

/** The text of the extension's log channel (code-server writes it under the user-data logs). */
function extensionLog(userData) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/parallelize/i.test(p) && entry.name.endsWith('.log')) found.push(p);
    }
  };
  walk(path.join(userData, 'logs'));
  assert.ok(found.length > 0, `the Parallelize log under ${userData}/logs`);
  return found.map((p) => readFileSync(p, 'utf8')).join('\n');
}
