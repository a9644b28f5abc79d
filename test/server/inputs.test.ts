// Input picking and unsaved edits over the real language server (dist/server.js) and a real LSP
// client over stdio: the choices the type checker finds in the editor's text, the preview
// evaluated in a run host, placeholders refused, and a run of a document (and of a file it
// imports) with unsaved edits: the edited text is what runs, with stack lines of the edited text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, LogMessageNotification, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { InputChoicesRequest, PreviewInputsRequest, ProfileFunctionRequest, RunBenchmarkRequest, type FunctionTarget } from '../../protocol/lsp';
import { defaultRunSettings } from '../../protocol/settings';
import { findFunctionAt, repoRoot as root, startLspServer, type LspServer } from './lspServer';

const main = path.join(root, 'test/fixtures/lsp/unsaved/main.ts');
const helper = path.join(root, 'test/fixtures/lsp/unsaved/helper.ts');
const settings = { ...defaultRunSettings, trials: 1, maxWorkers: 1 };
let server: LspServer;
let connection: ProtocolConnection;
const logged: string[] = [];

before(async () => {
  server = await startLspServer({ onConnection: (c) => c.onNotification(LogMessageNotification.type, (p) => logged.push(p.message)) });
  connection = server.connection;
});

after(() => server.stop());

async function open(file: string, text: string): Promise<void> {
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: pathToFileURL(file).href, languageId: 'typescript', version: 1, text } });
}

async function close(file: string): Promise<void> {
  await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: pathToFileURL(file).href } });
}

async function findWork(text: string): Promise<FunctionTarget> {
  const offset = text.indexOf('export function work');
  const line = text.slice(0, offset).split('\n').length - 1;
  const found = await findFunctionAt(connection, pathToFileURL(main).href, line, 20);
  assert.equal(found.name, 'work');
  return found;
}

test('input choices come from the editor\'s unsaved text, with the checker\'s sample of the interface', async () => {
  const text = readFileSync(main, 'utf8').replace("{ id: 3, name: 'c' }]", "{ id: 3, name: 'c' }, { id: 4, name: 'd' }]\nexport const moreJobs = (): Job[] => jobs;");
  await open(main, text);
  try {
    const target = await findWork(text);
    const reply = await connection.sendRequest(InputChoicesRequest.type, target);
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    assert.deepEqual(reply.value.candidates, [{ expression: 'jobs', type: 'Job[]', count: 4 }, { expression: 'moreJobs()', type: 'Job[]', count: null }]);
    assert.equal(reply.value.suggestedInputs, "Array.from({ length: 32 }, (_, i) => ({ id: i % 17, name: 'name-' + i }))");
  } finally {
    await close(main);
  }
});

test('the preview evaluates the expression in a run host: the count and the first input, or its error', { timeout: 30_000 }, async () => {
  const target = await findWork(readFileSync(main, 'utf8'));
  const preview = (inputs: string) => connection.sendRequest(PreviewInputsRequest.type, { target, inputs, settings });
  assert.deepEqual(await preview('jobs'), { ok: true, value: { count: 3, first: "{ id: 1, name: 'a' }" } });
  const suggested = await preview("Array.from({ length: 32 }, (_, i) => ({ id: i % 17, name: 'name-' + i }))");
  assert.deepEqual(suggested, { ok: true, value: { count: 32, first: "{ id: 0, name: 'name-0' }" } });
  const threw = await preview("jobs.map((job) => { if (job.id === 2) throw new Error('no job 2'); return job; })");
  assert.ok(!threw.ok);
  assert.equal(threw.error.code, 'INPUTS_FAILED');
  assert.match(threw.error.message, /the inputs expression threw: no job 2/);
  const notArray = await preview('jobs.length');
  assert.deepEqual(notArray.ok ? 'ok' : notArray.error.code, 'INPUTS_NOT_ARRAY');
  // A hang stops at the preview's short timeout, not the run's 30 s.
  const started = Date.now();
  const hung = await preview('(() => { for (;;); })()');
  assert.ok(!hung.ok);
  assert.equal(hung.error.code, 'TASK_TIMEOUT');
  assert.ok(Date.now() - started < 15_000, `the hung preview took ${Date.now() - started} ms`);
});

test('a placeholder never runs: the preview, the benchmark and the profile refuse it and say what to replace', async () => {
  const target = await findWork(readFileSync(main, 'utf8'));
  const inputs = 'Array.from({ length: 32 }, (_, i) => i /* replace with a Job */)';
  const replies = [
    await connection.sendRequest(PreviewInputsRequest.type, { target, inputs, settings }),
    await connection.sendRequest(RunBenchmarkRequest.type, { runId: 'placeholder', target, inputs, settings }),
    await connection.sendRequest(ProfileFunctionRequest.type, { runId: 'placeholder-profile', target, inputs, settings }),
  ];
  for (const reply of replies) {
    assert.ok(!reply.ok);
    assert.equal(reply.error.code, 'INPUTS_FAILED');
    assert.match(reply.error.message, /still holds a placeholder: replace `i \/\* replace with a Job \*\/` with a value of type Job/);
  }
});

test('a run bundles the unsaved text of the function\'s file and of an open file it imports; stack lines are the edited text\'s', { timeout: 60_000 }, async () => {
  // Two lines more above the function, a print and a throw: none of it is on disk.
  const edited = readFileSync(main, 'utf8')
    .replace("import { offset } from './helper';", "import { offset } from './helper';\n// an unsaved line\n// and another")
    .replace('  return job.id + offset();', "  console.log('unsaved work', job.id + offset());\n  if (job.id === 2) throw new Error('unsaved throw');\n  return job.id + offset();");
  const throwLine = edited.split('\n').findIndex((l) => l.includes("throw new Error('unsaved throw')")) + 1;
  await open(main, edited);
  await open(helper, readFileSync(helper, 'utf8').replace('return 1;', 'return 100;'));
  try {
    const target = await findWork(edited);
    const reply = await connection.sendRequest(RunBenchmarkRequest.type, { runId: 'unsaved', target, inputs: 'jobs', settings });
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    const thrown = reply.value.errors.find((e) => e.code === 'TASK_THREW');
    assert.ok(thrown, `no TASK_THREW in ${JSON.stringify(reply.value.errors)}`);
    assert.equal(thrown.inputIndex, 1);
    assert.match(thrown.message, /unsaved throw/);
    assert.match(thrown.stack ?? '', new RegExp(`main\\.ts:${throwLine}:`), `the stack points at line ${throwLine} of the edited text:\n${thrown.stack}`);
    // helper.ts's unsaved `return 100` ran too.
    assert.ok(logged.some((m) => m.endsWith('[input 0] unsaved work 101')), `the print of the unsaved code in the log:\n${logged.slice(-20).join('\n')}`);
  } finally {
    await close(helper);
    await close(main);
  }
  // Closed, the files run from disk again: no print, no throw.
  logged.length = 0;
  const target = await findWork(readFileSync(main, 'utf8'));
  const fromDisk = await connection.sendRequest(RunBenchmarkRequest.type, { runId: 'saved', target, inputs: 'jobs', settings });
  assert.ok(fromDisk.ok, fromDisk.ok ? '' : fromDisk.error.message);
  assert.deepEqual(fromDisk.value.errors, []);
  assert.ok(!logged.some((m) => m.includes('unsaved work')));
});
