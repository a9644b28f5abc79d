/**
 * The compare panel's two charts, before and after overlaid: median runtime per configuration as
 * paired bars, and speedup against pool size as two lines beside the ideal y = x. Built from the
 * comparison's rows with the benchmark panel's chart kit, re-coloured in place on a theme change.
 * The cluster is drawn as the benchmark panel draws it (a striped bar, a diamond at processes ×
 * threads, hollow when its figures are in doubt), in each run's colour; two diamonds that would
 * overlap are moved apart (diamondDodge).
 */
import { Chart, type ChartConfiguration, type LegendItem, type Scale, type TooltipItem } from 'chart.js';
import type { ClusterSide, Comparison, ConfigTiming, DeltaRow } from '../../protocol/history';
import { axisTitle, barStyle, commonOptions, configAxis, destroyRuntimeCharts, idealLine, lineLegend, medianTimeAxis, registry, speedupAxis, speedupLine, tooltip, updateChart, workersAxis } from '../benchmark/chartKit';
import { clusterDoubtWords } from '../../protocol/clusterText';
import { clusterRowName } from '../../protocol/compareLabels';
import { clusterBarFill, clusterFill, clusterPoint } from '../benchmark/clusterSeries';
import { diamondDodge, dodgeRoom } from './diamondDodge';
import { formatMs, formatRangeMs, formatSpeedup, workersLabel } from '../shared/format';
import { withAlpha } from '../shared/theme';
import type { Theme } from '../shared/theme';

/** The two series' colours: the earlier run muted, the later one in the theme's blue. */
export function seriesColours(theme: Theme): { before: string; after: string } {
  return { before: theme.purple, after: theme.blue };
}

/** "serial", "2 workers", "cluster 2×1" ("cluster 2×1 → 4×1" when the two runs' clusters differ). */
export function configLabel(row: DeltaRow): string {
  if (row.config === 'serial') return 'serial';
  if (row.config === 'cluster') return clusterRowName(row);
  return workersLabel(row.config);
}

/** A side of the cluster row, for the charts: its shape and doubt. */
function clusterSide(row: DeltaRow, side: 'before' | 'after'): ClusterSide | null {
  return row.cluster?.[side] ?? null;
}

function timingTooltip(t: ConfigTiming | null, cluster: ClusterSide | null): string[] {
  const where = cluster ? [cluster.shape] : [];
  const doubt = cluster?.doubt ? [cluster.doubt === 'stopped' ? 'stopped early: only the trials it finished' : 'results differ from serial'] : [];
  return t ? [...where, `median ${formatMs(t.medianMs)}`, `min–max ${formatRangeMs(t.minMs, t.maxMs)}`, `${t.trials} trial${t.trials === 1 ? '' : 's'}`, ...doubt] : [...where, 'not measured'];
}

function runtimeConfig(comparison: Comparison, theme: Theme): ChartConfiguration<'bar'> {
  const { rows } = comparison;
  const colours = seriesColours(theme);
  // The cluster's bar striped as in the benchmark panel, in the run's colour; sparse when in doubt.
  const bar = (label: string, colour: string, side: 'before' | 'after') => ({
    label,
    data: rows.map((r) => r[side]?.medianMs ?? null),
    ...barStyle(colour, 40),
    backgroundColor: rows.map((r) => (r.config === 'cluster' ? clusterBarFill(theme, clusterSide(r, side)?.doubt ?? null, colour) : withAlpha(colour, 0.45))),
  });
  const tops = rows.flatMap((r) => [r.before?.maxMs ?? 0, r.after?.maxMs ?? 0]);
  return {
    type: 'bar',
    data: {
      // "serial", then the bare pool sizes under an axis title: "2 workers" ×8 would overlap at any width.
      labels: rows.map((r) => (typeof r.config === 'number' ? String(r.config) : configLabel(r))),
      datasets: [bar('Before', colours.before, 'before'), bar('After', colours.after, 'after')],
    },
    options: {
      ...commonOptions(theme),
      scales: {
        // The cluster's label on two lines ("cluster" over "2×1 → 4×1"), so it keeps to its own slot at 320 px.
        x: configAxis(axisTitle('pool size (workers)', theme), theme, function (this: Scale, value: string | number) {
          const label = this.getLabelForValue(Number(value));
          return label.startsWith('cluster ') ? ['cluster', label.slice('cluster '.length)] : label;
        }),
        y: medianTimeAxis(Math.max(...tops) * 1.02, theme),
      },
      plugins: {
        legend: lineLegend(theme),
        tooltip: {
          ...tooltip(theme),
          callbacks: {
            title: (items: TooltipItem<'bar'>[]) => (rows[items[0]?.dataIndex ?? 0] ? configLabel(rows[items[0]?.dataIndex ?? 0]!) : ''),
            label: (item: TooltipItem<'bar'>) => {
              const row = rows[item.dataIndex];
              if (!row) return '';
              const side = item.datasetIndex === 0 ? 'before' : 'after';
              return [`${item.dataset.label ?? ''}:`, ...timingTooltip(row[side], clusterSide(row, side))];
            },
          },
        },
      },
    },
  };
}

/** The cluster's diamond for one run, at processes × threads, in the run's colour; hollow when in doubt. */
function clusterDiamond(row: DeltaRow | undefined, side: 'before' | 'after', colour: string, theme: Theme) {
  const cluster = row ? clusterSide(row, side) : null;
  const speedup = side === 'before' ? row?.speedupBefore : row?.speedupAfter;
  if (!cluster || speedup === null || speedup === undefined || cluster.workers === 0) return [];
  const label = `${side === 'before' ? 'Before' : 'After'}, ${cluster.label}${cluster.doubt ? ` (${clusterDoubtWords[cluster.doubt]})` : ''}`;
  return [clusterPoint(label, { x: cluster.workers, y: speedup }, colour, clusterFill(theme, cluster.doubt, colour))];
}

