// The real language server (dist/server.js) in its own process, driven by a real LSP client
// connection over stdio: the same transport and messages the extension uses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { FindFunctionRequest, ResourcesRequest, RunBenchmarkRequest, RunProgressNotification, type FunctionTarget, type RunProgress } from '../../protocol/lsp';
import { defaultRunSettings } from '../../protocol/settings';
import { findFunctionAt, repoRoot as root, startLspServer, type LspServer } from './lspServer';

const fixture = path.join(root, 'test/fixtures/lsp/steps.ts');
const uri = pathToFileURL(fixture).href;
let server: LspServer;
let connection: ProtocolConnection;
const progress: RunProgress[] = [];
const diagnostics: PublishDiagnosticsParams[] = [];
const logged: string[] = [];

before(async () => {
  server = await startLspServer({
    onConnection: (c) => {
      c.onNotification(RunProgressNotification.type, (p) => progress.push(p));
      c.onNotification(PublishDiagnosticsNotification.type, (p) => diagnostics.push(p));
      c.onNotification(LogMessageNotification.type, (p) => logged.push(p.message));
    },
  });
  connection = server.connection;
  assert.equal(server.initializeResult.serverInfo?.name, 'parallelize-server');
});

after(() => server.stop());

function find(line: number, character: number): Promise<FunctionTarget> {
  return findFunctionAt(connection, uri, line, character);
}

test('finds the function at a position, from disk and then from the editor\'s unsaved text', async () => {
  const target = await find(5, 4);
  assert.equal(target.name, 'collatzSteps');
  assert.equal(target.file, fixture);
  assert.deepEqual(target.parameters, [{ name: 'limit', type: 'number' }]);

  const edited = readFileSync(fixture, 'utf8').replace('export function collatzSteps', 'export function renamedSteps');
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: edited } });
  assert.equal((await find(5, 4)).name, 'renamedSteps');
  // Closing hands the file back to the disk's copy, which the next tests run.
  await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  assert.equal((await find(5, 4)).name, 'collatzSteps');

  const outside = await connection.sendRequest(FindFunctionRequest.type, { uri, line: 0, character: 3 });
  assert.ok(!outside.ok);
  assert.equal(outside.error.code, 'NOT_A_FUNCTION');
});

test('runs a real benchmark in worker threads and reports progress', async () => {
  const target = await find(5, 4);
  const reply = await connection.sendRequest(RunBenchmarkRequest.type, {
    runId: 'run-1',
    target,
    inputs: 'Array.from({ length: 8 }, (_, i) => 2_000 + i * 500)',
    settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2 },
  });
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  const result = reply.value;
  assert.equal(result.inputs.count, 8);
  assert.ok(result.serial.medianMs > 0);
  assert.ok(result.runs.length >= 1);
  for (const run of result.runs) assert.ok(run.speedup > 0 && run.medianMs > 0, JSON.stringify(run));
  assert.equal(result.resultsMatch, true);
  assert.deepEqual(result.errors, []);
  assert.equal(result.cancelled, false);
  assert.ok(progress.some((p) => p.runId === 'run-1'), 'no progress notification arrived');
});

test('a function that prints leaves the LSP stream intact: the run returns and its lines reach the log', { timeout: 60_000 }, async () => {
  const printing = path.join(root, 'test/fixtures/engine/printing.ts');
  const found = await connection.sendRequest(FindFunctionRequest.type, { uri: pathToFileURL(printing).href, line: 9, character: 17 });
  assert.ok(found.ok, found.ok ? '' : found.error.message);
  assert.equal(found.value.name, 'chatty');
  const reply = await connection.sendRequest(RunBenchmarkRequest.type, {
    runId: 'run-printing',
    target: found.value,
    inputs: 'makeInputs()',
    settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2 },
  });
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  assert.equal(reply.value.inputs.count, 6);
  for (const line of ['[module load] loading printing.ts', '[input 3] three { n: 3 }', '[input 3, stderr] three on stderr']) {
    assert.ok(logged.some((message) => message.endsWith(line)), `${line} in the log:\n${logged.join('\n')}`);
  }
});

