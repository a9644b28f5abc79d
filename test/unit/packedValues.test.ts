/**
 * A chunk's items and values packed into one buffer, as the engine and a worker send them through
 * a run host: the values come back as structured clone would give them, the buffer can be moved,
 * and what V8's serializer refuses is left to the usual clone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packValues, unpackValues } from '../../server/worker/packedValues';

void describe('packed values', () => {
  void it('come back as structured clone gives them, holes, shared references and built-ins included', () => {
    const shared = { n: 1 };
    const values = [1, 'two', undefined, null, 2n, new Date(0), /x/g, new Map([[1, 'a']]), new Set([3]), new Float64Array([1.5, 2.5]), new Uint8Array(new ArrayBuffer(16), 4, 4), [shared, shared], new Error('boom')];
    const bytes = packValues(values);
    assert.ok(bytes !== undefined);
    const back = unpackValues(bytes);
    assert.deepEqual(back.slice(0, 12), structuredClone(values.slice(0, 12)));
    const [first, second] = back[11] as object[];
    assert.equal(first, second, 'one object referenced twice stays one object');
    assert.ok(back[12] instanceof Error);
    assert.equal(back[12].message, 'boom');
  });

  void it('turn a Buffer into the plain Uint8Array a clone makes of it', () => {
    const bytes = packValues([Buffer.from('hi')]);
    assert.ok(bytes !== undefined);
    const [value] = unpackValues(bytes);
    assert.equal(Object.getPrototypeOf(value), Uint8Array.prototype);
    assert.deepEqual([...(value as Uint8Array)], [104, 105]);
  });

  void it('own their buffer, so it can be moved to another thread', () => {
    const bytes = packValues(Array.from({ length: 1000 }, (_, i) => i));
    assert.ok(bytes !== undefined);
    assert.equal(bytes.byteOffset, 0);
    assert.equal(bytes.byteLength, bytes.buffer.byteLength);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(bytes, [bytes.buffer]);
    port1.close();
    port2.close();
    assert.equal(bytes.byteLength, 0, 'moved, not copied');
  });

  void it('are refused, not half-packed, when a value cannot be serialized', () => {
    assert.equal(packValues([1, () => 2]), undefined);
    assert.equal(packValues([Symbol('s')]), undefined);
  });

  void it('must hold an array', () => {
    const notAnArray = packValues([1]);
    assert.ok(notAnArray !== undefined);
    assert.throws(() => unpackValues(notAnArray.subarray(0, 2)));
    assert.throws(() => unpackValues(new Uint8Array([0xff, 0x0f, 0x49, 0x02])), /not an array/);
  });
});
