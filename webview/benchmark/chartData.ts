/**
 * Each chart's figures as a table, folded under the chart behind "Show data": what a screen reader
 * reads instead of the canvas, and what anyone can copy. The tables hold the very numbers the
 * charts are drawn from.
 */
import type { BenchmarkResult } from '../../protocol/results';
import { h, reflow } from '../shared/dom';
import { formatMs, formatSpeedup, workersLabel } from '../shared/format';
import { amdahlPoints } from './charts';
import { clusterBar, clusterSpeedupPoints } from './clusterSeries';

/** A small table: a header row, then one row per entry; the first column labels the row. */
function dataTable(id: string, caption: string, headers: string[], rows: string[][]): HTMLTableElement {
  return reflow(h(
    'table',
    { class: 'stats data-table', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null, ...headers.map((text, i) => h('th', { class: i === 0 ? 'label' : 'num' }, text)))),
    h('tbody', null, ...rows.map((cells) => h('tr', null, ...cells.map((text, i) => h('td', { class: i === 0 ? 'label' : 'num' }, text))))),
  ));
}

/** The table folded under a chart: its summary names the chart, so each Tab stop says which data it opens. */
function folded(table: HTMLTableElement, chart: string): HTMLElement {
  const summary = h('summary', null, 'Show data');
  summary.setAttribute('aria-label', `Show the ${chart} chart's data as a table`);
  return h('details', { class: 'chart-data' }, summary, h('div', { class: 'table-scroll' }, table));
}

/** The runtime chart's bars and whiskers: median, fastest and slowest trial per configuration. */
export function runtimeData(result: BenchmarkResult): HTMLElement {
  const cluster = clusterBar(result);
  const rows = [
    ['serial', result.serial] as const,
    ...result.runs.map((run) => [workersLabel(run.workers), run] as const),
    ...(cluster ? [[cluster.label, cluster.stats] as const] : []),
  ].map(([label, stats]) => [label, formatMs(stats.medianMs), formatMs(stats.minMs), formatMs(stats.maxMs)]);
  return folded(dataTable('runtime-data', 'Runtime per configuration', ['Configuration', 'Median', 'Fastest trial', 'Slowest trial'], rows), 'runtime');
}

/** The speedup chart's points: measured, the ideal y = x, the Amdahl fit and the cluster where there are some. */
export function speedupData(result: BenchmarkResult): HTMLElement {
  const maxWorkers = Math.max(1, ...result.runs.map((run) => run.workers));
  const fitted = new Map(amdahlPoints(result, maxWorkers).map((p) => [p.x, p.y]));
  const cluster = clusterSpeedupPoints(result, maxWorkers * 8);
  const clusterAt = new Map(cluster.predicted.slice(1).map((p) => [p.x, `${formatSpeedup(p.y)} predicted on ${p.machines} machines`]));
  const stopped = result.cluster?.stopped != null ? ' (stopped)' : '';
  if (cluster.measured) clusterAt.set(cluster.measured.x, `${formatSpeedup(cluster.measured.y)} measured${stopped}`);
  const sizes = [...new Set([...result.runs.map((run) => run.workers), ...fitted.keys(), ...clusterAt.keys()])].sort((a, b) => a - b);
  const withFit = fitted.size > 0;
  const withCluster = clusterAt.size > 0;
  const rows = sizes.map((n) => {
    const run = result.runs.find((r) => r.workers === n);
    const fit = fitted.get(n);
    return [workersLabel(n), run ? formatSpeedup(run.speedup) : 'not measured', formatSpeedup(n), ...(withFit ? [fit === undefined ? '—' : formatSpeedup(fit)] : []), ...(withCluster ? [clusterAt.get(n) ?? '—'] : [])];
  });
  const headers = ['Pool size', 'Measured', 'Ideal', ...(withFit ? ['Amdahl fit'] : []), ...(withCluster ? ['Cluster'] : [])];
  return folded(dataTable('speedup-data', 'Speedup per pool size', headers, rows), 'speedup');
}

/** When `share` of a curve's inputs had been delivered, or '—' without a curve. */
function deliveredAt(points: BenchmarkResult['runs'][number]['delivery'], share: number): string {
  const total = points.at(-1)?.items ?? 0;
  const point = points.find((p) => p.items >= total * share);
  return total > 0 && point ? formatMs(point.ms) : '—';
}

/** The delivery chart's curves in three figures each: first result, half and all of the inputs delivered. */
export function deliveryData(result: BenchmarkResult): HTMLElement {
  const rows = result.runs.filter((run) => run.delivery.length > 0).map((run) => [
    workersLabel(run.workers),
    run.firstResultMs === null ? '—' : formatMs(run.firstResultMs),
    deliveredAt(run.delivery, 0.5),
    deliveredAt(run.delivery, 1),
  ]);
  return folded(dataTable('delivery-data', 'Results delivered over the first trial', ['Pool size', 'First result', 'Half delivered', 'All delivered'], rows), 'delivery');
}
