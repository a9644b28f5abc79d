/**
 * A cluster run against a Redis the run did not start, with a worker started as a user would on
 * another machine: `parallelize worker --redis URL --threads N` and PARALLELIZE_CLUSTER_KEY.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { runBenchmark } from '../../server/engine/runBenchmark';
import { missingKeyMessage } from '../../server/executors/cluster/clusterPhase';
import { type LocalRedis, startLocalRedis } from '../../server/executors/cluster/localRedis';
import { clusterKeyVariable } from '../../server/executors/cluster/signedBundle';
import { fastSettings, fixtureTarget } from '../unit/engineRun';
import { root, running } from './clusterHarness';

const key = 'a-shared-key-for-this-test-0123456789';

/** Runs on the workers of `url`; the key is given to the engine, as the CLI and the language server do. */
function runRemote(url: string, clusterKey?: string): Promise<BenchmarkResult> {
  return runBenchmark(
    {
      target: { ...fixtureTarget('x.ts', 'busy'), file: path.join(root, 'test', 'fixtures', 'cluster', 'busy.ts') }, inputs: '[20, 21, 22, 23]', settings: fastSettings,
      cluster: { mode: url, processes: 2, threadsPerProcess: 1, lockMs: 5000 }, ...(clusterKey === undefined ? {} : { clusterKey }),
    },
    { signal: new AbortController().signal, onProgress: () => undefined, log: () => undefined },
  ).then((reply) => {
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    return BenchmarkResult.parse(reply.value);
  });
}

void describe('a cluster run on a given Redis', () => {
  let redis: LocalRedis;
  let worker: ChildProcess;
  let workerLog = '';
  before(async () => {
    redis = await startLocalRedis();
    worker = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'worker', '--redis', redis.url, '--threads', '2'], { env: { PATH: process.env.PATH ?? '', [clusterKeyVariable]: key }, stdio: ['ignore', 'ignore', 'pipe'] });
    worker.stderr?.setEncoding('utf8');
    await new Promise<void>((resolve) => worker.stderr?.on('data', (text: string) => {
      workerLog += text;
      if (workerLog.includes('listening on')) resolve();
    }));
  });
  after(async () => {
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    await redis.stop();
  });

  void it('runs on the attached worker, with its thread count, equal to serial', async () => {
    const result = await runRemote(redis.url, key);
    const cluster = result.cluster;
    assert.ok(cluster !== null);
    assert.equal(cluster.stopped, null);
    assert.equal(cluster.mode, 'remote');
    assert.equal(cluster.redis, redis.url);
    assert.equal(cluster.processes, 1);
    assert.equal(cluster.threadsPerProcess, 2);
    assert.equal(cluster.resultsMatch, true);
    assert.equal(cluster.comparedInputs, 4);
    assert.equal(running(worker.pid ?? -1), true, 'the user\'s worker keeps running after the run');
  });

  void it('says which key to set when the run has none, keeping what it measured', async () => {
    // The engine never reads the key from its own environment: one language server runs for every caller.
    process.env[clusterKeyVariable] = key;
    let result: BenchmarkResult;
    try {
      result = await runRemote(redis.url);
    } finally {
      delete process.env[clusterKeyVariable];
    }
    assert.equal(result.cluster?.stopped, missingKeyMessage(redis.url));
    assert.equal(result.runs.length, 2);
  });

  void it('says how to start a worker when none is attached', async () => {
    const other = await startLocalRedis();
    try {
      const result = await runRemote(other.url, key);
      assert.equal(result.cluster?.stopped, `no worker is attached to ${other.url}: start one with parallelize worker --redis ${other.url}`);
    } finally {
      await other.stop();
    }
  });
});
