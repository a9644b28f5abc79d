// CodeLens and "Generate worker-pool version" on the real language server (dist/server.js) over
// stdio, with a client that declares what VS Code's does: lens refresh, resolvable code actions,
// and workspace edits that create files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeLensRefreshRequest,
  CodeLensRequest,
  DidOpenTextDocumentNotification,
  type CodeAction,
  type CreateFile,
  type ProtocolConnection,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { GeneratedPoolArgs, generatedPoolCommand, LensData } from '../../protocol/codegen';
import { KnownResultsNotification, RunBenchmarkRequest } from '../../protocol/lsp';
import { BenchmarkResult } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { findFunctionAt, repoRoot as root, startLspServer, type LspServer } from './lspServer';

const workspace = path.join(root, 'test/fixtures/codegen/lspWorkspace');
const tally = path.join(workspace, 'tally.ts');
const uri = pathToFileURL(tally).href;
const uriOf = (name: string): string => pathToFileURL(path.join(workspace, name)).href;
let server: LspServer;
let connection: ProtocolConnection;
let refreshes = 0;
let onRefresh: (() => void) | undefined;

before(async () => {
  server = await startLspServer({
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'lspWorkspace' }],
    capabilities: {
      workspace: { codeLens: { refreshSupport: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } },
      textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['refactor', 'quickfix'] } } } },
    },
    onConnection: (c) => c.onRequest(CodeLensRefreshRequest.type, () => {
      refreshes++;
      onRefresh?.();
      return null;
    }),
  });
  connection = server.connection;
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 7, text: readFileSync(tally, 'utf8') } });
});

after(() => {
  server.stop();
});

async function lensTitles(of = uri): Promise<string[]> {
  const lenses = (await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: of } })) ?? [];
  return lenses.map((lens) => lens.command?.title ?? '');
}

async function actionsAt(line: number, character: number, of = uri): Promise<CodeAction[]> {
  const actions = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: of },
    range: { start: { line, character }, end: { line, character } },
    context: { diagnostics: [] },
  });
  return (actions ?? []).filter((a): a is CodeAction => 'kind' in a || 'edit' in a || 'data' in a);
}

test('CodeLens: "Parallelize" before a run, the run\'s result after it, and a refresh request in between', async () => {
  assert.deepEqual(await lensTitles(), ['$(rocket) Parallelize', '$(flame) Profile']);
  const found = await findFunctionAt(connection, uri, 4, 3);
  const refreshed = new Promise<void>((resolve) => { onRefresh = resolve; });
  const reply = await connection.sendRequest(RunBenchmarkRequest.type, {
    runId: 'lens-run',
    target: found,
    inputs: 'Array.from({ length: 8 }, (_, i) => 20_000 + i * 2_000)',
    settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2 },
  });
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  await refreshed;
  assert.equal(refreshes, 1);
  const [title] = await lensTitles();
  const best = reply.value.runs.find((r) => r.workers === reply.value.bestWorkers);
  assert.ok(best);
  // Short: the figure and the pool size, or "keep serial" (which shows no speedup-looking figure).
  const expected = reply.value.suggestion.keepSerial ? 'keep serial' : `${best.speedup.toFixed(1)}× on ${best.workers} worker${best.workers === 1 ? '' : 's'}`;
  assert.equal(title, `$(rocket) Parallelize · ${expected}`);
  // The longer line and the verdict travel as the tooltip.
  const [lens] = (await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  const data = LensData.parse(lens?.data);
  assert.ok(data.tooltip.endsWith(`\n${reply.value.verdict}`), data.tooltip);
  assert.match(data.tooltip, /\/item\n/);
});

