/**
 * Real profiles of fixture functions: V8's profiler in a worker of a run host, mapped to the
 * TypeScript the fixtures are written in. The hot line, a helper in another file and a package
 * from node_modules are found by file and line; shares add up; faults behave as in a run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { before, describe, it } from 'node:test';
import { nestCallTree, type NestedCallNode, ProfileResult } from '../../protocol/profile';
import type { Reply } from '../../protocol/results';
import { defaultRunSettings, type RunSettings } from '../../protocol/settings';
import { findFunctionByName } from '../../server/analysis/findFunction';
import { intervalFor, profileFunction, type Profiled } from '../../server/engine/profileFunction';
import { runBenchmark } from '../../server/engine/runBenchmark';
import type { RunHooks } from '../../server/engine/runContext';
import { twoLoops } from '../fixtures/profile/twoLoops';
import { buildWorker } from './engineRun';

/** The flat call tree of a result, nested again for assertions. */
function treeOf(result: ProfileResult): NestedCallNode {
  const tree = nestCallTree(result.tree);
  assert.ok(tree, 'the call tree is a tree');
  return tree;
}

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'profile');

function lineOf(file: string, text: string): number {
  const index = readFileSync(path.join(fixtures, file), 'utf8').split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} in ${file}`);
  return index + 1;
}

function profile(file: string, name: string, inputs: string, settings: Partial<RunSettings> = {}, hooks: Partial<RunHooks> = {}): Promise<Reply<Profiled>> {
  const absolute = path.join(fixtures, file);
  const found = findFunctionByName(absolute, readFileSync(absolute, 'utf8'), name);
  assert.ok(found.ok, found.ok ? '' : found.error.message);
  return profileFunction(
    { target: found.value, inputs, settings: { ...defaultRunSettings, taskTimeoutMs: 10_000, ...settings } },
    { signal: new AbortController().signal, onProgress: () => undefined, log: () => undefined, ...hooks },
  );
}

function resultOf(reply: Reply<Profiled>): ProfileResult {
  assert.ok(reply.ok, reply.ok ? '' : `${reply.error.code}: ${reply.error.message}`);
  return ProfileResult.parse(reply.value.result);
}

/** Shares of one profile add up: the functions' self time is all the time inside, and no line has more. */
function assertAddsUp(result: ProfileResult): void {
  const selfShares = result.functions.reduce((sum, fn) => sum + fn.selfShare, 0);
  assert.ok(Math.abs(selfShares - 1) < 0.001, `functions' self shares add up to ${selfShares}`);
  const lineShares = result.lines.reduce((sum, line) => sum + line.selfShare, 0);
  assert.ok(lineShares <= 1.000001, `lines' shares add up to ${lineShares}`);
  assert.equal(result.functions[treeOf(result).fn]?.name, result.target.name);
  assert.ok(Math.abs(treeOf(result).totalMs - result.durationMs) < 0.01);
  assert.ok(result.functions.every((fn) => fn.totalMs <= result.durationMs + 0.01), 'no function has more time than the profile');
}

/** The median time of `calls` calls, after a warm-up. */
function timeAlone(run: () => void, calls = 5, rounds = 15): number {
  for (let i = 0; i < 30; i++) run();
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(rounds / 2)] as number;
}

