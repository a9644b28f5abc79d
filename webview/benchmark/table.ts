/** The statistics behind every bar: one row per configuration, the fastest highlighted. */
import type { BenchmarkResult, TimingStats } from '../../protocol/results';
import { h, icon, reflow } from '../shared/dom';
import { formatFraction, formatMs, formatRangeMs, formatSpeedup, workersLabel } from '../shared/format';
import { clusterDoubt, clusterDoubtWords, clusterFigures, clusterLabel } from '../../protocol/clusterText';
import { fastestConfig } from './fastest';

interface Row {
  label: string;
  stats: TimingStats;
  speedup: number;
  efficiency: number | null;
  best: boolean;
  /** The cluster's row: never starred (the star is this machine's fastest), flagged when its figures are in doubt. */
  cluster?: { doubt: 'stopped' | 'differs' | null };
}

function cell(text: string, cls = 'num'): HTMLTableCellElement {
  return h('td', { class: cls }, text);
}

/** Renders the statistics table. */
export function renderStatsTable(result: BenchmarkResult): HTMLElement {
  const fastest = fastestConfig(result);
  const rows: Row[] = [
    { label: 'serial', stats: result.serial, speedup: 1, efficiency: null, best: fastest === 'serial' },
    ...result.runs.map((r) => ({ label: workersLabel(r.workers), stats: r, speedup: r.speedup, efficiency: r.efficiency, best: r.workers === fastest })),
    // The async alternative, measured for functions that wait: one worker, so no efficiency.
    ...result.asyncRuns.map((r) => ({ label: `async, ${r.concurrency} at once`, stats: r, speedup: r.speedup, efficiency: null, best: false })),
    ...clusterRows(result),
  ];
  // One trial count for every row is said once, in the caption, instead of as a column.
  const sameTrials = rows.every((r) => r.stats.trials === result.serial.trials);
  const headers: [string, string, string?][] = [
    ['Configuration', 'label'],
    ...(sameTrials ? [] : [['Trials', 'num'] as [string, string]]),
    ['Median', 'num'],
    ['Min–max', 'num', 'Fastest and slowest trial'],
    ['IQR (q1–q3)', 'num', 'Interquartile range: the middle half of the trials'],
    ['Speedup', 'num', 'Serial median ÷ this median'],
    ['Efficiency', 'num', 'Speedup ÷ workers: 100% is perfect scaling'],
  ];
  const head = h('thead', null, h('tr', null, ...headers.map(([text, cls, title]) => h('th', { class: cls, title }, text))));
  const body = h(
    'tbody',
    null,
    ...rows.map((row) => {
      const doubt = row.cluster?.doubt ?? null;
      const tr = h(
        'tr',
        { class: row.best ? 'best' : row.cluster ? `cluster-row${doubt ? ` doubt ${doubt}` : ''}` : '' },
        h('td', { class: 'label' }, row.label, row.best ? h('span', { class: 'best-tag', title: 'Lowest median time on this machine' }, icon('star-full'), h('span', { class: 'best-text' }, 'fastest')) : null, doubt ? doubtTag(doubt) : null),
        sameTrials ? null : cell(String(row.stats.trials)),
        cell(formatMs(row.stats.medianMs), 'num median'),
        cell(formatRangeMs(row.stats.minMs, row.stats.maxMs)),
        cell(formatRangeMs(row.stats.q1Ms, row.stats.q3Ms)),
        cell(formatSpeedup(row.speedup), `num speedup${row.speedup < 1 ? ' slower' : ''}`),
        cell(row.efficiency === null ? '—' : formatFraction(row.efficiency)),
      );
      tr.dataset['config'] = row.label;
      if (row.label === 'serial') tr.title = serialTitle(result);
      if (row.cluster && result.cluster) tr.title = clusterTitle(result.cluster);
      return tr;
    }),
  );
  return h('div', { class: 'table-scroll' }, reflow(h('table', { class: 'stats', id: 'stats-table' }, head, body)));
}

/** The cluster's row, in the CLI's columns, when it finished a trial. */
function clusterRows(result: BenchmarkResult): Row[] {
  const figures = clusterFigures(result.cluster);
  if (result.cluster === null || figures === null) return [];
  return [{ label: clusterLabel(result.cluster), ...figures, best: false, cluster: { doubt: clusterDoubt(result.cluster) } }];
}

/** The tag that keeps a stopped or disagreeing cluster's figures from reading as a result; the compare panel names the run (`before`). */
export function doubtTag(doubt: 'stopped' | 'differs', side?: string): HTMLElement {
  const text = clusterDoubtWords[doubt];
  return h('span', { class: 'doubt-tag', title: doubt === 'stopped' ? 'The cluster stopped early: these figures cover only the trials it finished' : 'The cluster’s results differ from serial: its speedup cannot be trusted' }, icon('warning'), h('span', null, side ? `${side} ${text}` : text));
}

function clusterTitle(cluster: NonNullable<BenchmarkResult['cluster']>): string {
  const base = `The same inputs on ${cluster.processes * cluster.threadsPerProcess} threads over Redis (see the Cluster card); efficiency is the speedup ÷ (processes × threads)`;
  return cluster.stopped === null ? base : `${base}. Stopped early: ${cluster.stopped}`;
}

/** What the serial row times, and what it leaves to the pools. */
function serialTitle(result: BenchmarkResult): string {
  const own = 'The function’s own time over the inputs in one thread: what a plain loop costs today';
  const transfer = result.serial.transferMs;
  return transfer === null ? own : `${own}. Moving the inputs and results to a worker and back took ${formatMs(transfer)} more, which only the pools pay.`;
}

/** The caption beside the table's title: the trial count when every row shares it. */
export function statsCaption(result: BenchmarkResult): string {
  const trials = result.serial.trials;
  const clusterTrials = clusterFigures(result.cluster)?.stats.trials ?? trials;
  const same = result.runs.every((r) => r.trials === trials) && clusterTrials === trials;
  return same ? `${trials} timed ${trials === 1 ? 'trial' : 'trials'} per configuration` : 'every figure behind the charts';
}