test('"Generate worker-pool version" is offered in a function, not outside, says what the run found, and resolves to the two files and a command that opens them', async () => {
  const generate = (actions: CodeAction[]): CodeAction | undefined => actions.find((a) => a.title.startsWith('Generate worker-pool version'));
  assert.equal(generate(await actionsAt(11, 3)), undefined, 'offered outside any function');
  const offered = generate(await actionsAt(6, 10));
  assert.ok(offered, 'not offered inside tally');
  // The previous test ran tally: the title carries its verdict in the lens's words.
  assert.match(offered.title, /^Generate worker-pool version \((measured \d+\.\d× on \d+ workers?|last run: keep it serial)\)$/);
  assert.equal(offered.kind, 'refactor.rewrite');
  assert.equal(offered.edit, undefined, 'the edit should wait for codeAction/resolve');
  const resolved = await connection.sendRequest(CodeActionResolveRequest.type, offered);
  const changes = resolved.edit?.documentChanges ?? [];
  const created = changes.filter((c): c is CreateFile => 'kind' in c && c.kind === 'create').map((c) => c.uri);
  assert.deepEqual(created, [uriOf('tally.worker.ts'), uriOf('tally.parallel.ts')]);
  const edits = new Map(changes.filter((c): c is TextDocumentEdit => 'textDocument' in c).map((c) => [c.textDocument.uri, c.edits.map((e) => e.newText).join('')]));
  assert.match(edits.get(uriOf('tally.worker.ts')) ?? '', /import \{ tally \} from '\.\/tally';[\s\S]*export default function runChunk/);
  const wrapper = edits.get(uriOf('tally.parallel.ts')) ?? '';
  assert.match(wrapper, /export async function tallyParallel\(inputs: readonly TallyInput\[\]/);
  // The run of the previous test is where the defaults come from.
  assert.match(wrapper, /export const tallyPoolSize = [12];/);
  assert.match(wrapper, /path\.resolve\(__dirname, 'tally\.worker\.js'\)/);
  // Only the two new files: report.ts calls tally, but an import of tallyParallel nobody calls would be unused.
  assert.deepEqual([...edits.keys()], [uriOf('tally.worker.ts'), uriOf('tally.parallel.ts')]);
  // After the edit VS Code runs the command: open the files; piscina resolves here (the repository lists it).
  assert.equal(resolved.command?.command, generatedPoolCommand);
  assert.deepEqual(GeneratedPoolArgs.parse(resolved.command?.arguments?.[0]), { wrapperUri: uriOf('tally.parallel.ts'), workerUri: uriOf('tally.worker.ts'), piscina: { found: true } });

  // The generated files get no lens and no action, though their functions take parameters.
  for (const [name, text] of [['tally.parallel.ts', wrapper], ['tally.worker.ts', edits.get(uriOf('tally.worker.ts')) ?? '']] as const) {
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(name), languageId: 'typescript', version: 1, text } });
    assert.deepEqual(await lensTitles(uriOf(name)), [], `a lens in ${name}`);
    const line = text.split('\n').findIndex((l) => /^export (async )?function (tallyParallel|runChunk)/.test(l));
    assert.equal(generate(await actionsAt(line + 1, 4, uriOf(name))), undefined, `the action in ${name}`);
  }
});

test('in a project without piscina the command carries the install with the project\'s package manager', async () => {
  const project = mkdtempSync(path.join(os.tmpdir(), 'parallelize-nopiscina-'));
  try {
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'p', private: true, dependencies: {} }));
    writeFileSync(path.join(project, 'yarn.lock'), '');
    const file = path.join(project, 'work.ts');
    const text = 'export function work(n: number): number {\n  return n * 2;\n}\n';
    writeFileSync(file, text);
    const workUri = pathToFileURL(file).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: workUri, languageId: 'typescript', version: 1, text } });
    const offered = (await actionsAt(1, 4, workUri)).find((a) => a.title.startsWith('Generate worker-pool version'));
    assert.ok(offered);
    assert.equal(offered.title, 'Generate worker-pool version (not benchmarked: default sizes)');
    const resolved = await connection.sendRequest(CodeActionResolveRequest.type, offered);
    const args = GeneratedPoolArgs.parse(resolved.command?.arguments?.[0]);
    assert.deepEqual(args.piscina, { found: false, projectDir: project, manager: 'yarn', managerReason: path.join(project, 'yarn.lock'), install: ['yarn', 'add', 'piscina'] });
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('for a function that is not exported, the edit exports it, and its own module that calls it gets no import', async () => {
  const hidden = uriOf('hidden.ts');
  const text = readFileSync(path.join(workspace, 'hidden.ts'), 'utf8');
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: hidden, languageId: 'typescript', version: 3, text } });
  const actions = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: hidden },
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } },
    context: { diagnostics: [], only: ['refactor'] },
  });
  const offered = (actions ?? []).find((a): a is CodeAction => a.title.startsWith('Generate worker-pool version'));
  assert.ok(offered);
  const resolved = await connection.sendRequest(CodeActionResolveRequest.type, offered);
  const own = (resolved.edit?.documentChanges ?? []).find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === hidden);
  assert.ok(own, 'hidden.ts got no edit');
  assert.equal(own.textDocument.version, 3, 'an open document is edited at the version the editor holds');
  const edited = own.edits.reduceRight((t, e) => {
    const lines = t.split('\n');
    const offset = lines.slice(0, e.range.start.line).reduce((n, l) => n + l.length + 1, 0) + e.range.start.character;
    return `${t.slice(0, offset)}${e.newText}${t.slice(offset)}`;
  }, text);
  assert.match(edited, /^\/\/ Not exported.*\n.*\nexport function square\(/);
  assert.doesNotMatch(edited, /squareParallel/, 'an import of the wrapper nothing calls');
  // A request for quick fixes only does not compute it.
  const quickFixes = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: hidden },
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } },
    context: { diagnostics: [], only: ['quickfix'] },
  });
  assert.ok(!(quickFixes ?? []).some((a) => a.title.startsWith('Generate worker-pool version')));
});

