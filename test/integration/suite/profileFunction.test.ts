/**
 * "Profile Function" in the real extension host: the profile of src/hot.ts#hotLoop puts its heat
 * on the TypeScript lines of hot.ts and of the callee's file lib/checksum.ts (decorated once it is
 * opened), the function's lens carries the summary, an edit that moves lines takes that file's
 * heat away, and "Clear Profile" takes everything away.
 *
 * What the API cannot show (colours, readability, the panel) the workbench UI test checks and
 * screenshots: test/integration/profileSteps.mjs profiles examples/primes.ts#countPrimes in Light
 * Modern, Dark Modern, both High Contrast themes and a narrow window. Its workspace has no callee
 * in another file: that mapping is checked here only.
 */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ParallelizeFunctionArgs } from '../../../extension/api';
import type { ProfileResult } from '../../../protocol/profile';
import { activatedApi, openFixture, positionAfter, waitFor, within } from '../helpers';

const inputs = 'Array.from({ length: 16 }, (_, i) => 2_000 + i)';
/** The 1-based line of `text` in `document`. */
const lineOf = (document: vscode.TextDocument, text: string): number => positionAfter(document, text).line + 1;

async function profileLenses(document: vscode.TextDocument): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  return lenses.filter((lens) => lens.command?.command === 'parallelize.profileFunction').map((lens) => lens.command?.title ?? '');
}

suite('Profile Function', function () {
  this.timeout(180_000);

  test('decorates the hot lines of the function and of its callee in another file, with the summary on the lens; Clear Profile removes them', async () => {
    const api = await activatedApi();
    const hot = await openFixture('src/hot.ts');
    const at = positionAfter(hot, 'export function hotLoop(');
    const args: ParallelizeFunctionArgs = { uri: hot.uri.toString(), line: at.line, character: at.character, inputs };
    const profile = await within('parallelize.profileFunction on hotLoop', vscode.commands.executeCommand<ProfileResult | undefined>('parallelize.profileFunction', args), 150_000);
    assert.ok(profile, `the profile gave no result: ${JSON.stringify(api.lastRunError())}`);
    console.log(`      hotLoop: ${profile.samples} samples, ${profile.durationMs.toFixed(0)} ms, lines ${profile.lines.slice(0, 3).map((l) => `${l.file.split('/').pop()}:${l.line} ${(l.selfShare * 100).toFixed(0)}%`).join(', ')}`);
    assert.equal(profile.target.name, 'hotLoop');
    assert.equal(api.lastProfile()?.startedAt, profile.startedAt, 'api.lastProfile() is not the profile that just finished');

    // hot.ts: its own loop (about 16 % of the time, measured alone) is decorated with its note.
    const ownLoop = lineOf(hot, 'acc = (acc + i * i)');
    const hotLines = await waitFor('decorations in hot.ts', () => {
      const lines = api.profileDecorations(hot.uri.toString());
      return lines.length > 0 ? lines : undefined;
    });
    const own = hotLines.find((l) => l.line === ownLoop);
    assert.ok(own, `hot.ts line ${ownLoop} is not decorated: ${JSON.stringify(hotLines.map((l) => l.line))}`);
    assert.match(own.note, /^\d+(\.\d)?% · [\d.,]+ (ms|µs)$/);
    assert.match(own.hover, /of the time in `hotLoop`/);
    for (const line of hotLines) assert.ok(line.note.length > 0 && line.bucket >= 0);

    // The callee's file is decorated once it is opened, on its own TypeScript line.
    const checksum = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(hot.uri, '../lib/checksum.ts'));
    await vscode.window.showTextDocument(checksum, { viewColumn: vscode.ViewColumn.Two, preserveFocus: true });
    const calleeLoop = lineOf(checksum, 'h = (Math.imul(h, 31)');
    const calleeLines = await waitFor('decorations in lib/checksum.ts', () => {
      const lines = api.profileDecorations(checksum.uri.toString());
      return lines.length > 0 ? lines : undefined;
    });
    const callee = calleeLines.find((l) => l.line === calleeLoop);
    assert.ok(callee, `checksum.ts line ${calleeLoop} is not decorated: ${JSON.stringify(calleeLines.map((l) => l.line))}`);
    assert.equal(callee.bucket, 3, `the callee's loop (about 84 % measured alone) should be in the hottest bucket: ${callee.note}`);
    assert.ok(profile.lines.some((l) => l.file === checksum.uri.fsPath && l.line === calleeLoop), 'the profile does not name checksum.ts by its path');

    // The lens of hotLoop carries the summary, naming the callee.
    const title = await waitFor('the Profile lens with the summary', async () => (await profileLenses(hot)).find((t) => t.includes('slowChecksum')));
    console.log(`      hotLoop's lens: ${title}`);
    // Short: where most of the time is (the callee, over hotLoop's own share).
    assert.match(title, /^\$\(flame\) Profile · slowChecksum ~?\d+%$/);

    // An edit that moves checksum.ts's lines takes its heat away; hot.ts keeps its own.
    const editor = await vscode.window.showTextDocument(checksum, { viewColumn: vscode.ViewColumn.Two });
    try {
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '\n')), 'the edit was refused');
      await waitFor('checksum.ts undecorated after the edit', () => (api.profileDecorations(checksum.uri.toString()).length === 0 ? true : undefined));
      assert.ok(api.profileDecorations(hot.uri.toString()).length > 0, 'hot.ts lost its decorations to an edit of another file');
    } finally {
      // The fixture must stay as it is on disk.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }

    await vscode.commands.executeCommand('parallelize.clearProfile');
    assert.equal(api.lastProfile(), undefined);
    assert.deepEqual(api.profileDecorations(hot.uri.toString()), []);
    await waitFor('the plain Profile lens back', async () => ((await profileLenses(hot)).some((t) => t === '$(flame) Profile') ? true : undefined));
  });

  test('gives no profile, without hanging, outside any function', async () => {
    const api = await activatedApi();
    const document = await openFixture('src/work.ts');
    const at = positionAfter(document, 'const LIMIT_NOTE');
    const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs: '[1, 2]' };
    const result = await within('parallelize.profileFunction outside a function', vscode.commands.executeCommand<ProfileResult | undefined>('parallelize.profileFunction', args), 30_000);
    assert.equal(result, undefined);
    assert.equal(api.lastRunError()?.code, 'NOT_A_FUNCTION');
  });
});
