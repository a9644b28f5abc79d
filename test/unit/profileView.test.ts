// The profile panel's derivations from the server's model: the bottom-up view, the flame layout
// and the names and locations every view shows. The fixture the browser tests draw is checked too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { nestCallTree, ProfileResult, type NestedCallNode } from '../../protocol/profile';
import { bottomUpRows, countNodes, sortRows, topDownRows, type TreeRow } from '../../webview/profile/callTree';
import { layoutFlame, moveInFlame } from '../../webview/profile/flameLayout';
import { commonFolder, describeFrames, formatShare, lineLocation, packageOf, profileFolder } from '../../webview/profile/frames';

const root = path.resolve(__dirname, '../..');
const fixture = ProfileResult.parse(JSON.parse(readFileSync(path.join(root, 'test/fixtures/profiles/checksum-orders.json'), 'utf8')));
const nested = nestCallTree(fixture.tree);
assert.ok(nested, 'the fixture\'s flat tree nests');
const tree: NestedCallNode = nested;
const names = fixture.functions.map((f) => f.name);
const nameOf = (fn: number) => names[fn] ?? '';

const node = (fn: number, selfMs: number, children: NestedCallNode[] = []): NestedCallNode => ({ fn, selfMs, totalMs: selfMs + children.reduce((s, c) => s + c.totalMs, 0), children });

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
}

test('the fixture is schema-valid and adds up: totals are self plus callees, shares of the root, lines of the self time', () => {
  const walk = (n: NestedCallNode): void => {
    close(n.totalMs, n.selfMs + n.children.reduce((s, c) => s + c.totalMs, 0), `${nameOf(n.fn)} total`);
    assert.equal(new Set(n.children.map((c) => c.fn)).size, n.children.length, 'merged by call path: siblings are distinct functions');
    n.children.forEach(walk);
  };
  walk(tree);
  assert.equal(fixture.tree.length, 12);
  close(tree.totalMs, fixture.durationMs, 'root total is the duration');
  for (const f of fixture.functions) assert.ok(Math.abs(f.totalShare - f.totalMs / fixture.durationMs) < 1e-4, `${f.name} totalShare`);
  const lineSelf = fixture.lines.reduce((s, l) => s + l.selfMs, 0);
  const nativeSelf = fixture.functions.filter((f) => f.kind === 'native').reduce((s, f) => s + f.selfMs, 0);
  close(lineSelf + nativeSelf, fixture.durationMs, 'every sample has a line, or is native');
  assert.deepEqual([...new Set(fixture.functions.map((f) => f.kind))].sort(), ['native', 'node', 'package', 'workspace']);
});

test('bottom-up roots give each function the self and total the server computed', () => {
  const rows = bottomUpRows(tree);
  assert.equal(rows.length, fixture.functions.length);
  for (const row of rows) {
    const f = fixture.functions[row.fn];
    assert.ok(f);
    close(row.selfMs, f.selfMs, `${f.name} self`);
    close(row.totalMs, f.totalMs, `${f.name} total`);
  }
});

test('a bottom-up row lists its callers with the time spent through each, and their callers in turn', () => {
  const rows = sortRows(bottomUpRows(tree), { key: 'self', descending: true }, nameOf);
  const slow = rows[0];
  assert.equal(nameOf(slow?.fn ?? -1), 'slowChecksum');
  const callers = sortRows(slow?.children() ?? [], { key: 'total', descending: true }, nameOf);
  assert.deepEqual(callers.map((r) => [nameOf(r.fn), r.selfMs, r.totalMs]), [['checksumAll', 610.4, 705.2], ['formatRow', 4, 4]]);
  assert.deepEqual(callers[1]?.children().map((r) => [nameOf(r.fn), r.selfMs]), [['checksumAll', 4]]);
  assert.equal(callers[0]?.expandable, false, 'the profiled function is the top of every path');
  assert.equal(slow?.children(), slow?.children(), 'computed once');
});

test('recursion is counted once in a bottom-up total, and each caller row keeps its own frames', () => {
  // main → f → g → f → h: f's inner frame is inside its outer one.
  const tree = node(0, 1, [node(1, 2, [node(2, 3, [node(1, 4, [node(3, 5)])])])]);
  const rows = new Map(bottomUpRows(tree).map((r) => [r.fn, r]));
  const f = rows.get(1);
  close(f?.selfMs ?? 0, 6, 'f self: both frames');
  close(f?.totalMs ?? 0, 14, 'f total: the outer frame only');
  const callers = new Map(f?.children().map((r) => [r.fn, r]));
  close(callers.get(0)?.totalMs ?? 0, 14, 'through main: the outer frame');
  close(callers.get(2)?.totalMs ?? 0, 9, 'through g: the inner frame, no larger than it is');
  close(callers.get(2)?.selfMs ?? 0, 4, 'through g: the inner frame\'s self');
  const h = rows.get(3);
  close(h?.totalMs ?? 0, 5, 'h');
  assert.deepEqual(h?.children().map((r) => r.fn), [1]);
  assert.deepEqual(h?.children()[0]?.children().map((r) => r.fn), [2], 'walking up: h ← f ← g');
});