test('cancelling a run stops it promptly and returns what was measured', async () => {
  const target = await find(22, 20);
  assert.equal(target.name, 'slow');
  const source = new CancellationTokenSource();
  const firstProgress = new Promise<void>((resolve) => {
    const sub = connection.onNotification(RunProgressNotification.type, (p) => { if (p.runId === 'run-cancel') { sub.dispose(); resolve(); } });
  });
  const pending = connection.sendRequest(RunBenchmarkRequest.type, {
    runId: 'run-cancel',
    target,
    inputs: 'Array.from({ length: 40 }, () => 250)',
    settings: { ...defaultRunSettings, trials: 3 },
  }, source.token);
  await firstProgress;
  const cancelledAt = Date.now();
  source.cancel();
  const reply = await pending;
  const stoppedAfterMs = Date.now() - cancelledAt;
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  assert.equal(reply.value.cancelled, true);
  // 40 inputs × 250 ms serially is 10 s per trial; a prompt stop is far below that.
  assert.ok(stoppedAfterMs < 3_000, `run took ${stoppedAfterMs} ms to stop after cancellation`);
});

test('resource readings carry cores, memory and a reasoned pool size', async () => {
  const reply = await connection.sendRequest(ResourcesRequest.type, { maxWorkers: 0 });
  assert.ok(reply.ok, reply.ok ? '' : `${reply.error.code}: ${reply.error.message}`);
  const report = reply.value;
  assert.ok(report.resources.cores >= 1);
  assert.ok(report.resources.memory.totalBytes > report.resources.memory.freeBytes);
  assert.equal(report.resources.perCoreLoad.length, report.resources.logicalCores);
  assert.ok(report.suggestion.poolSize >= 1 && report.suggestion.poolSize <= report.resources.cores);
  assert.ok(report.suggestion.reasoning.length >= 2);
  const capped = await connection.sendRequest(ResourcesRequest.type, { maxWorkers: 1 });
  assert.ok(capped.ok);
  assert.equal(capped.value.suggestion.poolSize, 1);
  // A malformed poll gets a reason, not a thrown error.
  const malformed = await connection.sendRequest(ResourcesRequest.type, { maxWorkers: -1 });
  assert.deepEqual(malformed.ok ? 'ok' : malformed.error.code, 'RESOURCES_FAILED');
});

/** The next diagnostics published for `forUri` that satisfy `accept`, waiting for them if need be. */
async function publishedFor(forUri: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const match = diagnostics.find((p) => p.uri === forUri && accept(p));
    if (match) {
      diagnostics.splice(diagnostics.indexOf(match), 1);
      return match;
    }
    assert.ok(Date.now() < deadline, `no matching diagnostics for ${forUri}: ${JSON.stringify(diagnostics)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a @parallelize function using Math.random gets an impure-global diagnostic; fixing the text clears it', async () => {
  const tagged = pathToFileURL(path.join(root, 'test/fixtures/analysis/unsavedTagged.ts')).href;
  const text = '/** @parallelize */\nexport function roll(n: number): number {\n  return n + Math.random();\n}\n';
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: tagged, languageId: 'typescript', version: 1, text } });
  const first = await publishedFor(tagged, (p) => p.diagnostics.length > 0);
  assert.equal(first.diagnostics.length, 1);
  const [d] = first.diagnostics;
  assert.equal(d?.code, 'impure-global');
  assert.equal(d?.source, 'parallelize');
  assert.deepEqual(d?.range, { start: { line: 2, character: 13 }, end: { line: 2, character: 24 } });
  assert.match(d?.codeDescription?.href ?? '', /README\.md#impure-global$/);

  // An incremental edit, as the editor sends it: `Math.random()` becomes `0.5`.
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: tagged, version: 2 },
    contentChanges: [{ range: { start: { line: 2, character: 13 }, end: { line: 2, character: 26 } }, text: '0.5' }],
  });
  const cleared = await publishedFor(tagged, () => true);
  assert.deepEqual(cleared.diagnostics, []);
  await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: tagged } });
});

test('the function the user parallelizes is checked too, tagged or not', async () => {
  const untagged = pathToFileURL(path.join(root, 'test/fixtures/analysis/unsavedUntagged.ts')).href;
  const text = 'let calls = 0;\nexport function count(n: number): number {\n  calls++;\n  return n + calls;\n}\n';
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: untagged, languageId: 'typescript', version: 1, text } });
  const reply = await connection.sendRequest(FindFunctionRequest.type, { uri: untagged, line: 2, character: 2 });
  assert.ok(reply.ok);
  const published = await publishedFor(untagged, (p) => p.diagnostics.length > 0);
  assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [
    ['module-state', 2, 2, 7],
    ['module-state', 3, 13, 18],
  ]);
  await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: untagged } });
});
