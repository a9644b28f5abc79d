/**
 * Resource panel: cores, load, memory and the suggested pool size, refreshed every couple of
 * seconds. The DOM is built once and updated in place, so the refresh never flickers.
 */
import type { ResourceReport } from '../../protocol/results';
import { h, icon } from '../shared/dom';
import { formatBytes } from '../../protocol/formatBytes';
import { formatClockTime, formatPercent } from '../shared/format';
import { onMessage, reportError, reportUncaughtErrors } from '../shared/host';
import { meter, type Meter } from './meter';

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));

const limitedByText = { cores: 'limited by CPU cores', memory: 'limited by memory', setting: 'limited by the maxWorkers setting', speedup: 'limited by measured speedup' } as const;

/** A text node holder whose content is replaced only when it changes. */
function field(id: string, cls = ''): HTMLElement {
  return h('span', { id, class: cls });
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

interface View {
  root: HTMLElement;
  update(report: ResourceReport): void;
}

function createView(): View {
  const cpuBrand = field('cpu-brand', 'muted');
  const updated = field('updated', 'muted small');
  const poolSize = field('suggested-pool-size', 'big-number');
  const poolUnit = field('pool-unit');
  const limitedBy = field('limited-by', 'muted');
  const loadValue = field('load', 'tile-value');
  const loadMeter = meter('load-meter');
  const memValue = field('memory-free', 'tile-value');
  const memDetail = field('memory-detail', 'muted small');
  const memMeter = meter('memory-meter', [75, 90]);
  const constrained = h('div', { class: 'muted small', id: 'memory-constrained' });
  const usable = field('cores-usable', 'tile-value');
  const coresDetail = field('cores-detail', 'muted small');
  const coreList = h('div', { class: 'core-list', id: 'core-list' });
  const coreCount = field('core-count', 'muted small');
  const reasoning = h('ol', { class: 'reasoning', id: 'reasoning' });
  const memoryNote = h('p', { class: 'muted small', id: 'memory-note' });
  let cores: { label: HTMLElement; bar: Meter; value: HTMLElement }[] = [];

  const root = h(
    'div',
    { class: 'page' },
    h('header', { class: 'panel-header' }, h('h1', null, icon('dashboard', 'title-icon'), 'Resources'), cpuBrand, updated),
    h(
      'div',
      { class: 'tiles' },
      h('section', { class: 'card tile suggestion-tile', id: 'suggestion' }, h('h2', null, icon('lightbulb'), 'Suggested pool size'), h('div', { class: 'suggestion-head' }, poolSize, h('div', null, h('div', null, poolUnit), limitedBy))),
      h('section', { class: 'card tile' }, h('h2', null, icon('pulse'), 'CPU load'), loadValue, loadMeter.element),
      h('section', { class: 'card tile' }, h('h2', null, icon('server'), 'Memory'), memValue, memMeter.element, memDetail, constrained),
      h('section', { class: 'card tile' }, h('h2', null, icon('chip'), 'Cores'), usable, coresDetail),
    ),
    h('section', { class: 'card', id: 'per-core' }, h('div', { class: 'card-head' }, h('h2', null, 'Load per core'), coreCount), coreList),
    h('section', { class: 'card', id: 'reasoning-card' }, h('h2', null, 'Why this pool size'), reasoning, memoryNote),
  );

  function update({ resources: r, suggestion: s }: ResourceReport): void {
    setText(cpuBrand, r.cpuBrand);
    setText(updated, `updated ${formatClockTime(r.takenAt)}`);
    setText(poolSize, String(s.poolSize));
    setText(poolUnit, s.poolSize === 1 ? 'worker' : 'workers');
    setText(limitedBy, limitedByText[s.limitedBy]);

    setText(loadValue, formatPercent(r.loadPercent));
    loadMeter.set(r.loadPercent, `CPU load ${formatPercent(r.loadPercent)}`);

    const m = r.memory;
    const usedPercent = m.totalBytes > 0 ? ((m.totalBytes - m.freeBytes) / m.totalBytes) * 100 : 0;
    setText(memValue, `${formatBytes(m.freeBytes)} free`);
    memMeter.set(usedPercent, `${formatPercent(usedPercent)} of memory in use`);
    setText(memDetail, `of ${formatBytes(m.totalBytes)} total, ${formatPercent(usedPercent)} in use`);
    setText(constrained, m.constrainedBytes === null ? '' : `Limited to ${formatBytes(m.constrainedBytes)} by a container or cgroup`);
    constrained.hidden = m.constrainedBytes === null;

    setText(usable, `${r.cores} usable`);
    setText(coresDetail, `${r.logicalCores} logical, ${r.physicalCores} physical`);

    if (cores.length !== r.perCoreLoad.length) {
      cores = r.perCoreLoad.map((_, i) => ({ label: h('span', { class: 'core-label' }, `CPU ${i}`), bar: meter('core-meter'), value: h('span', { class: 'core-value' }) }));
      coreList.replaceChildren(...cores.map((c) => h('div', { class: 'core-row' }, c.label, c.bar.element, c.value)));
    }
    r.perCoreLoad.forEach((load, i) => {
      const c = cores[i];
      if (!c) return;
      c.bar.set(load, `CPU ${i}: ${formatPercent(load)}`);
      setText(c.value, formatPercent(load));
    });
    setText(coreCount, `${r.perCoreLoad.length} logical ${r.perCoreLoad.length === 1 ? 'core' : 'cores'}`);

    const items = s.reasoning.map((text) => h('li', null, text));
    if (reasoning.children.length !== items.length || items.some((li, i) => reasoning.children[i]?.textContent !== li.textContent)) reasoning.replaceChildren(...items);
    setText(memoryNote, `${formatBytes(s.memoryPerWorkerBytes)} per worker, ${s.memoryMeasured ? 'measured on a task' : 'assumed: not measured yet (run a benchmark to measure it)'}.`);
  }

  return { root, update };
}

function waiting(): HTMLElement {
  return h('div', { class: 'empty-state', id: 'empty-state' }, icon('loading', 'codicon-modifier-spin empty-icon'), h('p', null, 'Reading this machine’s resources…'));
}

let view: View | undefined;

reportUncaughtErrors();
app.replaceChildren(waiting());
onMessage((message) => {
  if (message.type !== 'resources') {
    reportError(`The resource panel ignores '${message.type}' messages.`);
    return;
  }
  if (!view) {
    view = createView();
    app.replaceChildren(view.root);
  }
  view.update(message.report);
});
