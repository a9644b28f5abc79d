import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameValue } from '../../server/engine/sameValue';

/** Both values after a structured clone, as they arrive from workers. */
function same(a: unknown, b: unknown): boolean {
  return sameValue(structuredClone(a), structuredClone(b));
}

void describe('sameValue', () => {
  void it('treats NaN as equal to NaN', () => {
    assert.equal(same(Number.NaN, Number.NaN), true);
    assert.equal(same([Number.NaN], [Number.NaN]), true);
    assert.equal(same({ x: Number.NaN }, { x: 0 }), false);
  });

  void it('tells -0 from 0, as structured clone keeps the sign', () => {
    assert.equal(Object.is(structuredClone(-0), -0), true, 'the premise: cloning keeps -0');
    assert.equal(same(-0, 0), false);
    assert.equal(same(0, 0), true);
  });

  void it('compares primitives exactly', () => {
    assert.equal(same(1, 1), true);
    assert.equal(same(1, '1'), false);
    assert.equal(same(10n, 10n), true);
    assert.equal(same(null, undefined), false);
    assert.equal(same('a', 'a'), true);
  });

  void it('compares nested objects and arrays deeply', () => {
    assert.equal(same({ a: [1, { b: 'x' }], c: null }, { a: [1, { b: 'x' }], c: null }), true);
    assert.equal(same({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] }), false);
    assert.equal(same([1, 2], [1, 2, 3]), false);
    assert.equal(same({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(same({ a: undefined }, { b: undefined }), false);
    assert.equal(same([1, 2], { 0: 1, 1: 2 }), false);
  });

  void it('compares Maps and Sets by entries in insertion order', () => {
    assert.equal(same(new Map([['a', { n: 1 }]]), new Map([['a', { n: 1 }]])), true);
    assert.equal(same(new Map([['a', 1]]), new Map([['a', 2]])), false);
    assert.equal(same(new Set([1, 2]), new Set([1, 2])), true);
    assert.equal(same(new Set([1, 2]), new Set([2, 1])), false);
    assert.equal(same(new Set([1]), [1]), false);
  });

  void it('compares Dates by time, invalid Dates included', () => {
    assert.equal(same(new Date(5), new Date(5)), true);
    assert.equal(same(new Date(5), new Date(6)), false);
    assert.equal(same(new Date(Number.NaN), new Date(Number.NaN)), true);
  });

  void it('compares typed arrays and buffers by type and bytes', () => {
    assert.equal(same(new Float64Array([1, Number.NaN]), new Float64Array([1, Number.NaN])), true);
    assert.equal(same(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
    assert.equal(same(new Uint8Array([1]), new Int8Array([1])), false);
    assert.equal(same(new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2]).buffer), true);
  });

  void it('compares RegExps, Errors and boxed primitives by what cloning keeps', () => {
    assert.equal(same(/a+/gi, /a+/gi), true);
    assert.equal(same(/a+/g, /a+/i), false);
    assert.equal(same(new RangeError('x'), new RangeError('x')), true);
    assert.equal(same(new RangeError('x'), new RangeError('y')), false);
    assert.equal(same(Object(1), Object(1)), true);
    assert.equal(same(Object('a'), Object('b')), false);
  });

  void it('follows cycles without looping', () => {
    const a: { self?: unknown; n: number } = { n: 1 };
    a.self = a;
    const b: { self?: unknown; n: number } = { n: 1 };
    b.self = b;
    assert.equal(same(a, b), true);
    const c: { self?: unknown; n: number } = { n: 2 };
    c.self = c;
    assert.equal(same(a, c), false);
  });
});
