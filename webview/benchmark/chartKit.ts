/**
 * What every chart of the benchmark and compare panels shares: the Chart.js parts it registers, the
 * registry of live charts the tests inspect, the options that dress a chart in the VS Code theme,
 * and the axes and datasets the runtime and speedup charts draw alike.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LogarithmicScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type Scale,
} from 'chart.js';
import { formatTick } from '../shared/format';
import { withAlpha, type Theme } from '../shared/theme';

// Filler shades the Amdahl prediction's range between its low and high lines.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Tooltip, Legend, Filler);

/** The live charts by role: the panel's devtools and the browser tests inspect them here. */
export interface ChartRegistry {
  runtime?: Chart<'bar'>;
  speedup?: Chart<'line'>;
  /** Drawn by deliveryChart.ts. */
  delivery?: Chart<'line'>;
  /** Drawn by timelineChart.ts. */
  timeline?: Chart<'bar', Array<{ x: [number, number]; y: string }>, string>;
}

declare global {
  /** The benchmark panel's Chart instances, for inspection in devtools and the browser tests. */
  var parallelizeCharts: ChartRegistry | undefined;
}

/** The one registry every chart module of the panel records its live chart in. */
export const registry: ChartRegistry = {};
globalThis.parallelizeCharts = registry;

/** Options every chart of the panel shares: sizing, no animation, the theme's font and text colour. */
export function commonOptions(theme: Theme) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    font: { family: theme.fontFamily, size: theme.fontSize },
    color: theme.chartForeground,
    // Room for the end points and the best point's larger marker, which are not clipped.
    layout: { padding: { top: 4, right: 8, left: 4 } },
  };
}

/** An axis title in the theme's secondary text colour. */
export function axisTitle(text: string, theme: Theme) {
  return { display: true, text, color: theme.descriptionForeground, font: { family: theme.fontFamily, size: theme.fontSize - 1 } };
}

/** Tooltip colours and fonts from the theme's hover widget. */
export function tooltip(theme: Theme) {
  return {
    backgroundColor: theme.tooltipBackground,
    titleColor: theme.tooltipForeground,
    bodyColor: theme.tooltipForeground,
    borderColor: theme.tooltipBorder,
    borderWidth: 1,
    cornerRadius: 3,
    padding: 8,
    titleFont: { family: theme.fontFamily, weight: 'bold' as const },
    bodyFont: { family: theme.fontFamily },
  };
}

/** A tick label with the decimals its axis's step needs (a Chart.js ticks callback). */
export function stepTick(v: string | number, _i: number, all: { value: number }[]): string {
  return formatTick(Number(v), Math.abs((all[1]?.value ?? 0) - (all[0]?.value ?? 0)));
}

/** Tick label colour and font. */
export function ticks(theme: Theme) {
  return { color: theme.descriptionForeground, font: { family: theme.fontFamily, size: theme.fontSize - 1 } };
}

/** A legend of line samples at the chart's top right, for charts with several lines. */
export function lineLegend(theme: Theme) {
  return {
    position: 'top' as const,
    align: 'end' as const,
    labels: { color: theme.chartForeground, usePointStyle: true, pointStyle: 'line' as const, pointStyleWidth: 22, font: { family: theme.fontFamily, size: theme.fontSize - 1 } },
  };
}

/** A tick callback that shortens a label where the chart is narrow. */
type TickLabel = (this: Scale, value: string | number) => string | string[];

/** The x axis of a runtime chart: serial, then one slot per pool size, labels never tilted or skipped. */
export function configAxis(title: ReturnType<typeof axisTitle>, theme: Theme, callback?: TickLabel) {
  return {
    ticks: { ...ticks(theme), maxRotation: 0, autoSkip: false, ...(callback ? { callback } : {}) },
    title,
    grid: { display: false },
    border: { color: theme.lines },
  };
}

/** The y axis of a runtime chart, from zero; `suggestedMax` leaves room above the tallest whisker. */
export function medianTimeAxis(suggestedMax: number, theme: Theme) {
  return {
    beginAtZero: true,
    suggestedMax,
    title: axisTitle('median time (ms)', theme),
    ticks: { ...ticks(theme), callback: stepTick },
    grid: { color: withAlpha(theme.lines, 0.35) },
    border: { display: false },
  };
}

/** The x axis of a speedup chart over the measured pool sizes, one tick a worker. */
export function workersAxis(maxWorkers: number, theme: Theme) {
  return {
    type: 'linear' as const,
    min: 1,
    max: maxWorkers,
    title: axisTitle('pool size (workers)', theme),
    ticks: { ...ticks(theme), stepSize: 1, precision: 0 },
    grid: { color: withAlpha(theme.lines, 0.35) },
    border: { color: theme.lines },
  };
}

/** The look of a speedup chart's y axis (`2×` ticks); the caller sets its range and scale. */
export function speedupAxis(theme: Theme) {
  return {
    title: axisTitle('speedup (×)', theme),
    ticks: { ...ticks(theme), callback: (v: string | number) => `${Number(v)}×` },
    grid: { color: withAlpha(theme.lines, 0.35) },
    border: { display: false },
  };
}

/** How a runtime bar looks: its colour (one, or one per bar) at 45 % inside a border of the colour itself. */
export function barStyle(colour: string | string[], maxBarThickness = 64) {
  return {
    backgroundColor: typeof colour === 'string' ? withAlpha(colour, 0.45) : colour.map((c) => withAlpha(c, 0.45)),
    borderColor: colour,
    borderWidth: 1.5,
    borderRadius: 2,
    maxBarThickness,
  };
}

/** A measured speedup line with its points, drawn past the chart's edge rather than cut. */
export function speedupLine(label: string, colour: string, data: { x: number; y: number }[], dash: number[] = []) {
  return { label, data, borderColor: colour, backgroundColor: colour, borderDash: dash, borderWidth: 2, pointRadius: 4, pointHoverRadius: 6, tension: 0, clip: false as const };
}

/** The ideal speedup y = x through `data`, faint and dashed, without points. */
export function idealLine(data: { x: number; y: number }[], theme: Theme, dash: number[] = [6, 4]) {
  const colour = withAlpha(theme.chartForeground, 0.6);
  return { label: 'Ideal (y = x)', data, borderColor: colour, backgroundColor: colour, borderDash: dash, borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 0 };
}

/** Gives a live chart a new configuration and redraws it without animation (no flicker, no lost tooltip). */
export function updateChart<T extends ChartType>(chart: Chart<T>, config: ChartConfiguration<T>): void {
  chart.data = config.data;
  chart.options = config.options as never;
  chart.update('none');
}

/** Destroys the runtime and speedup charts (before the DOM they live in is replaced). */
export function destroyRuntimeCharts(): void {
  registry.runtime?.destroy();
  registry.speedup?.destroy();
  delete registry.runtime;
  delete registry.speedup;
}
