// The profile request over the real language server (dist/server.js) and a real LSP client over
// stdio: progress under the request's runId, the model in the reply, BUSY beside another job,
// cancellation through the token, and refusal in an untrusted workspace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { ExportProfileRequest, ProfileFunctionRequest, RunBenchmarkRequest, RunProgressNotification, type FunctionTarget, type RunProgress } from '../../protocol/lsp';
import { ProfileResult } from '../../protocol/profile';
import { defaultRunSettings } from '../../protocol/settings';
import { findFunctionAt, repoRoot as root, startLspServer, type LspServer } from './lspServer';

const fixtures = path.join(root, 'test/fixtures/profile');
const servers: LspServer[] = [];
const progress: RunProgress[] = [];

async function startServer(trusted: boolean): Promise<ProtocolConnection> {
  const server = await startLspServer({ trusted, onConnection: (c) => c.onNotification(RunProgressNotification.type, (p) => progress.push(p)) });
  servers.push(server);
  return server.connection;
}

let connection: ProtocolConnection;

before(async () => {
  connection = await startServer(true);
});

after(() => {
  for (const server of servers) server.stop();
});

function find(file: string, line: number): Promise<FunctionTarget> {
  return findFunctionAt(connection, pathToFileURL(path.join(fixtures, file)).href, line, 17);
}

test('profiles a function: progress under its runId, the model mapped to TypeScript in the reply', { timeout: 60_000 }, async () => {
  const target = await find('withHelper.ts', 3);
  assert.equal(target.name, 'checksumAll');
  const reply = await connection.sendRequest(ProfileFunctionRequest.type, { runId: 'profile-1', target, inputs: '[200000, 300000]', settings: defaultRunSettings });
  assert.ok(reply.ok, reply.ok ? '' : `${reply.error.code}: ${reply.error.message}`);
  const result = ProfileResult.parse(reply.value);
  assert.deepEqual(result.target, { file: path.join(fixtures, 'withHelper.ts'), name: 'checksumAll', line: 4 });
  assert.ok(result.functions.some((fn) => fn.name === 'slowChecksum' && fn.file === path.join(fixtures, 'lib', 'checksum.ts') && fn.line === 2));
  assert.ok(result.summary.length > 0);
  const mine = progress.filter((p) => p.runId === 'profile-1');
  assert.ok(mine.length >= 3, `progress: ${JSON.stringify(mine)}`);
  assert.equal(mine.at(-1)?.fraction, 1);

  // The export is V8's profile with its frames at the TypeScript positions, for VS Code's viewer.
  const exported = await connection.sendRequest(ExportProfileRequest.type, { file: target.file, name: target.name });
  assert.ok(exported.ok, exported.ok ? '' : exported.error.message);
  const cpuProfile = JSON.parse(exported.value) as { nodes: Array<{ callFrame: { url: string; functionName: string } }>; samples: number[]; timeDeltas: number[] };
  assert.ok(cpuProfile.samples.length > 0 && cpuProfile.samples.length === cpuProfile.timeDeltas.length);
  // V8 may inline slowChecksum into its caller (no frame of its own), so the check is on the files: the user's frames point at .ts, none at the bundle.
  const urls = cpuProfile.nodes.map((node) => node.callFrame.url);
  assert.ok(urls.some((url) => url.endsWith('withHelper.ts')), `a frame points at withHelper.ts: ${[...new Set(urls)].join(', ')}`);
  assert.ok(!urls.some((url) => /bundle\.m?js$/.test(url)), 'no frame points at the bundle');
  const none = await connection.sendRequest(ExportProfileRequest.type, { file: target.file, name: 'neverProfiled' });
  assert.ok(!none.ok && none.error.code === 'FUNCTION_NOT_FOUND' && /profile it first/.test(none.error.message));
});

test('a benchmark beside a profile gets BUSY; cancelling the profile ends it promptly with CANCELLED', { timeout: 60_000 }, async () => {
  const tiny = await find('small.ts', 1);
  assert.equal(tiny.name, 'addOne');
  const source = new CancellationTokenSource();
  const started = new Promise<void>((resolve) => {
    const sub = connection.onNotification(RunProgressNotification.type, (p) => {
      if (p.runId === 'profile-long' && p.message.startsWith('profiling')) {
        sub.dispose();
        resolve();
      }
    });
  });
  // A nanosecond function never gathers 1,000 samples: only the budget, or the cancel, ends it.
  const pending = connection.sendRequest(ProfileFunctionRequest.type, { runId: 'profile-long', target: tiny, inputs: '[1]', settings: { ...defaultRunSettings, profileBudgetMs: 60_000 } }, source.token);
  await started;
  const busy = await connection.sendRequest(RunBenchmarkRequest.type, { runId: 'run-beside', target: tiny, inputs: '[1]', settings: defaultRunSettings });
  assert.deepEqual(busy.ok ? 'ok' : busy.error.code, 'BUSY');
  const cancelledAt = Date.now();
  source.cancel();
  const reply = await pending;
  assert.deepEqual(reply.ok ? 'ok' : reply.error.code, 'CANCELLED');
  assert.ok(Date.now() - cancelledAt < 3000, `stopped ${Date.now() - cancelledAt} ms after the cancel`);
});

test('an untrusted workspace is refused with UNTRUSTED', { timeout: 30_000 }, async () => {
  const untrusted = await startServer(false);
  const target = await find('small.ts', 1);
  const reply = await untrusted.sendRequest(ProfileFunctionRequest.type, { runId: 'profile-untrusted', target, inputs: '[1]', settings: defaultRunSettings });
  assert.deepEqual(reply.ok ? 'ok' : reply.error.code, 'UNTRUSTED');
  untrusted.dispose();
});