test('a profile deeper than the page\'s stack is walked without recursion', () => {
  let deep = node(0, 1);
  for (let i = 0; i < 50_000; i++) deep = node(1 + (i % 3), 1, [deep]);
  assert.equal(countNodes(deep), 50_001);
  assert.equal(bottomUpRows(deep).length, 4);
});

test('top-down rows are the tree; sorting orders siblings by name, self or total, stably', () => {
  const [rootRow] = topDownRows(tree);
  assert.equal(rootRow?.fn, 0);
  const children = rootRow?.children() ?? [];
  const order = (key: 'name' | 'self' | 'total', descending: boolean) => sortRows(children, { key, descending }, nameOf).map((r: TreeRow) => nameOf(r.fn));
  assert.deepEqual(order('total', true), ['slowChecksum', 'formatRow', 'from', '(garbage collector)']);
  assert.deepEqual(order('self', true), ['slowChecksum', 'formatRow', '(garbage collector)', 'from']);
  assert.deepEqual(order('self', false), ['from', '(garbage collector)', 'formatRow', 'slowChecksum']);
  assert.deepEqual(order('name', false), ['(garbage collector)', 'formatRow', 'from', 'slowChecksum']);
});

test('the flame layout is left-heavy and proportional, and leaves out what is too narrow with its subtree', () => {
  const layout = layoutFlame([tree], 1000, { minWidthPx: 2 });
  assert.equal(layout.rects.length, 12);
  assert.equal(layout.hidden, 0);
  assert.equal(layout.depth, 4);
  const row1 = layout.rects.filter((r) => r.depth === 1);
  assert.deepEqual(row1.map((r) => nameOf(r.node.fn)), ['slowChecksum', 'formatRow', 'from', '(garbage collector)']);
  close(row1[0]?.width ?? 0, (705.2 / 816.5) * 1000, 'slowChecksum width');
  close(row1[1]?.x ?? 0, (705.2 / 816.5) * 1000, 'formatRow starts where slowChecksum ends');
  for (const r of layout.rects) {
    const parent = layout.rects[r.parent];
    if (parent) assert.ok(r.x >= parent.x - 1e-9 && r.x + r.width <= parent.x + parent.width + 1e-9, `${nameOf(r.node.fn)} inside its caller`);
  }
  // At 100 px the 4 ms slowChecksum under formatRow (0.49 px) is left out; so is the 6.3 ms padStart (0.77 px).
  const narrow = layoutFlame([tree], 100, { minWidthPx: 2 });
  assert.ok(narrow.rects.every((r) => r.width >= 2));
  assert.equal(narrow.rects.length + narrow.hidden, 12);
});

test('a recursion deeper than the rows drawn is counted, not drawn', () => {
  let deep = node(0, 1);
  for (let i = 0; i < 200; i++) deep = node(1, 1, [deep]);
  const layout = layoutFlame([deep], 800, { minWidthPx: 2, maxRows: 60, maxContext: 4 });
  assert.equal(layout.depth, 60);
  assert.equal(layout.rects.length, 60);
  assert.equal(layout.tooDeep, 201 - 60);
  assert.equal(layout.hidden, 0);
  // Zoomed into the last row drawn, the chart keeps four callers above it and goes on down.
  const path = [deep];
  for (let i = 0; i < 59; i++) path.push(path.at(-1)?.children[0] as NestedCallNode);
  const zoomed = layoutFlame(path, 800, { minWidthPx: 2, maxRows: 60, maxContext: 4 });
  assert.equal(zoomed.contextFrom, 55);
  assert.deepEqual(zoomed.rects.slice(0, 5).map((r) => r.ancestor), [true, true, true, true, false]);
  assert.equal(zoomed.rects[4]?.node, path.at(-1));
  assert.equal(zoomed.rects.length, 60);
  assert.equal(zoomed.tooDeep, 201 - 59 - 56);
});

