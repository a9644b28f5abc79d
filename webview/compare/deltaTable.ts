/**
 * The delta table: serial and each pool size, median before and after, the change, and the marker
 * that keeps noise from passing for an improvement. Below 480 px each row becomes a small card
 * (each cell labelled from `data-label`), so no column is ever cut.
 */
import type { Comparison, ConfigTiming, DeltaMarker, DeltaRow } from '../../protocol/history';
import { h, icon } from '../shared/dom';
import { formatMs, formatRangeMs, formatSpeedup } from '../shared/format';
import { configLabel } from './compareCharts';

/** What each marker says, and its codicon. */
const markers: Record<DeltaMarker, { text: string; icon: string; title: string }> = {
  faster: { text: 'faster', icon: 'arrow-down', title: 'The min–max ranges of the trials do not overlap: a real improvement' },
  slower: { text: 'slower', icon: 'arrow-up', title: 'The min–max ranges of the trials do not overlap: a real regression' },
  noise: { text: 'within noise', icon: 'dash', title: 'The min–max ranges of the trials overlap: the change may be noise' },
  unknown: { text: 'can’t tell', icon: 'question', title: 'One trial on a side gives no spread to judge by: raise parallelize.trials to tell a change from noise' },
  missing: { text: 'not measured', icon: 'circle-slash', title: 'Only one of the runs measured this configuration' },
};

function timingCell(t: ConfigTiming | null, label: string): HTMLTableCellElement {
  const td = t
    ? h('td', { class: 'num' }, h('span', { class: 'median' }, formatMs(t.medianMs)), h('span', { class: 'range muted small' }, formatRangeMs(t.minMs, t.maxMs)))
    : h('td', { class: 'num muted' }, '—');
  td.dataset['label'] = label;
  return td;
}

function changeText(row: DeltaRow): string {
  if (row.changePercent === null) return '—';
  const sign = row.changePercent > 0 ? '+' : row.changePercent < 0 ? '−' : '±';
  return `${sign}${Math.abs(row.changePercent).toFixed(Math.abs(row.changePercent) < 10 ? 1 : 0)}%`;
}

function speedupText(row: DeltaRow): string {
  if (row.config === 'serial') return '1×';
  const f = (v: number | null) => (v === null ? '—' : formatSpeedup(v));
  return `${f(row.speedupBefore)} → ${f(row.speedupAfter)}`;
}

/** The table, one row per configuration either run measured. */
export function renderDeltaTable(comparison: Comparison): HTMLElement {
  const headers: [string, string, string?][] = [
    ['Configuration', 'label'],
    ['Before', 'num', 'Median, with the fastest and slowest trial below'],
    ['After', 'num', 'Median, with the fastest and slowest trial below'],
    ['Change', 'num', '(after − before) ÷ before, of the medians'],
    ['Verdict', 'marker', 'Whether the change is beyond the trials’ noise: their min–max ranges apart'],
    ['Speedup', 'num', 'Each run’s serial median ÷ this median, before → after'],
  ];
  const body = h(
    'tbody',
    null,
    ...comparison.rows.map((row) => {
      const marker = markers[row.marker];
      const change = h('td', { class: `num change ${row.marker}` }, changeText(row));
      change.dataset['label'] = 'Change';
      const verdict = h('td', { class: `marker ${row.marker}`, title: marker.title }, icon(marker.icon), h('span', null, marker.text));
      verdict.dataset['label'] = 'Verdict';
      const speedup = h('td', { class: 'num' }, speedupText(row));
      speedup.dataset['label'] = 'Speedup';
      const tr = h('tr', { class: row.marker }, h('th', { class: 'label' }, configLabel(row)), timingCell(row.before, 'Before'), timingCell(row.after, 'After'), change, verdict, speedup);
      tr.dataset['config'] = String(row.config);
      tr.querySelector('th')?.setAttribute('scope', 'row');
      return tr;
    }),
  );
  const head = h('thead', null, h('tr', null, ...headers.map(([text, cls, title]) => h('th', { class: cls, title }, text))));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'delta', id: 'delta-table' }, head, body));
}

/** The sentence under the table that states the rule. */
export function noiseRule(comparison: Comparison): string {
  const oneTrial = comparison.rows.some((r) => r.marker === 'unknown');
  return oneTrial
    ? 'A change counts only when the trials’ min–max ranges are apart; with one trial there is no range, so no change is called. Raise parallelize.trials to tell.'
    : 'A change counts only when the trials’ min–max ranges are apart; overlapping ranges are marked within noise.';
}
