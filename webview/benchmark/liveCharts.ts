/**
 * The live view's two charts, drawn from a run's partials as they arrive: runtime bars in the
 * slots of every planned configuration (empty until measured), the cluster's last, and measured
 * speedup points against the ideal y = x, with the cluster's diamond once its phase ended. Labels,
 * colours, axes and tooltips are the final charts' own (charts.ts, clusterSeries.ts), so the result
 * replacing the live view moves nothing that was already drawn. They live in the panel's chart
 * registry under the same roles as the final charts.
 */
import { Chart, type ChartConfiguration, type ChartType, type Plugin, type TooltipItem } from 'chart.js';
import type { LivePhase, RunPartial } from '../../protocol/live';
import type { TimingStats } from '../../protocol/results';
import { formatFraction, workersLabel } from '../shared/format';
import { withAlpha, type Theme } from '../shared/theme';
import { barStyle, commonOptions, idealLine, lineLegend, medianTimeAxis, registry, speedupLine, tooltip, updateChart } from './chartKit';
import { barTooltipLines, clusterLegendLabels, compactAxisPlugin, runtimeXAxis, speedupTooltip, speedupXAxis, speedupYAxis } from './charts';
import { clusterBar, clusterBarFill, clusterColour, clusterSpeedupDatasets, clusterSpeedupPoints, type ClusterBar } from './clusterSeries';

/** The phase under way and how far into it the run is, as the phase list shows it. */
export interface RunningPhase {
  id: string;
  fraction: number;
}

/** What the running slot says in place of its bar: two short lines in the axis's colour and font. */
interface RunningSlotOptions {
  index: number;
  lines: string[];
  color: string;
  font: string;
}

declare module 'chart.js' {
  // The type parameter must repeat Chart.js's declaration to merge with it.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** The live runtime chart's running slot (live view only). */
    runningSlot?: RunningSlotOptions | false;
  }
}

/** Writes "running" and the phase's progress in the empty slot of the phase under way, just above the axis. */
const runningSlotPlugin: Plugin<'bar'> = {
  id: 'runningSlot',
  afterDatasetsDraw(chart, _args, pluginOptions) {
    const options = pluginOptions as Partial<RunningSlotOptions>;
    const x = chart.scales['x'];
    if (options.index === undefined || !options.lines || !x) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.fillStyle = options.color ?? '';
    ctx.font = options.font ?? '';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    const lineHeight = Number.parseFloat(ctx.font) * 1.3 || 14;
    const centre = x.getPixelForValue(options.index);
    // A slot too narrow for a word keeps only the figure, which may then run a little past it.
    const room = chart.chartArea.width / Math.max(1, chart.data.labels?.length ?? 1) - 4;
    const lines = options.lines.filter((line, i, all) => i === all.length - 1 || ctx.measureText(line).width <= room);
    lines.forEach((line, i) => ctx.fillText(line, centre, chartArea.bottom - 4 - (lines.length - 1 - i) * lineHeight));
    ctx.restore();
  },
};

/** One bar's place: what it is called, what it measured so far, and whether it is serial or the cluster. */
interface Slot {
  /** The phase it draws (serial's is 'serial'). */
  id: string;
  label: string;
  stats: TimingStats | null;
  state: LivePhase['state'];
  role: 'serial' | 'pool' | 'cluster';
  /** The cluster's slot: its doubt once measured (null before, or when its figures stand). */
  cluster?: Pick<ClusterBar, 'label' | 'doubt'>;
}

/** A phase that ended without a figure has no bar in the result, so its slot goes too. */
function keepsSlot(phase: LivePhase, measured: boolean): boolean {
  return measured || phase.state === 'pending' || phase.state === 'running';
}

/** The serial slot, one per planned pool size, and the cluster's last, in the result's order and words. */
function slots(partial: RunPartial): Slot[] {
  const serialPhase = partial.phases.find((phase) => phase.kind === 'serial');
  const pools = partial.phases.flatMap((phase): Slot[] => {
    if (phase.kind !== 'pool' || phase.size === undefined) return [];
    const run = partial.runs.find((r) => r.workers === phase.size);
    return keepsSlot(phase, run !== undefined) ? [{ id: phase.id, label: workersLabel(phase.size), stats: run ?? null, state: phase.state, role: 'pool' }] : [];
  });
  const clusterPhase = partial.phases.find((phase) => phase.kind === 'cluster');
  // The bar the result will draw, once the phase ended with a trial; until then the planned label.
  const bar = clusterBar({ cluster: partial.cluster ?? null });
  const cluster: Slot[] = clusterPhase && keepsSlot(clusterPhase, bar !== null)
    ? [{ id: clusterPhase.id, label: bar?.label ?? clusterPhase.label, stats: bar?.stats ?? null, state: clusterPhase.state, role: 'cluster', cluster: { label: bar?.label ?? clusterPhase.label, doubt: bar?.doubt ?? null } }]
    : [];
  return [{ id: 'serial', label: 'serial', stats: partial.serial, state: serialPhase?.state ?? 'pending', role: 'serial' }, ...pools, ...cluster];
}

/** What an empty slot's tooltip says. */
function waiting(slot: Slot): string {
  return slot.state === 'running' ? 'running: not measured yet' : 'not measured yet';
}

