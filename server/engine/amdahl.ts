/**
 * Amdahl's law fitted to the measured speedups: speedup(n) = 1 / (s + (1 − s) / n), where s is the
 * share of the work that stays serial. The fit is least squares on the speedups themselves (not
 * on their inverses), so the points the user sees on the chart are the ones the curve is closest to.
 *
 * A prediction far past the measured sizes magnifies every wobble of the trials: on a 2-core
 * machine, 1.85× against 1.95× on 2 workers is 7× against 12× on 16 cores. So s is fitted again to
 * the least and the most favourable trials, each prediction carries the range between the two, and
 * a prediction whose range spans more than a factor of 2 is left out, as is every one when a
 * single trial leaves the spread unknown or the timings were noisy.
 */
import type { AmdahlFit } from '../../protocol/results';

/** Core counts the fit predicts for, when they exceed this machine's. */
export const predictedCoreCounts = [4, 8, 16, 32, 64] as const;

/** A prediction whose high end is more than this multiple of its low end says nothing. */
export const maxPredictionSpread = 2;

/** One measured point: pool size and speedup, and the least and most favourable speedups its trials allow. */
export interface SpeedupPoint {
  workers: number;
  speedup: number;
  range?: readonly [number, number];
}

/**
 * A fit that misses the measured speedups by more than this share of their mean (root mean
 * square) does not describe them: a pool slower than serial, say, is limited by messaging, which
 * Amdahl's law (never below 1×) has no term for.
 */
export const maxRelativeRmsError = 0.2;

/** What decides whether the prediction means something, beside the points. */
export interface FitContext {
  /** The fewest timed trials of any configuration: with one, the spread is unknown. */
  trials?: number;
  /** Set when the timings were noisy (verdict.ts noiseWarning). */
  noisy?: boolean;
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

function formatX(speedup: number): string {
  return `${speedup.toFixed(1)}×`;
}

/** The predictions kept, and why the others were left out. */
function predictions(candidates: AmdahlFit['predicted'], context: FitContext, ranged: boolean, misfit: string | undefined): Pick<AmdahlFit, 'predicted' | 'reliable' | 'caveat'> {
  if (misfit !== undefined) return { predicted: [], reliable: false, caveat: misfit };
  if (candidates.length === 0) return { predicted: [], reliable: true, caveat: null };
  if (context.trials !== undefined && context.trials < 2) {
    return { predicted: [], reliable: false, caveat: 'one trial per configuration leaves the spread unknown, and so how far the fit can be trusted: raise parallelize.trials for a prediction' };
  }
  if (context.noisy === true) {
    return { predicted: [], reliable: false, caveat: 'the timings were noisy, so noise rather than the function would decide a prediction' };
  }
  if (!ranged) return { predicted: candidates, reliable: true, caveat: null };
  const wide = (p: AmdahlFit['predicted'][number]): boolean => (p.high ?? 0) > (p.low ?? 0) * maxPredictionSpread;
  const cut = candidates.findIndex(wide);
  if (cut < 0) return { predicted: candidates, reliable: true, caveat: null };
  const first = candidates[cut] as AmdahlFit['predicted'][number];
  const spread = `${first.workers} cores could give anything from ${formatX(first.low ?? 0)} to ${formatX(first.high ?? 0)}`;
  if (cut === 0) {
    return { predicted: [], reliable: false, caveat: `the trials' spread, not the function, decides the prediction: ${spread}` };
  }
  return { predicted: candidates.slice(0, cut), reliable: true, caveat: `predicted only as far as the trials' spread allows: ${spread}` };
}

/**
 * Fits s to the pool runs and predicts the speedup at each of predictedCoreCounts above `cores`,
 * as far as the trials' spread allows. Null when no run used more than one worker: one worker
 * says nothing about s.
 */
export function fitAmdahl(runs: readonly SpeedupPoint[], cores: number, context: FitContext = {}): AmdahlFit | null {
  const points = runs.filter((r) => Number.isFinite(r.speedup) && r.speedup > 0 && r.workers >= 1);
  if (!points.some((p) => p.workers > 1)) return null;
  const serialFraction = fitSerialFraction(points);
  const rmsError = Math.sqrt(sumOfSquares(points, serialFraction) / points.length);
  const ranged = points.every((p) => p.range !== undefined && p.range[0] > 0 && p.range[1] > 0);
  // The least favourable trials give the largest serial fraction, the most favourable the smallest.
  const worst = ranged ? fitSerialFraction(points.map((p) => ({ workers: p.workers, speedup: p.range?.[0] ?? p.speedup }))) : null;
  const best = ranged ? fitSerialFraction(points.map((p) => ({ workers: p.workers, speedup: p.range?.[1] ?? p.speedup }))) : null;
  const candidates = predictedCoreCounts.filter((n) => n > cores).map((workers) => ({
    workers,
    speedup: amdahlSpeedup(serialFraction, workers),
    low: worst === null ? null : Math.min(amdahlSpeedup(worst, workers), amdahlSpeedup(serialFraction, workers)),
    high: best === null ? null : Math.max(amdahlSpeedup(best, workers), amdahlSpeedup(serialFraction, workers)),
  }));
  const serialFractionRange: AmdahlFit['serialFractionRange'] = worst === null || best === null ? null : [Math.min(best, serialFraction), Math.max(worst, serialFraction)];
  const mean = points.reduce((sum, p) => sum + p.speedup, 0) / points.length;
  const misfit = rmsError > maxRelativeRmsError * mean
    ? `Amdahl's law does not describe these speedups (the fit misses them by ${rmsError.toFixed(2)}× on average): messaging or memory, not a serial share of the work, limits them`
    : undefined;
  return { serialFraction, rmsError, serialFractionRange, ...predictions(candidates, context, ranged, misfit) };
}

/** "3.2–4.4%", or "" when the range is not known. */
function fractionRange(fit: AmdahlFit): string {
  if (fit.serialFractionRange === null) return '';
  const [low, high] = fit.serialFractionRange;
  return ` (${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%)`;
}

/** "10.8×" or "10.8× (9.1–12.4×)". */
export function describePrediction(p: AmdahlFit['predicted'][number]): string {
  return p.low === null || p.high === null ? formatX(p.speedup) : `${formatX(p.speedup)} (${p.low.toFixed(1)}–${formatX(p.high)})`;
}

/**
 * "serial fraction 3.2% (2.1–4.4%) → predicted 7.4× (6.1–8.9×) on 16 cores", or, when the
 * prediction is left out, the fraction and why.
 */
export function describeAmdahl(fit: AmdahlFit): string {
  const share = `serial fraction ${(fit.serialFraction * 100).toFixed(1)}%${fractionRange(fit)}`;
  if (!fit.reliable) return `${share}; no prediction: ${fit.caveat ?? 'the fit is not reliable'}`;
  const target = fit.predicted.find((p) => p.workers === 16) ?? fit.predicted[fit.predicted.length - 1];
  if (target === undefined) return `${share} (Amdahl fit)`;
  return `${share} → predicted ${describePrediction(target)} on ${target.workers} cores`;
}
