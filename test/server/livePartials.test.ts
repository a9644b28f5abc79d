// The real language server (dist/server.js) over stdio: a benchmark's partials (parallelize/runPartial)
// arrive phase by phase, in order, and the last one agrees with the final result, cancelled or not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { RunPartial } from '../../protocol/live';
import { RunBenchmarkRequest, RunProgressNotification, type FunctionTarget, type RunProgress } from '../../protocol/lsp';
import type { BenchmarkResult } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { findFunctionAt, onRunPartial, repoRoot as root, startLspServer, type LspServer } from './lspServer';

const fixture = path.join(root, 'test/fixtures/lsp/steps.ts');
const uri = pathToFileURL(fixture).href;
let server: LspServer;
let connection: ProtocolConnection;
/** Every notification of a run, partials and progress in the order they arrived. */
const received = new Map<string, ({ partial: RunPartial } | { progress: RunProgress })[]>();

/** Predicates waiting for a partial (one handler per method: a second onNotification would replace the first). */
const waiters = new Set<(partial: RunPartial) => boolean>();

function log(runId: string): ({ partial: RunPartial } | { progress: RunProgress })[] {
  if (!received.has(runId)) received.set(runId, []);
  return received.get(runId)!;
}

before(async () => {
  server = await startLspServer({
    onConnection: (c) => {
      onRunPartial(c, (partial) => {
        log(partial.runId).push({ partial });
        for (const waiter of [...waiters]) if (waiter(partial)) waiters.delete(waiter);
      });
      c.onNotification(RunProgressNotification.type, (p) => log(p.runId).push({ progress: p }));
    },
  });
  connection = server.connection;
});

after(() => server.stop());

function find(line: number, character: number): Promise<FunctionTarget> {
  return findFunctionAt(connection, uri, line, character);
}

function partialsOf(runId: string): RunPartial[] {
  return log(runId).flatMap((entry) => ('partial' in entry ? [entry.partial] : []));
}

/** The run's partials in order: phases go pending → running → done/stopped/skipped, never back, one at a time, in plan order; figures only grow. */
function assertOrdered(partials: readonly RunPartial[]): void {
  const rank = { pending: 0, running: 1, done: 2, stopped: 2, skipped: 2 } as const;
  for (let i = 1; i < partials.length; i++) {
    const before = partials[i - 1]!;
    const now = partials[i]!;
    for (const phase of now.phases) {
      const earlier = before.phases.find((p) => p.id === phase.id);
      if (earlier) assert.ok(rank[phase.state] >= rank[earlier.state], `${phase.id} went from ${earlier.state} back to ${phase.state}`);
    }
    assert.ok(now.runs.length >= before.runs.length, 'a pool size measured earlier disappeared');
    assert.ok(now.serial !== null || before.serial === null, 'the serial figures disappeared');
  }
  for (const partial of partials) {
    assert.ok(partial.phases.filter((p) => p.state === 'running').length <= 1, JSON.stringify(partial.phases));
    // Every phase before a started one has finished: the engine runs them in this order.
    const states = partial.phases.map((p) => p.state);
    const firstUnstarted = states.findIndex((s) => s === 'pending' || s === 'skipped');
    if (firstUnstarted >= 0) assert.ok(states.slice(firstUnstarted).every((s) => s === 'pending' || s === 'skipped'), states.join(' '));
  }
}

/** The last partial says what the result says. */
function assertAgrees(last: RunPartial, result: BenchmarkResult): void {
  assert.deepEqual(last.function, result.function);
  assert.equal(last.inputCount, result.inputs.count);
  assert.deepEqual(last.serial, result.serial);
  assert.deepEqual(last.runs, result.runs.map(({ delivery: _delivery, ...run }) => run));
  assert.deepEqual(last.asyncRuns, result.asyncRuns);
  assert.equal(last.cores, result.resources.cores);
  assert.ok(last.phases.every((p) => p.state !== 'pending' && p.state !== 'running'), JSON.stringify(last.phases));
}

