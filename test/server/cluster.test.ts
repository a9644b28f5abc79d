// The real language server (dist/server.js) over stdio runs a benchmark with a local cluster, as
// VS Code asks for one (parallelize.cluster.mode = local): a real redis-server and real worker
// processes, a `cluster` section equal to serial, the cluster phase in the live partials and the
// progress; and a cancel mid-cluster-phase that leaves no process of the run alive 2 s later.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { RunPartial } from '../../protocol/live';
import { RunBenchmarkRequest, RunProgressNotification, type RunParams, type RunProgress } from '../../protocol/lsp';
import { BenchmarkResult } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { redisOnPath } from '../../server/executors/cluster/localRedis';
import { running } from '../cluster/clusterHarness';
import { findFunctionAt, onRunPartial, repoRoot, startLspServer, type LspServer } from './lspServer';

const fixture = path.join(repoRoot, 'test/fixtures/cluster/busy.ts');
const uri = pathToFileURL(fixture).href;
const skip = redisOnPath() ? false : 'redis-server is not installed (apt-get install redis-server)';
let server: LspServer;
let connection: ProtocolConnection;
const partials = new Map<string, RunPartial[]>();
const progress = new Map<string, RunProgress[]>();
/** Called with each progress report (one handler per method). */
let onProgress: ((p: RunProgress) => void) | undefined;

before(async () => {
  server = await startLspServer({
    onConnection: (c) => {
      onRunPartial(c, (partial) => partials.set(partial.runId, [...(partials.get(partial.runId) ?? []), partial]));
      c.onNotification(RunProgressNotification.type, (p) => {
        progress.set(p.runId, [...(progress.get(p.runId) ?? []), p]);
        onProgress?.(p);
      });
    },
  });
  connection = server.connection;
});

after(() => server.stop());

/** A run of `busy` over `count` inputs of `ms` each, one trial, pools of 1 and 2, and a local cluster of 2 × 1 as the settings give it. */
async function params(runId: string, count: number, ms: number): Promise<RunParams> {
  return {
    runId, target: await findFunctionAt(connection, uri, 2, 4), inputs: `Array.from({ length: ${count} }, () => ${ms})`,
    settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2 },
    cluster: { mode: 'local', processes: 2, threadsPerProcess: 1, lockMs: 5000 },
  };
}

/** The pids under `pid` (children, their children…), with their command lines, read from /proc. */
function descendants(pid: number): { pid: number; command: string }[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone while listing.
    }
  }
  const found: { pid: number; command: string }[] = [];
  const visit = (parent: number): void => {
    for (const child of parents.get(parent) ?? []) {
      let command = '';
      try {
        command = readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      } catch {
        continue;
      }
      found.push({ pid: child, command });
      visit(child);
    }
  };
  visit(pid);
  return found;
}

