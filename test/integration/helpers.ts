/** Shared by the integration tests: activation, fixture files and deadline-bound waiting. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ParallelizeApi, ParallelizeFunctionArgs } from '../../extension/api';
import type { BenchmarkResult } from '../../protocol/results';

/** The extension under test, as `package.json` names it. */
export const extensionId = 'parallelize.parallelize';

/**
 * Calls `probe` every `intervalMs` until it returns something other than undefined, and returns
 * that; fails with `what` once `timeoutMs` has passed. The tests wait on this, never on a sleep.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** `promise`, or a rejection naming `what` once `timeoutMs` has passed. */
export async function within<T>(what: string, promise: Thenable<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Activates the extension (once; later calls return the same API) and waits for its language server. */
export async function activatedApi(): Promise<ParallelizeApi> {
  const extension = vscode.extensions.getExtension<ParallelizeApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed in the extension host`);
  const api = await within('activation', extension.activate(), 30_000);
  assert.ok(api, 'activate() returned no API');
  await within('api.ready (the language server answering)', api.ready, 30_000);
  return api;
}

/** A file of the fixture workspace (test/fixtures/workspace), opened in an editor. */
export async function openFixture(relativePath: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open: the runner opens test/fixtures/workspace');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relativePath));
  // The first column, so that the panels (opened beside) stay in view.
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
  return document;
}

/** The open webview tab whose viewType ends with `viewType` (the workbench may prefix it). */
export function webviewTab(viewType: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType));
}

/** The 0-based position just after the first occurrence of `text` in `document`. */
export function positionAfter(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `${JSON.stringify(text)} not found in ${document.uri.path}`);
  return document.positionAt(offset + text.length);
}

/** Runs Parallelize Function just after `marker` (inside the function it declares) in the fixture's src/work.ts, with `inputs`; fails if it gives no result. */
export async function parallelizeWorkFixture(marker: string, inputs: string): Promise<BenchmarkResult> {
  const document = await openFixture('src/work.ts');
  const at = positionAfter(document, marker);
  const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs };
  const what = `Parallelize Function at ${JSON.stringify(marker)}`;
  const result = await within(what, vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', args), 90_000);
  assert.ok(result, `${what} gave no result`);
  return result;
}

/** Runs `work` with `settings` under parallelize.cluster.*, then puts them back. */
export async function withClusterSettings<T>(settings: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('parallelize');
  for (const [key, value] of Object.entries(settings)) await config.update(`cluster.${key}`, value, vscode.ConfigurationTarget.Global);
  try {
    return await work();
  } finally {
    for (const key of Object.keys(settings)) await config.update(`cluster.${key}`, undefined, vscode.ConfigurationTarget.Global);
  }
}
