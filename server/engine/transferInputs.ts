/**
 * Large typed-array inputs go to a worker as transferred copies: the copy is made once here and
 * its buffer moved, instead of serialized here and copied again on the worker's side. The engine's
 * own items (the serial baseline's originals, reused by every trial) are never transferred.
 */
import { minTransferBytes } from '../worker/transfer';

/** Copies of the large typed-array and ArrayBuffer inputs, with their buffers to transfer: the engine's originals stay intact. */
export function copiedInputs(items: readonly unknown[]): { items: unknown[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const copies = items.map((item) => {
    if (item instanceof ArrayBuffer && item.byteLength >= minTransferBytes) {
      const copy = item.slice(0);
      transfer.push(copy);
      return copy;
    }
    if (!ArrayBuffer.isView(item) || !(item.buffer instanceof ArrayBuffer) || item.byteLength < minTransferBytes || item instanceof DataView) return item;
    const copy = (item as unknown as { slice: () => ArrayBufferView }).slice();
    transfer.push(copy.buffer as ArrayBuffer);
    return copy;
  });
  return { items: copies, transfer };
}
