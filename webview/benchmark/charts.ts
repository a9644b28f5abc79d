/**
 * The benchmark panel's two Chart.js charts: median runtime per configuration with min–max
 * whiskers, and measured speedup against the ideal y = x. Colours come from the theme's
 * `charts.*` colours and are re-applied in place when the theme changes.
 */
import { Chart, type ChartConfiguration, type ChartType, type LegendItem, type Plugin, type Scale, type TooltipItem } from 'chart.js';
import type { ClusterRun } from '../../protocol/cluster';
import type { BenchmarkResult, TimingStats } from '../../protocol/results';
import { formatMs, formatSpeedup, workersLabel } from '../shared/format';
import { withAlpha, type Theme } from '../shared/theme';
import { axisTitle, barStyle, commonOptions, configAxis, destroyRuntimeCharts, idealLine, lineLegend, medianTimeAxis, registry, speedupAxis, ticks, tooltip, updateChart, workersAxis } from './chartKit';
import { clusterBar, clusterBarFill, type ClusterBar, clusterColour, clusterPredictedLabel, clusterSeriesLabel, clusterSpeedupDatasets, clusterSpeedupPoints } from './clusterSeries';
import { fastestConfig } from './fastest';

/** Min–max range drawn as a whisker over each bar. */
interface WhiskerOptions {
  ranges: [number, number][];
  color: string;
}

declare module 'chart.js' {
  // The type parameter must repeat Chart.js's declaration to merge with it.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** Our min–max whiskers (bar chart only). */
    whiskers?: WhiskerOptions | false;
  }
}

/** Draws a vertical min–max line with caps over every bar of the first dataset. */
const whiskerPlugin: Plugin<'bar'> = {
  id: 'whiskers',
  afterDatasetsDraw(chart, _args, pluginOptions) {
    const options = pluginOptions as Partial<WhiskerOptions>;
    if (!options.ranges?.length || !options.color) return;
    const meta = chart.getDatasetMeta(0);
    const y = chart.scales['y'];
    if (!y || meta.hidden) return;
    const { ctx } = chart;
    ctx.save();
    ctx.strokeStyle = options.color;
    ctx.lineWidth = 1.5;
    meta.data.forEach((bar, i) => {
      const range = options.ranges?.[i];
      if (!range) return;
      const { x, width } = bar.getProps(['x', 'width'], true) as { x: number; width: number };
      const top = y.getPixelForValue(range[1]);
      const bottom = y.getPixelForValue(range[0]);
      const cap = Math.max(4, Math.min(12, width * 0.18));
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.moveTo(x - cap, top);
      ctx.lineTo(x + cap, top);
      ctx.moveTo(x - cap, bottom);
      ctx.lineTo(x + cap, bottom);
      ctx.stroke();
    });
    ctx.restore();
  },
};

Chart.register(whiskerPlugin);

/** Per-bar colour role: the serial baseline, a pool size, or the fastest configuration. */
type BarRole = 'serial' | 'pool' | 'best';

function roleColour(role: BarRole, theme: Theme): string {
  return role === 'serial' ? theme.orange : role === 'best' ? theme.green : theme.blue;
}

/** A pool slower than serial is never the fastest bar: the serial bar is, then. */
function barRoles(result: BenchmarkResult): BarRole[] {
  const fastest = fastestConfig(result);
  return [fastest === 'serial' ? 'best' : 'serial', ...result.runs.map((r): BarRole => (r.workers === fastest ? 'best' : 'pool'))];
}

/** Whether the bars are too narrow for "2 workers" under each. */
function isCompact(chart: { width: number }, bars: number): boolean {
  return chart.width / Math.max(1, bars) < 80;
}

/** Whether the bars are too narrow even for "serial", which would run into "1": it becomes "s". */
function isCramped(chart: { width: number }, bars: number): boolean {
  return chart.width / Math.max(1, bars) < 44;
}

/** Shows the x-axis title only while the tick labels are compact, and says what "s" is when serial is cut to it. */
export const compactAxisPlugin: Plugin<'bar'> = {
  id: 'compactAxis',
  beforeLayout(chart) {
    const title = (chart.scales['x']?.options as { title?: { display: boolean; text: string } } | undefined)?.title;
    const bars = chart.data.labels?.length ?? 0;
    if (!title) return;
    title.display = isCompact(chart, bars);
    title.text = isCramped(chart, bars) ? 'serial (s), then pool size (workers)' : 'pool size (workers)';
  },
};

