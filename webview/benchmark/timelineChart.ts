/**
 * The benchmark panel's pool timeline: one row per worker over the fastest pool size's first
 * trial, each chunk a bar from when its worker started it to when it finished, and the worker's
 * waits for messages between them, so load imbalance and a slow last chunk show at a glance. The
 * shares per worker are in the table under it. The server built the model; this only draws it.
 */
import { Chart, type ChartConfiguration, type TooltipItem } from 'chart.js';
import type { BenchmarkResult, PoolTimeline, TimelineBar } from '../../protocol/results';
import { h, reflow } from '../shared/dom';
import { formatCount, formatFraction, formatMs, workersLabel } from '../shared/format';
import { withAlpha, type Theme } from '../shared/theme';
import { axisTitle, commonOptions, registry, stepTick, ticks, tooltip } from './chartKit';

/** One drawn segment: a chunk's compute, or a wait for a message on its worker. */
interface Segment {
  row: string;
  from: number;
  to: number;
  bar: TimelineBar;
  /** For waits: before the chunk started (its message) or after it ended (its reply). */
  side?: 'before' | 'after';
}

/** "worker 1" for the row of worker 1. */
function rowLabel(worker: number): string {
  return `worker ${worker}`;
}

/** "input 3" or "inputs 4–7". */
function inputsOf(bar: TimelineBar): string {
  return bar.items === 1 ? `input ${bar.firstInput}` : `inputs ${formatCount(bar.firstInput)}–${formatCount(bar.lastInput)}`;
}

/**
 * The stretches where a worker waited on messaging: from when its chunk was sent (or its previous
 * chunk ended, when the chunk was sent ahead) to when it started, and from when it ended to when
 * the engine had its reply (or the next chunk started).
 */
function waits(timeline: PoolTimeline): Segment[] {
  return timeline.rows.flatMap((row) => row.bars.flatMap((bar, i): Segment[] => {
    const before = Math.max(bar.sentMs, row.bars[i - 1]?.endMs ?? Number.NEGATIVE_INFINITY);
    const after = Math.min(bar.receivedMs, row.bars[i + 1]?.startMs ?? Number.POSITIVE_INFINITY);
    const label = rowLabel(row.worker);
    return [
      ...(bar.startMs > before ? [{ row: label, from: before, to: bar.startMs, bar, side: 'before' as const }] : []),
      ...(after > bar.endMs ? [{ row: label, from: bar.endMs, to: after, bar, side: 'after' as const }] : []),
    ];
  }));
}

function chunks(timeline: PoolTimeline): Segment[] {
  return timeline.rows.flatMap((row) => row.bars.map((bar) => ({ row: rowLabel(row.worker), from: bar.startMs, to: bar.endMs, bar })));
}

/** Why there is no timeline to draw, or null when there is one. */
export function timelineEmptyReason(result: BenchmarkResult): string | null {
  if (result.timeline !== null) return null;
  if (result.runs.length === 0) return 'No pool size finished, so there is no timeline to draw.';
  return 'This result was saved before timelines were recorded: run the benchmark again to see where each worker’s time went.';
}

/** The card's subtitle: which trial of which pool size, its wall time and where the time went. */
export function timelineSubtitle(result: BenchmarkResult): string {
  const t = result.timeline;
  if (t === null) return 'every worker over one trial';
  const which = t.workers === result.bestWorkers ? ', the fastest' : '';
  return `trial ${t.trial} on ${workersLabel(t.workers)}${which}, ${formatMs(t.wallMs)}: compute ${formatFraction(t.compute)}, messaging ${formatFraction(t.messaging)}, idle ${formatFraction(t.idle)}`;
}

/** The chart box's height: enough for every row to read, whatever the pool size. */
export function timelineHeight(timeline: PoolTimeline): number {
  return Math.round(Math.min(480, Math.max(150, 64 + timeline.rows.length * 30)));
}

/** Per worker: chunks, inputs and the shares, as a small table under the chart. */
export function renderTimelineTable(timeline: PoolTimeline): HTMLElement {
  const head = h('thead', null, h('tr', null, ...['Worker', 'Chunks', 'Inputs', 'Compute', 'Messaging', 'Idle'].map((text, i) => h('th', { class: i === 0 ? 'label' : 'num' }, text))));
  const body = h('tbody', null, ...timeline.rows.map((row) => {
    const tr = h(
      'tr',
      null,
      h('td', { class: 'label' }, rowLabel(row.worker)),
      h('td', { class: 'num' }, formatCount(row.chunkCount)),
      h('td', { class: 'num' }, formatCount(row.items)),
      h('td', { class: 'num' }, formatFraction(row.compute)),
      h('td', { class: 'num' }, formatFraction(row.messaging)),
      h('td', { class: 'num' }, formatFraction(row.idle)),
    );
    tr.dataset['worker'] = String(row.worker);
    return tr;
  }));
  return h('div', { class: 'table-scroll' }, reflow(h('table', { class: 'stats timeline-table', id: 'timeline-table' }, head, body)));
}

