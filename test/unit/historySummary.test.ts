/** What the Parallelize view says of a kept run: its verdict and, when it had one, its cluster in a few words and a sentence. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { StoredRun } from '../../protocol/history';
import { BenchmarkResult } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { runDescription, summarize } from '../../extension/history/runSummary';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'results');
const fixture = (name: string) => BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')));
const predicted = fixture('primes-cluster-predicted');
const stopped = fixture('primes-cluster-stopped');
const primes = fixture('primes-8-workers');

function stored(result: BenchmarkResult, cluster: StoredRun['cluster'] = undefined): StoredRun {
  return { format: 1, id: `run-${result.startedAt}`, savedAt: result.startedAt, source: null, settings: defaultRunSettings, ...(cluster === undefined ? {} : { cluster }), result };
}

const describeRun = (run: StoredRun) => runDescription(summarize(run));
const sentenceOf = (run: StoredRun) => summarize(run).cluster?.sentence;

void describe('the view’s words on a kept run', () => {
  void it('leaves a run without a cluster as it was', () => {
    assert.equal(describeRun(stored(primes)), summarize(stored(primes)).short);
    assert.equal(summarize(stored(primes, null)).cluster, null);
    assert.doesNotMatch(describeRun(stored(primes)), /cluster/);
  });

  void it('names a finished cluster with its speedup, and says it all in the tooltip’s sentence', () => {
    assert.equal(describeRun(stored(predicted)), '1.9× on 2 workers · cluster 2×1 1.8×');
    assert.equal(sentenceOf(stored(predicted)), 'Cluster 2×1 (2 processes × 1 thread on this machine (local Redis)): 1.78× against serial, median 732 ms over 9 trials; every result equals the serial one (32 inputs compared).');
    const redelivered = { ...predicted, cluster: { ...predicted.cluster!, redeliveredJobs: 1 } };
    // Slower than serial, on inputs too small for a cluster: two digits, never "0.0×".
    const slow = { ...predicted, cluster: { ...predicted.cluster!, speedup: 0.0342 } };
    assert.equal(describeRun(stored(slow)), '1.9× on 2 workers · cluster 2×1 0.034×');
    assert.match(sentenceOf(stored(redelivered)) ?? '', /\(32 inputs compared\)\. 1 job delivered again after its worker stopped renewing the lock/);
  });

  void it('tags a stopped cluster, and shows no figure of it', () => {
    // A stopped cluster is an error of the run (the CodeLens says "1 error"): the tag says which part failed.
    assert.equal(describeRun(stored(stopped)), 'failed · cluster 2×1 stopped');
    assert.match(sentenceOf(stored(stopped)) ?? '', /^Cluster 2×1 \(2 processes × 1 thread on this machine \(local Redis\)\) stopped early: the local Redis \(pid \d+\) was killed by SIGKILL mid-run: the cluster run stopped \(the results so far are kept\); its figures cover only the 3 trials it finished\.$/);
    // A Redis URL with no worker attached: it counted none, so it keeps the plain name.
    const remote = { ...predicted, cluster: { ...predicted.cluster!, mode: 'remote' as const, redis: 'redis://:***@10.0.0.5:6379', processes: 0, samplesMs: [], medianMs: null, speedup: null, efficiency: null, resultsMatch: false, comparedInputs: 0, stopped: 'no worker is attached to redis://:***@10.0.0.5:6379' } };
    assert.equal(describeRun(stored(remote)), '1.9× on 2 workers · cluster stopped');
    assert.equal(sentenceOf(stored(remote)), 'Cluster (no worker counted on redis://:***@10.0.0.5:6379) stopped early: no worker is attached to redis://:***@10.0.0.5:6379; it finished no trial.');
  });

  void it('tags a cluster whose results differ, and a failed run’s cluster, without a figure', () => {
    const differs = { ...predicted, cluster: { ...predicted.cluster!, resultsMatch: false, mismatch: { inputIndex: 3, serial: '9', parallel: '8' } } };
    assert.equal(describeRun(stored(differs)), '1.9× on 2 workers · cluster 2×1 results differ');
    assert.equal(sentenceOf(stored(differs)), 'Cluster 2×1 (2 processes × 1 thread on this machine (local Redis)): results differ: input 3 gave 9 serially but 8 on the cluster, so its speedup cannot be trusted.');
    const failed = { ...predicted, failure: 'inputs-failed' as const, bestWorkers: null, resultsMatch: false };
    assert.equal(describeRun(stored(failed)), 'failed · cluster 2×1');
    assert.match(sentenceOf(stored(failed)) ?? '', /: no figure, as the run’s inputs failed\.$/);
  });

  void it('says a run asked for a cluster it never reached in the tooltip only', () => {
    const cancelled = stored({ ...predicted, cluster: null, cancelled: true }, { mode: 'local', redis: null, processes: 2, threadsPerProcess: 1 });
    assert.equal(describeRun(cancelled), 'cancelled');
    assert.equal(sentenceOf(cancelled), 'Asked for a cluster (2 processes × 1 thread on this machine (local Redis)) but ended before its cluster phase.');
  });
});