/** The speedup chart's datasets: before, after, the ideal line, then the cluster's diamonds. */
const idealDataset = 2;

/** The line legend, in dataset order (the diamonds are drawn first-ordered, over the lines), the cluster's items as diamonds. */
function speedupLegend(theme: Theme) {
  const legend = lineLegend(theme);
  return {
    ...legend,
    labels: {
      ...legend.labels,
      sort: (a: LegendItem, b: LegendItem) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
      generateLabels: (chart: Chart) => Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => ((item.datasetIndex ?? 0) > idealDataset ? { ...item, pointStyle: 'rectRot' as const } : item)),
    },
  };
}

function speedupConfig(comparison: Comparison, theme: Theme): ChartConfiguration<'line'> {
  const pools = comparison.rows.filter((r): r is DeltaRow & { config: number } => typeof r.config === 'number');
  const cluster = comparison.rows.find((r) => r.config === 'cluster');
  const colours = seriesColours(theme);
  const clusterWorkers = [cluster?.cluster?.before?.workers ?? 0, cluster?.cluster?.after?.workers ?? 0];
  const maxWorkers = Math.max(1, ...pools.map((r) => r.config), ...clusterWorkers);
  const points = (pick: (r: DeltaRow) => number | null) => pools.flatMap((r) => (pick(r) === null ? [] : [{ x: r.config, y: pick(r)! }]));
  const measured = [...points((r) => r.speedupBefore), ...points((r) => r.speedupAfter)].map((p) => p.y).concat(cluster?.speedupBefore ?? 0, cluster?.speedupAfter ?? 0);
  const diamonds = { before: clusterDiamond(cluster, 'before', colours.before, theme), after: clusterDiamond(cluster, 'after', colours.after, theme) };
  // Both runs' diamonds at the same threads may be moved aside, the later one right of the axis' end.
  const dodging = diamonds.before.length > 0 && diamonds.after.length > 0 && clusterWorkers[0] === clusterWorkers[1];
  const options = commonOptions(theme);
  return {
    type: 'line',
    data: {
      datasets: [
        speedupLine('Before', colours.before, points((r) => r.speedupBefore), [5, 3]),
        speedupLine('After', colours.after, points((r) => r.speedupAfter)),
        idealLine(Array.from({ length: maxWorkers }, (_, i) => ({ x: i + 1, y: i + 1 })), theme, [2, 4]),
        ...diamonds.before,
        ...diamonds.after,
      ],
    },
    plugins: dodging ? [diamondDodge(idealDataset + 1, idealDataset + 2)] : [],
    options: {
      ...options,
      layout: { padding: { ...options.layout.padding, right: dodging ? Math.max(options.layout.padding.right, dodgeRoom) : options.layout.padding.right } },
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: {
        x: workersAxis(maxWorkers, theme),
        y: { ...speedupAxis(theme), beginAtZero: true, suggestedMax: Math.max(maxWorkers, ...measured) },
      },
      plugins: {
        legend: speedupLegend(theme),
        tooltip: {
          ...tooltip(theme),
          filter: (item: TooltipItem<'line'>) => item.datasetIndex !== idealDataset,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => workersLabel(Number(items[0]?.parsed.x ?? 0)),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''} ${formatSpeedup(Number(item.parsed.y))}`,
          },
        },
      },
    },
  };
}

/** Whether there is a speedup to plot: some pool size (or the cluster) measured on either side. */
export function hasSpeedups(comparison: Comparison): boolean {
  return comparison.rows.some((r) => r.speedupBefore !== null || r.speedupAfter !== null);
}

/** Whether there is a runtime to plot. */
export function hasTimings(comparison: Comparison): boolean {
  return comparison.rows.some((r) => r.before !== null || r.after !== null);
}

/** Draws both charts, replacing any earlier ones. */
export function renderCompareCharts(runtime: HTMLCanvasElement | null, speedup: HTMLCanvasElement | null, comparison: Comparison, theme: Theme): void {
  destroyRuntimeCharts();
  if (runtime) registry.runtime = new Chart(runtime, runtimeConfig(comparison, theme));
  if (speedup) registry.speedup = new Chart(speedup, speedupConfig(comparison, theme));
}

/** Re-colours the live charts in place for a new theme. */
export function recolourCompareCharts(comparison: Comparison, theme: Theme): void {
  if (registry.runtime) updateChart(registry.runtime, runtimeConfig(comparison, theme));
  if (registry.speedup) updateChart(registry.speedup, speedupConfig(comparison, theme));
}

/** Destroys the charts before the DOM they live in is replaced. */
export const destroyCompareCharts = destroyRuntimeCharts;

/**
 * What the charts' cluster marks compare, when it is not the same cluster with trusted figures on
 * both sides: two different clusters, or a side drawn hollow because its figures are in doubt.
 */
export function clusterChartNote(comparison: Comparison): string | null {
  const cluster = comparison.rows.find((r) => r.config === 'cluster')?.cluster;
  if (!cluster) return null;
  const notes: string[] = [];
  if (cluster.shapeChanged && cluster.before && cluster.after) notes.push(`The cluster marks compare two different clusters: ${cluster.before.shape} before, ${cluster.after.shape} after.`);
  for (const side of ['before', 'after'] as const) {
    const s = cluster[side];
    if (s?.doubt) notes.push(`The ${side === 'before' ? 'earlier' : 'later'} run's cluster is drawn hollow: ${s.doubt === 'stopped' ? 'it stopped early, so its figures cover only the trials it finished' : 'its results differ from serial, so its speedup cannot be trusted'}.`);
  }
  return notes.length ? notes.join(' ') : null;
}