test('"Generate BullMQ version" is offered beside the pool one, and resolves to its four files, touching no caller', async () => {
  const isBullmq = (title: string): boolean => title.startsWith('Generate BullMQ version');
  assert.ok(!(await actionsAt(11, 3)).some((a) => isBullmq(a.title)), 'offered outside any function');
  const titles = (await actionsAt(6, 10)).map((a) => a.title);
  const pool = titles.findIndex((t) => t.startsWith('Generate worker-pool version'));
  // Both say what the last run (the first test's) found, in the same words.
  assert.equal(titles[pool + 1], titles[pool]?.replace('Generate worker-pool version', 'Generate BullMQ version'), titles.join(' | '));
  const offered = (await actionsAt(6, 10)).find((a) => isBullmq(a.title));
  assert.ok(offered);
  assert.equal(offered.kind, 'refactor.rewrite');
  assert.equal(offered.disabled, undefined);
  assert.equal(offered.edit, undefined, 'the edit should wait for codeAction/resolve');
  const resolved = await connection.sendRequest(CodeActionResolveRequest.type, offered);
  const changes = resolved.edit?.documentChanges ?? [];
  const created = changes.filter((c): c is CreateFile => 'kind' in c && c.kind === 'create').map((c) => c.uri);
  assert.deepEqual(created, ['tally.distributed.ts', 'tally.bullmq-worker.ts', 'tally.bullmq-processor.ts', 'tally.distributed.md'].map(uriOf));
  const edits = new Map(changes.filter((c): c is TextDocumentEdit => 'textDocument' in c).map((c) => [c.textDocument.uri, c.edits.map((e) => e.newText).join('')]));
  const producer = edits.get(uriOf('tally.distributed.ts')) ?? '';
  assert.match(producer, /export function tallyDistributed\(inputs: readonly TallyInput\[\]/);
  // The first test's run measured the chunks: a number, not the unmeasured 0.
  assert.match(producer, /export const tallyDistributedChunkSize = [1-9]\d*;/);
  assert.match(edits.get(uriOf('tally.bullmq-processor.ts')) ?? '', /import \{ tally \} from '\.\/tally';/);
  assert.deepEqual([...edits.keys()].filter((u) => !created.includes(u)), [], 'callers and tally.ts itself are left alone');
});

test('after a reload the lens shows the result the history kept, unless this session has a newer one; a malformed list is ignored', async () => {
  const project = mkdtempSync(path.join(os.tmpdir(), 'parallelize-known-'));
  try {
    const file = path.join(project, 'work.ts');
    const text = 'export function work(n: number): number {\n  return n * 2;\n}\n';
    writeFileSync(file, text);
    const workUri = pathToFileURL(file).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: workUri, languageId: 'typescript', version: 1, text } });
    assert.deepEqual(await lensTitles(workUri), ['$(rocket) Parallelize', '$(flame) Profile']);
    const kept = BenchmarkResult.parse(JSON.parse(readFileSync(path.join(root, 'test/fixtures/results/primes-8-workers.json'), 'utf8')));
    const mine = { ...kept, function: { ...kept.function, file, name: 'work', line: 1 } };
    // Malformed: the server says so in its log and goes on.
    await connection.sendNotification(KnownResultsNotification.type, { results: [{ nonsense: true }] } as never);
    const refreshed = new Promise<void>((resolve) => { onRefresh = resolve; });
    await connection.sendNotification(KnownResultsNotification.type, { results: [mine] });
    await refreshed;
    const [title] = await lensTitles(workUri);
    assert.equal(title, '$(rocket) Parallelize · 5.3× on 8 workers');
    // An older kept result does not replace the one the server has.
    const older = { ...mine, startedAt: mine.startedAt - 1_000, suggestion: { ...mine.suggestion, keepSerial: true } };
    await connection.sendNotification(KnownResultsNotification.type, { results: [older] });
    assert.deepEqual(await lensTitles(workUri), [title, '$(flame) Profile']);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
