/**
 * Amdahl's law fitted to the measured speedups: speedup(n) = 1 / (s + (1 − s) / n), where s is the
 * share of the work that stays serial. The fit is least squares on the speedups themselves (not
 * on their inverses), so the points the user sees on the chart are the ones the curve is closest to.
 */
import type { AmdahlFit } from '../../protocol/results';

/** Core counts the fit predicts for, when they exceed this machine's. */
export const predictedCoreCounts = [4, 8, 16, 32, 64] as const;

/** One measured point: pool size and speedup. */
export interface SpeedupPoint {
  workers: number;
  speedup: number;
}

/** Amdahl's predicted speedup on `workers` for a serial fraction `s`. */
export function amdahlSpeedup(serialFraction: number, workers: number): number {
  return 1 / (serialFraction + (1 - serialFraction) / workers);
}

function sumOfSquares(points: readonly SpeedupPoint[], s: number): number {
  let sum = 0;
  for (const p of points) sum += (p.speedup - amdahlSpeedup(s, p.workers)) ** 2;
  return sum;
}

/**
 * The s in [0, 1] minimising the squared speedup error. A grid finds the basin (the error need not
 * be unimodal over noisy points), golden-section search then refines it to ~1e-12.
 */
function fitSerialFraction(points: readonly SpeedupPoint[]): number {
  const steps = 1000;
  let best = 0;
  for (let i = 1; i <= steps; i++) {
    if (sumOfSquares(points, i / steps) < sumOfSquares(points, best / steps)) best = i;
  }
  let lo = Math.max(0, (best - 1) / steps);
  let hi = Math.min(1, (best + 1) / steps);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  while (hi - lo > 1e-13) {
    if (sumOfSquares(points, a) <= sumOfSquares(points, b)) {
      hi = b;
      b = a;
      a = hi - ratio * (hi - lo);
    } else {
      lo = a;
      a = b;
      b = lo + ratio * (hi - lo);
    }
  }
  // The search never lands exactly on a bound; a fit that belongs there (no scaling at all) should.
  const candidates = [(lo + hi) / 2, 0, 1];
  return candidates.reduce((a, b) => (sumOfSquares(points, b) < sumOfSquares(points, a) ? b : a));
}

/**
 * Fits s to the pool runs and predicts the speedup at each of predictedCoreCounts above `cores`.
 * Null when no run used more than one worker: one worker says nothing about s.
 */
export function fitAmdahl(runs: readonly SpeedupPoint[], cores: number): AmdahlFit | null {
  const points = runs.filter((r) => Number.isFinite(r.speedup) && r.speedup > 0 && r.workers >= 1);
  if (!points.some((p) => p.workers > 1)) return null;
  const serialFraction = fitSerialFraction(points);
  const rmsError = Math.sqrt(sumOfSquares(points, serialFraction) / points.length);
  const predicted = predictedCoreCounts.filter((n) => n > cores).map((workers) => ({ workers, speedup: amdahlSpeedup(serialFraction, workers) }));
  return { serialFraction, rmsError, predicted };
}

/** "serial fraction 3.2% → predicted 7.4× on 16 cores", or a note when the fit predicts nothing. */
export function describeAmdahl(fit: AmdahlFit): string {
  const share = `serial fraction ${(fit.serialFraction * 100).toFixed(1)}%`;
  const target = fit.predicted.find((p) => p.workers === 16) ?? fit.predicted[fit.predicted.length - 1];
  if (target === undefined) return `${share} (Amdahl fit)`;
  return `${share} → predicted ${target.speedup.toFixed(1)}× on ${target.workers} cores`;
}
