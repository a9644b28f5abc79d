/**
 * What every chart of the benchmark panel shares: the Chart.js parts it registers, the registry of
 * live charts the tests inspect, and the options that dress a chart in the VS Code theme.
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
} from 'chart.js';
import { formatTick } from '../shared/format';
import type { Theme } from '../shared/theme';

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
