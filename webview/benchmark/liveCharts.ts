/**
 * The live view's two charts, drawn from a run's partials as they arrive: runtime bars in the
 * slots of every planned configuration (empty until measured), and measured speedup points against
 * the ideal y = x. They live in the panel's chart registry under the same roles as the final
 * charts, which replace them when the result lands.
 */
import { Chart, type ChartConfiguration, type Scale, type TooltipItem } from 'chart.js';
import type { RunPartial } from '../../protocol/live';
import { formatMs, formatSpeedup, workersLabel } from '../shared/format';
import type { Theme } from '../shared/theme';
import { axisTitle, barStyle, commonOptions, configAxis, idealLine, lineLegend, medianTimeAxis, registry, speedupAxis, speedupLine, tooltip, updateChart, workersAxis } from './chartKit';

/** The serial slot and one per planned pool size, with what each has measured so far. */
function slots(partial: RunPartial): { label: string; median: number | null; range: [number, number] | null; serial: boolean }[] {
  const serial = partial.serial;
  const pools = partial.phases.filter((phase) => phase.kind === 'pool' && phase.size !== undefined);
  return [
    { label: 'serial', median: serial?.medianMs ?? null, range: serial ? [serial.minMs, serial.maxMs] : null, serial: true },
    ...pools.map((phase) => {
      const run = partial.runs.find((r) => r.workers === phase.size);
      // Just the count: nine "N workers" labels overlap on a narrow chart; the axis title says what it counts.
      return { label: String(phase.size ?? 1), median: run?.medianMs ?? null, range: run ? [run.minMs, run.maxMs] as [number, number] : null, serial: false };
    }),
  ];
}

function runtimeConfig(partial: RunPartial, theme: Theme): ChartConfiguration<'bar'> {
  const all = slots(partial);
  const colour = (serial: boolean): string => (serial ? theme.orange : theme.blue);
  return {
    type: 'bar',
    data: {
      labels: all.map((slot) => slot.label),
      datasets: [{ label: 'Median time', data: all.map((slot) => slot.median), ...barStyle(all.map((slot) => colour(slot.serial))) }],
    },
    options: {
      ...commonOptions(theme),
      scales: {
        // Under about 44 px a slot, "serial" would run into "1": the orange bar and the axis title say what it is.
        x: configAxis(axisTitle('serial (s), then pool size (workers)', theme), theme, function (this: Scale, value: string | number) {
          const label = this.getLabelForValue(Number(value));
          return label === 'serial' && this.chart.width / Math.max(1, all.length) < 44 ? 's' : label;
        }),
        y: medianTimeAxis(Math.max(0, ...all.map((slot) => slot.range?.[1] ?? 0)) * 1.05, theme),
      },
      plugins: {
        legend: { display: false },
        // The whisker plugin (charts.ts) skips the slots not measured yet.
        whiskers: { ranges: all.map((slot) => slot.range ?? [Number.NaN, Number.NaN]), color: theme.chartForeground },
        tooltip: {
          ...tooltip(theme),
          callbacks: {
            label: (item: TooltipItem<'bar'>) => {
              const slot = all[item.dataIndex];
              return slot?.range ? [`median ${formatMs(slot.median ?? 0)}`, `min–max ${formatMs(slot.range[0])} – ${formatMs(slot.range[1])}`] : 'not measured yet';
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
  const ideal = Array.from({ length: maxWorkers }, (_, i) => ({ x: i + 1, y: i + 1 }));
  return {
    type: 'line',
    data: {
      datasets: [speedupLine('Measured', theme.blue, measured), idealLine(ideal, theme)],
    },
    options: {
      ...commonOptions(theme),
      scales: {
        x: workersAxis(maxWorkers, theme),
        y: { ...speedupAxis(theme), beginAtZero: true, suggestedMax: Math.max(maxWorkers, ...measured.map((p) => p.y)) },
      },
      plugins: {
        legend: lineLegend(theme),
        tooltip: {
          ...tooltip(theme),
          filter: (item: TooltipItem<'line'>) => item.datasetIndex === 0,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => workersLabel(Number(items[0]?.parsed.x ?? 0)),
            label: (item: TooltipItem<'line'>) => `speedup ${formatSpeedup(Number(item.parsed.y))}`,
          },
        },
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

/** Draws the charts into the canvases the first time, and updates them in place after (no flicker, no lost tooltip). */
export function drawLiveCharts(runtimeCanvas: HTMLCanvasElement, speedupCanvas: HTMLCanvasElement, partial: RunPartial, theme: Theme): void {
  redraw('runtime', runtimeCanvas, runtimeConfig(partial, theme));
  redraw('speedup', speedupCanvas, speedupConfig(partial, theme));
}