/**
 * The runtime chart's x axis over serial, "N workers"… and the cluster last: narrow bars show "2"
 * under the axis title rather than tilted or overlapping labels; the cluster is named either way,
 * a stopped one saying so on a second line. The live view draws with it too, so its labels are the result's.
 */
export function runtimeXAxis(labels: readonly string[], cluster: Pick<ClusterBar, 'label' | 'doubt'> | null, theme: Theme) {
  const clusterIndex = cluster ? labels.length - 1 : -1;
  return configAxis({ ...axisTitle('pool size (workers)', theme), display: false }, theme, function (this: Scale, value: string | number) {
    const compact = isCompact(this.chart, labels.length);
    if (Number(value) === clusterIndex && cluster) return compact ? 'cluster' : cluster.doubt === 'stopped' ? cluster.label.replace(/\)$/, '').split(' (') : cluster.label;
    const label = this.getLabelForValue(Number(value));
    if (label === 'serial' && isCramped(this.chart, labels.length)) return 's';
    return compact ? label.replace(/ workers?$/, '') : label;
  });
}

function runtimeConfig(result: BenchmarkResult, theme: Theme): ChartConfiguration<'bar'> {
  // The cluster's bar stands last, in its own colour, apart from this machine's pool sizes.
  const cluster = clusterBar(result);
  const stats = [result.serial, ...result.runs, ...(cluster ? [cluster.stats] : [])];
  const labels = ['serial', ...result.runs.map((r) => workersLabel(r.workers)), ...(cluster ? [cluster.label] : [])];
  const clusterIndex = cluster ? labels.length - 1 : -1;
  const roles = barRoles(result);
  const fill = (i: number) => (i === clusterIndex && cluster ? clusterBarFill(theme, cluster.doubt) : withAlpha(roleColour(roles[i] ?? 'pool', theme), 0.45));
  const border = (i: number) => (i === clusterIndex ? clusterColour(theme) : roleColour(roles[i] ?? 'pool', theme));
  return {
    type: 'bar',
    plugins: [compactAxisPlugin],
    data: {
      labels,
      datasets: [
        {
          label: 'Median time',
          data: stats.map((s) => s.medianMs),
          ...barStyle(labels.map((_, i) => border(i))),
          // The cluster's bar is striped; the others are barStyle's fill.
          backgroundColor: labels.map((_, i) => fill(i)),
        },
      ],
    },
    options: {
      ...commonOptions(theme),
      scales: {
        x: runtimeXAxis(labels, cluster, theme),
        y: medianTimeAxis(Math.max(...stats.map((s) => s.maxMs)) * 1.05, theme),
      },
      plugins: {
        legend: { display: false },
        whiskers: { ranges: stats.map((s): [number, number] => [s.minMs, s.maxMs]), color: theme.chartForeground },
        tooltip: {
          ...tooltip(theme),
          callbacks: {
            label: (item: TooltipItem<'bar'>) => {
              const s = stats[item.dataIndex];
              return s ? barTooltipLines(s, item.dataIndex === clusterIndex ? result.cluster : null) : '';
            },
          },
        },
      },
    },
  };
}

/** A runtime bar's tooltip: its median, spread and trials, and for the cluster's where it ran and why it stopped. */
export function barTooltipLines(s: TimingStats, cluster: ClusterRun | null): string[] {
  const lines = [`median ${formatMs(s.medianMs)}`, `min–max ${formatMs(s.minMs)} – ${formatMs(s.maxMs)}`, `${s.trials} trials`];
  if (cluster === null) return lines;
  return [...lines, `on ${cluster.processes}×${cluster.threadsPerProcess} over Redis`, ...(cluster.stopped === null ? [] : [`stopped: ${cluster.stopped}`])];
}

/** Amdahl's speedup on n workers for serial fraction s. */
function amdahl(s: number, n: number): number {
  return 1 / (s + (1 - s) / n);
}

/** The fitted curve through every measured size and on to the predicted core counts. */
export function amdahlPoints(result: BenchmarkResult, maxWorkers: number): { x: number; y: number }[] {
  const fit = result.amdahl;
  if (fit === null) return [];
  // Predictions far past what was measured would squeeze the measured points into a corner: the
  // chart stops at 8× the largest pool, the summary line below it names the rest.
  const reach = maxWorkers * 8;
  const xs = [...Array.from({ length: maxWorkers }, (_, i) => i + 1), ...fit.predicted.map((p) => p.workers).filter((n) => n > maxWorkers && n <= reach)];
  return xs.map((x) => ({ x, y: amdahl(fit.serialFraction, x) }));
}

