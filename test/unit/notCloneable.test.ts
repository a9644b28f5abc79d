/**
 * NOT_CLONEABLE names the value's type and where in the result it sits, found by a bounded walk
 * of the real value in the worker; class-instance results, which arrive as plain objects without
 * their methods, are reported per input instead of being called equal to serial.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { before, describe, it } from 'node:test';
import { maxNodesPerValue, whyNotCloneable, whyNotPlain } from '../../server/worker/cloneCheck';
import { buildWorker, resultOf, runFixture } from './engineRun';

/** Why structured clone refuses `value`, as the worker words it. */
function whyRefused(value: unknown): string {
  try {
    structuredClone(value);
  } catch (error) {
    return whyNotCloneable(value, error);
  }
  assert.fail('the value cloned');
}

void describe('results that cannot arrive as they are', () => {
  before(buildWorker);

  void it('names the function and its path in a result, keeping the other inputs', async () => {
    const result = resultOf(await runFixture('uncloneable.ts', 'widget', '[0, 1, 2, 3, 4]'));
    assert.deepEqual(result.errors.map((e) => [e.code, e.inputIndex, e.message]), [[
      'NOT_CLONEABLE', 3, 'the result of input 3 holds a function `onClick` at .handlers[2].onClick, which cannot be sent between threads: return plain data',
    ]]);
    assert.equal(result.serial.trials, 1);
    assert.equal(result.resultsMatch, true);
  });

  void it('reports a class instance in a result by class and path, and leaves that input out', async () => {
    const result = resultOf(await runFixture('uncloneable.ts', 'corner', '[0, 1, 2, 3]'));
    assert.deepEqual(result.errors.map((e) => [e.code, e.inputIndex]), [['NOT_CLONEABLE', 2]]);
    assert.equal(result.errors[0]?.message, 'the result of input 2 holds a `Point` instance at .corner: a worker returns it as a plain object without its methods, so it cannot match the serial result; return plain data');
    assert.equal(result.serial.trials, 1, 'the other inputs are timed');
  });

  void it('does not call results that are all class instances equal to serial', async () => {
    const result = resultOf(await runFixture('uncloneable.ts', 'point', '[0, 1, 2, 3, 4, 5]'));
    assert.deepEqual(result.errors.map((e) => e.inputIndex), [0, 1, 2, 3, 4, 5]);
    assert.match(result.errors[5]?.message ?? '', /^the result of input 5 is a `Point` instance: a worker returns it as a plain object/);
    assert.equal(result.resultsMatch, false);
    assert.deepEqual(result.runs, []);
  });

  void it('takes every structured-clone built-in (Date, Map, Set, RegExp, typed arrays, Error, Buffer) as plain data', async () => {
    const result = resultOf(await runFixture('uncloneable.ts', 'builtIns', '[1, 2, 3]'));
    assert.deepEqual(result.errors, []);
    assert.equal(result.serial.trials, 1);
  });

  void it('names what clone refuses: symbols, Promises, WeakMaps, in maps and sets, through cycles', () => {
    assert.equal(whyRefused(Symbol('s')), 'is a symbol (Symbol(s)), which cannot be sent between threads: return plain data');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    cyclic.later = { pending: Promise.resolve(1) };
    assert.match(whyRefused(cyclic), /^holds a Promise at \.later\.pending,/);
    assert.match(whyRefused(new Map([['k', { w: new WeakMap() }]])), /^holds a WeakMap at \.get\("k"\)\.w,/);
    assert.match(whyRefused({ 'odd key': [new Set([function named(): void {}])] }), /^holds a function `named` at \["odd key"\]\[0\] \(entry #0\),/);
  });

  void it('stops its walk after maxNodesPerValue nodes, saying what clone said', () => {
    const big: unknown[] = Array.from({ length: 1_000_000 }, (_, i) => i);
    big.push(() => 1);
    const start = performance.now();
    const why = whyRefused(big);
    assert.ok(performance.now() - start < 200, `took ${(performance.now() - start).toFixed(0)} ms`);
    assert.match(why, /^cannot be sent between threads \(DataCloneError: .*could not be cloned\.\): return plain data$/);
    assert.ok(maxNodesPerValue < big.length);
  });

  void it('finds no class instance in plain data and numbers, and names anonymous classes', () => {
    assert.equal(whyNotPlain(42), undefined);
    assert.equal(whyNotPlain({ a: [1, { b: new Date(0) }], m: new Map([[1, new Set([2])]]) }), undefined);
    assert.match(whyNotPlain([0, new (class {})()]) ?? '', /^holds an instance of an anonymous class at \[1\]:/);
    class Tagged extends Error {}
    assert.match(whyNotPlain({ e: new Tagged('x') }) ?? '', /^holds a `Tagged` instance at \.e:/);
  });
});
