import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copiedInputs } from '../../server/engine/transferInputs';
import { minTransferBytes, transferableBuffers } from '../../server/worker/transfer';

const large = minTransferBytes / Float64Array.BYTES_PER_ELEMENT;

void describe('copiedInputs', () => {
  void it('copies large typed arrays and ArrayBuffers for moving and leaves the originals and everything else alone', () => {
    const view = new Float64Array(large).fill(3);
    const buffer = new ArrayBuffer(minTransferBytes);
    const small = new Float64Array(4).fill(1);
    const shared = new Float64Array(new SharedArrayBuffer(minTransferBytes));
    const plain = { a: 1 };
    const { items, transfer } = copiedInputs([view, buffer, small, shared, plain, 7]);
    assert.notEqual(items[0], view);
    assert.deepEqual(items[0], view, 'a copy with the same contents');
    assert.notEqual(items[1], buffer);
    assert.deepEqual(transfer, [(items[0] as Float64Array).buffer, items[1]]);
    assert.deepEqual(items.slice(2), [small, shared, plain, 7]);
    assert.equal(items[2], small, 'small and shared arrays are sent as they are');
    structuredClone(items, { transfer });
    assert.equal(view.byteLength, minTransferBytes, 'moving the copies leaves the originals intact');
    assert.equal(buffer.byteLength, minTransferBytes);
    assert.equal((items[0] as Float64Array).byteLength, 0, 'the copies were moved');
  });

  void it('copies only the viewed part of a larger buffer', () => {
    const whole = new Float64Array(large * 2).map((_, i) => i);
    const half = whole.subarray(large);
    const { items, transfer } = copiedInputs([half]);
    assert.equal(transfer[0]?.byteLength, minTransferBytes);
    assert.equal((items[0] as Float64Array)[0], large);
  });
});

void describe('transferableBuffers', () => {
  void it('moves large buffers a result owns outright, each once, and never a view over part of one', () => {
    const owned = new Float64Array(large);
    const buffer = new ArrayBuffer(minTransferBytes);
    const part = new Float64Array(new ArrayBuffer(minTransferBytes * 2), 0, large);
    const small = new Uint8Array(16);
    const shared = new Float64Array(new SharedArrayBuffer(minTransferBytes));
    assert.deepEqual(transferableBuffers([owned, buffer, part, small, shared, owned, 'x', null]), [owned.buffer, buffer]);
  });
});