/** The line under the chart: the chunk that finished last and how long its worker ran alone. */
export function lastChunkSentence(timeline: PoolTimeline): string | null {
  const last = timeline.lastChunk;
  if (last === null) return null;
  const chunk = `The last chunk, ${last.items === 1 ? `input ${last.firstInput}` : `inputs ${last.firstInput}–${last.lastInput}`} on worker ${last.worker}, took ${formatMs(last.computeMs)}`;
  if (timeline.workers === 1) return `${chunk}.`;
  const share = timeline.wallMs > 0 ? last.aloneMs / timeline.wallMs : 0;
  return share < 0.01 ? `${chunk}; the workers finished together.` : `${chunk}; its worker ran alone for the last ${formatMs(last.aloneMs)} (${formatFraction(share)} of the trial).`;
}

function timelineConfig(timeline: PoolTimeline, theme: Theme): ChartConfiguration<'bar', Array<{ x: [number, number]; y: string }>, string> {
  const computed = chunks(timeline);
  const waited = waits(timeline);
  // Neighbouring chunks of a worker alternate in strength, so each chunk reads as its own bar.
  const shade = timeline.rows.flatMap((row) => row.bars.map((_, i) => withAlpha(theme.blue, i % 2 === 0 ? 0.9 : 0.6)));
  const describe = (segment: Segment | undefined, wait: boolean): string => {
    if (segment === undefined) return '';
    const { bar } = segment;
    const took = formatMs(segment.to - segment.from);
    if (wait) return segment.side === 'before' ? `${segment.row} waited ${took} for the message with ${inputsOf(bar)}` : `the reply with ${inputsOf(bar)} took ${took} to reach the engine`;
    const many = bar.chunks > 1 ? ` (${formatCount(bar.chunks)} chunks drawn as one)` : '';
    return `${segment.row}: ${inputsOf(bar)}${many}, ${took} from ${formatMs(bar.startMs)}`;
  };
  return {
    type: 'bar',
    data: {
      labels: timeline.rows.map((row) => rowLabel(row.worker)),
      datasets: [
        {
          label: 'compute',
          data: computed.map((s) => ({ x: [s.from, s.to], y: s.row })),
          backgroundColor: shade,
          borderWidth: 0,
          borderSkipped: false,
          grouped: false,
          barPercentage: 0.8,
          categoryPercentage: 1,
          order: 0,
        },
        {
          label: 'messaging',
          data: waited.map((s) => ({ x: [s.from, s.to], y: s.row })),
          backgroundColor: theme.yellow,
          borderWidth: 0,
          borderSkipped: false,
          grouped: false,
          // Thinner than a chunk: a wait reads as the gap it is, not as work.
          barPercentage: 0.4,
          categoryPercentage: 1,
          // At least a couple of pixels, so a 0.3 ms wait on a 600 ms axis still shows.
          minBarLength: 2,
          order: 1,
        },
      ],
    },
    options: {
      ...commonOptions(theme),
      indexAxis: 'y',
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: timeline.wallMs,
          title: axisTitle('time since the trial began (ms)', theme),
          ticks: { ...ticks(theme), callback: stepTick },
          grid: { color: withAlpha(theme.lines, 0.35) },
          border: { color: theme.lines },
        },
        y: {
          type: 'category',
          ticks: ticks(theme),
          grid: { display: false },
          border: { color: theme.lines },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          ...tooltip(theme),
          callbacks: {
            title: () => '',
            label: (item: TooltipItem<'bar'>) => describe(item.datasetIndex === 0 ? computed[item.dataIndex] : waited[item.dataIndex], item.datasetIndex === 1),
          },
        },
      },
    },
  };
}

/** Draws the timeline of `result` into `canvas`, replacing any earlier one. */
export function renderTimelineChart(canvas: HTMLCanvasElement, timeline: PoolTimeline, theme: Theme): void {
  destroyTimelineChart();
  registry.timeline = new Chart(canvas, timelineConfig(timeline, theme));
}

/** Re-colours the live timeline in place for a new theme. */
export function recolourTimelineChart(timeline: PoolTimeline | null, theme: Theme): void {
  const chart = registry.timeline;
  if (!chart || timeline === null) return;
  const config = timelineConfig(timeline, theme);
  chart.data = config.data;
  chart.options = config.options as never;
  chart.update('none');
}

/** Destroys the timeline chart (before the DOM it lives in is replaced). */
export function destroyTimelineChart(): void {
  registry.timeline?.destroy();
  delete registry.timeline;
}
