/**
 * The delta table: serial, each pool size and the cluster, median before and after, the change, and
 * the marker that keeps noise from passing for an improvement. A cluster side in doubt (stopped, or
 * results that differ) is struck and tagged as in the benchmark panel, and two different clusters
 * are tagged as such. Below 480 px each row becomes a small card (each cell labelled from
 * `data-label`), so no column is ever cut.
 */
import type { Comparison, ConfigTiming, DeltaMarker, DeltaRow } from '../../protocol/history';
import { doubtTag } from '../benchmark/table';
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

function timingCell(t: ConfigTiming | null, label: string, doubt = false): HTMLTableCellElement {
  const td = t
    ? h('td', { class: `num${doubt ? ' doubt' : ''}` }, h('span', { class: 'median' }, formatMs(t.medianMs)), h('span', { class: 'range muted small' }, formatRangeMs(t.minMs, t.maxMs)))
    : h('td', { class: 'num muted' }, '—');
  td.dataset['label'] = label;
  return td;
}

function changeText(row: DeltaRow): string {
  if (row.changePercent === null) return '—';
  const sign = row.changePercent > 0 ? '+' : row.changePercent < 0 ? '−' : '±';
  return `${sign}${Math.abs(row.changePercent).toFixed(Math.abs(row.changePercent) < 10 ? 1 : 0)}%`;
}

/** Before → after; a cluster side in doubt struck. */
function speedupCell(row: DeltaRow): HTMLTableCellElement {
  if (row.config === 'serial') return h('td', { class: 'num' }, '1×');
  const f = (v: number | null, side: 'before' | 'after') => h('span', { class: inDoubt(row, side) ? 'doubt' : '' }, v === null ? '—' : formatSpeedup(v));
  // One span, so the narrow layout keeps "1.78× → 1.81×" together as the other cells' single value.
  return h('td', { class: 'num' }, h('span', null, f(row.speedupBefore, 'before'), ' → ', f(row.speedupAfter, 'after')));
}

function inDoubt(row: DeltaRow, side: 'before' | 'after'): boolean {
  return (row.cluster?.[side]?.doubt ?? null) !== null;
}

/** The configuration's name, with the cluster's tags: a side in doubt, two different clusters. */
function labelCell(row: DeltaRow): HTMLTableCellElement {
  const cluster = row.cluster;
  const tags = cluster
    ? [
      ...(['before', 'after'] as const).flatMap((side) => {
        const doubt = cluster[side]?.doubt;
        return doubt ? [doubtTag(doubt, side)] : [];
      }),
      cluster.shapeChanged ? h('span', { class: 'doubt-tag shape-tag', title: cluster.note ?? 'The two runs’ clusters differ' }, icon('arrow-swap'), h('span', null, 'different cluster')) : null,
    ]
    : [];
  const th = h('th', { class: 'label' }, h('span', null, configLabel(row)), tags.length ? h('span', { class: 'tags' }, ...tags) : null);
  th.setAttribute('scope', 'row');
  return th;
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
      const doubt = inDoubt(row, 'before') || inDoubt(row, 'after');
      const change = h('td', { class: `num change ${row.marker}` }, h('span', { class: doubt ? 'doubt' : '' }, changeText(row)));
      change.dataset['label'] = 'Change';
      // The cluster row says why its marker is what it is: a missing side, a doubt, two different clusters.
      const verdict = h('td', { class: `marker ${row.marker}`, title: row.cluster?.note ?? marker.title }, icon(marker.icon), h('span', null, marker.text));
      verdict.dataset['label'] = 'Verdict';
      const speedup = speedupCell(row);
      speedup.dataset['label'] = 'Speedup';
      const cls = row.cluster ? `${row.marker} cluster-row${doubt ? ' doubt' : ''}${row.cluster.shapeChanged ? ' shape-changed' : ''}` : row.marker;
      const tr = h('tr', { class: cls }, labelCell(row), timingCell(row.before, 'Before', inDoubt(row, 'before')), timingCell(row.after, 'After', inDoubt(row, 'after')), change, verdict, speedup);
      tr.dataset['config'] = String(row.config);
      if (row.cluster?.note) tr.title = row.cluster.note;
      return tr;
    }),
  );
  const head = h('thead', null, h('tr', null, ...headers.map(([text, cls, title]) => h('th', { class: cls, title }, text))));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'delta', id: 'delta-table' }, head, body));
}

/** The sentence under the table that states the rule. */
export function noiseRule(comparison: Comparison): string {
  // A cluster in doubt is also "can't tell", for its own reason, said in its note.
  const oneTrial = comparison.rows.some((r) => r.before && r.after && (r.before.trials < 2 || r.after.trials < 2));
  return oneTrial
    ? 'A change counts only when the trials’ min–max ranges are apart; with one trial there is no range, so no change is called. Raise parallelize.trials to tell.'
    : 'A change counts only when the trials’ min–max ranges are apart; overlapping ranges are marked within noise.';
}

/** The cluster row's note under the table, when its two sides are not like with like or one is missing or in doubt. */
export function clusterNote(comparison: Comparison): HTMLElement | null {
  const note = comparison.rows.find((r) => r.config === 'cluster')?.cluster?.note;
  return note ? h('p', { class: 'cluster-note small', id: 'cluster-note' }, icon('info'), h('span', null, note)) : null;
}
