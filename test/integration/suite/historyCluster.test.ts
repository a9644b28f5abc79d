/**
 * Cluster runs in the history, in a real extension host: each kept run records the cluster it asked
 * for (a Redis URL with its password masked, never the key), and the compare panel's cluster row
 * tells two different clusters apart. Real redis-server and real worker processes.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { StoredRun, type Comparison, type RunSummary } from '../../../protocol/history';
import { startRedis } from '../../unit/redisServer';
import { activatedApi, parallelizeWorkFixture, webviewTab, withClusterSettings, within } from '../helpers';

const password = 'hunter2-never-stored';
const key = 'a-cluster-key-that-stays-in-secret-storage';
const inputs = '[22, 23, 22, 23, 22, 23]';

/** The kept run of `startedAt`, as Export Run writes it. */
async function exported(run: RunSummary, folder: string): Promise<{ text: string; run: StoredRun }> {
  const target = vscode.Uri.file(path.join(folder, `${run.id}.json`));
  await vscode.commands.executeCommand('parallelize.exportRun', { kind: 'run', run }, target);
  const text = readFileSync(target.fsPath, 'utf8');
  return { text, run: StoredRun.parse(JSON.parse(text)) };
}

suite('history of cluster runs', function () {
  this.timeout(240_000);

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('parallelize.setClusterKey', '');
    const tabs = ['parallelize.compare', 'parallelize.benchmark'].map(webviewTab).filter((t) => t !== undefined);
    await vscode.window.tabGroups.close(tabs);
  });

  test('keeps each run’s cluster, a Redis URL without its password, and compares a local cluster with a remote one', async () => {
    const api = await activatedApi();
    const redis = await startRedis(['--requirepass', password]);
    const folder = mkdtempSync(path.join(tmpdir(), 'parallelize-history-cluster-'));
    try {
      const local = await withClusterSettings({ mode: 'local', processes: 2 }, () => parallelizeWorkFixture('export function fib(', inputs));
      assert.equal(local.cluster?.stopped, null, `the local cluster stopped: ${local.cluster?.stopped ?? ''}`);
      // A Redis behind a password, with no worker attached: the cluster phase stops, saying so, and the run is kept.
      assert.equal(await vscode.commands.executeCommand('parallelize.setClusterKey', key), true);
      const url = redis.url.replace('redis://', `redis://:${password}@`);
      const remote = await withClusterSettings({ mode: url }, () => parallelizeWorkFixture('export function fib(', inputs));
      assert.match(remote.cluster?.stopped ?? '', /no worker is attached to redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);

      const runs = (await api.history.runs()).filter((r) => r.function.name === 'fib');
      const [newest, previous] = runs;
      assert.ok(newest && previous && newest.startedAt === remote.startedAt && previous.startedAt === local.startedAt, 'both runs kept, newest first');
      const localRun = await exported(previous, folder);
      assert.deepEqual(localRun.run.cluster, { mode: 'local', redis: null, processes: 2, threadsPerProcess: 1 });
      const remoteRun = await exported(newest, folder);
      assert.deepEqual(remoteRun.run.cluster, { mode: 'remote', redis: redis.url.replace('redis://', 'redis://:***@'), processes: 2, threadsPerProcess: 1 });
      for (const { text } of [localRun, remoteRun]) {
        assert.doesNotMatch(text, new RegExp(password), 'the Redis password never reaches a history file');
        assert.doesNotMatch(text, new RegExp(key), 'nor does the cluster key');
      }

      const comparison = await within('parallelize.compareWithPrevious', vscode.commands.executeCommand<Comparison | undefined>('parallelize.compareWithPrevious', { runId: newest.id }), 20_000);
      const row = comparison?.rows.find((r) => r.config === 'cluster');
      assert.ok(row?.cluster, `no cluster row in ${comparison?.rows.map((r) => r.config).join()}`);
      assert.equal(row.cluster.before?.label, 'cluster 2×1');
      assert.equal(row.cluster.after?.doubt, 'stopped');
      assert.equal(row.after, null, 'the remote cluster finished no trial');
      assert.equal(row.marker, 'missing');
      assert.match(row.cluster.note ?? '', /The later run had a cluster that finished no trial \(no worker is attached/);
      assert.deepEqual(comparison?.cluster.map((v) => `${v.name}: ${v.before} → ${v.after}`), [
        `cluster: this machine (local Redis) → ${redis.url.replace('redis://', 'redis://:***@')}`,
        'processes × threads: 2 processes × 1 thread → no worker counted',
      ]);
      assert.equal(comparison?.nothingChanged, false);
      // The headline says what the row says: two different clusters, no change called between them.
      assert.match(comparison?.headline ?? '', /; the clusters differ \(cluster 2×1, other Redis\); best before: /);

      // The Parallelize view: each run's description names its cluster, its tooltip says it in a sentence.
      const fib = (await api.history.tree()).find((f) => f.label === 'fib');
      const item = (id: string) => fib?.runs.find((r) => r.id === id);
      assert.match(item(previous.id)?.description ?? '', /^(\d+\.\d× on \d workers?|keep serial) · cluster 2×1 (\d+\.\d|0\.\d*[1-9]\d?)×$/);
      assert.match(item(previous.id)?.tooltip ?? '', /Cluster 2×1 \(2 processes × 1 thread on this machine \(local Redis\)\): \d+\.\d\d× against serial, median [\d,.]+ m?s over \d+ trials?; every result equals the serial one/);
      assert.match(item(newest.id)?.description ?? '', / · cluster stopped$/);
      assert.match(item(newest.id)?.tooltip ?? '', /stopped early: no worker is attached to/);
      assert.doesNotMatch(JSON.stringify(fib), new RegExp(password), 'nor does the view');
      console.log(`      view: ${item(previous.id)?.description ?? ''} | ${item(newest.id)?.description ?? ''}\n      headline: ${comparison?.headline ?? ''}`);
      console.log(`      cluster row: ${row.cluster.note ?? ''}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await redis.stop();
    }
  });
});
