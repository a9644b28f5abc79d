/**
 * The Cluster card: where the cluster ran, its shape and jobs, its figures beside this machine's
 * pool of the same size, whether its results equal serial, redeliveries, what more machines would
 * give (or why nothing is predicted), and why it stopped when it did.
 */
import type { ClusterRun } from '../../protocol/cluster';
import type { BenchmarkResult } from '../../protocol/results';
import { h, icon, reflow } from '../shared/dom';
import { capitalized, formatFraction, formatMs, formatSpeedup, workersLabel } from '../shared/format';
import { clusterDoubt, clusterFigures, clusterJobs, clusterLabel, clusterPredictionWithheld, clusterRedelivered, clusterResults, clusterShape, clusterWhere, clusterWorkers } from '../../protocol/clusterText';

function row(label: string, value: string | Node, id?: string): HTMLElement {
  return h('div', { class: 'kv' }, h('dt', null, label), h('dd', { id }, value));
}

/** "822 ms · 1.62× · 81% efficiency", or why there is no figure. */
function figuresText(cluster: ClusterRun): string {
  const figures = clusterFigures(cluster);
  if (figures === null) return 'none: no trial finished';
  const trials = figures.stats.trials === 1 ? '1 trial' : `${figures.stats.trials} trials`;
  const doubt = clusterDoubt(cluster);
  const caveat = doubt === 'stopped' ? ', stopped early: not the cluster’s speed' : doubt === 'differs' ? ', with results that differ from serial' : '';
  return `${formatMs(figures.stats.medianMs)} median · ${formatSpeedup(figures.speedup)} · ${formatFraction(figures.efficiency)} efficiency (${trials}${caveat})`;
}

/** The pool of the same thread count on this machine, so the card and the table read together. */
function besideThisMachine(result: BenchmarkResult, cluster: ClusterRun): HTMLElement | null {
  const figures = clusterFigures(cluster);
  const pool = result.runs.find((run) => run.workers === clusterWorkers(cluster));
  if (figures === null || pool === undefined) return null;
  return row(`${workersLabel(pool.workers)} here`, `${formatMs(pool.medianMs)} median · ${formatSpeedup(pool.speedup)} on this machine’s pool of as many threads`, 'cluster-beside');
}

/** The results line: the sentence, with serial and cluster values side by side on a mismatch. */
function resultsValue(cluster: ClusterRun): HTMLElement {
  const results = clusterResults(cluster);
  const glyph = { ok: 'pass', warn: 'warning', none: 'circle-slash' }[results.tone];
  const m = cluster.mismatch;
  if (results.tone !== 'warn' || m === null) return h('span', { class: `cluster-results ${results.tone}` }, icon(glyph), h('span', null, results.text));
  return h(
    'div',
    { class: 'cluster-results warn' },
    h('span', null, icon(glyph), ` results differ at input #${m.inputIndex}: the cluster’s speedup cannot be trusted`),
    h('div', { class: 'compare' }, h('span', { class: 'compare-label' }, 'serial'), h('pre', null, m.serial), h('span', { class: 'compare-label' }, 'cluster'), h('pre', null, m.parallel)),
  );
}

/** Machines → speedup as a table (label–value cards when narrow), or the note that says why there is none. */
function prediction(cluster: ClusterRun): HTMLElement {
  const withheld = clusterPredictionWithheld(cluster);
  if (withheld !== null) return h('p', { class: 'muted small', id: 'cluster-prediction-note' }, withheld);
  if (cluster.predicted.length === 0) {
    const note = cluster.predictionNote.trim() || 'no prediction was made';
    return h('p', { class: 'muted small with-icon', id: 'cluster-prediction-note' }, icon('info'), h('span', null, `${capitalized(note)}.`));
  }
  const head = h('thead', null, h('tr', null, h('th', { class: 'label' }, 'Machines'), h('th', { class: 'num' }, 'Threads'), h('th', { class: 'num' }, 'Time'), h('th', { class: 'num' }, 'Speedup')));
  const body = h('tbody', null, ...cluster.predicted.map((p) => {
    const tr = h('tr', null, h('td', { class: 'label' }, `${p.machines} machines`), h('td', { class: 'num' }, String(p.workers)), h('td', { class: 'num' }, formatMs(p.ms)), h('td', { class: 'num' }, formatSpeedup(p.speedup)));
    tr.dataset['machines'] = String(p.machines);
    return tr;
  }));
  const table = reflow(h('table', { class: 'stats', id: 'cluster-prediction' }, h('caption', { class: 'visually-hidden' }, 'Predicted time and speedup on more machines'), head, body));
  return h(
    'div',
    null,
    h('div', { class: 'table-scroll' }, table),
    h('p', { class: 'muted small', id: 'cluster-prediction-note' }, `Predicted ${cluster.predictionNote}.`),
  );
}

/** Why the cluster ended early: its figures below cover only what it finished. */
function stoppedBanner(cluster: ClusterRun): HTMLElement | null {
  if (cluster.stopped === null) return null;
  const kept = cluster.samplesMs.length === 0 ? 'It finished no trial, so it has no figures.' : `The figures cover only the ${cluster.samplesMs.length === 1 ? 'trial' : `${cluster.samplesMs.length} trials`} it finished: do not read them as the cluster’s speed.`;
  return h('div', { class: 'banner warning', id: 'cluster-stopped' }, icon('warning'), h('div', null, h('strong', null, `cluster stopped: ${cluster.stopped}. `), kept));
}

/** The Cluster card; null when the run had no cluster. */
export function renderClusterCard(result: BenchmarkResult): HTMLElement | null {
  const cluster = result.cluster;
  if (cluster === null) return null;
  const doubt = clusterDoubt(cluster);
  const jobs = clusterJobs(cluster);
  return h(
    'section',
    { class: `card cluster-card${doubt ? ` doubt ${doubt}` : ''}`, id: 'cluster' },
    h('div', { class: 'card-head' }, h('h2', null, icon('server-environment'), 'Cluster', h('span', { class: 'muted cluster-name' }, clusterLabel(cluster))), h('span', { class: 'muted small' }, 'the same inputs on BullMQ workers over Redis')),
    stoppedBanner(cluster),
    h(
      'div',
      { class: 'cluster-body' },
      h(
        'dl',
        { class: 'cluster-facts' },
        row('Ran on', clusterWhere(cluster), 'cluster-where'),
        row('Workers', clusterShape(cluster), 'cluster-shape'),
        jobs === null ? null : row('Jobs', jobs, 'cluster-jobs'),
        row('Round trip', cluster.perJobMs === null ? 'not measured' : `${formatMs(cluster.perJobMs)} per empty job`, 'cluster-per-job'),
        row('Figures', figuresText(cluster), 'cluster-figures'),
        besideThisMachine(result, cluster),
        row('Results', resultsValue(cluster), 'cluster-results'),
        row('Redelivered', clusterRedelivered(cluster), 'cluster-redelivered'),
      ),
      h('div', { class: 'cluster-more' }, h('h3', null, 'More machines'), prediction(cluster)),
    ),
  );
}
