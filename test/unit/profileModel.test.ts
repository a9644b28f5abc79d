/**
 * The profile model on a profile written by hand over a real bundle (esbuild's, of the fixture
 * with a helper in another file), so every figure can be worked out from the time deltas: self
 * and total per function, recursion counted once, a helper V8 inlined given back its lines,
 * garbage collection between two samples inside, lines in TypeScript, and the .cpuprofile export.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { nestCallTree, type NestedCallNode, ProfileResult } from '../../protocol/profile';
import { findFunctionByName } from '../../server/analysis/findFunction';
import { bundleFunction, type Bundle } from '../../server/engine/bundleFunction';
import { buildProfile } from '../../server/profile/buildProfile';
import { BundleFunctions } from '../../server/profile/bundleFunctions';
import { BundleMap } from '../../server/profile/bundleSourceMap';
import type { CpuProfile, ProfileNode } from '../../server/profile/cpuProfile';
import { sampleDurations } from '../../server/profile/cpuProfile';
import { exportCpuProfile } from '../../server/profile/exportCpuProfile';
import { FrameResolver, packageOf } from '../../server/profile/frames';
import { profileSummary } from '../../server/profile/profileSummary';
import { samplesInside } from '../../server/profile/samplesInside';

/** The flat call tree of a result, nested again for assertions. */
function treeOf(result: ProfileResult): NestedCallNode {
  const tree = nestCallTree(result.tree);
  assert.ok(tree, 'the call tree is a tree');
  return tree;
}

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'profile');
const withHelper = path.join(fixtures, 'withHelper.ts');
const checksum = path.join(fixtures, 'lib', 'checksum.ts');

/** The 1-based line of the first line of `file` holding `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} in ${file}`);
  return index + 1;
}

let bundle: Bundle;
let text: string;
let functions: BundleFunctions;
let map: BundleMap;

/** V8's start position of a function in the bundle: the `(` after its name. */
function anchor(name: string): { lineNumber: number; columnNumber: number } {
  const at = text.indexOf(`function ${name}(`);
  assert.ok(at >= 0, `${name} is in the bundle`);
  const { line0, column } = functions.positionOf(at + `function ${name}`.length);
  return { lineNumber: line0, columnNumber: column };
}

/** The 1-based bundle line holding `code`. */
function bundleLine(code: string): number {
  const at = text.indexOf(code);
  assert.ok(at >= 0, `${code} is in the bundle`);
  return functions.positionOf(at).line0 + 1;
}

function node(id: number, functionName: string, where: { url: string; lineNumber: number; columnNumber: number }, children: number[] = [], positionTicks?: ProfileNode['positionTicks']): ProfileNode {
  return { id, callFrame: { functionName, scriptId: where.url === '' ? '0' : '7', ...where }, children, ...(positionTicks ? { positionTicks } : {}) };
}

/**
 * root → driver → checksumAll (3) → slowChecksum (4), and checksumAll → checksumAll (6, recursion)
 * → slowChecksum (7); the garbage collector (5) under the root. Deltas grow so durations differ.
 */
function handWritten(): CpuProfile {
  const url = pathToFileURL(bundle.file).href;
  const all = { url, ...anchor('checksumAll') };
  const slow = { url, ...anchor('slowChecksum') };
  const fill = bundleLine('2654435761');
  const loop = bundleLine('16777619');
  const native = { url: '', lineNumber: -1, columnNumber: -1 };
  return {
    nodes: [
      node(1, '(root)', native, [2, 5]),
      node(2, 'profileTarget', { url: 'file:///dist/worker.js', lineNumber: 10, columnNumber: 2 }, [3]),
      // checksumAll's own ticks: 3 on its fill loop, 1 on the helper's loop (the helper inlined into it).
      node(3, 'checksumAll', all, [4, 6], [{ line: fill, ticks: 3 }, { line: loop, ticks: 1 }]),
      node(4, 'slowChecksum', slow, [], [{ line: loop, ticks: 3 }]),
      node(5, '(garbage collector)', native),
      node(6, 'checksumAll', all, [7]),
      node(7, 'slowChecksum2', slow),
    ],
    startTime: 1000,
    endTime: 4700,
    samples: [2, 3, 4, 4, 5, 4, 7, 3, 2],
    timeDeltas: [10, 100, 200, 300, 400, 500, 600, 700, 800],
  };
}

