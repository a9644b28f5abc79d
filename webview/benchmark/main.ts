/**
 * Benchmark panel: shows one BenchmarkResult (charts, statistics, suggestion) as sent by the
 * host after the 'ready' handshake, or as embedded in the CLI's standalone report.
 */
import type { BenchmarkResult } from '../../protocol/results';
import { emptyState, h, icon, legendItem } from '../shared/dom';
import { hostMode, onMessage, post, reportError, reportUncaughtErrors } from '../shared/host';
import { onThemeChange, readTheme } from '../shared/theme';
import { destroyCharts, recolourCharts, renderCharts } from './charts';
import { deliveryEmptyReason, deliverySubtitle, destroyDeliveryChart, recolourDeliveryChart, renderDeliveryChart } from './deliveryChart';
import { renderClusterCard } from './clusterCard';
import { clusterBar } from './clusterSeries';
import { renderMachine, renderSuggestion } from './details';
import { renderAmdahlLine, renderCpuBound, renderTrialTimes } from './figures';
import { deliveryData, runtimeData, speedupData } from './chartData';
import { leaveLive, renderLive } from './live';
import { baseName, renderBanners, renderErrors, renderHeader } from './summary';
import { renderStatsTable, statsCaption } from './table';
import { benchmarkToolbar } from './toolbar';
import { destroyTimelineChart, lastChunkSentence, recolourTimelineChart, renderTimelineChart, renderTimelineTable, timelineEmptyReason, timelineHeight, timelineSubtitle } from './timelineChart';

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
let current: BenchmarkResult | undefined;

function noBenchmark(): HTMLElement {
  return emptyState(
    'graph',
    'No benchmark yet',
    h('p', null, 'Run ', h('strong', null, 'Parallelize: Parallelize Function'), ' in a TypeScript file, or click the ', h('strong', null, 'Parallelize'), ' CodeLens above a function.'),
    h('p', { class: 'muted' }, 'It times the function serially and on worker pools of growing size, and shows the results here.'),
  );
}

function chartCard(id: string, title: string, subtitle: string, legend: HTMLElement | null, body: HTMLElement, cls = '', data: HTMLElement | null = null): HTMLElement {
  return h('section', { class: `card chart-card ${cls}`.trim(), id }, h('div', { class: 'card-head' }, h('h2', null, title), h('span', { class: 'muted small' }, subtitle)), body, legend, data);
}

/** The toolbar in VS Code (the standalone report has no host to act); every action names the result it acts on. */
function toolbarFor(result: BenchmarkResult): HTMLElement | null {
  if (hostMode !== 'vscode') return null;
  const fn = result.function;
  return benchmarkToolbar(
    { name: fn.name, location: `${baseName(fn.file)}:${fn.line}` },
    (action) => post({ type: 'benchmarkAction', action, startedAt: result.startedAt }),
    () => post({ type: 'openFunction', file: fn.file, line: fn.line }),
  );
}

/** A chart's canvas, described for screen readers. */
function chartCanvas(id: string, label: string): HTMLCanvasElement {
  const canvas = h('canvas', { id });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  return canvas;
}

/** The box a chart draws in, or the sentence that says why there is nothing to draw. */
function chartBox(canvas: HTMLCanvasElement | null, emptyReason: string): HTMLElement {
  return canvas ? h('div', { class: 'chart-box' }, canvas) : h('div', { class: 'chart-box chart-empty' }, icon('info'), h('span', null, emptyReason));
}

