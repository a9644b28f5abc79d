/** The suggestion and the machine the run measured on, below the table. */
import type { BenchmarkResult } from '../../protocol/results';
import { h, icon } from '../shared/dom';
import { formatBytes, formatPercent } from '../shared/format';

const limitedByText = { cores: 'limited by CPU cores', memory: 'limited by memory', setting: 'limited by the maxWorkers setting', speedup: 'limited by measured speedup' } as const;

function memorySource(s: BenchmarkResult['suggestion']): string {
  if (!s.memoryMeasured) return 'assumed (not measured)';
  if (s.heapPerWorkerBytes !== null && s.rssPerWorkerBytes !== null) {
    return `measured: process RSS grew ${formatBytes(s.rssPerWorkerBytes)} per warmed worker, its heap ${formatBytes(s.heapPerWorkerBytes)}`;
  }
  return 'measured on a task';
}

function row(label: string, value: string | Node): HTMLElement {
  return h('div', { class: 'kv' }, h('dt', null, label), h('dd', null, value));
}

/** Suggested pool size with its reasoning. */
export function renderSuggestion(result: BenchmarkResult): HTMLElement {
  const s = result.suggestion;
  return h(
    'section',
    { class: 'card suggestion', id: 'suggestion' },
    h('h2', null, icon('lightbulb'), 'Suggested pool size'),
    h(
      'div',
      { class: 'suggestion-head' },
      h('span', { class: 'big-number', id: 'suggested-pool-size' }, String(s.poolSize)),
      h('div', null, h('div', null, s.poolSize === 1 ? 'worker' : 'workers'), h('div', { class: 'muted' }, limitedByText[s.limitedBy])),
    ),
    h('ol', { class: 'reasoning' }, ...s.reasoning.map((r) => h('li', null, r))),
    h('p', { class: 'muted small', id: 'memory-per-worker' }, `${formatBytes(s.memoryPerWorkerBytes)} per worker, ${memorySource(s)}.`),
  );
}

/** The machine's resources at the start of the run. */
export function renderMachine(result: BenchmarkResult): HTMLElement {
  const r = result.resources;
  const m = r.memory;
  return h(
    'section',
    { class: 'card machine', id: 'machine' },
    h('h2', null, icon('server'), 'Machine'),
    h(
      'dl',
      null,
      row('CPU', r.cpuBrand),
      row('Cores', `${r.cores} usable (${r.logicalCores} logical, ${r.physicalCores} physical)`),
      row('Load', formatPercent(r.loadPercent)),
      row('Memory', `${formatBytes(m.freeBytes)} free of ${formatBytes(m.totalBytes)}`),
      m.constrainedBytes !== null ? row('Limit', `${formatBytes(m.constrainedBytes)} (container or cgroup)`) : null,
    ),
  );
}