const facts = { target: { file: withHelper, name: 'checksumAll', line: 4 }, inputs: { expression: '[1]', count: 1 }, intervalUs: 100, passes: 1, startedAt: 0 };

void describe('profile model', () => {
  before(async () => {
    const source = readFileSync(withHelper, 'utf8');
    const found = findFunctionByName(withHelper, source, 'checksumAll');
    assert.ok(found.ok);
    const built = await bundleFunction(found.value, '[1000]');
    assert.ok(built.ok, built.ok ? '' : built.error.message);
    bundle = built.value;
    text = readFileSync(bundle.file, 'utf8');
    functions = new BundleFunctions(text);
    const read = BundleMap.fromBundle(bundle.file, text);
    assert.ok(read, 'the bundle carries an inline source map');
    map = read;
  });
  after(async () => bundle.dispose());

  void it('reads the source map back from the bundle, sources content included', () => {
    assert.equal(map.sourceContent(checksum), readFileSync(checksum, 'utf8'));
    assert.ok(map.sourceContent(withHelper)?.startsWith(readFileSync(withHelper, 'utf8')), 'the target module, with the appended exports after it');
    assert.deepEqual(map.lineOf(bundleLine('16777619')), { file: checksum, line: lineOf(checksum, '16777619') });
  });

  void it('times samples by their deltas: each lasts until the next one', () => {
    assert.deepEqual([...sampleDurations(handWritten())], [100, 200, 300, 400, 500, 600, 700, 800, 90]);
  });

  void it('counts the samples with the function on the stack, and garbage collection between two of them', () => {
    const profile = handWritten();
    const inside = samplesInside(profile, { scriptId: '7', ...anchor('checksumAll') });
    assert.deepEqual([...inside.under], [-1, 3, 4, 4, 4, 4, 7, 3, -1]);
    assert.deepEqual([...inside.gap], [-1, -1, -1, -1, 5, -1, -1, -1, -1]);
    assert.equal(inside.count, 7);
  });

  void it('gives self and total per function, lines in TypeScript, and the call tree', () => {
    const profile = handWritten();
    const resolver = new FrameResolver(bundle.file, map, functions);
    const result = ProfileResult.parse(buildProfile(profile, { scriptId: '7', ...anchor('checksumAll') }, resolver, facts));
    assert.equal(result.samples, 7);
    assert.equal(result.durationMs, 3.5, 'from the deltas of the 7 samples inside, not 7 × 100 µs');
    assert.equal(result.lowConfidence, true);
    const byName = new Map(result.functions.map((fn) => [fn.name, fn]));
    const all = byName.get('checksumAll');
    const slow = byName.get('slowChecksum');
    const gc = byName.get('(garbage collector)');
    assert.ok(all && slow && gc, JSON.stringify(result.functions));
    assert.equal(result.functions.length, 3, 'slowChecksum2 is the same function as slowChecksum (esbuild renames, the map does not)');
    assert.deepEqual([all.file, all.line, all.kind, all.selfMs, all.totalMs, all.totalShare], [withHelper, lineOf(withHelper, 'export function checksumAll'), 'workspace', 0.75, 3.5, 1]);
    // Its own 1.3 ms, the 0.25 ms inlined into checksumAll, and 0.7 ms under the recursive call.
    assert.deepEqual([slow.file, slow.line, slow.selfMs, slow.totalMs], [checksum, lineOf(checksum, 'export function slowChecksum'), 2.25, 2.75]);
    assert.deepEqual([gc.kind, gc.file, gc.selfMs, gc.totalMs], ['native', undefined, 0.5, 0.5]);
    const selfShares = result.functions.reduce((sum, fn) => sum + fn.selfShare, 0);
    assert.ok(Math.abs(selfShares - 1) < 1e-9, `self shares add up to 1, not ${selfShares}`);
    assert.deepEqual(result.lines.map((line) => [line.file, line.line, line.selfMs]), [
      [checksum, lineOf(checksum, '16777619'), 1.55],
      [withHelper, lineOf(withHelper, '2654435761'), 0.75],
    ]);
    const name = (fn: number): string => result.functions[fn]?.name ?? '?';
    const shape = (tree: NestedCallNode): unknown => [name(tree.fn), tree.selfMs, tree.totalMs, tree.children.map(shape)];
    assert.deepEqual(shape(treeOf(result)), ['checksumAll', 0.75, 3.5, [
      ['slowChecksum', 1.55, 2.05, [['(garbage collector)', 0.5, 0.5, []]]],
      ['checksumAll', 0, 0.7, [['slowChecksum', 0.7, 0.7, []]]],
    ]]);
    assert.match(profileSummary(result), /^slowChecksum \(checksum\.ts:2\) is 79 % of the work, checksum\.ts:4 alone 44 %: .*low confidence: 7 samples/);
  });

  void it('exports a .cpuprofile whose bundle frames point at the TypeScript files', () => {
    const resolver = new FrameResolver(bundle.file, map, functions);
    const exported = exportCpuProfile(handWritten(), resolver);
    const byId = new Map(exported.nodes.map((n) => [n.id, n]));
    assert.deepEqual(byId.get(3)?.callFrame, { functionName: 'checksumAll', scriptId: '7', url: pathToFileURL(withHelper).href, lineNumber: lineOf(withHelper, 'export function checksumAll') - 1, columnNumber: byId.get(3)?.callFrame.columnNumber });
    assert.equal(byId.get(7)?.callFrame.functionName, 'slowChecksum');
    assert.equal(byId.get(7)?.callFrame.url, pathToFileURL(checksum).href);
    // The inlined helper's tick names a line of another file: a node names one file, so it is left out.
    assert.deepEqual(byId.get(3)?.positionTicks, [{ line: lineOf(withHelper, '2654435761'), ticks: 3 }]);
    assert.deepEqual(byId.get(4)?.positionTicks, [{ line: lineOf(checksum, '16777619'), ticks: 3 }]);
    assert.deepEqual(byId.get(2)?.callFrame.url, 'file:///dist/worker.js', 'frames outside the bundle stay as V8 gave them');
    assert.deepEqual(exported.samples, handWritten().samples);
  });

  void it('names packages and runtime frames', () => {
    assert.equal(packageOf('/w/node_modules/marked/lib/marked.js'), 'marked');
    assert.equal(packageOf('/w/node_modules/a/node_modules/@scope/pkg/dist/x.js'), '@scope/pkg');
    assert.equal(packageOf('/w/src/x.ts'), undefined);
    const resolver = new FrameResolver(bundle.file, map, functions);
    assert.deepEqual(resolver.frame({ functionName: 'readFileSync', scriptId: '3', url: 'node:fs', lineNumber: 400, columnNumber: 2 }).info, { name: 'readFileSync', kind: 'node' });
    assert.deepEqual(resolver.frame({ functionName: '(garbage collector)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }).info, { name: '(garbage collector)', kind: 'native' });
    assert.deepEqual(resolver.frame({ functionName: 'parse', scriptId: '9', url: 'file:///w/node_modules/@scope/pkg/index.js', lineNumber: 9, columnNumber: 0 }).info, { name: 'parse', file: '/w/node_modules/@scope/pkg/index.js', line: 10, kind: 'package', packageName: '@scope/pkg' });
  });
});