test('zooming draws the frames above as context and scales the zoomed frame to the width', () => {
  const formatRow = tree.children.find((c) => nameOf(c.fn) === 'formatRow');
  assert.ok(formatRow);
  const layout = layoutFlame([tree, formatRow], 500, { minWidthPx: 2 });
  assert.deepEqual(layout.rects.slice(0, 2).map((r) => [nameOf(r.node.fn), r.width, r.ancestor]), [['checksumAll', 500, true], ['formatRow', 500, false]]);
  close(layout.scaleMs, 42.4, 'scale');
  const clone = layout.rects.find((r) => nameOf(r.node.fn) === 'cloneDeep');
  close(clone?.width ?? 0, (23 / 42.4) * 500, 'cloneDeep width');
  assert.equal(layout.rects.some((r) => nameOf(r.node.fn) === 'mix32'), false, 'nothing outside the zoomed frame');
});

test('the arrow keys move to the caller, the heaviest callee and the neighbours in a row, and stop at the edges', () => {
  const layout = layoutFlame([tree], 1000, { minWidthPx: 2 });
  const at = (i: number) => nameOf(layout.rects[i]?.node.fn ?? -1);
  assert.equal(moveInFlame(layout, 0, 'up'), 0);
  const slow = moveInFlame(layout, 0, 'down');
  assert.equal(at(slow), 'slowChecksum');
  assert.equal(at(moveInFlame(layout, slow, 'down')), 'mix32');
  assert.equal(at(moveInFlame(layout, slow, 'right')), 'formatRow');
  assert.equal(moveInFlame(layout, slow, 'left'), slow);
  const gc = layout.rects.findIndex((r) => r.depth === 1 && nameOf(r.node.fn) === '(garbage collector)');
  assert.equal(moveInFlame(layout, gc, 'right'), gc, 'the last frame of a row');
  assert.equal(moveInFlame(layout, gc, 'down'), gc, 'a leaf');
  assert.equal(at(moveInFlame(layout, moveInFlame(layout, slow, 'down'), 'up')), 'slowChecksum');
});

test('frames are named for where they live: workspace paths, packages, Node.js modules, native', () => {
  const frames = describeFrames(fixture);
  const byName = new Map(frames.map((f) => [f.name, f]));
  assert.deepEqual(
    ['checksumAll', 'slowChecksum', 'cloneDeep', 'from', '(garbage collector)'].map((n) => byName.get(n)?.location),
    ['orders.ts:20', 'lib/checksum.ts:2', 'lodash', 'node:buffer:296', 'native'],
  );
  assert.equal(byName.get('checksumAll')?.ownFile, true);
  assert.equal(byName.get('slowChecksum')?.ownFile, false);
  assert.deepEqual(byName.get('baseClone')?.reveal, { file: '/home/dev/shop/node_modules/lodash/_baseClone.js', line: 88 });
  assert.equal(byName.get('from')?.reveal, undefined, 'node: modules have no file to open');
  assert.equal(byName.get('(garbage collector)')?.reveal, undefined);
  assert.equal(profileFolder(fixture), '/home/dev/shop/src/');
  assert.equal(lineLocation('/home/dev/shop/node_modules/lodash/_baseClone.js', 120, '/home/dev/shop/src/'), 'lodash · _baseClone.js:120');
  assert.equal(lineLocation('/elsewhere/tool.ts', 3, '/home/dev/shop/src/'), 'tool.ts:3');
});

test('packages are named from the last node_modules in the path, scoped ones with their scope', () => {
  assert.equal(packageOf('/a/node_modules/marked/lib/marked.cjs'), 'marked');
  assert.equal(packageOf('/a/node_modules/@scope/pkg/dist/index.js'), '@scope/pkg');
  assert.equal(packageOf('/a/node_modules/outer/node_modules/inner/x.js'), 'inner');
  assert.equal(packageOf('C:\\w\\node_modules\\left-pad\\index.js'), 'left-pad');
  assert.equal(packageOf('/a/src/node_modules.ts'), undefined);
  assert.equal(commonFolder(['/w/src/a.ts', '/w/src/lib/b.ts']), '/w/src/');
  assert.equal(commonFolder(['/w/src/a.ts']), '/w/src/');
  assert.equal(commonFolder(['/w/a.ts', '/x/b.ts']), '/');
});

test('shares round to whole percents, and under half a percent say so rather than 0%', () => {
  assert.equal(formatShare(705.2, 816.5), '86%');
  assert.equal(formatShare(4, 816.5), '<1%');
  assert.equal(formatShare(0, 816.5), '0%');
  assert.equal(formatShare(1, 0), '—');
});
