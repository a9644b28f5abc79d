/**
 * Compare panel: two runs of a function side by side, as the host computed them (the comparison
 * arrives after the 'ready' handshake): the headline, overlaid runtime and speedup charts, the
 * delta table with its noise markers, and what changed between the runs.
 */
import type { Comparison, ComparedRun } from '../../protocol/history';
import { emptyState, h, icon } from '../shared/dom';
import { hostMode, onMessage, post, reportError, reportUncaughtErrors } from '../shared/host';
import { onThemeChange, readTheme } from '../shared/theme';
import { clusterChartNote, destroyCompareCharts, hasSpeedups, hasTimings, recolourCompareCharts, renderCompareCharts } from './compareCharts';
import { clusterNote, noiseRule, renderDeltaTable } from './deltaTable';
import { renderWhatChanged } from './whatChanged';
import { formatRunTime } from '../shared/format';

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
let current: Comparison | undefined;

function nothingToCompare(): HTMLElement {
  return emptyState(
    'diff',
    'Nothing to compare yet',
    h('p', null, 'In the ', h('strong', null, 'Parallelize'), ' view of the Explorer, pick a run and choose ', h('strong', null, 'Compare with Previous Run'), ', or select two runs and choose ', h('strong', null, 'Compare Selected Runs'), '.'),
  );
}


function runChip(side: 'before' | 'after', run: ComparedRun): HTMLElement {
  const chip = h('div', { class: `run-chip ${side}`, id: `run-${side}`, title: run.verdict }, h('span', { class: 'swatch' }), h('span', { class: 'side' }, side === 'before' ? 'Before' : 'After'), h('span', { class: 'when' }, formatRunTime(run.startedAt)), h('span', { class: `badge outcome ${run.outcome}` }, run.short));
  return chip;
}

function header(comparison: Comparison): HTMLElement {
  const fn = comparison.function;
  const location = `${fn.file.split(/[\\/]/).pop() ?? fn.file}:${fn.line}`;
  const link = hostMode === 'vscode'
    ? h('button', { class: 'link', id: 'open-function', title: `Open ${fn.file}:${fn.line}` }, icon('go-to-file'), location)
    : h('span', { class: 'muted' }, location);
  if (link instanceof HTMLButtonElement) link.addEventListener('click', () => post({ type: 'openFunction', file: fn.file, line: fn.line }));
  return h(
    'header',
    { class: 'compare-header' },
    h('div', { class: 'title-row' }, h('h1', null, icon('diff'), `Compare ${fn.name}`), link),
    h('div', { class: 'chips' }, runChip('before', comparison.before), h('span', { class: 'chip-arrow muted' }, icon('arrow-right')), runChip('after', comparison.after)),
    h('p', { class: 'headline', id: 'headline' }, comparison.headline),
  );
}

function canvas(id: string, label: string): HTMLCanvasElement {
  const el = h('canvas', { id });
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  return el;
}

function chartCard(id: string, title: string, subtitle: string, body: HTMLElement): HTMLElement {
  return h('section', { class: 'card chart-card', id }, h('div', { class: 'card-head' }, h('h2', null, title), h('span', { class: 'muted small' }, subtitle)), body);
}

function chartBox(el: HTMLCanvasElement | null, emptyReason: string): HTMLElement {
  return el ? h('div', { class: 'chart-box' }, el) : h('div', { class: 'chart-box chart-empty' }, icon('info'), h('span', null, emptyReason));
}

/** Under the charts, when their cluster marks are not like with like: never a silent comparison. */
function chartNote(comparison: Comparison): HTMLElement | null {
  const note = clusterChartNote(comparison);
  return note ? h('div', { class: 'banner warning', id: 'cluster-chart-note' }, icon('warning'), h('div', { class: 'banner-body' }, note)) : null;
}

function render(comparison: Comparison): void {
  current = comparison;
  destroyCompareCharts();
  const runtime = hasTimings(comparison) ? canvas('runtime-chart', 'Median runtime per configuration, before and after') : null;
  const speedup = hasSpeedups(comparison) ? canvas('speedup-chart', 'Speedup against pool size, before and after, with the ideal y = x') : null;
  const page = h(
    'div',
    { class: 'page' },
    header(comparison),
    comparison.caveat ? h('div', { class: 'banner warning', id: 'caveat' }, icon('warning'), h('div', { class: 'banner-body' }, comparison.caveat)) : null,
    h(
      'div',
      { class: 'charts' },
      chartCard('runtime-card', 'Runtime', 'median per configuration, lower is better', chartBox(runtime, 'Neither run measured a time that can be compared.')),
      chartCard('speedup-card', 'Speedup', 'serial median ÷ pool median, higher is better', chartBox(speedup, 'No pool size finished in either run.')),
    ),
    chartNote(comparison),
    h('section', { class: 'card', id: 'deltas' }, h('div', { class: 'card-head' }, h('h2', null, 'Before and after')), renderDeltaTable(comparison), h('p', { class: 'muted small', id: 'noise-rule' }, noiseRule(comparison)), clusterNote(comparison)),
    renderWhatChanged(comparison),
  );
  app.replaceChildren(page);
  renderCompareCharts(runtime, speedup, comparison, readTheme());
}

reportUncaughtErrors();
app.replaceChildren(nothingToCompare());
onThemeChange((theme) => {
  if (current) recolourCompareCharts(current, theme);
});
onMessage((message) => {
  if (message.type === 'compare') render(message.comparison);
  else reportError(`The compare panel ignores '${message.type}' messages.`);
});
