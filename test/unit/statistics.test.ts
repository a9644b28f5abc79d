import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarize } from '../../server/engine/statistics';

void describe('summarize', () => {
  void it('gives the median, quartiles and range of the samples', () => {
    const stats = summarize([30, 10, 20, 40, 50]);
    assert.equal(stats.trials, 5);
    assert.equal(stats.medianMs, 30);
    assert.equal(stats.minMs, 10);
    assert.equal(stats.maxMs, 50);
    assert.equal(stats.q1Ms, 20);
    assert.equal(stats.q3Ms, 40);
    assert.deepEqual(stats.samplesMs, [30, 10, 20, 40, 50], 'samples stay in trial order');
  });

  void it('averages the middle pair for an even count', () => {
    assert.equal(summarize([1, 2, 3, 10]).medianMs, 2.5);
  });

  void it('handles a single trial', () => {
    const stats = summarize([7.5]);
    assert.deepEqual([stats.medianMs, stats.minMs, stats.maxMs, stats.q1Ms, stats.q3Ms], [7.5, 7.5, 7.5, 7.5, 7.5]);
  });

  void it('reports zeros, not NaN, when no trial ran', () => {
    assert.deepEqual(summarize([]), { trials: 0, medianMs: 0, minMs: 0, maxMs: 0, q1Ms: 0, q3Ms: 0, samplesMs: [] });
  });

  void it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    assert.deepEqual(samples, [3, 1, 2]);
  });
});
