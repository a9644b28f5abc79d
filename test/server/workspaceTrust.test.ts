// Workspace Trust reaches the real language server (dist/server.js over stdio): a client that says
// the workspace is untrusted gets every run refused with UNTRUSTED, and nothing of the workspace is
// bundled or run, until it sends the trust notification.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  type InitializeResult,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { FindFunctionRequest, RunBenchmarkRequest, serverProcessInfoKey, WorkspaceTrustNotification, type FunctionTarget } from '../../protocol/lsp';
import { defaultRunSettings } from '../../protocol/settings';

const root = path.resolve(__dirname, '../..');
let workspace: string;
let server: ChildProcess;
let connection: ProtocolConnection;
let initializeResult: InitializeResult;

before(async () => {
  // A module whose loading leaves a mark: if the server bundled or ran it while untrusted, the file appears.
  workspace = mkdtempSync(path.join(os.tmpdir(), 'parallelize-trust-'));
  const marker = JSON.stringify(path.join(workspace, 'ran.txt'));
  writeFileSync(path.join(workspace, 'marked.ts'), `import { writeFileSync } from 'node:fs';
writeFileSync(${marker}, 'loaded');
export function double(n: number): number {
  return n * 2;
}
`);
  server = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.listen();
  const workspaceUri = pathToFileURL(workspace).href;
  initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: workspaceUri,
    workspaceFolders: [{ uri: workspaceUri, name: 'untrusted' }],
    capabilities: {},
    initializationOptions: { workspaceTrusted: false },
  });
  await connection.sendNotification(InitializedNotification.type, {});
});

after(() => {
  connection.dispose();
  server.kill();
  rmSync(workspace, { recursive: true, force: true });
});

async function target(): Promise<FunctionTarget> {
  // Finding a function only parses the file: it needs no trust.
  const reply = await connection.sendRequest(FindFunctionRequest.type, { uri: pathToFileURL(path.join(workspace, 'marked.ts')).href, line: 3, character: 4 });
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  return reply.value;
}

function run(found: FunctionTarget, runId: string) {
  return connection.sendRequest(RunBenchmarkRequest.type, {
    runId, target: found, inputs: '[1, 2, 3, 4]', settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2 },
  });
}

test('the initialize result names the server process', () => {
  assert.deepEqual(initializeResult[serverProcessInfoKey], { pid: server.pid });
});

test('untrusted: a run is refused with UNTRUSTED and the workspace module is never loaded; once trusted, it runs', async () => {
  const found = await target();
  const refused = await run(found, 'untrusted');
  assert.ok(!refused.ok, 'an untrusted workspace ran');
  assert.equal(refused.error.code, 'UNTRUSTED');
  assert.match(refused.error.message, /not trusted.*runs nothing/);
  assert.equal(existsSync(path.join(workspace, 'ran.txt')), false, 'the workspace module was loaded while untrusted');
  // A cluster run (parallelize.cluster.mode = local) is refused the same way, before any Redis or worker process starts.
  const cluster = await connection.sendRequest(RunBenchmarkRequest.type, {
    runId: 'untrusted-cluster', target: found, inputs: '[1, 2, 3, 4]', settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2 },
    cluster: { mode: 'local', processes: 2, threadsPerProcess: 1, lockMs: 5000 },
  });
  assert.ok(!cluster.ok, 'an untrusted workspace ran on a cluster');
  assert.equal(cluster.error.code, 'UNTRUSTED');
  assert.equal(existsSync(path.join(workspace, 'ran.txt')), false, 'the workspace module was loaded while untrusted');

  await connection.sendNotification(WorkspaceTrustNotification.type, { trusted: true });
  const reply = await run(found, 'trusted');
  assert.ok(reply.ok, reply.ok ? '' : `${reply.error.code}: ${reply.error.message}`);
  assert.equal(reply.value.inputs.count, 4);
  assert.equal(reply.value.resultsMatch, true);
  assert.equal(existsSync(path.join(workspace, 'ran.txt')), true, 'the trusted run should have loaded the module');
});

test('a malformed trust notification changes nothing', async () => {
  await connection.sendNotification(WorkspaceTrustNotification.type, { trusted: 'yes' } as unknown as { trusted: boolean });
  const reply = await run(await target(), 'still-trusted');
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
});
