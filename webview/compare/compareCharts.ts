/**
 * The compare panel's two charts, before and after overlaid: median runtime per configuration as
 * paired bars, and speedup against pool size as two lines beside the ideal y = x. Built from the
 * comparison's rows with the benchmark panel's chart kit, re-coloured in place on a theme change.
 */
import { Chart, type ChartConfiguration, type TooltipItem } from 'chart.js';
import type { Comparison, ConfigTiming, DeltaRow } from '../../protocol/history';
import { axisTitle, barStyle, commonOptions, configAxis, destroyRuntimeCharts, idealLine, lineLegend, medianTimeAxis, registry, speedupAxis, speedupLine, tooltip, updateChart, workersAxis } from '../benchmark/chartKit';
import { formatMs, formatRangeMs, formatSpeedup, workersLabel } from '../shared/format';
import type { Theme } from '../shared/theme';

/** The two series' colours: the earlier run muted, the later one in the theme's blue. */
export function seriesColours(theme: Theme): { before: string; after: string } {
  return { before: theme.purple, after: theme.blue };
}

/** "serial", "2 workers". */
export function configLabel(row: DeltaRow): string {
  return row.config === 'serial' ? 'serial' : workersLabel(row.config);
}

function timingTooltip(t: ConfigTiming | null): string[] {
  return t ? [`median ${formatMs(t.medianMs)}`, `min–max ${formatRangeMs(t.minMs, t.maxMs)}`, `${t.trials} trial${t.trials === 1 ? '' : 's'}`] : ['not measured'];
}

function runtimeConfig(comparison: Comparison, theme: Theme): ChartConfiguration<'bar'> {
  const { rows } = comparison;
  const colours = seriesColours(theme);
  const bar = (label: string, colour: string, pick: (r: DeltaRow) => ConfigTiming | null) => ({ label, data: rows.map((r) => pick(r)?.medianMs ?? null), ...barStyle(colour, 40) });
  const tops = rows.flatMap((r) => [r.before?.maxMs ?? 0, r.after?.maxMs ?? 0]);
  return {
    type: 'bar',
    data: {
      // "serial", then the bare pool sizes under an axis title: "2 workers" ×8 would overlap at any width.
      labels: rows.map((r) => (r.config === 'serial' ? 'serial' : String(r.config))),
      datasets: [bar('Before', colours.before, (r) => r.before), bar('After', colours.after, (r) => r.after)],
    },
    options: {
      ...commonOptions(theme),
      scales: {
        x: configAxis(axisTitle('pool size (workers)', theme), theme),
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
              return [`${item.dataset.label ?? ''}:`, ...timingTooltip(item.datasetIndex === 0 ? row.before : row.after)];
            },
          },
        },
      },
    },
  };
}

function speedupConfig(comparison: Comparison, theme: Theme): ChartConfiguration<'line'> {
  const pools = comparison.rows.filter((r): r is DeltaRow & { config: number } => r.config !== 'serial');
  const colours = seriesColours(theme);
  const maxWorkers = Math.max(1, ...pools.map((r) => r.config));
  const points = (pick: (r: DeltaRow) => number | null) => pools.flatMap((r) => (pick(r) === null ? [] : [{ x: r.config, y: pick(r)! }]));
  const measured = [...points((r) => r.speedupBefore), ...points((r) => r.speedupAfter)].map((p) => p.y);
  return {
    type: 'line',
    data: {
      datasets: [
        speedupLine('Before', colours.before, points((r) => r.speedupBefore), [5, 3]),
        speedupLine('After', colours.after, points((r) => r.speedupAfter)),
        idealLine(Array.from({ length: maxWorkers }, (_, i) => ({ x: i + 1, y: i + 1 })), theme, [2, 4]),
      ],
    },
    options: {
      ...commonOptions(theme),
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: {
        x: workersAxis(maxWorkers, theme),
        y: { ...speedupAxis(theme), beginAtZero: true, suggestedMax: Math.max(maxWorkers, ...measured) },
      },
      plugins: {
        legend: lineLegend(theme),
        tooltip: {
          ...tooltip(theme),
          filter: (item: TooltipItem<'line'>) => item.datasetIndex !== 2,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => workersLabel(Number(items[0]?.parsed.x ?? 0)),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''} ${formatSpeedup(Number(item.parsed.y))}`,
          },
        },
      },
    },
  };
}

/** Whether there is a speedup to plot: some pool size measured on either side. */
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