test('a run with cluster local over the language server gets a cluster section equal to serial, and says so while it runs', { skip, timeout: 120_000 }, async () => {
  const runId = 'cluster-local';
  const reply = await connection.sendRequest(RunBenchmarkRequest.type, await params(runId, 8, 40));
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  const result = BenchmarkResult.parse(reply.value);
  const cluster = result.cluster;
  assert.ok(cluster !== null, 'the result has a cluster section');
  assert.equal(cluster.mode, 'local');
  assert.equal(cluster.processes, 2);
  assert.equal(cluster.threadsPerProcess, 1);
  assert.equal(cluster.stopped, null);
  assert.equal(cluster.resultsMatch, true);
  assert.equal(cluster.comparedInputs, 8);
  assert.equal(cluster.trials, 1);
  assert.ok(cluster.medianMs !== null && cluster.medianMs > 0);
  assert.ok(cluster.perJobMs !== null && cluster.perJobMs > 0);
  console.log(`# cluster 2×1 over the language server: ${cluster.medianMs.toFixed(1)} ms (serial ${result.serial.medianMs.toFixed(1)} ms), speedup ${cluster.speedup?.toFixed(2) ?? '—'}×, per job ${cluster.perJobMs.toFixed(2)} ms, chunks of ${cluster.chunkSize}`);

  // The live partials plan the cluster after the pools, run it, and end with the figures the result carries.
  const runs = partials.get(runId) ?? [];
  const last = runs.at(-1);
  assert.ok(last);
  assert.deepEqual(last.phases.map((phase) => [phase.id, phase.kind, phase.state]).at(-1), ['cluster', 'cluster', 'done']);
  assert.equal(last.phases.at(-1)?.label, 'cluster 2×1');
  assert.equal(last.phases.at(-1)?.size, 2);
  assert.ok(runs.some((partial) => partial.phases.some((phase) => phase.id === 'cluster' && phase.state === 'running')), 'the cluster phase was shown running');
  // Every figure the live view draws is the result's: only the prediction is added at the end.
  assert.deepEqual({ ...last.cluster, predicted: [], predictionNote: '' }, { ...cluster, predicted: [], predictionNote: '' });
  // The progress notification names the cluster step and gives its phase.
  const steps = progress.get(runId) ?? [];
  assert.ok(steps.some((p) => p.phase?.id === 'cluster' && /cluster: starting Redis and 2 worker processes/.test(p.message)), steps.map((p) => p.message).join('\n'));
  assert.ok(steps.some((p) => p.phase?.id === 'cluster' && /^cluster, trial 1 of 1$/.test(p.message)));
  // Nothing of the cluster outlives the run.
  const left = descendants(server.process.pid!).filter((p) => /redis-server|clusterWorker\.js/.test(p.command));
  assert.deepEqual(left, []);
});

test('cancelling mid-cluster-phase ends the run cancelled, keeps what was measured, and leaves no redis-server or worker process alive 2 s later', { skip, timeout: 120_000 }, async () => {
  const runId = 'cluster-cancel';
  const source = new CancellationTokenSource();
  let started: { pid: number; command: string }[] = [];
  let cancelledAt = 0;
  onProgress = (p) => {
    // Once the trial runs every process of the cluster is up: note them, then cancel.
    if (p.runId !== runId || cancelledAt !== 0 || p.message !== 'cluster, trial 1 of 1') return;
    started = descendants(server.process.pid!).filter((proc) => /redis-server|clusterWorker\.js/.test(proc.command));
    cancelledAt = Date.now();
    source.cancel();
  };
  try {
    // 16 inputs of 150 ms: the cluster trial takes over a second on 2 processes, so the cancel lands inside it.
    const reply = await connection.sendRequest(RunBenchmarkRequest.type, await params(runId, 16, 150), source.token);
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    const result = BenchmarkResult.parse(reply.value);
    assert.ok(cancelledAt > 0, 'the cluster trial started');
    assert.equal(result.cancelled, true);
    assert.equal(result.runs.length, 2, 'the pools measured before the cluster are kept');
    assert.equal(result.cluster?.stopped, 'cancelled');
    assert.equal(result.cluster?.trials, 0);
    assert.equal(result.cluster?.resultsMatch, false);
    const last = partials.get(runId)?.at(-1);
    assert.equal(last?.phases.at(-1)?.state, 'stopped');
    // The live view's last partial already says what the result says: stopped, no trial (so no bar to draw).
    assert.deepEqual({ ...last?.cluster, predicted: [], predictionNote: '' }, { ...result.cluster, predicted: [], predictionNote: '' });
  } finally {
    onProgress = undefined;
  }
  assert.equal(started.filter((p) => p.command.includes('redis-server')).length, 1, started.map((p) => p.command).join('\n'));
  assert.equal(started.filter((p) => p.command.includes('clusterWorker.js')).length, 2, started.map((p) => p.command).join('\n'));
  // Every one is gone within 2 s of the cancel.
  while (started.some((p) => running(p.pid)) && Date.now() - cancelledAt < 2000) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.deepEqual(started.filter((p) => running(p.pid)), [], `alive ${Date.now() - cancelledAt} ms after the cancel`);
  console.log(`# ${started.length} processes of the cluster (redis-server, 2 workers) gone ${Date.now() - cancelledAt} ms after the cancel`);
});
