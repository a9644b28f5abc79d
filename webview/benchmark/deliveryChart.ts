/**
 * The benchmark panel's delivery chart: for each pool size, the share of the inputs whose results
 * had been delivered against the time since its first timed trial began. Ordered delivery shows
 * flat runs where a slow input holds back the results after it; unordered delivery climbs early.
 */
import { Chart, type ChartConfiguration, type TooltipItem } from 'chart.js';
import type { BenchmarkResult, DeliveryPoint, PoolRun } from '../../protocol/results';
import { formatCount, formatMs, workersLabel } from '../shared/format';
import { withAlpha, type Theme } from '../shared/theme';
import { axisTitle, commonOptions, lineLegend, registry, stepTick, ticks, tooltip } from './chartKit';
import { fastestConfig } from './fastest';

/** One pool size's curve, from the trial's start (nothing delivered yet) to its last result. */
interface Curve {
  run: PoolRun;
  points: DeliveryPoint[];
  /** Inputs the trial delivered in all: the last point's count. */
  total: number;
}

function curves(result: BenchmarkResult): Curve[] {
  return result.runs
    .filter((run) => run.delivery.length > 0)
    .map((run) => ({ run, points: [{ ms: 0, items: 0 }, ...run.delivery], total: run.delivery.at(-1)?.items ?? 0 }));
}

/** Why there is no curve to draw, or null when there is one. */
export function deliveryEmptyReason(result: BenchmarkResult): string | null {
  if (result.runs.length === 0) return 'No pool size finished, so there is no delivery to plot.';
  if (curves(result).length === 0) return 'This result was saved before delivery times were recorded: run the benchmark again to see when its results arrived.';
  return null;
}

/** The card's subtitle: what the curves show and in which order results were handed over. */
export function deliverySubtitle(result: BenchmarkResult): string {
  return `results delivered over the first trial, ${result.ordered ? 'in input order' : 'as they landed'}`;
}

/** The fastest pool size in green (when it beat serial); the others in blue, fainter for fewer workers, so the lines read in order. */
function lineColour(run: PoolRun, result: BenchmarkResult, theme: Theme): string {
  if (run.workers === fastestConfig(result)) return theme.green;
  const most = Math.max(1, ...result.runs.map((r) => r.workers));
  return withAlpha(theme.blue, 0.35 + (0.65 * run.workers) / most);
}

function deliveryConfig(result: BenchmarkResult, theme: Theme): ChartConfiguration<'line'> {
  const drawn = curves(result);
  const legend = lineLegend(theme);
  return {
    type: 'line',
    data: {
      datasets: drawn.map(({ run, points, total }) => {
        const best = run.workers === fastestConfig(result);
        const colour = lineColour(run, result, theme);
        return {
          label: workersLabel(run.workers),
          data: points.map((p) => ({ x: p.ms, y: total > 0 ? (100 * p.items) / total : 0 })),
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: best ? 2.5 : 1.5,
          // A count holds until the next result lands, then jumps: the step comes at the later point.
          stepped: 'before' as const,
          pointRadius: 0,
          pointHoverRadius: 4,
          // The fastest pool's line is drawn last, over the others.
          order: best ? 0 : 1,
          clip: false as const,
        };
      }),
    },
    options: {
      ...commonOptions(theme),
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: {
          type: 'linear',
          // No max: the axis ends at the round tick past the slowest pool's last result.
          min: 0,
          title: axisTitle('time since the trial began (ms)', theme),
          ticks: { ...ticks(theme), callback: stepTick },
          grid: { color: withAlpha(theme.lines, 0.35) },
          border: { color: theme.lines },
        },
        y: {
          min: 0,
          max: 100,
          title: axisTitle('inputs delivered', theme),
          ticks: { ...ticks(theme), stepSize: 25, callback: (v: string | number) => `${Number(v)}%` },
          grid: { color: withAlpha(theme.lines, 0.35) },
          border: { display: false },
        },
      },
      plugins: {
        // In pool-size order, whichever line is drawn on top.
        legend: { ...legend, labels: { ...legend.labels, sort: (a: { datasetIndex?: number }, b: { datasetIndex?: number }) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
        tooltip: {
          ...tooltip(theme),
          callbacks: {
            title: () => '',
            label: (item: TooltipItem<'line'>) => {
              const curve = drawn[item.datasetIndex];
              const point = curve?.points[item.dataIndex];
              if (!curve || !point) return '';
              return `${workersLabel(curve.run.workers)}: ${formatCount(point.items)} of ${formatCount(curve.total)} inputs after ${formatMs(point.ms)}`;
            },
          },
        },
      },
    },
  };
}

/** Draws the delivery chart for `result` into `canvas`, replacing any earlier one. */
export function renderDeliveryChart(canvas: HTMLCanvasElement, result: BenchmarkResult, theme: Theme): void {
  destroyDeliveryChart();
  registry.delivery = new Chart(canvas, deliveryConfig(result, theme));
}

/** Re-colours the live delivery chart in place for a new theme. */
export function recolourDeliveryChart(result: BenchmarkResult, theme: Theme): void {
  const chart = registry.delivery;
  if (!chart) return;
  const config = deliveryConfig(result, theme);
  chart.data = config.data;
  chart.options = config.options as never;
  chart.update('none');
}

/** Destroys the delivery chart (before the DOM it lives in is replaced). */
export function destroyDeliveryChart(): void {
  registry.delivery?.destroy();
  delete registry.delivery;
}
