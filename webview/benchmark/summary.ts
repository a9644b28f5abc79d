/** The top of the benchmark panel: what was measured, the verdict, and anything that went wrong. */
import type { BenchmarkResult } from '../../protocol/results';
import { h, icon } from '../shared/dom';
import { formatCount, formatMs, formatSpeedup, workersLabel, formatRunDate } from '../shared/format';
import { clusterDoubt, clusterFigures, clusterLabel } from '../../protocol/clusterText';
import { headlineFor } from './headline';

/** The last path segment, for a compact file:line label (the full path goes in the tooltip). */
export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** In input order (Pool.map) or as they land (imap_unordered), with when the first result came on the best pool. */
function delivery(result: BenchmarkResult): HTMLElement {
  const best = result.runs.find((r) => r.workers === result.bestWorkers);
  const first = best?.firstResultMs == null ? '' : `first result after ${formatMs(best.firstResultMs)} on ${workersLabel(best.workers)}`;
  return h(
    'span',
    { class: 'fact', id: 'delivery', title: first },
    icon(result.ordered ? 'list-ordered' : 'list-unordered'),
    result.ordered ? 'results in input order' : 'results as they land',
  );
}

/** Why the results were not compared, when they were not: a cancelled or failed run never "differs". */
function notComparedReason(result: BenchmarkResult): string {
  if (result.cancelled) return 'the run was cancelled before they could be';
  if (result.failure === 'inputs-failed') return 'most inputs failed';
  if (result.comparedInputs === 0 && result.runs.length > 0) return 'no input gave a value to compare';
  return 'no pool size finished';
}

/** Green only when values were compared and all agreed; a warning only for a real mismatch. */
function matchFact(result: BenchmarkResult): HTMLElement {
  if (result.resultsMatch) {
    const compared = result.comparedInputs === null ? '' : `${formatCount(result.comparedInputs)} inputs compared`;
    return h('span', { class: 'fact ok', id: 'results-match', title: compared }, icon('pass'), 'Parallel results match serial');
  }
  if (result.mismatch !== null) return h('span', { class: 'fact warn', id: 'results-match' }, icon('warning'), 'Parallel results differ from serial');
  return h('span', { class: 'fact', id: 'results-match' }, icon('circle-slash'), `Results not compared: ${notComparedReason(result)}`);
}

/**
 * The cluster in the facts row, since the headline speaks of this machine: its speedup, or a
 * warning when it stopped or its results differ (the pools' "results match" is not the cluster's).
 */
function clusterFact(result: BenchmarkResult): HTMLElement | null {
  const cluster = result.cluster;
  if (cluster === null) return null;
  const doubt = clusterDoubt(cluster);
  const label = clusterLabel(cluster);
  if (doubt === 'stopped') return h('span', { class: 'fact warn', id: 'cluster-fact', title: cluster.stopped ?? '' }, icon('warning'), `${label} stopped`);
  if (doubt === 'differs') return h('span', { class: 'fact warn', id: 'cluster-fact' }, icon('warning'), `${label}: results differ from serial`);
  const figures = clusterFigures(cluster);
  return h('span', { class: 'fact', id: 'cluster-fact', title: 'BullMQ workers over Redis: see the Cluster card' }, icon('server-environment'), figures === null ? `${label}: no trial` : `${label}: ${formatSpeedup(figures.speedup)}`);
}

/** The noise warning the verdict carries, if any: the facts row shows it as a badge, the detail in full. */
function noiseFact(result: BenchmarkResult): HTMLElement | null {
  const noise = /Timings were noisy[^]*$/.exec(result.verdict)?.[0];
  return noise === undefined ? null : h('span', { class: 'fact warn', id: 'noisy', title: noise }, icon('pulse'), 'noisy timings');
}

const toneIcon = { good: 'rocket', serial: 'circle-slash', warn: 'warning', neutral: 'info' } as const;

/** The headline, and the verdict in full below it on one line that opens to the whole text. */
function headlineBlock(result: BenchmarkResult): HTMLElement[] {
  const headline = headlineFor(result);
  // #verdict is always the verdict's whole text: the headline itself, or the detail under it.
  const top = h('p', { class: `headline tone-${headline.tone}`, id: 'headline' }, icon(toneIcon[headline.tone], 'headline-icon'), h('span', { id: headline.detail === null ? 'verdict' : '' }, headline.text));
  if (headline.detail === null) return [top];
  const summary = h('summary', null, h('span', { class: 'verdict-text', id: 'verdict' }, headline.detail));
  summary.title = 'Show the whole verdict';
  return [top, h('details', { class: 'verdict-detail', id: 'verdict-detail' }, summary)];
}

