import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterRun } from '../../protocol/cluster';
import type { PoolRun } from '../../protocol/results';
import { summarize } from '../../server/engine/statistics';
import { keepSerialReason, verdictFor } from '../../server/engine/verdict';

function run(workers: number, medianMs: number, serialMs: number): PoolRun {
  const speedup = serialMs / medianMs;
  return { ...summarize([medianMs]), workers, speedup, efficiency: speedup / workers, firstResultMs: null, delivery: [] };
}

function verdict(serialMs: number, runs: Array<[number, number]>): string {
  const serial = { ...summarize([serialMs]), perItemMs: 1 };
  return verdictFor({ serial, runs: runs.map(([w, ms]) => run(w, ms, serialMs)), cancelled: false, errors: [] });
}

void describe('verdictFor', () => {
  void it('reports the speedup and efficiency of the best pool', () => {
    assert.equal(verdict(1000, [[1, 1000], [2, 526]]), '1.9× faster on 2 workers (95% efficiency)');
  });

  void it('says keep it serial when the pool is slower', () => {
    assert.equal(verdict(1000, [[1, 1300], [2, 1500]]), 'No speedup: more workers only added overhead — keep it serial');
    assert.equal(verdict(1000, [[1, 1300], [2, 1200]]), 'No speedup: the pool was slower than serial — keep it serial');
    assert.match(verdict(1000, [[1, 1000], [2, 980]]), /^No real speedup: 1\.02× at best, on 2 workers/);
  });

  void it('claims nothing of larger pools when a cancel left only 1 worker measured', () => {
    const serial = { ...summarize([1000]), perItemMs: 1 };
    const input = { serial, runs: [run(1, 1300, 1000)], cancelled: true, errors: [] };
    assert.equal(verdictFor(input), 'Cancelled after 1 worker (0.77× serial): larger pools were not measured, so there is no verdict — run it to the end');
    assert.equal(keepSerialReason(input), 'the run was cancelled before a pool of more than one worker finished');
    // With 2 workers measured and slower, "more workers only added overhead" is what was seen.
    assert.equal(verdictFor({ ...input, runs: [run(1, 1300, 1000), run(2, 1500, 1000)] }), 'No speedup: more workers only added overhead — keep it serial');
  });

  void it('does not read a speedup out of a run too short to measure', () => {
    assert.match(verdict(0.8, [[1, 0.9], [2, 0.4]]), /^Too little work to tell/);
  });

  void it('explains why there is nothing to compare', () => {
    const serial = { ...summarize([]), perItemMs: 0 };
    assert.match(verdictFor({ serial, runs: [], cancelled: true, errors: [] }), /cancelled/);
    assert.match(verdictFor({ serial, runs: [], cancelled: false, errors: [{ code: 'TASK_TIMEOUT', message: 'input 2 ran longer' }] }), /input 2 ran longer/);
  });

  void it('warns when the timings cannot support the verdict', () => {
    assert.equal(
      verdict(1000, [[1, 600], [2, 300]]),
      '3.3× faster on 2 workers (167% efficiency). Timings were noisy (1 worker reached 167% efficiency, above the ideal): close other work or raise parallelize.trials, and run again',
    );
    const serial = { ...summarize([700, 1000, 1300]), perItemMs: 1 };
    assert.match(verdictFor({ serial, runs: [run(2, 520, 1000)], cancelled: false, errors: [] }), /^1\.9× faster on 2 workers \(96% efficiency\)\. Timings were noisy \(serial trials ranged 700–1300 ms\)/);
    assert.doesNotMatch(verdict(1000, [[1, 1000], [2, 526]]), /noisy/);
  });

  void it('holds a cluster to the same ideal: above it, the timings were disturbed, unless it stopped', () => {
    const serial = { ...summarize([1000]), perItemMs: 1 };
    const runs = [run(1, 1000, 1000), run(2, 526, 1000)];
    const cluster = (efficiency: number, stopped: string | null): ClusterRun => ({
      mode: 'local', redis: 'redis://127.0.0.1:6379', processes: 2, threadsPerProcess: 1, chunkSize: 8, jobs: 2, perJobMs: 5, trials: 3, samplesMs: [350],
      medianMs: 350, speedup: efficiency * 2, efficiency, resultsMatch: true, mismatch: null, comparedInputs: 16, redeliveredJobs: 0, stopped, predicted: [], predictionNote: '',
    });
    assert.match(verdictFor({ serial, runs, cancelled: false, errors: [], cluster: cluster(1.44, null) }), /^1\.9× faster on 2 workers \(95% efficiency\)\. Timings were noisy \(cluster 2×1 reached 144% efficiency, above the ideal\)/);
    assert.doesNotMatch(verdictFor({ serial, runs, cancelled: false, errors: [], cluster: cluster(0.95, null) }), /noisy/);
    // A stopped cluster's figures are already marked as not to be trusted.
    assert.doesNotMatch(verdictFor({ serial, runs, cancelled: false, errors: [], cluster: cluster(1.44, 'Redis went away') }), /noisy/);
  });

  void it('names a 1-worker figure at or above 1.1× instead of calling it no speedup', () => {
    const text = verdict(1000, [[1, 850], [2, 900]]);
    assert.match(text, /^1 worker measured 1\.18× serial, which one thread doing the same work reaches only by noise, and more workers did no better — keep it serial/);
    assert.doesNotMatch(text, /No speedup/);
    const serial = { ...summarize([1000]), perItemMs: 1 };
    assert.equal(keepSerialReason({ serial, runs: [run(1, 850, 1000), run(2, 900, 1000)], cancelled: false, errors: [] }), 'more workers did no better than 1, whose 1.18× serial only noise explains');
  });

  void it('keeps serial exactly when the verdict reports no speedup', () => {
    const cases: Array<[number, Array<[number, number]>]> = [
      [1000, [[1, 1000], [2, 526]]], [1000, [[1, 1300], [2, 1500]]], [1000, [[1, 1000], [2, 980]]], [1000, [[1, 850], [2, 900]]], [0.8, [[1, 0.9], [2, 0.4]]],
    ];
    for (const [serialMs, runs] of cases) {
      const serial = { ...summarize([serialMs]), perItemMs: 1 };
      const input = { serial, runs: runs.map(([w, ms]) => run(w, ms, serialMs)), cancelled: false, errors: [] };
      assert.equal(keepSerialReason(input) === undefined, /× faster on/.test(verdictFor(input)), verdictFor(input));
    }
    const serial = { ...summarize([]), perItemMs: 0 };
    assert.equal(keepSerialReason({ serial, runs: [], cancelled: true, errors: [] }), 'the run was cancelled before a pool size finished');
    assert.equal(keepSerialReason({ serial, runs: [], cancelled: false, errors: [], failure: 'nothing-measured' }), 'nothing could be measured');
  });

  void it('says noise decides when the best pool\'s trials put it both slower and worthwhile', () => {
    const serial = { ...summarize([1000, 1010, 1020]), perItemMs: 1 };
    const two = { ...summarize([700, 900, 1100]), workers: 2, speedup: 1010 / 900, efficiency: 1010 / 1800, firstResultMs: null, delivery: [] };
    assert.match(verdictFor({ serial, runs: [two], cancelled: false, errors: [] }), /2 workers ran 0\.91–1\.46× serial from trial to trial, so noise, not the function, decides whether it is faster/);
  });

  void it('says nothing could be measured, or to fix the inputs, with the first error and where it was thrown', () => {
    const serial = { ...summarize([10]), perItemMs: 1 };
    const thrown = { code: 'TASK_THREW' as const, message: 'RangeError: no value for 1', inputIndex: 1, stack: 'RangeError: no value for 1\n    at mostlyThrows (/src/failing.ts:7:26)' };
    const failed = { serial, runs: [run(2, 5, 10)], cancelled: false, errors: [thrown], errorCounts: { TASK_THREW: 24 }, failedInputs: 24, inputs: { count: 32 } };
    assert.equal(
      verdictFor({ ...failed, failure: 'inputs-failed' }),
      'Most inputs failed (24 of 32: TASK_THREW ×24), so the timings measure the errors, not the function — fix the inputs. First, input 1: RangeError: no value for 1 (at failing.ts:7:26)',
    );
    const hung = { code: 'TASK_TIMEOUT' as const, message: 'input 1 ran longer than the 400 ms task timeout', inputIndex: 1 };
    assert.equal(
      verdictFor({ serial: summarize([]), runs: [], cancelled: false, errors: [hung], errorCounts: { TASK_TIMEOUT: 2 }, failedInputs: 2, inputs: { count: 5 }, failure: 'nothing-measured' }),
      'Nothing could be measured: no serial trial finished (TASK_TIMEOUT ×2): input 1 ran longer than the 400 ms task timeout',
    );
  });
});
