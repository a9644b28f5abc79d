import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { amdahlSpeedup, describeAmdahl, fitAmdahl, maxPredictionSpread } from '../../server/engine/amdahl';

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

  void it('clamps to no scaling at all when pools were slower than serial, and predicts nothing from a fit that misses them', () => {
    const fit = fitAmdahl([{ workers: 1, speedup: 0.5 }, { workers: 2, speedup: 0.6 }], 2);
    assert.equal(fit?.serialFraction, 1);
    assert.equal(fit?.reliable, false);
    assert.deepEqual(fit?.predicted, []);
    assert.match(fit?.caveat ?? '', /^Amdahl's law does not describe these speedups \(the fit misses them by 0\.45× on average\)/);
  });

  void it('says the fraction and the 16-core prediction in one line', () => {
    const fit = fitAmdahl(sizes.map((workers) => ({ workers, speedup: amdahlSpeedup(0.032, workers) })), 8);
    assert.ok(fit);
    assert.equal(describeAmdahl(fit), 'serial fraction 3.2% → predicted 10.8× on 16 cores');
  });

  /** A point with the speedups its least and most favourable trials allow. */
  const ranged = (workers: number, speedup: number, low: number, high: number) => ({ workers, speedup, range: [low, high] as const });

  void it('gives every prediction the range the trials allow, around the median fit', () => {
    const fit = fitAmdahl([ranged(1, 0.99, 0.98, 1), ranged(2, 1.96, 1.94, 1.98)], 2, { trials: 3 });
    assert.ok(fit);
    assert.equal(fit.reliable, true);
    assert.deepEqual(fit.predicted.map((p) => p.workers), [4, 8, 16, 32, 64]);
    for (const p of fit.predicted) assert.ok(p.low !== null && p.high !== null && p.low < p.speedup && p.speedup < p.high, JSON.stringify(p));
    const [low, high] = fit.serialFractionRange ?? [1, 0];
    assert.ok(low < fit.serialFraction && fit.serialFraction < high);
    assert.equal(describeAmdahl(fit), 'serial fraction 2.0% (1.0–3.1%) → predicted 12.3× (10.9–13.9×) on 16 cores');
  });

  void it('predicts only as far as the range stays within a factor of 2', () => {
    // ±2.6% on 2 workers: fine at 4–32 cores, a factor of 2.3 at 64.
    const fit = fitAmdahl([ranged(1, 0.97, 0.95, 0.99), ranged(2, 1.9, 1.85, 1.95)], 2, { trials: 3 });
    assert.ok(fit);
    assert.deepEqual(fit.predicted.map((p) => p.workers), [4, 8, 16, 32]);
    for (const p of fit.predicted) assert.ok((p.high ?? 0) <= (p.low ?? 0) * maxPredictionSpread);
    assert.match(fit.caveat ?? '', /^predicted only as far as the trials' spread allows: 64 cores could give anything from 10\.5× to 24\.5×$/);
  });

  void it('leaves the prediction out when one point above a worker spreads wide: noise, not the function, would decide it', () => {
    const fit = fitAmdahl([ranged(1, 0.97, 0.95, 0.99), ranged(2, 1.5, 1.1, 1.95)], 2, { trials: 3 });
    assert.ok(fit);
    assert.equal(fit.reliable, false);
    assert.deepEqual(fit.predicted, []);
    assert.match(fit.caveat ?? '', /^the trials' spread, not the function, decides the prediction: 4 cores could give anything from 1\.2× to 3\.7×$/);
    assert.match(describeAmdahl(fit), /^serial fraction 33\.3% \(2\.6–81\.8%\); no prediction: the trials' spread/);
  });

  void it('makes no prediction from one trial per configuration or from noisy timings', () => {
    const points = [ranged(1, 0.99, 0.99, 0.99), ranged(2, 1.96, 1.96, 1.96)];
    const single = fitAmdahl(points, 2, { trials: 1 });
    assert.equal(single?.reliable, false);
    assert.deepEqual(single?.predicted, []);
    assert.match(single?.caveat ?? '', /one trial per configuration/);
    const noisy = fitAmdahl([ranged(1, 0.99, 0.98, 1), ranged(2, 1.96, 1.94, 1.98)], 2, { trials: 3, noisy: true });
    assert.equal(noisy?.reliable, false);
    assert.match(noisy?.caveat ?? '', /noise rather than the function/);
  });
});