void describe('profileFunction', () => {
  before(buildWorker);

  void it('splits two loops as timing each alone does, within 15 points', async () => {
    const n = 150_000;
    const first = timeAlone(() => twoLoops(n, 1));
    const second = timeAlone(() => twoLoops(n, 2));
    const expected = first / (first + second);
    const result = resultOf(await profile('twoLoops.ts', 'twoLoops', `[[${n}, 0], [${n}, 0], [${n}, 0]]`));
    assertAddsUp(result);
    assert.equal(result.lowConfidence, false);
    assert.ok(result.samples >= 1000, `${result.samples} samples`);
    const share = (text: string): number => result.lines.find((line) => line.line === lineOf('twoLoops.ts', text))?.selfShare ?? 0;
    const measured = share('Math.sqrt');
    assert.ok(Math.abs(measured - expected) <= 0.15, `first loop: profile ${(measured * 100).toFixed(1)} %, timed alone ${(expected * 100).toFixed(1)} %`);
    assert.ok(Math.abs(share('1000003') - (1 - expected)) <= 0.15, `second loop: profile ${(share('1000003') * 100).toFixed(1)} %`);
    assert.equal(result.lines[0]?.file, path.join(fixtures, 'twoLoops.ts'));
    assert.equal(result.functions[0]?.line, lineOf('twoLoops.ts', 'export function twoLoops'));
    assert.ok(result.durationMs > 0 && result.passes >= 1);
  });

  void it('maps a helper in another file to its file and line, and names it in the summary', async () => {
    const result = resultOf(await profile('withHelper.ts', 'checksumAll', '[200000, 300000, 400000]'));
    assertAddsUp(result);
    const helper = result.functions.find((fn) => fn.name === 'slowChecksum');
    assert.ok(helper, JSON.stringify(result.functions.map((fn) => fn.name)));
    assert.deepEqual([helper.file, helper.line, helper.kind], [path.join(fixtures, 'lib', 'checksum.ts'), lineOf('lib/checksum.ts', 'export function slowChecksum'), 'workspace']);
    // Twenty rounds over the data against one pass to fill it. The fill loop's share depends on when
    // V8 optimises it (timed on the 2-core CI machine: 36 % for its first ~60 calls, 6 % after; a
    // loaded machine compiles later), and a profile of a few passes sees the early code, so the
    // helper is asserted to be the larger part, not a steady-state share.
    assert.ok(helper.totalShare > 0.5, `slowChecksum ${helper.totalShare}: the summary should name it`);
    assert.deepEqual([result.lines[0]?.file, result.lines[0]?.line], [path.join(fixtures, 'lib', 'checksum.ts'), lineOf('lib/checksum.ts', '16777619')]);
    assert.match(result.summary, /^slowChecksum \(checksum\.ts:2\) is \d+ % of the work/);
    assert.equal(treeOf(result).children[0]?.fn, result.functions.indexOf(helper));
  });

  void it('files code from node_modules under its package', async () => {
    const result = resultOf(await profile('usesPackage.ts', 'spreadOf', '[20000, 40000, 60000]'));
    assertAddsUp(result);
    const inPackage = result.functions.filter((fn) => fn.kind === 'package');
    assert.ok(inPackage.length > 0, JSON.stringify(result.functions.map((fn) => [fn.name, fn.kind])));
    assert.ok(inPackage.every((fn) => fn.packageName === 'simple-statistics' && fn.file?.includes(`${path.sep}node_modules${path.sep}simple-statistics${path.sep}`)), JSON.stringify(inPackage));
    const share = inPackage.reduce((sum, fn) => sum + fn.selfShare, 0);
    assert.ok(share > 0.2, `the package's share ${share}`);
  });

  void it('counts a recursive function once per sample', async () => {
    const result = resultOf(await profile('small.ts', 'fib', '[20, 21, 22]'));
    assertAddsUp(result);
    const fib = result.functions[treeOf(result).fn];
    assert.equal(fib?.totalShare, 1);
    assert.ok(treeOf(result).children.some((child) => child.fn === treeOf(result).fn), 'the tree shows fib calling fib');
  });

  void it('says low confidence when the budget gives fewer than 1,000 samples', async () => {
    const result = resultOf(await profile('small.ts', 'addOne', '[1, 2, 3]', { profileBudgetMs: 50 }));
    assert.equal(result.lowConfidence, true);
    assert.ok(result.samples < 1000);
    assert.ok(result.passes > 1000, `a nanosecond function is called round and round: ${result.passes} passes`);
  });

  void it('lists inputs that threw and profiles the others; fails when every call throws', async () => {
    const result = resultOf(await profile('small.ts', 'oddThrows', '[100000, 100001, 200000]'));
    assert.deepEqual(result.errors?.map((error) => [error.code, error.inputIndex, error.message]), [['TASK_THREW', 1, 'RangeError: odd input 100001']]);
    assert.match(result.errors?.[0]?.stack ?? '', /small\.ts:\d+/);
    const reply = await profile('small.ts', 'alwaysThrows', '[1, 2]');
    assert.ok(!reply.ok);
    assert.equal(reply.error.code, 'TASK_THREW');
    assert.match(reply.error.message, /every call threw.*TypeError: cannot take 1/);
  });

  void it('leaves out an input that hangs, with TASK_TIMEOUT, and profiles the rest', async () => {
    const result = resultOf(await profile('small.ts', 'hangsOnThree', '[1, 2, 3, 4]', { taskTimeoutMs: 300, profileBudgetMs: 2000 }));
    assert.deepEqual(result.errors?.map((error) => [error.code, error.inputIndex]), [['TASK_TIMEOUT', 2]]);
    assert.ok(result.samples > 0);
    assert.equal(result.inputs.count, 4);
  });

  void it('leaves out an input that kills its process, with WORKER_EXITED, as a run does', async () => {
    const result = resultOf(await profile('small.ts', 'killsOnOne', '[2, 1, 3]', { profileBudgetMs: 2000 }));
    assert.deepEqual(result.errors?.map((error) => [error.code, error.inputIndex]), [['WORKER_EXITED', 1]]);
    assert.ok(result.samples > 0);
  });

  void it('profiles an ES module the same way', async () => {
    const result = resultOf(await profile('esmLoop.mts', 'scaledSum', '[100000, 200000]'));
    assertAddsUp(result);
    assert.deepEqual([result.lines[0]?.file, result.lines[0]?.line], [path.join(fixtures, 'esmLoop.mts'), lineOf('esmLoop.mts', 'Math.sqrt')]);
  });

  void it('is refused with BUSY beside a benchmark, and cancelled through its signal', async () => {
    const abort = new AbortController();
    // A nanosecond function never gathers 1,000 samples: only the minute's budget, or the cancel, ends it.
    const running = profile('small.ts', 'addOne', '[1]', { profileBudgetMs: 60_000 }, { signal: abort.signal });
    const absolute = path.join(fixtures, 'small.ts');
    const found = findFunctionByName(absolute, readFileSync(absolute, 'utf8'), 'addOne');
    assert.ok(found.ok);
    const benchmark = await runBenchmark({ target: found.value, inputs: '[1]', settings: defaultRunSettings }, { signal: new AbortController().signal, onProgress: () => undefined, log: () => undefined });
    assert.ok(!benchmark.ok);
    assert.equal(benchmark.error.code, 'BUSY');
    const second = await profile('twoLoops.ts', 'twoLoops', '[[1000, 0]]');
    assert.ok(!second.ok);
    assert.equal(second.error.code, 'BUSY');
    const started = performance.now();
    setTimeout(() => abort.abort(), 300);
    const reply = await running;
    assert.ok(!reply.ok);
    assert.equal(reply.error.code, 'CANCELLED');
    assert.ok(performance.now() - started < 5000, 'cancelled promptly');
  });

  void it('fits the interval to a pass: 100 µs for short passes, 1 ms for long ones', () => {
    assert.equal(intervalFor(5), 100);
    assert.equal(intervalFor(1000), 500);
    assert.equal(intervalFor(60_000), 1000);
  });
});
