/**
 * The cluster in the benchmark panel's charts: a bar beside the pool sizes in the runtime chart and
 * a diamond (with the predicted machines as a dashed line on from it) in the speedup chart, in the
 * theme's yellow, which no pool series uses. A stopped or disagreeing cluster is drawn hollow and
 * says so in its label, so its figures never read as a result.
 */
import type { BenchmarkResult, TimingStats } from '../../protocol/results';
import { withAlpha, type Theme } from '../shared/theme';
import { clusterDoubt, clusterFigures, clusterLabel, clusterWorkers } from '../../protocol/clusterText';

/** The runtime chart's cluster bar: its label under the axis, its trials, and whether it is in doubt. */
export interface ClusterBar {
  label: string;
  stats: TimingStats;
  doubt: 'stopped' | 'differs' | null;
}

/** The cluster's bar, or null when the run had no cluster or it finished no trial. */
export function clusterBar(result: Pick<BenchmarkResult, 'cluster'>): ClusterBar | null {
  const figures = clusterFigures(result.cluster);
  if (result.cluster === null || figures === null) return null;
  const doubt = clusterDoubt(result.cluster);
  return { label: `${clusterLabel(result.cluster)}${doubt === 'stopped' ? ' (stopped)' : ''}`, stats: figures.stats, doubt };
}

/** The cluster's colour in every chart and legend swatch. */
export function clusterColour(theme: Theme): string {
  return theme.yellow;
}

/** Fill of a cluster point: a hollow one when its figures are in doubt. The compare panel passes each run's colour. */
export function clusterFill(theme: Theme, doubt: ClusterBar['doubt'], colour = clusterColour(theme)): string {
  return withAlpha(colour, doubt === null ? 0.45 : 0.08);
}

/**
 * Fill of the cluster's bar: diagonal stripes, so it never passes for a pool size or for serial
 * (whose orange is close to yellow in some themes); sparse on an empty ground when in doubt.
 */
export function clusterBarFill(theme: Theme, doubt: ClusterBar['doubt'], colour = clusterColour(theme)): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  if (ctx === null) return clusterFill(theme, doubt, colour);
  if (doubt === null) {
    ctx.fillStyle = withAlpha(colour, 0.3);
    ctx.fillRect(0, 0, 8, 8);
  }
  ctx.strokeStyle = withAlpha(colour, doubt === null ? 0.9 : 0.45);
  ctx.lineWidth = doubt === null ? 2 : 1;
  // One stroke corner to corner and the two corner pieces, so the tiles join into unbroken stripes.
  ctx.beginPath();
  for (const [x0, y0, x1, y1] of [[0, 8, 8, 0], [-2, 2, 2, -2], [6, 10, 10, 6]] as const) {
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
  }
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat') ?? clusterFill(theme, doubt, colour);
}

/** The speedup chart's label of the measured cluster point. */
export const clusterSeriesLabel = 'Cluster';
/** The speedup chart's label of the predicted machines. */
export const clusterPredictedLabel = 'Cluster, predicted';

/** The measured point at processes × threads, and the predicted machines up to `reach` workers (starting from it). */
export function clusterSpeedupPoints(result: Pick<BenchmarkResult, 'cluster'>, reach: number): { measured: { x: number; y: number } | null; predicted: { x: number; y: number; machines: number }[] } {
  const cluster = result.cluster;
  const figures = clusterFigures(cluster);
  if (cluster === null || figures === null || clusterWorkers(cluster) === 0) return { measured: null, predicted: [] };
  const measured = { x: clusterWorkers(cluster), y: figures.speedup };
  // A stopped cluster's prediction would extend figures that are already in doubt.
  const ahead = clusterDoubt(cluster) === null ? cluster.predicted.filter((p) => p.workers <= reach) : [];
  if (ahead.length === 0) return { measured, predicted: [] };
  return { measured, predicted: [{ ...measured, machines: cluster.processes }, ...ahead.map((p) => ({ x: p.workers, y: p.speedup, machines: p.machines }))] };
}

/** A measured cluster speedup: a diamond, with no line, that the compare panel draws in each run's colour. */
export function clusterPoint(label: string, point: { x: number; y: number }, colour: string, fill: string) {
  return {
    label,
    data: [point],
    borderColor: colour,
    backgroundColor: fill,
    pointStyle: 'rectRot' as const,
    pointRadius: 7,
    pointHoverRadius: 8,
    pointBorderWidth: 2,
    showLine: false,
    clip: false as const,
    // Drawn over the pool point of as many threads, which it often sits on (its fill lets that show through).
    order: -1,
  };
}

/** The speedup chart's cluster datasets: the measured diamond and the dashed prediction on from it. */
export function clusterSpeedupDatasets(result: Pick<BenchmarkResult, 'cluster'>, reach: number, theme: Theme) {
  const { measured, predicted } = clusterSpeedupPoints(result, reach);
  if (measured === null || result.cluster === null) return [];
  const colour = clusterColour(theme);
  const doubt = clusterDoubt(result.cluster);
  return [
    clusterPoint(`${clusterSeriesLabel} ${result.cluster.processes}×${result.cluster.threadsPerProcess}${doubt === 'stopped' ? ' (stopped)' : ''}`, measured, colour, clusterFill(theme, doubt)),
    ...(predicted.length > 0
      ? [{
        label: clusterPredictedLabel,
        data: predicted,
        borderColor: withAlpha(colour, 0.8),
        backgroundColor: withAlpha(colour, 0.8),
        borderDash: [4, 3],
        borderWidth: 1.5,
        pointStyle: 'rectRot' as const,
        pointRadius: predicted.map((_, i) => (i === 0 ? 0 : 3.5)),
        pointHoverRadius: 5,
        clip: false as const,
      }]
      : []),
  ];
}
