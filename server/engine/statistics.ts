/** Timing summaries: the median with its spread, which is what a noisy benchmark can honestly report. */
import { max, median, min, quantile } from 'simple-statistics';
import type { TimingStats } from '../../protocol/results';

/** Median, quartiles, min and max of the samples; all zero when there are none (a run cut short). */
export function summarize(samplesMs: readonly number[]): TimingStats {
  if (samplesMs.length === 0) {
    return { trials: 0, medianMs: 0, minMs: 0, maxMs: 0, q1Ms: 0, q3Ms: 0, samplesMs: [] };
  }
  const samples = [...samplesMs];
  return {
    trials: samples.length,
    medianMs: median(samples),
    minMs: min(samples),
    maxMs: max(samples),
    q1Ms: quantile(samples, 0.25),
    q3Ms: quantile(samples, 0.75),
    samplesMs: samples,
  };
}
