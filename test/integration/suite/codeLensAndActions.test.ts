/**
 * The language server's CodeLens (with the last result after a run, in the editor without any
 * edit) and code action (its title, its edit, and the command that opens what it wrote), as VS
 * Code's own providers and commands report them.
 */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ParallelizeFunctionArgs } from '../../../extension/api';
import type { AddPiscinaOutcome, OpenedPool } from '../../../extension/commands/generatedPool';
import type { BenchmarkResult } from '../../../protocol/results';
import { activatedApi, openFixture, positionAfter, waitFor, within } from '../helpers';

const rocket = '$(rocket) Parallelize';

async function lensTitles(document: vscode.TextDocument): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  return lenses.map((lens) => lens.command?.title ?? '').filter((title) => title.startsWith(rocket));
}

suite('CodeLens and code action', function () {
  this.timeout(120_000);

  test('each top-level function has a lens whose command runs it', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const lenses = await waitFor('the Parallelize lenses', async () => {
      const found = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri))
        .filter((lens) => lens.command?.title.startsWith(rocket));
      return found.length >= 2 ? found : undefined;
    });
    const fib = lenses.find((lens) => lens.range.start.line === positionAfter(document, 'export function fib(').line);
    assert.ok(fib?.command, 'no lens on fib');
    assert.equal(fib.command.command, 'parallelize.parallelizeFunction');
    const [where] = fib.command.arguments as ParallelizeFunctionArgs[];
    assert.equal(where?.uri, document.uri.toString());
  });

  test('no lens above a function without parameters (nothing to map over)', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const summaryLine = positionAfter(document, 'export const summary').line;
    assert.deepEqual(lenses.filter((lens) => lens.range.start.line === summaryLine).map((lens) => lens.command?.title), []);
  });

  test('after a run of fib, the editor shows its result in the lens at once, short, with the sentence as tooltip', async () => {
    const api = await activatedApi();
    const document = await openFixture('src/work.ts');
    const at = positionAfter(document, 'export function fib(');
    const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs: '[24, 25, 26, 27, 24, 25, 26, 27]' };
    const result = await within('Parallelize Function on fib', vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', args), 90_000);
    assert.ok(result, 'the run gave no result');
    // Nothing here asks the provider: the lens is the one VS Code itself asked for after the
    // server's refresh, as the editor shows it, with no edit to the file. Earlier suites ran fib
    // too, so the editor may already show a lens of theirs with the same title: this run's is the
    // one whose tooltip ends with this run's sentence.
    const lens = await waitFor('the editor to take the lens with the result', () =>
      api.codeLenses(document.uri.toString())?.find((l) => /^\$\(rocket\) Parallelize · /.test(l.title) && l.tooltip?.endsWith(`\n${result.verdict}`)), 15_000);
    console.log(`      fib's lens: ${lens.title}`);
    assert.match(lens.title, /^\$\(rocket\) Parallelize · (\d+\.\d× on \d+ workers?|keep serial)$/);
  });

  test('parallelize.codeLens.enabled = false hides the lenses', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const config = vscode.workspace.getConfiguration('parallelize');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await waitFor('no lens', async () => ((await lensTitles(document)).length === 0 ? [] : undefined)), []);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok((await waitFor('lenses back', async () => ((await lensTitles(document)).length > 0 ? true : undefined))));
  });

  test('"Generate worker-pool version" is offered inside fib, not outside a function', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const inFib = positionAfter(document, 'return n < 2');
    const titles = async (position: vscode.Position): Promise<string[]> => {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
      return actions.map((a) => a.title);
    };
    const generate = (all: string[]): string | undefined => all.find((t) => t.startsWith('Generate worker-pool version'));
    const offered = await waitFor('the code action in fib', async () => generate(await titles(inFib)));
    // The lens test before this one ran fib: the title says what it found.
    assert.match(offered, /^Generate worker-pool version \((measured \d+\.\d× on \d+ workers?|last run: keep it serial)\)$/);
    assert.equal(generate(await titles(positionAfter(document, 'const LIMIT_NOTE'))), undefined);
  });

  test('applying it writes the worker and the wrapper beside work.ts, with the measured pool size, and opens them', async () => {
    await activatedApi();
    const document = await openFixture('src/work.ts');
    const inFib = positionAfter(document, 'return n < 2');
    // One resolved item: VS Code asks the server for the edit, as it does when the user picks the action.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(inFib, inFib), vscode.CodeActionKind.RefactorRewrite.value, 1);
    const generate = actions.find((a) => a.title.startsWith('Generate worker-pool version'));
    assert.ok(generate?.edit, 'the action came without its edit');
    assert.ok(generate.command, 'the action came without the command that opens the files');
    const worker = vscode.Uri.joinPath(document.uri, '../fib.worker.ts');
    const wrapper = vscode.Uri.joinPath(document.uri, '../fib.parallel.ts');
    try {
      // What VS Code does when the user picks the action: apply the edit, then run its command.
      assert.ok(await vscode.workspace.applyEdit(generate.edit), 'VS Code refused the edit');
      const opened = await vscode.commands.executeCommand<OpenedPool | undefined>(generate.command.command, ...((generate.command.arguments ?? []) as unknown[]));
      assert.equal(opened?.focused, wrapper.toString());
      assert.equal(opened.offer, undefined, 'piscina resolves from the repository: no offer');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), wrapper.toString(), 'the wrapper is not the focused editor');
      const tabs = vscode.window.tabGroups.activeTabGroup.tabs.map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri.toString() : ''));
      assert.ok(tabs.includes(worker.toString()), 'the worker did not open');
      // The edit's result as the editor holds it (saving goes through the remote file system asynchronously).
      const text = async (uri: vscode.Uri): Promise<string> => (await vscode.workspace.openTextDocument(uri)).getText();
      // The nearest tsconfig is the repository's ("module": "ESNext"): an ES module, so `.js` specifiers.
      assert.match(await text(worker), /import \{ fib \} from '\.\/work\.js';/);
      const wrapperText = await text(wrapper);
      assert.match(wrapperText, /export async function fibParallel\(/);
      assert.match(wrapperText, /new URL\('\.\/fib\.worker\.js', import\.meta\.url\)/);
      // The lens test before this one ran fib: its best pool size is baked in.
      assert.match(wrapperText, /export const fibPoolSize = [12];/);
      assert.equal(document.isDirty, false, 'work.ts is exported and only calls fib in fib: it needs no edit');
      // No lens in what Parallelize generated.
      const generatedLenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', wrapper);
      assert.deepEqual(generatedLenses.filter((lens) => lens.command?.title.startsWith(rocket)).map((lens) => lens.command?.title), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The generated files must not stay in the fixture workspace.
      const cleanup = new vscode.WorkspaceEdit();
      for (const uri of [worker, wrapper]) cleanup.deleteFile(uri, { ignoreIfNotExists: true });
      assert.ok(await vscode.workspace.applyEdit(cleanup), 'could not delete the generated files');
    }
    for (const uri of [worker, wrapper]) {
      await waitFor(`${uri.path} deleted`, async () => vscode.workspace.fs.stat(uri).then(() => undefined, () => true));
    }
  });

  test('"Add piscina" runs the project\'s package manager as a task in the project\'s folder', async () => {
    await activatedApi();
    // A project of its own, outside the repository (whose node_modules holds piscina), that pnpm manages.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'parallelize-addpiscina-'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'p', private: true, packageManager: 'pnpm@9.0.0' }));
    const started: string[] = [];
    const listener = vscode.tasks.onDidStartTaskProcess((e) => started.push(`${e.execution.task.source}: ${e.execution.task.name}`));
    try {
      const status = { found: false, projectDir: project, manager: 'pnpm', managerReason: 'the packageManager field', install: ['pnpm', 'add', 'piscina'] };
      const outcome = await within('the install task', vscode.commands.executeCommand<AddPiscinaOutcome | undefined>('parallelize.addPiscina', status, vscode.Uri.file(path.join(project, 'work.parallel.ts')).toString()), 60_000);
      assert.equal(outcome?.commandLine, 'pnpm add piscina');
      assert.equal(outcome.cwd, project);
      assert.deepEqual(started, ['Parallelize: add piscina (pnpm)']);
      // pnpm is not installed on the test machine: the task ran and failed, which is what it reports.
      assert.equal(typeof outcome.exitCode, 'number');
      console.log(`      pnpm add piscina exited with ${outcome.exitCode}`);
    } finally {
      listener.dispose();
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