/** The prediction's range as two lines from the largest measured size on: low, then high (filled down to low). */
function amdahlRange(result: BenchmarkResult, maxWorkers: number): { low: { x: number; y: number }[]; high: { x: number; y: number }[] } {
  const fit = result.amdahl;
  const reach = maxWorkers * 8;
  const ranged = (fit?.predicted ?? []).filter((p) => p.workers > maxWorkers && p.workers <= reach && p.low !== null && p.high !== null);
  if (fit === null || ranged.length === 0) return { low: [], high: [] };
  // Both lines start where the measurements end, so the band widens from the last measured size.
  const start = { x: maxWorkers, y: amdahl(fit.serialFraction, maxWorkers) };
  return {
    low: [start, ...ranged.map((p) => ({ x: p.workers, y: p.low ?? p.speedup }))],
    high: [start, ...ranged.map((p) => ({ x: p.workers, y: p.high ?? p.speedup }))],
  };
}

/** Dataset labels of the range lines; the low one is left out of the legend. */
const rangeLow = 'Amdahl low';
const rangeHigh = 'Amdahl range';

/** The x axis: linear over the measured sizes, or log₂ when the fit (or the cluster) reaches beyond them. */
export function speedupXAxis(maxWorkers: number, xMax: number, theme: Theme) {
  const linear = workersAxis(maxWorkers, theme);
  if (xMax <= maxWorkers) return linear;
  const powers = Array.from({ length: Math.floor(Math.log2(xMax)) + 1 }, (_, k) => 2 ** k);
  return {
    ...linear,
    type: 'logarithmic' as const,
    max: xMax,
    // Powers of two, where the predicted core counts sit; Chart.js would pick powers of ten.
    afterBuildTicks: (scale: Scale) => {
      scale.ticks = powers.map((value) => ({ value }));
    },
    ticks: { ...ticks(theme), callback: (v: string | number) => String(Number(v)) },
  };
}

/** The y axis: linear from zero, or log₂ in powers of two to match a log₂ x axis. */
export function speedupYAxis(logScale: boolean, speedups: number[], xMax: number, theme: Theme) {
  const common = speedupAxis(theme);
  if (!logScale) return { ...common, beginAtZero: true, suggestedMax: Math.max(xMax, ...speedups) };
  // A slowdown (speedup below 1) must stay on the chart: start at the power of two below it.
  const min = 2 ** Math.floor(Math.log2(Math.min(1, ...speedups.filter((y) => y > 0))));
  const powers = Array.from({ length: Math.round(Math.log2(xMax / min)) + 1 }, (_, k) => min * 2 ** k);
  return {
    ...common,
    type: 'logarithmic' as const,
    min,
    max: xMax,
    afterBuildTicks: (scale: Scale) => {
      scale.ticks = powers.map((value) => ({ value }));
    },
  };
}

function speedupConfig(result: BenchmarkResult, theme: Theme): ChartConfiguration<'line'> {
  const maxWorkers = Math.max(1, ...result.runs.map((r) => r.workers));
  const measured = result.runs.map((r) => ({ x: r.workers, y: r.speedup }));
  const fitted = amdahlPoints(result, maxWorkers);
  const cluster = clusterSpeedupPoints(result, maxWorkers * 8);
  const clusterXs = [...(cluster.measured ? [cluster.measured.x] : []), ...cluster.predicted.map((p) => p.x)];
  const xMax = Math.max(maxWorkers, ...fitted.map((p) => p.x), ...clusterXs);
  // Beyond the measured sizes both axes go log₂: y = x stays a straight diagonal out to the last
  // predicted count, and the fit's flattening against it is what the eye should read.
  const logScale = xMax > maxWorkers;
  const beyond = [...new Set([...fitted.map((p) => p.x), ...clusterXs].filter((x) => x > maxWorkers))].sort((a, b) => a - b);
  const idealXs = [...Array.from({ length: maxWorkers }, (_, i) => i + 1), ...beyond];
  const ideal = idealXs.map((x) => ({ x, y: x }));
  const fastest = fastestConfig(result);
  const best = result.runs.find((r) => r.workers === fastest);
  const range = amdahlRange(result, maxWorkers);
  const rangeLine = { borderColor: withAlpha(theme.purple, 0.5), borderWidth: 1, pointRadius: 0, pointHoverRadius: 3, clip: false as const };
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Measured',
          data: measured,
          borderColor: theme.blue,
          backgroundColor: theme.blue,
          pointBackgroundColor: result.runs.map((r) => (r === best ? theme.green : theme.blue)),
          pointBorderColor: result.runs.map((r) => (r === best ? theme.green : theme.blue)),
          pointRadius: result.runs.map((r) => (r === best ? 5 : 3.5)),
          pointHoverRadius: 6,
          borderWidth: 2,
          tension: 0,
          clip: false,
        },
        idealLine(ideal, theme),
        ...(fitted.length > 0
          ? [{
            label: 'Amdahl fit',
            data: fitted,
            borderColor: theme.purple,
            backgroundColor: theme.purple,
            borderDash: [2, 3],
            borderWidth: 1.5,
            pointRadius: fitted.map((p) => (p.x > maxWorkers ? 3 : 0)),
            pointHoverRadius: 4,
            clip: false as const,
          }]
          : []),
        // What the trials' spread allows around each prediction: a shaded band between two faint lines.
        ...(range.high.length > 0
          ? [
            { label: rangeLow, data: range.low, ...rangeLine, backgroundColor: withAlpha(theme.purple, 0.5), fill: false },
            { label: rangeHigh, data: range.high, ...rangeLine, backgroundColor: withAlpha(theme.purple, 0.15), fill: '-1' as const },
          ]
          : []),
        ...clusterSpeedupDatasets(result, maxWorkers * 8, theme),
      ],
    },
    options: {
      ...commonOptions(theme),
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: {
        x: speedupXAxis(maxWorkers, xMax, theme),
        y: speedupYAxis(logScale, [...measured, ...clusterPointsOf(cluster)].map((p) => p.y), xMax, theme),
      },
      plugins: {
        legend: { ...lineLegend(theme), labels: { ...lineLegend(theme).labels, filter: (item: LegendItem) => item.text !== rangeLow, generateLabels: clusterLegendLabels } },
        tooltip: speedupTooltip(theme),
      },
    },
  };
}

