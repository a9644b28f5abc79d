/**
 * The top of the profile panel: the profiled function, the server's one-sentence summary as the
 * headline (the link to the parallel decision), how the profile was taken, and a visible warning
 * when too few samples fell inside the function for its shares to be trusted.
 */
import type { ProfileResult } from '../../protocol/profile';
import { h, icon } from '../shared/dom';
import { formatCount, formatMs, formatNumber } from '../shared/format';

/** Samples below which the server marks a profile low-confidence (the threshold). */
const confidentSamples = 1000;

/** Renders the header; `open` and `exportProfile` are absent where there is no editor (the standalone page). */
export function renderProfileHeader(result: ProfileResult, open: ((file: string, line: number) => void) | undefined, exportProfile?: () => void): HTMLElement {
  const { target } = result;
  const where = `${target.file.split(/[\\/]/).pop() ?? target.file}:${target.line}`;
  const location = open
    ? h('button', { class: 'link-button', id: 'open-target', title: `Open ${target.file}:${target.line}` }, icon('go-to-file'), where)
    : h('span', { class: 'location', title: target.file }, where);
  if (open) location.addEventListener('click', () => open(target.file, target.line));
  const inputs = h('span', { class: 'fact', id: 'fact-inputs', title: `Inputs: ${result.inputs.expression}` }, icon('list-flat'), `${result.passes} ${result.passes === 1 ? 'pass' : 'passes'} over ${formatCount(result.inputs.count)} ${result.inputs.count === 1 ? 'input' : 'inputs'}`);
  const exported = exportProfile
    ? h('button', { class: 'link-button', id: 'export-profile', title: 'Save as a .cpuprofile, which VS Code\'s profile viewer and Chrome DevTools open' }, icon('save'), 'Export .cpuprofile')
    : null;
  if (exported && exportProfile) exported.addEventListener('click', exportProfile);
  return h(
    'header',
    { class: 'profile-header' },
    h('div', { class: 'title-row' }, h('h1', null, icon('flame', 'title-icon'), h('span', { class: 'fn-name' }, target.name)), location, exported),
    h('p', { class: 'summary', id: 'summary' }, result.summary),
    h(
      'div',
      { class: 'facts', id: 'facts' },
      h('span', { class: 'fact', id: 'fact-samples', title: 'V8 sampling profiler; times come from the gaps between samples, not from their count' }, icon('pulse'), `${formatCount(result.samples)} samples every ${formatInterval(result.intervalUs)}`),
      h('span', { class: 'fact', id: 'fact-duration' }, icon('watch'), `${formatMs(result.durationMs)} inside ${target.name}`),
      inputs,
    ),
    result.lowConfidence ? lowConfidenceBanner(result.samples) : null,
  );
}

function lowConfidenceBanner(samples: number): HTMLElement {
  const why = samples === 0
    ? ['No sample fell inside the function: it ran too briefly for the profiler to see it. ']
    : [
      `Only ${formatCount(samples)} ${samples === 1 ? 'sample' : 'samples'} fell inside the function, under the ${formatCount(confidentSamples)} a share needs to be good to about ±1.5 points: `,
      `a share here can be off by up to ±${formatNumber(samplingErrorPoints(samples), 1)} points. `,
    ];
  const banner = h(
    'div',
    { class: 'banner warning', id: 'low-confidence' },
    icon('warning'),
    h('div', { class: 'banner-body' }, h('strong', null, 'Low confidence. '), ...why, 'Profile over more or larger inputs.'),
  );
  banner.setAttribute('role', 'status');
  return banner;
}

/** The largest standard error of a share from `samples` samples (at 50 %), in percentage points: √(p(1−p)/n). */
export function samplingErrorPoints(samples: number): number {
  return samples > 0 ? 100 * Math.sqrt(0.25 / samples) : 100;
}

function formatInterval(us: number): string {
  return us >= 1000 ? `${formatNumber(us / 1000, us % 1000 === 0 ? 0 : 1)} ms` : `${formatNumber(us, 0)} µs`;
}
