/**
 * A cluster run from VS Code (issue 12): with parallelize.cluster.mode set to local, Parallelize
 * Function also runs the inputs on a real redis-server and real worker processes, and the result
 * carries the cluster section; a bad mode or a Redis URL without a key is refused before anything runs.
 */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ParallelizeFunctionArgs } from '../../../extension/api';
import type { BenchmarkResult } from '../../../protocol/results';
import { activatedApi, openFixture, positionAfter, withClusterSettings, within } from '../helpers';

async function parallelizeFib(inputs: string): Promise<BenchmarkResult | undefined> {
  const document = await openFixture('src/work.ts');
  const at = positionAfter(document, 'export function fib(');
  const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs };
  return within('parallelize.parallelizeFunction with a cluster', vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', args), 110_000);
}

suite('cluster run from VS Code', function () {
  this.timeout(120_000);

  test('with parallelize.cluster.mode local, Parallelize Function also runs on a local cluster and the result has its section', async () => {
    await activatedApi();
    const result = await withClusterSettings({ mode: 'local', processes: 2 }, () => parallelizeFib('[24, 25, 24, 25, 24, 25, 24, 25]'));
    assert.ok(result, 'the command resolved to no result');
    assert.equal(result.cancelled, false);
    const cluster = result.cluster;
    assert.ok(cluster, `no cluster section: ${result.verdict}`);
    assert.equal(cluster.stopped, null, `the cluster stopped: ${cluster.stopped ?? ''}`);
    assert.equal(cluster.mode, 'local');
    assert.equal(cluster.processes, 2);
    assert.equal(cluster.threadsPerProcess, 1);
    assert.equal(cluster.resultsMatch, true);
    assert.equal(cluster.comparedInputs, 8);
    assert.ok(cluster.medianMs !== null && cluster.medianMs > 0);
    console.log(`      cluster 2×1: ${cluster.medianMs.toFixed(1)} ms, speedup ${cluster.speedup?.toFixed(2) ?? '—'}×, per job ${cluster.perJobMs?.toFixed(2) ?? '—'} ms`);
  });

  test('a cluster mode that is not off, local or a Redis URL is refused with what to write, and nothing runs', async () => {
    const api = await activatedApi();
    const result = await withClusterSettings({ mode: 'on' }, () => parallelizeFib('[20, 21]'));
    assert.equal(result, undefined);
    assert.equal(api.lastRunError()?.code, 'CLUSTER_UNAVAILABLE');
    assert.match(api.lastRunError()?.message ?? '', /parallelize\.cluster\.mode is "on": use off, local, or a Redis URL/);
  });

  test('a Redis URL without a stored cluster key is refused, pointing at Set Cluster Key', async () => {
    const api = await activatedApi();
    // Removed first: an empty key clears the secret.
    assert.equal(await vscode.commands.executeCommand('parallelize.setClusterKey', ''), true);
    const result = await withClusterSettings({ mode: 'redis://127.0.0.1:1' }, () => parallelizeFib('[20, 21]'));
    assert.equal(result, undefined);
    assert.equal(api.lastRunError()?.code, 'CLUSTER_UNAVAILABLE');
    assert.match(api.lastRunError()?.message ?? '', /Set Cluster Key/);
  });
});
