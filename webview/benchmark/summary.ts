/** The top of the benchmark panel: what was measured, the verdict, and anything that went wrong. */
import type { BenchmarkResult, RunError } from '../../protocol/results';
import { h, icon } from '../shared/dom';
import { formatCount, formatMs, workersLabel } from '../shared/format';

/** Called when the user asks to open the measured function. */
export type OpenFunction = (file: string, line: number) => void;

/** The last path segment, for a compact file:line label (the full path goes in the tooltip). */
function baseName(file: string): string {
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

/** Function name, file:line link, verdict and the facts of the run. */
export function renderHeader(result: BenchmarkResult, open: OpenFunction | undefined): HTMLElement {
  const fn = result.function;
  const location = `${baseName(fn.file)}:${fn.line}`;
  let link: HTMLElement;
  if (open) {
    const button = h('button', { class: 'link-button', title: `Open ${fn.file}:${fn.line}`, id: 'open-function' }, icon('go-to-file'), h('span', null, location));
    button.type = 'button';
    button.addEventListener('click', () => open(fn.file, fn.line));
    link = button;
  } else {
    link = h('span', { class: 'location', title: fn.file }, icon('file-code'), h('span', null, location));
  }

  const match = result.resultsMatch
    ? h('span', { class: 'fact ok', id: 'results-match' }, icon('pass'), 'Parallel results match serial')
    : h('span', { class: 'fact warn', id: 'results-match' }, icon('warning'), 'Parallel results differ from serial');

  const started = new Date(result.startedAt);
  return h(
    'header',
    { class: 'run-header' },
    h('div', { class: 'title-row' }, h('h1', null, icon('symbol-method', 'title-icon'), h('span', { class: 'fn-name' }, fn.name)), link),
    h('p', { class: 'verdict', id: 'verdict' }, result.verdict),
    h(
      'div',
      { class: 'facts' },
      match,
      h('span', { class: 'fact', title: result.inputs.expression }, icon('list-ordered'), `${formatCount(result.inputs.count)} inputs from `, h('code', null, result.inputs.expression)),
      // The reason is a sentence with the measured costs: a tooltip, so the facts row stays one line.
      h('span', { class: 'fact', id: 'chunk-size', title: result.chunking?.reason ?? '' }, icon('package'), `chunk size ${formatCount(result.chunkSize)}`),
      delivery(result),
      ...(result.recycledWorkers > 0 ? [h('span', { class: 'fact', id: 'recycled' }, icon('sync'), `${formatCount(result.recycledWorkers)} workers recycled`)] : []),
      h('span', { class: 'fact' }, icon('watch'), `took ${formatMs(result.durationMs)}`),
      h('span', { class: 'fact', title: started.toISOString() }, icon('calendar'), started.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })),
    ),
  );
}

/** Banners for a cancelled run and for a result mismatch; null when neither applies. */
export function renderBanners(result: BenchmarkResult): HTMLElement | null {
  const banners: HTMLElement[] = [];
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

/** The run's errors: code, input, message and the user's stack folded away. */
export function renderErrors(errors: RunError[]): HTMLElement | null {
  if (!errors.length) return null;
  const items = errors.slice(0, shownErrors).map((e) =>
    h(
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
      e.stack ? h('details', null, h('summary', null, 'Stack trace'), h('pre', null, e.stack)) : null,
    ),
  );
  const more = errors.length > shownErrors ? h('p', { class: 'muted' }, `…and ${errors.length - shownErrors} more.`) : null;
  return h(
    'section',
    { class: 'card errors', id: 'errors' },
    h('h2', null, icon('error'), `${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`),
    h('ul', null, ...items),
    more,
  );
}
