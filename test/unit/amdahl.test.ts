import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { amdahlSpeedup, describeAmdahl, fitAmdahl } from '../../server/engine/amdahl';

const sizes = [1, 2, 3, 4, 5, 6, 7, 8];

void describe('fitAmdahl', () => {
  void it('recovers the serial fraction exactly from noiseless speedups', () => {
    for (const s of [0, 0.032, 0.1, 0.5, 1]) {
      const fit = fitAmdahl(sizes.map((workers) => ({ workers, speedup: amdahlSpeedup(s, workers) })), 8);
      assert.ok(fit);
      assert.ok(Math.abs(fit.serialFraction - s) < 1e-9, `s=${s} fitted ${fit.serialFraction}`);
      assert.ok(fit.rmsError < 1e-9);
    }
  });

  void it('stays close on noisy speedups', () => {
    // ±4% deterministic noise around s = 0.05.
    const noise = [1.04, 0.97, 1.02, 0.96, 1.03, 0.98, 1.01, 0.97];
    const runs = sizes.map((workers, i) => ({ workers, speedup: amdahlSpeedup(0.05, workers) * (noise[i] ?? 1) }));
    const fit = fitAmdahl(runs, 8);
    assert.ok(fit);
    assert.ok(Math.abs(fit.serialFraction - 0.05) < 0.01, `fitted ${fit.serialFraction}`);
    assert.ok(fit.rmsError > 0 && fit.rmsError < 0.3);
  });

  void it('predicts only core counts above this machine, from the fitted fraction', () => {
    const fit = fitAmdahl([{ workers: 1, speedup: 0.97 }, { workers: 2, speedup: 1.9 }], 2);
    assert.ok(fit);
    assert.deepEqual(fit.predicted.map((p) => p.workers), [4, 8, 16, 32, 64]);
    for (const p of fit.predicted) assert.ok(Math.abs(p.speedup - amdahlSpeedup(fit.serialFraction, p.workers)) < 1e-12);
    assert.deepEqual(fitAmdahl([{ workers: 2, speedup: 1.9 }], 16)?.predicted.map((p) => p.workers), [32, 64]);
    assert.deepEqual(fitAmdahl([{ workers: 2, speedup: 1.9 }], 64)?.predicted, []);
  });

  void it('has nothing to fit without a run above one worker', () => {
    assert.equal(fitAmdahl([], 8), null);
    assert.equal(fitAmdahl([{ workers: 1, speedup: 1 }], 8), null);
  });

  void it('clamps to no scaling at all when pools were slower than serial', () => {
    const fit = fitAmdahl([{ workers: 1, speedup: 0.5 }, { workers: 2, speedup: 0.6 }], 2);
    assert.equal(fit?.serialFraction, 1);
  });

  void it('says the fraction and the 16-core prediction in one line', () => {
    const fit = fitAmdahl(sizes.map((workers) => ({ workers, speedup: amdahlSpeedup(0.032, workers) })), 8);
    assert.ok(fit);
    assert.equal(describeAmdahl(fit), 'serial fraction 3.2% → predicted 10.8× on 16 cores');
  });
});
