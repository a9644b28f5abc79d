/** "What changed" between the two runs: the function's code as a line diff, the inputs, the settings, the cluster and the machine. */
import type { ChangedValue, Comparison, DiffLine } from '../../protocol/history';
import { h, icon } from '../shared/dom';

function diffRow(line: DiffLine): HTMLElement {
  const sign = line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' ';
  const row = h(
    'div',
    { class: `diff-line ${line.kind}` },
    h('span', { class: 'gutter' }, line.beforeLine === null ? '' : String(line.beforeLine)),
    h('span', { class: 'gutter' }, line.afterLine === null ? '' : String(line.afterLine)),
    h('span', { class: 'sign' }, sign),
    h('span', { class: 'text' }, line.text),
  );
  // A screen reader hears what the colour shows.
  if (line.kind !== 'same') row.setAttribute('aria-label', `${line.kind === 'added' ? 'added' : 'removed'} line: ${line.text}`);
  return row;
}

function codeSection(code: Comparison['code']): HTMLElement {
  const title = h('h3', null, icon('code'), 'Code');
  if (code.changed === null) return h('section', { class: 'change-block', id: 'code-change' }, title, h('p', { class: 'muted' }, code.note ?? 'Not recorded.'));
  if (!code.changed) return h('section', { class: 'change-block', id: 'code-change' }, title, h('p', { class: 'muted' }, 'The function’s code is the same.'));
  const summary = `${code.added} line${code.added === 1 ? '' : 's'} added, ${code.removed} removed`;
  const diff = h('div', { class: 'diff', id: 'code-diff' }, ...code.lines.map(diffRow));
  diff.setAttribute('role', 'group');
  diff.setAttribute('aria-label', `Code diff: ${summary}`);
  diff.tabIndex = 0;
  return h('section', { class: 'change-block', id: 'code-change' }, title, h('p', { class: 'muted small' }, summary), diff, code.note ? h('p', { class: 'muted small' }, code.note) : null);
}

/** Before → after, one line per value. */
function valueList(id: string, values: ChangedValue[], onlyChanged: boolean): HTMLElement {
  const shown = onlyChanged ? values.filter((v) => v.changed) : values;
  return h(
    'dl',
    { class: 'changes', id },
    ...shown.map((v) => h(
      'div',
      { class: `kv${v.changed ? ' changed' : ''}` },
      h('dt', null, v.name),
      h('dd', null, v.changed ? h('span', null, h('span', { class: 'before' }, v.before), h('span', { class: 'arrow' }, ' → '), h('span', { class: 'after' }, v.after)) : v.after),
    )),
  );
}

function inputsSection(inputs: ChangedValue[]): HTMLElement {
  const changed = inputs.some((v) => v.changed);
  return h('section', { class: 'change-block', id: 'inputs-change' }, h('h3', null, icon('symbol-array'), 'Inputs'), changed ? valueList('inputs-list', inputs, false) : h('p', { class: 'muted' }, 'The same inputs.'));
}

function settingsSection(settings: ChangedValue[]): HTMLElement {
  return h('section', { class: 'change-block', id: 'settings-change' }, h('h3', null, icon('settings-gear'), 'Settings'), settings.length ? valueList('settings-list', settings, true) : h('p', { class: 'muted' }, 'The same settings.'));
}

/** Where the cluster ran and its shape: shown whenever either run had or asked for one, so a change of cluster is never silent. */
function clusterSection(cluster: ChangedValue[]): HTMLElement | null {
  if (cluster.length === 0) return null;
  const where = cluster.find((v) => v.name === 'cluster');
  const lead = where?.before === 'off' ? 'Only the later run had a cluster: there is nothing of it to compare.'
    : where?.after === 'off' ? 'Only the earlier run had a cluster: there is nothing of it to compare.'
      : cluster.some((v) => v.changed) ? 'A different cluster: its figures compare two clusters, not one over time.' : 'The same cluster.';
  return h(
    'section',
    { class: 'change-block', id: 'cluster-change' },
    h('h3', null, icon('server-environment'), 'Cluster'),
    h('p', { class: 'muted small' }, lead),
    valueList('cluster-list', cluster, false),
  );
}

function machineSection(machine: ChangedValue[]): HTMLElement {
  const changed = machine.filter((m) => m.changed).length;
  const note = changed ? `${changed} of these ${changed === 1 ? 'differs' : 'differ'} (load and free memory count when they moved by 15 points or a quarter).` : 'The same machine, about as busy.';
  return h('section', { class: 'change-block', id: 'machine-change' }, h('h3', null, icon('server'), 'Machine'), h('p', { class: 'muted small' }, note), valueList('machine-list', machine, false));
}

/** The whole card; "Nothing changed" said plainly when so, with the machine's conditions still shown. */
export function renderWhatChanged(comparison: Comparison): HTMLElement {
  const lead = comparison.nothingChanged
    ? h('p', { class: 'nothing-changed', id: 'nothing-changed' }, icon('check'), `Nothing changed: the same code, inputs, settings${comparison.cluster.length ? ', cluster' : ''} and machine. A difference in the figures is the machine’s doing.`)
    : null;
  return h(
    'section',
    { class: 'card', id: 'what-changed' },
    h('div', { class: 'card-head' }, h('h2', null, 'What changed')),
    lead,
    h('div', { class: 'change-grid' }, codeSection(comparison.code), inputsSection(comparison.inputs), settingsSection(comparison.settings), clusterSection(comparison.cluster), machineSection(comparison.machine)),
  );
}
