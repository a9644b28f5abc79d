/** The suggestion and the machine the run measured on, below the table. */
import type { BenchmarkResult } from '../../protocol/results';
import { h, icon } from '../shared/dom';
import { formatBytes } from '../../protocol/formatBytes';
import { formatMs, formatPercent } from '../shared/format';

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

/** The big figure of the card: a pool size, or "keep it serial" when no pool is worth having. */
function suggestionHead(s: BenchmarkResult['suggestion']): HTMLElement {
  // A pool size beside a verdict that says keep it serial would be advice to use a pool.
  if (s.keepSerial) {
    return h('div', { class: 'suggestion-head' }, h('span', { class: 'big-number keep-serial', id: 'keep-serial' }, 'Keep it serial'), h('div', { class: 'muted' }, 'no pool suggested'));
  }
  return h(
    'div',
    { class: 'suggestion-head' },
    h('span', { class: 'big-number', id: 'suggested-pool-size' }, String(s.poolSize)),
    h('div', null, h('div', null, s.poolSize === 1 ? 'worker' : 'workers'), h('div', { class: 'muted' }, limitedByText[s.limitedBy])),
  );
}

/** What loading the module costs each worker, with the sentence when it matters; null when not measured. */
function moduleLoadLine(result: BenchmarkResult): HTMLElement | null {
  const load = result.moduleLoad;
  if (load === null) return null;
  const figure = `Loading the module: ${formatMs(load.ms)} and ${formatBytes(load.heapBytes)} in each worker, before its first input.`;
  return h('p', { class: `small${load.note === null ? ' muted' : ' warn-text'}`, id: 'module-load', title: load.note ?? '' }, figure);
}

/** Suggested pool size (or keep it serial) with its reasoning. */
export function renderSuggestion(result: BenchmarkResult): HTMLElement {
  const s = result.suggestion;
  return h(
    'section',
    { class: 'card suggestion', id: 'suggestion' },
    h('h2', null, icon('lightbulb'), s.keepSerial ? 'Suggestion' : 'Suggested pool size'),
    suggestionHead(s),
    h('ol', { class: 'reasoning' }, ...s.reasoning.map((r) => h('li', null, r))),
    h('p', { class: 'muted small', id: 'memory-per-worker' }, `${formatBytes(s.memoryPerWorkerBytes)} per worker, ${memorySource(s)}.`),
    moduleLoadLine(result),
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