/** Function name and file:line, the toolbar (in VS Code), the headline and its detail, and the facts of the run. */
export function renderHeader(result: BenchmarkResult, toolbar: HTMLElement | null): HTMLElement {
  const fn = result.function;
  const location = h('span', { class: 'location', title: fn.file, id: 'location' }, icon('file-code'), h('span', null, `${baseName(fn.file)}:${fn.line}`));
  const match = matchFact(result);
  const started = new Date(result.startedAt);
  return h(
    'header',
    { class: 'run-header' },
    h('div', { class: 'title-row' }, h('h1', null, icon('symbol-method', 'title-icon'), h('span', { class: 'fn-name' }, fn.name)), location, toolbar),
    ...headlineBlock(result),
    h(
      'div',
      { class: 'facts' },
      match,
      noiseFact(result),
      h('span', { class: 'fact inputs-fact', title: result.inputs.expression }, icon('list-ordered'), `${formatCount(result.inputs.count)} inputs from `, h('code', { class: 'input-chip' }, result.inputs.expression)),
      // The reason is a sentence with the measured costs: a tooltip, so the facts row stays one line.
      h('span', { class: 'fact', id: 'chunk-size', title: result.chunking?.reason ?? '' }, icon('package'), `chunk size ${formatCount(result.chunkSize)}`),
      delivery(result),
      clusterFact(result),
      ...(result.recycledWorkers > 0 ? [h('span', { class: 'fact', id: 'recycled' }, icon('sync'), `${formatCount(result.recycledWorkers)} workers recycled`)] : []),
      h('span', { class: 'fact' }, icon('watch'), `took ${formatMs(result.durationMs)}`),
      h('span', { class: 'fact', title: started.toISOString() }, icon('calendar'), formatRunDate(started.getTime())),
    ),
  );
}

/** The banner of a run whose figures cannot be used: what went wrong and what to do. */
function failureBanner(result: BenchmarkResult): HTMLElement | null {
  if (result.failure === null) return null;
  const title = result.failure === 'inputs-failed' ? 'Most inputs failed. ' : 'Nothing could be measured. ';
  const failed = result.failedInputs > 0 ? `${formatCount(result.failedInputs)} of ${formatCount(result.inputs.count)} inputs failed, so ` : '';
  const timed = result.serial.trials > 0 && result.runs.length > 0;
  const body = timed
    ? `${failed}the timings would measure the errors, not the function: no speedup is shown. Fix the inputs; the first error’s stack trace is open below.`
    : `${failed}no ${result.serial.trials === 0 ? 'serial trial' : 'pool size'} finished, so there is no speedup to show; the errors below say why.`;
  return h('div', { class: 'banner warning', id: 'failure-banner' }, icon('error'), h('div', null, h('strong', null, title), body));
}

/** Banners for a failed run, a cancelled run and a result mismatch; null when none applies. */
export function renderBanners(result: BenchmarkResult): HTMLElement | null {
  const banners: HTMLElement[] = [];
  const failure = failureBanner(result);
  if (failure) banners.push(failure);
  if (result.cancelled) {
    banners.push(h('div', { class: 'banner info', id: 'cancelled-banner' }, icon('circle-slash'), h('div', null, h('strong', null, 'Cancelled. '), 'The figures below cover only the configurations that finished.')));
  }
  if (result.mismatch) {
    const m = result.mismatch;
    banners.push(
      h(
        'div',
        { class: 'banner warning', id: 'mismatch' },
        icon('warning'),
        h(
          'div',
          { class: 'banner-body' },
          h('div', null, h('strong', null, 'Results differ. '), `Input #${m.inputIndex} gave a different result on ${workersLabel(m.workers)} than serially. The function is not deterministic or shares state between calls (module variables, randomness, time), so its parallel results cannot be trusted.`),
          h('div', { class: 'compare' }, h('span', { class: 'compare-label' }, 'serial'), h('pre', null, m.serial), h('span', { class: 'compare-label' }, workersLabel(m.workers)), h('pre', null, m.parallel)),
        ),
      ),
    );
  }
  return banners.length ? h('div', { class: 'banners' }, ...banners) : null;
}

const shownErrors = 20;

/** "TASK_THREW ×32, TASK_TIMEOUT ×1": the true counts, which the list may cut. */
function countsText(counts: BenchmarkResult['errorCounts']): string {
  return Object.entries(counts).map(([code, count]) => `${code} ×${formatCount(count)}`).join(', ');
}

/** The run's errors: code, input, message and the user's stack folded away (open on the first when the run failed). */
export function renderErrors(result: BenchmarkResult): HTMLElement | null {
  const { errors } = result;
  if (!errors.length) return null;
  const counted = Object.values(result.errorCounts).reduce((sum, count) => sum + count, 0);
  // Results saved before the counts were kept have only the list.
  const total = Math.max(counted, errors.length);
  const openFirst = result.failure !== null;
  const items = errors.slice(0, shownErrors).map((e, i) => {
    const stack = e.stack ? h('details', null, h('summary', null, 'Stack trace'), h('pre', null, e.stack)) : null;
    if (stack && openFirst && i === 0) stack.open = true;
    return h(
      'li',
      { class: 'error' },
      h(
        'div',
        { class: 'error-line' },
        icon('error', 'error-icon'),
        h('span', { class: 'badge code' }, e.code),
        e.inputIndex !== undefined ? h('span', { class: 'badge' }, `input #${e.inputIndex}`) : null,
        h('span', { class: 'error-message' }, e.message),
      ),
      stack,
    );
  });
  const shown = Math.min(errors.length, shownErrors);
  const more = total > shown ? h('p', { class: 'muted', id: 'errors-more' }, `…and ${formatCount(total - shown)} more (${countsText(result.errorCounts)}).`) : null;
  return h(
    'section',
    { class: 'card errors', id: 'errors' },
    h('h2', null, icon('error'), `${formatCount(total)} ${total === 1 ? 'error' : 'errors'}`),
    h('ul', null, ...items),
    more,
  );
}