test('a benchmark sends a partial at every phase boundary, in order, and the last agrees with the result', { timeout: 120_000 }, async () => {
  const target = await find(5, 4);
  const reply = await connection.sendRequest(RunBenchmarkRequest.type, {
    runId: 'live-1',
    target,
    inputs: 'Array.from({ length: 8 }, (_, i) => 20_000 + i * 2_000)',
    settings: { ...defaultRunSettings, trials: 2, maxWorkers: 2 },
  });
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  const result = reply.value;
  const partials = partialsOf('live-1');
  assert.ok(partials.length >= 6, `${partials.length} partials`);
  assertOrdered(partials);

  // The first partial comes before anything is measured: serial running, the rest planned.
  const first = partials[0]!;
  assert.equal(first.serial, null);
  assert.equal(first.phases[0]?.id, 'serial');
  assert.equal(first.phases[0]?.state, 'running');
  // Serial is drawn before any pool size ran, and each pool size arrives on its own.
  const serialOnly = partials.find((p) => p.serial !== null && p.runs.length === 0);
  assert.ok(serialOnly, 'no partial carried the serial figures alone');
  assert.deepEqual(serialOnly.serial, result.serial);
  const planned = partials.at(-1)!.phases.map((p) => p.id);
  assert.deepEqual(planned, ['serial', 'messaging', ...result.runs.map((r) => `workers-${r.workers}`)]);
  for (let count = 1; count <= result.runs.length; count++) {
    assert.ok(partials.some((p) => p.runs.length === count), `no partial with ${count} pool size(s)`);
  }
  assert.equal(partials.find((p) => p.chunkSize !== null)?.chunkSize, result.chunkSize);
  assertAgrees(partials.at(-1)!, result);
  assert.ok(partials.at(-1)!.phases.every((p) => p.state === 'done'));

  // Progress names the phase under way, with its own fraction, in the phases' order.
  const phased = log('live-1').flatMap((entry) => ('progress' in entry && entry.progress.phase ? [entry.progress.phase] : []));
  assert.ok(phased.length > 0, 'no progress carried its phase');
  const order = phased.map((p) => planned.indexOf(p.id));
  assert.ok(order.every((index) => index >= 0), JSON.stringify(phased));
  assert.deepEqual(order, [...order].sort((a, b) => a - b), 'progress went back to an earlier phase');
  for (const id of planned) {
    const fractions = phased.filter((p) => p.id === id).map((p) => p.fraction);
    assert.ok(fractions.length > 0, `no progress in ${id}`);
    assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), `${id}'s fraction went backwards: ${fractions.join(', ')}`);
  }
  // A partial is a few kilobytes, not the whole result (no delivery curves).
  const largest = Math.max(...partials.map((p) => JSON.stringify(p).length));
  assert.ok(largest < 16_000, `${largest} characters`);
});

test('a run cancelled after its first pool size keeps what it measured, and its last partial says where it stopped', { timeout: 120_000 }, async () => {
  const target = await find(22, 20);
  assert.equal(target.name, 'slow');
  const source = new CancellationTokenSource();
  const onePoolDone = new Promise<void>((resolve) => {
    waiters.add((p) => {
      if (p.runId !== 'live-cancel' || p.runs.length === 0) return false;
      resolve();
      return true;
    });
  });
  const pending = connection.sendRequest(RunBenchmarkRequest.type, {
    runId: 'live-cancel',
    target,
    inputs: 'Array.from({ length: 12 }, () => 40)',
    settings: { ...defaultRunSettings, trials: 2, maxWorkers: 2 },
  }, source.token);
  await onePoolDone;
  source.cancel();
  const reply = await pending;
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  assert.equal(reply.value.cancelled, true);
  const partials = partialsOf('live-cancel');
  assertOrdered(partials);
  const last = partials.at(-1)!;
  assertAgrees(last, reply.value);
  assert.ok(last.runs.length >= 1);
  assert.ok(last.phases.some((p) => p.state === 'stopped' || p.state === 'skipped'), JSON.stringify(last.phases));
});
