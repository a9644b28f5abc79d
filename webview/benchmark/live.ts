/**
 * The benchmark panel while a run goes on: each phase with its progress and, once done, its
 * figure (a stopped cluster's struck, as the result's table strikes it); the runtime and speedup
 * charts filling in as the partials arrive, the cluster's bar and diamond included; a Cancel button that
 * asks the host to stop the run (which keeps what was measured). The page is built once per run
 * and updated in place, so the button keeps its focus and the charts do not flicker.
 */
import type { LivePhase, LiveView, RunPartial } from '../../protocol/live';
import { h, icon, legendItem } from '../shared/dom';
import { formatCount, formatFraction, formatMs, formatSpeedup } from '../shared/format';
import { post } from '../shared/host';
import { onThemeChange, readTheme } from '../shared/theme';
import { destroyCharts } from './charts';
import { clusterDoubt, clusterFigures } from '../../protocol/clusterText';
import { destroyDeliveryChart } from './deliveryChart';
import { drawLiveCharts, drawsCluster } from './liveCharts';
import { destroyTimelineChart } from './timelineChart';

/** The page of the run on show, and the fraction each phase last reached (a stopped phase keeps it). */
interface Shown {
  runId: string;
  root: HTMLElement;
  heading: HTMLElement;
  status: HTMLElement;
  cancel: HTMLButtonElement;
  problem: HTMLElement;
  facts: HTMLElement;
  phases: HTMLOListElement;
  charts: HTMLElement;
  /** The runtime chart's legend: it names the cluster while the run plans one. */
  legend: HTMLElement;
  runtimeCanvas: HTMLCanvasElement;
  speedupCanvas: HTMLCanvasElement;
  reached: Map<string, number>;
  /** Cancel was pressed here: the button says so before the host confirms. */
  cancelPressed: boolean;
  view: LiveView;
}

let shown: Shown | undefined;

const stateIcons: Record<LivePhase['state'], string> = {
  pending: 'circle-large-outline',
  running: 'loading',
  done: 'pass',
  stopped: 'debug-stop',
  skipped: 'circle-slash',
};

const stateWords: Record<LivePhase['state'], string> = {
  pending: 'to come',
  running: 'running',
  done: 'done',
  stopped: 'stopped',
  skipped: 'not run',
};

/** The figure a finished phase measured, in the words of the table the result will show. */
function figureOf(phase: LivePhase, partial: RunPartial): string {
  if (phase.kind === 'serial') return partial.serial ? formatMs(partial.serial.medianMs) : '';
  if (phase.kind === 'messaging') return partial.chunkSize === null ? '' : `chunks of ${formatCount(partial.chunkSize)}`;
  if (phase.kind === 'pool') {
    const run = partial.runs.find((r) => r.workers === phase.size);
    return run ? `${formatMs(run.medianMs)} · ${formatSpeedup(run.speedup)}` : '';
  }
  if (phase.kind === 'cluster') {
    // The cluster's figures arrive once its phase ended (a stopped one's row carries the stopped icon).
    const figures = clusterFigures(partial.cluster ?? null);
    return figures === null ? '' : `${formatMs(figures.stats.medianMs)} · ${formatSpeedup(figures.speedup)}`;
  }
  const run = partial.asyncRuns.find((r) => r.concurrency === phase.size);
  return run ? `${formatMs(run.medianMs)} · ${formatSpeedup(run.speedup)}` : '';
}

function chartCard(id: string, title: string, subtitle: string, canvas: HTMLCanvasElement, legend: HTMLElement | null = null): HTMLElement {
  return h('section', { class: 'card chart-card', id }, h('div', { class: 'card-head' }, h('h2', null, title), h('span', { class: 'muted small' }, subtitle)), h('div', { class: 'chart-box' }, canvas), legend);
}

/** The runtime chart's swatches, as the result's legend has them (less "fastest", which only the result knows). */
function legendItems(cluster: boolean): HTMLElement[] {
  return [legendItem('serial', 'serial'), legendItem('pool', 'worker pool'), ...(cluster ? [legendItem('cluster', 'cluster (Redis)')] : []), h('span', { class: 'legend-item' }, h('span', { class: 'whisker' }), 'min–max')];
}