/** The speedup chart's tooltip (the measured line first, the ideal second, as the live view draws them too). */
export function speedupTooltip(theme: Theme) {
  return {
    ...tooltip(theme),
    // Not the ideal line, nor the prediction's first point, which is the measured cluster itself.
    filter: (item: TooltipItem<'line'>) => item.datasetIndex !== 1 && !(item.dataset.label === clusterPredictedLabel && item.dataIndex === 0),
    callbacks: {
      title: (items: TooltipItem<'line'>[]) => workersLabel(Number(items[0]?.parsed.x ?? 0)),
      label: (item: TooltipItem<'line'>) => `${tooltipName(item)} ${formatSpeedup(Number(item.parsed.y))}`,
    },
  };
}

/** Every cluster point, measured and predicted, for the y axis's range. */
function clusterPointsOf(cluster: ReturnType<typeof clusterSpeedupPoints>): { x: number; y: number }[] {
  return [...(cluster.measured ? [cluster.measured] : []), ...cluster.predicted];
}

/** The legend's samples: lines, but the cluster's diamond as the diamond it is drawn with. */
export function clusterLegendLabels(chart: Chart): LegendItem[] {
  return Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => (item.text.startsWith(`${clusterSeriesLabel} `) ? { ...item, pointStyle: 'rectRot' as const } : item));
}

/** What a hovered point of the speedup chart is. */
function tooltipName(item: TooltipItem<'line'>): string {
  const label = item.dataset.label;
  if (item.datasetIndex === 0) return 'speedup';
  if (label === clusterPredictedLabel) {
    const machines = (item.raw as { machines?: number }).machines ?? 0;
    return `cluster on ${machines} machines, predicted`;
  }
  if (label?.startsWith(`${clusterSeriesLabel} `)) return `${label.toLowerCase()}, measured`;
  if (label === rangeLow) return 'Amdahl, least favourable trials';
  if (label === rangeHigh) return 'Amdahl, most favourable trials';
  return 'Amdahl fit';
}

/** Draws both charts for `result` into the given canvases, replacing any earlier ones. */
export function renderCharts(runtimeCanvas: HTMLCanvasElement, speedupCanvas: HTMLCanvasElement | null, result: BenchmarkResult, theme: Theme): void {
  destroyRuntimeCharts();
  registry.runtime = new Chart(runtimeCanvas, runtimeConfig(result, theme));
  if (speedupCanvas) registry.speedup = new Chart(speedupCanvas, speedupConfig(result, theme));
}

/** Re-colours the live charts in place for a new theme. */
export function recolourCharts(result: BenchmarkResult, theme: Theme): void {
  if (registry.runtime) updateChart(registry.runtime, runtimeConfig(result, theme));
  if (registry.speedup) updateChart(registry.speedup, speedupConfig(result, theme));
}

/** Destroys the charts (before the DOM they live in is replaced). */
export const destroyCharts = destroyRuntimeCharts;