function render(result: BenchmarkResult): void {
  leaveLive();
  current = result;
  destroyCharts();
  destroyDeliveryChart();
  destroyTimelineChart();
  const theme = readTheme();
  const runtimeCanvas = chartCanvas('runtime-chart', 'Median runtime per configuration, with min–max whiskers');
  const speedupCanvas = result.runs.length ? chartCanvas('speedup-chart', 'Speedup against pool size, with the ideal y = x') : null;
  const deliveryEmpty = deliveryEmptyReason(result);
  const deliveryCanvas = deliveryEmpty === null ? chartCanvas('delivery-chart', 'Share of the inputs delivered over time, one line per pool size') : null;
  const { timeline } = result;
  const timelineCanvas = timeline === null ? null : chartCanvas('timeline-chart', 'Each worker over one trial: its chunks as bars from start to finish, its waits for messages between them');
  const timelineBox = chartBox(timelineCanvas, timelineEmptyReason(result) ?? '');
  // The rows decide the height (set through the CSSOM, which the CSP allows, unlike a style attribute).
  if (timeline !== null) timelineBox.style.height = `${timelineHeight(timeline)}px`;
  const lastChunk = timeline === null ? null : lastChunkSentence(timeline);
  const timelineFoot = timeline === null ? null : h(
    'div',
    { class: 'timeline-foot' },
    h('div', { class: 'legend' }, legendItem('compute', 'computing a chunk'), legendItem('messaging', 'waiting for a message'), legendItem('idle', 'idle')),
    lastChunk === null ? null : h('p', { class: 'muted small', id: 'timeline-last-chunk' }, lastChunk),
    renderTimelineTable(timeline),
  );

  // The timings of a run whose inputs failed time the errors: no charts or table to read a speedup from.
  const figures = result.failure === null;
  const page = h(
    'div',
    { class: 'page' },
    renderHeader(result, toolbarFor(result)),
    renderBanners(result),
    renderErrors(result),
    figures && h(
      'div',
      { class: 'charts' },
      chartCard(
        'runtime-card',
        'Runtime',
        'median per configuration, lower is better',
        h('div', { class: 'legend' }, legendItem('serial', 'serial'), legendItem('pool', 'worker pool'), legendItem('best', 'fastest'), clusterBar(result) && legendItem('cluster', 'cluster (Redis)'), h('span', { class: 'legend-item' }, h('span', { class: 'whisker' }), 'min–max')),
        h('div', { class: 'chart-box' }, runtimeCanvas),
        '',
        runtimeData(result),
      ),
      chartCard('speedup-card', 'Speedup', 'serial median ÷ pool median, higher is better', renderAmdahlLine(result), chartBox(speedupCanvas, 'No pool size finished, so there is no speedup to plot.'), '', speedupCanvas && speedupData(result)),
      chartCard('delivery-card', 'Delivery', deliverySubtitle(result), null, chartBox(deliveryCanvas, deliveryEmpty ?? ''), 'wide', deliveryCanvas && deliveryData(result)),
      chartCard('timeline-card', 'Timeline', timelineSubtitle(result), timelineFoot, timelineBox, 'wide'),
    ),
    figures && h('section', { class: 'card', id: 'stats' }, h('div', { class: 'card-head' }, h('h2', null, 'Statistics'), h('span', { class: 'muted small', id: 'stats-caption' }, statsCaption(result))), renderStatsTable(result), renderTrialTimes(result)),
    renderClusterCard(result),
    h('div', { class: 'details' }, renderSuggestion(result), renderCpuBound(result), renderMachine(result)),
  );
  app.replaceChildren(page);
  if (!figures) return;
  renderCharts(runtimeCanvas, speedupCanvas, result, theme);
  if (deliveryCanvas) renderDeliveryChart(deliveryCanvas, result, theme);
  if (timelineCanvas && timeline !== null) renderTimelineChart(timelineCanvas, timeline, theme);
}

reportUncaughtErrors();
app.replaceChildren(noBenchmark());
onThemeChange((theme) => {
  if (!current) return;
  recolourCharts(current, theme);
  recolourDeliveryChart(current, theme);
  recolourTimelineChart(current.timeline, theme);
});
onMessage((message) => {
  if (message.type === 'benchmark') render(message.result);
  else if (message.type === 'live') {
    // Until its result lands the run is drawn by live.ts (which owns its charts' colours too).
    current = undefined;
    renderLive(app, message.run);
  } else reportError(`The benchmark panel ignores '${message.type}' messages.`);
});
