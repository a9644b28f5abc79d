import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolRun } from '../../protocol/results';
import { summarize } from '../../server/engine/statistics';
import { verdictFor } from '../../server/engine/verdict';

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
});