/** Why a cluster's figure is struck through, or null when it stands (or has none yet). */
function clusterDoubtTitle(phase: LivePhase, partial: RunPartial): string | null {
  const cluster = partial.cluster;
  if (phase.kind !== 'cluster' || !cluster || clusterFigures(cluster) === null) return null;
  const doubt = clusterDoubt(cluster);
  if (doubt === null) return null;
  return doubt === 'stopped' ? `Stopped early: these figures cover only the trials it finished (${cluster.stopped ?? ''})` : 'The cluster’s results differ from serial: its speedup cannot be trusted';
}

function canvas(id: string, label: string): HTMLCanvasElement {
  const el = h('canvas', { id });
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  return el;
}

function build(app: HTMLElement, view: LiveView): Shown {
  // The result's charts (if one was on show) go with the page they were drawn in.
  destroyCharts();
  destroyDeliveryChart();
  destroyTimelineChart();
  const heading = h('h1', null);
  const cancel = h('button', { class: 'live-cancel', id: 'live-cancel', title: 'Stop the run; the panel keeps what it measured' });
  cancel.type = 'button';
  cancel.addEventListener('click', () => {
    if (!shown || shown.view.state !== 'running') return;
    post({ type: 'cancelRun', runId: shown.runId });
    // Shown at once; the host confirms with a 'cancelling' state.
    shown.cancelPressed = true;
    renderCancel(shown);
  });
  const status = h('p', { class: 'muted live-status', id: 'live-status' });
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const problem = h('div', { class: 'live-problem', id: 'live-problem' });
  const facts = h('span', { class: 'muted small', id: 'live-facts' });
  const phases = h('ol', { class: 'phase-list', id: 'live-phases' });
  const runtimeCanvas = canvas('runtime-chart', 'Median runtime of each configuration measured so far, with min–max whiskers');
  const speedupCanvas = canvas('speedup-chart', 'Speedup of each pool size measured so far, against the ideal y = x');
  const legend = h('div', { class: 'legend', id: 'live-runtime-legend' }, ...legendItems(false));
  const charts = h('div', { class: 'charts' },
    chartCard('runtime-card', 'Runtime', 'median so far, lower is better', runtimeCanvas, legend),
    chartCard('speedup-card', 'Speedup', 'serial median ÷ pool median, so far', speedupCanvas));
  const root = h('div', { class: 'page live', id: 'live' },
    h('header', { class: 'run-header' }, h('div', { class: 'title-row' }, heading, cancel), status),
    problem,
    h('section', { class: 'card', id: 'live-phases-card' }, h('div', { class: 'card-head' }, h('h2', null, 'Phases'), facts), phases),
    charts);
  app.replaceChildren(root);
  return { runId: view.runId, root, heading, status, cancel, problem, facts, phases, charts, legend, runtimeCanvas, speedupCanvas, reached: new Map(), cancelPressed: false, view };
}

function phaseRow(phase: LivePhase, partial: RunPartial, fraction: number): HTMLLIElement {
  const bar = h('span', { class: 'phase-bar' }, h('span', { class: 'phase-fill' }));
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  bar.setAttribute('aria-label', `${phase.label}: ${stateWords[phase.state]}`);
  // Set through the CSSOM, which the CSP allows (a style attribute it would not).
  (bar.firstElementChild as HTMLElement).style.width = `${(fraction * 100).toFixed(1)}%`;
  const spin = phase.state === 'running' ? ' codicon-modifier-spin' : '';
  // A stopped cluster's figure, or one whose results differ, is struck as the result's table strikes it.
  const doubt = clusterDoubtTitle(phase, partial);
  const row = h('li', { class: `phase phase-${phase.state}${doubt === null ? '' : ' doubt'}`, ...(doubt === null ? {} : { title: doubt }) },
    icon(stateIcons[phase.state], `phase-icon${spin}`),
    h('span', { class: 'phase-label' }, phase.label),
    bar,
    h('span', { class: 'phase-figure' }, phase.state === 'running' ? formatFraction(fraction) : phase.state === 'done' || phase.state === 'stopped' ? figureOf(phase, partial) : stateWords[phase.state]));
  row.dataset['phase'] = phase.id;
  return row;
}

