// Workspace Trust reaches the real language server (dist/server.js over stdio): a client that says
// the workspace is untrusted gets every run refused with UNTRUSTED, and nothing of the workspace is
// bundled or run, until it sends the trust notification.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { RunBenchmarkRequest, serverProcessInfoKey, WorkspaceTrustNotification, type FunctionTarget } from '../../protocol/lsp';
import { defaultRunSettings } from '../../protocol/settings';
import { findFunctionAt, startLspServer, type LspServer } from './lspServer';

let workspace: string;
let server: LspServer;
let connection: ProtocolConnection;

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
  const workspaceUri = pathToFileURL(workspace).href;
  server = await startLspServer({ rootUri: workspaceUri, workspaceFolders: [{ uri: workspaceUri, name: 'untrusted' }], trusted: false });
  connection = server.connection;
});

after(() => {
  server.stop();
  rmSync(workspace, { recursive: true, force: true });
});

function target(): Promise<FunctionTarget> {
  // Finding a function only parses the file: it needs no trust.
  return findFunctionAt(connection, pathToFileURL(path.join(workspace, 'marked.ts')).href, 3, 4);
}

function run(found: FunctionTarget, runId: string) {
  return connection.sendRequest(RunBenchmarkRequest.type, {
    runId, target: found, inputs: '[1, 2, 3, 4]', settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2 },
  });
}

test('the initialize result names the server process', () => {
  assert.deepEqual(server.initializeResult[serverProcessInfoKey], { pid: server.process.pid });
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
