/**
 * The cluster's prediction for more machines stops where the pools' Amdahl fit stops: a panel that
 * says "8 cores could give anything from 3.4× to 8.0×" under the speedup chart must not list 6.1×
 * on 8 machines in the Cluster card. From a real run's fit (primes-cluster-predicted.json).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { predictCluster } from '../../server/executors/cluster/clusterPrediction';

const result = BenchmarkResult.parse(JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'results', 'primes-cluster-predicted.json'), 'utf8')));
const cluster = result.cluster;
const amdahl = result.amdahl;
const serial = { medianMs: result.serial.medianMs, perItemMs: result.serial.medianMs / result.inputs.count, itemCount: result.inputs.count };

void describe('predictCluster', () => {
  void it('predicts every machine count when the fit predicts without a cut', () => {
    assert.ok(cluster && amdahl);
    const uncut = { ...amdahl, reliable: true, caveat: null, predicted: [] };
    const run = predictCluster({ ...cluster, predicted: [], predictionNote: '' }, uncut, serial);
    assert.deepEqual(run.predicted.map((p) => p.machines), [4, 8, 16, 32]);
    assert.ok(run.predicted.every((p, i, all) => i === 0 || p.speedup >= (all[i - 1]?.speedup ?? 0)), 'more machines, no less speedup for this fit');
    assert.doesNotMatch(run.predictionNote, /none past/);
  });

  void it('stops where the fit stops, and says so', () => {
    assert.ok(cluster && amdahl);
    const reach = 4;
    const cut = { ...amdahl, reliable: true, caveat: "predicted only as far as the trials' spread allows: 8 cores could give anything from 3.4× to 8.0×", predicted: [{ workers: reach, speedup: 3.5, low: 2.5, high: 4 }] };
    const run = predictCluster({ ...cluster, predicted: [], predictionNote: '' }, cut, serial);
    assert.deepEqual(run.predicted.map((p) => p.workers), [4]);
    assert.match(run.predictionNote, /none past 4 threads, where the pools' fit stops \(predicted only as far as the trials' spread allows: 8 cores/);
    // Two threads a machine: 4 machines would be 8 threads, past the fit.
    const wide = predictCluster({ ...cluster, threadsPerProcess: 2, predicted: [], predictionNote: '' }, cut, serial);
    assert.deepEqual(wide.predicted, []);
    assert.match(wide.predictionNote, /^no prediction: the pools' fit goes only as far as 4 threads/);
  });

  void it('gives no prediction without a reliable fit or a finished trial', () => {
    assert.ok(cluster && amdahl);
    assert.match(predictCluster(cluster, null, serial).predictionNote, /no reliable Amdahl fit/);
    assert.match(predictCluster({ ...cluster, medianMs: null }, amdahl, serial).predictionNote, /finished no trial/);
  });
});
