/**
 * The compare panel's two charts, before and after overlaid: median runtime per configuration as
 * paired bars, and speedup against pool size as two lines beside the ideal y = x. Built from the
 * comparison's rows with the benchmark panel's chart kit, re-coloured in place on a theme change.
 */
import { Chart, type ChartConfiguration, type TooltipItem } from 'chart.js';
import type { Comparison, ConfigTiming, DeltaRow } from '../../protocol/history';
import { axisTitle, commonOptions, lineLegend, registry, stepTick, ticks, tooltip } from '../benchmark/chartKit';
import { formatMs, formatRangeMs, formatSpeedup, workersLabel } from '../shared/format';
import { withAlpha, type Theme } from '../shared/theme';

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
  const bar = (label: string, colour: string, pick: (r: DeltaRow) => ConfigTiming | null) => ({
    label,
    data: rows.map((r) => pick(r)?.medianMs ?? null),
    backgroundColor: withAlpha(colour, 0.45),
    borderColor: colour,
    borderWidth: 1.5,
    borderRadius: 2,
    maxBarThickness: 40,
  });
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
        x: { title: axisTitle('pool size (workers)', theme), ticks: { ...ticks(theme), maxRotation: 0, autoSkip: false }, grid: { display: false }, border: { color: theme.lines } },
        y: {
          beginAtZero: true,
          suggestedMax: Math.max(...tops) * 1.02,
          title: axisTitle('median time (ms)', theme),
          ticks: { ...ticks(theme), callback: stepTick },
          grid: { color: withAlpha(theme.lines, 0.35) },
          border: { display: false },
        },
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
  const line = (label: string, colour: string, data: { x: number; y: number }[], dash: number[] = []) => ({
    label, data, borderColor: colour, backgroundColor: colour, borderDash: dash, borderWidth: 2, pointRadius: 4, pointHoverRadius: 6, tension: 0, clip: false as const,
  });
  const measured = [...points((r) => r.speedupBefore), ...points((r) => r.speedupAfter)].map((p) => p.y);
  return {
    type: 'line',
    data: {
      datasets: [
        line('Before', colours.before, points((r) => r.speedupBefore), [5, 3]),
        line('After', colours.after, points((r) => r.speedupAfter)),
        {
          label: 'Ideal (y = x)',
          data: Array.from({ length: maxWorkers }, (_, i) => ({ x: i + 1, y: i + 1 })),
          borderColor: withAlpha(theme.chartForeground, 0.6),
          backgroundColor: withAlpha(theme.chartForeground, 0.6),
          borderDash: [2, 4],
          borderWidth: 1.5,
          pointRadius: 0,
          pointHoverRadius: 0,
        },
      ],
    },
    options: {
      ...commonOptions(theme),
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: {
        x: { type: 'linear', min: 1, max: maxWorkers, title: axisTitle('pool size (workers)', theme), ticks: { ...ticks(theme), stepSize: 1, precision: 0 }, grid: { color: withAlpha(theme.lines, 0.35) }, border: { color: theme.lines } },
        y: { beginAtZero: true, suggestedMax: Math.max(maxWorkers, ...measured), title: axisTitle('speedup (×)', theme), ticks: { ...ticks(theme), callback: (v: string | number) => `${Number(v)}×` }, grid: { color: withAlpha(theme.lines, 0.35) }, border: { display: false } },
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
  destroyCompareCharts();
  if (runtime) registry.runtime = new Chart(runtime, runtimeConfig(comparison, theme));
  if (speedup) registry.speedup = new Chart(speedup, speedupConfig(comparison, theme));
}

/** Re-colours the live charts in place for a new theme. */
export function recolourCompareCharts(comparison: Comparison, theme: Theme): void {
  for (const [chart, config] of [
    [registry.runtime, runtimeConfig(comparison, theme)],
    [registry.speedup, speedupConfig(comparison, theme)],
  ] as const) {
    if (!chart) continue;
    chart.data = config.data;
    chart.options = config.options as never;
    chart.update('none');
  }
}

/** Destroys the charts before the DOM they live in is replaced. */
export function destroyCompareCharts(): void {
  registry.runtime?.destroy();
  registry.speedup?.destroy();
  delete registry.runtime;
  delete registry.speedup;
}