function runtimeConfig(partial: RunPartial, running: RunningPhase | null, theme: Theme): ChartConfiguration<'bar'> {
  const all = slots(partial);
  const runningIndex = all.findIndex((slot) => slot.id === running?.id && slot.state === 'running' && slot.stats === null);
  const labels = all.map((slot) => slot.label);
  const border = (slot: Slot): string => (slot.role === 'cluster' ? clusterColour(theme) : slot.role === 'serial' ? theme.orange : theme.blue);
  return {
    type: 'bar',
    plugins: [compactAxisPlugin, runningSlotPlugin],
    data: {
      labels,
      datasets: [{
        label: 'Median time',
        data: all.map((slot) => slot.stats?.medianMs ?? null),
        ...barStyle(all.map(border)),
        // The cluster's bar is striped (sparse when stopped or in doubt), as in the result.
        backgroundColor: all.map((slot) => (slot.cluster ? clusterBarFill(theme, slot.cluster.doubt) : withAlpha(border(slot), 0.45))),
      }],
    },
    options: {
      ...commonOptions(theme),
      scales: {
        x: runtimeXAxis(labels, all.at(-1)?.cluster ?? null, theme),
        y: medianTimeAxis(Math.max(0, ...all.map((slot) => slot.stats?.maxMs ?? 0)) * 1.05, theme),
      },
      plugins: {
        legend: { display: false },
        runningSlot: runningIndex < 0 || running === null ? false : { index: runningIndex, lines: ['running', formatFraction(running.fraction)], color: theme.descriptionForeground, font: `${theme.fontSize - 1}px ${theme.fontFamily}` },
        // The whisker plugin (charts.ts) skips the slots not measured yet.
        whiskers: { ranges: all.map((slot): [number, number] => (slot.stats ? [slot.stats.minMs, slot.stats.maxMs] : [Number.NaN, Number.NaN])), color: theme.chartForeground },
        tooltip: {
          ...tooltip(theme),
          callbacks: {
            label: (item: TooltipItem<'bar'>) => {
              const slot = all[item.dataIndex];
              if (!slot) return '';
              return slot.stats ? barTooltipLines(slot.stats, slot.role === 'cluster' ? partial.cluster ?? null : null) : waiting(slot);
            },
          },
        },
      },
    },
  };
}

function speedupConfig(partial: RunPartial, theme: Theme): ChartConfiguration<'line'> {
  const planned = partial.phases.filter((phase) => phase.kind === 'pool').map((phase) => phase.size ?? 1);
  const maxWorkers = Math.max(1, ...planned);
  const measured = partial.runs.map((run) => ({ x: run.workers, y: run.speedup }));
  const cluster = { cluster: partial.cluster ?? null };
  // Partials carry no prediction (the result adds it), so the cluster is its measured diamond alone.
  const diamond = clusterSpeedupPoints(cluster, maxWorkers * 8).measured;
  // A planned cluster of more threads than the largest pool keeps its place on the axis before its diamond lands.
  const clusterPhase = partial.phases.find((phase) => phase.kind === 'cluster' && (phase.state === 'pending' || phase.state === 'running'));
  const xMax = Math.max(maxWorkers, diamond?.x ?? clusterPhase?.size ?? 0);
  const ideal = [...Array.from({ length: maxWorkers }, (_, i) => i + 1), ...(xMax > maxWorkers ? [xMax] : [])].map((x) => ({ x, y: x }));
  return {
    type: 'line',
    data: {
      datasets: [speedupLine('Measured', theme.blue, measured), idealLine(ideal, theme), ...clusterSpeedupDatasets(cluster, maxWorkers * 8, theme)],
    },
    options: {
      ...commonOptions(theme),
      scales: {
        x: speedupXAxis(maxWorkers, xMax, theme),
        y: speedupYAxis(xMax > maxWorkers, [...measured, ...(diamond ? [diamond] : [])].map((p) => p.y), xMax, theme),
      },
      plugins: {
        legend: { ...lineLegend(theme), labels: { ...lineLegend(theme).labels, generateLabels: clusterLegendLabels } },
        tooltip: speedupTooltip(theme),
      },
    },
  };
}

/** Updates the chart of `role` in place when it already draws on `canvas`, else replaces it. */
function redraw<T extends 'bar' | 'line'>(role: 'runtime' | 'speedup', canvas: HTMLCanvasElement, config: ChartConfiguration<T>): void {
  const chart = registry[role] as Chart<T> | undefined;
  if (chart?.canvas === canvas) {
    updateChart(chart, config);
    return;
  }
  chart?.destroy();
  (registry as Record<typeof role, Chart<T> | undefined>)[role] = new Chart(canvas, config);
}

/** Whether the run plans a cluster phase that may still draw (or has drawn) a bar: the legend names it then. */
export function drawsCluster(partial: RunPartial): boolean {
  return slots(partial).some((slot) => slot.role === 'cluster');
}

/** Draws the charts into the canvases the first time (the phase under way, if any, says so in its slot), and updates them in place after (no flicker, no lost tooltip). */
export function drawLiveCharts(runtimeCanvas: HTMLCanvasElement, speedupCanvas: HTMLCanvasElement, partial: RunPartial, running: RunningPhase | null, theme: Theme): void {
  redraw('runtime', runtimeCanvas, runtimeConfig(partial, running, theme));
  redraw('speedup', speedupCanvas, speedupConfig(partial, theme));
}