/** The Cancel button: hidden once the run failed, disabled from the moment it was pressed. */
function renderCancel(s: Shown): void {
  const cancelling = s.cancelPressed || s.view.state === 'cancelling';
  s.cancel.hidden = s.view.state === 'failed';
  if (s.cancel.disabled === cancelling && s.cancel.childNodes.length > 0) return;
  s.cancel.disabled = cancelling;
  s.cancel.replaceChildren(...(cancelling ? [icon('loading', 'codicon-modifier-spin'), 'Cancelling…'] : [icon('debug-stop'), 'Cancel']));
}

function update(s: Shown, view: LiveView): void {
  s.view = view;
  const { partial, progress } = view;
  const failed = view.state === 'failed';
  s.heading.replaceChildren(
    icon(failed ? 'error' : 'loading', failed ? 'title-icon live-failed' : 'title-icon codicon-modifier-spin'),
    // One flex item, so the words keep their space.
    h('span', null, failed ? 'Stopped: ' : 'Benchmarking ', h('span', { class: 'fn-name' }, partial?.function.name ?? view.name)));
  renderCancel(s);
  const whole = progress ? ` · ${formatFraction(progress.fraction)} of the run` : '';
  s.status.textContent = view.state === 'cancelling'
    ? 'Cancelling: the panel will show what was measured.'
    : failed ? '' : `${progress?.message ?? (partial ? 'starting' : 'bundling the function')}${whole}`;
  s.problem.replaceChildren(...(failed ? [h('div', { class: 'banner live-error' }, icon('error'), h('div', { class: 'banner-body' }, view.error ?? 'The run ended without a result.'))] : []));
  s.problem.hidden = !failed;
  if (!partial) {
    s.phases.replaceChildren(h('li', { class: 'phase phase-running' }, icon('loading', 'phase-icon codicon-modifier-spin'), h('span', { class: 'phase-label' }, 'bundling')));
    s.charts.hidden = true;
    return;
  }
  s.facts.textContent = [
    partial.inputCount === null ? null : `${formatCount(partial.inputCount)} inputs`,
    `${partial.cores} core${partial.cores === 1 ? '' : 's'}`,
  ].filter((part) => part !== null).join(' · ');
  for (const phase of partial.phases) {
    if (phase.state === 'done') s.reached.set(phase.id, 1);
    else if (phase.state === 'running' && progress?.phase?.id === phase.id) s.reached.set(phase.id, Math.max(s.reached.get(phase.id) ?? 0, progress.phase.fraction));
  }
  const phases = shownPhases(view, partial);
  s.phases.replaceChildren(...phases.map((phase) => phaseRow(phase, partial, s.reached.get(phase.id) ?? 0)));
  // Empty charts say something while slots wait to be filled, nothing once the run failed before any figure.
  s.charts.hidden = failed && partial.serial === null;
  const cluster = drawsCluster({ ...partial, phases });
  if (cluster !== (s.legend.querySelector('.swatch.cluster') !== null)) s.legend.replaceChildren(...legendItems(cluster));
  drawCharts(s, partial);
}

/** The phases as shown: a failed run runs nothing more, whatever the last partial said before the failure. */
function shownPhases(view: LiveView, partial: RunPartial): LivePhase[] {
  if (view.state !== 'failed') return partial.phases;
  return partial.phases.map((phase) => ({ ...phase, state: phase.state === 'running' ? 'stopped' : phase.state === 'pending' ? 'skipped' : phase.state }));
}

/** Draws the charts of the run on show, the phase under way saying how far it got in its slot. */
function drawCharts(s: Shown, partial: RunPartial): void {
  const phases = shownPhases(s.view, partial);
  const running = phases.find((phase) => phase.state === 'running');
  drawLiveCharts(s.runtimeCanvas, s.speedupCanvas, { ...partial, phases }, running ? { id: running.id, fraction: s.reached.get(running.id) ?? 0 } : null, readTheme());
}

/** Shows `view`, building the page for a new run, updating it in place for the run on show. */
export function renderLive(app: HTMLElement, view: LiveView): void {
  if (!shown || shown.runId !== view.runId || !app.contains(shown.root)) shown = build(app, view);
  update(shown, view);
}

/** Forgets the live page (the result replaces it, and destroys its charts with its own). */
export function leaveLive(): void {
  shown = undefined;
}

onThemeChange(() => {
  if (shown?.root.isConnected && shown.view.partial) drawCharts(shown, shown.view.partial);
});
