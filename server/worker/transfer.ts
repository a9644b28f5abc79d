/**
 * Results that are typed arrays or ArrayBuffers are moved to the engine instead of copied. Only a
 * buffer the value owns outright is moved: a view over part of a larger buffer (which the function
 * may keep using) and shared memory are copied as before.
 */

/** Below this, copying is as cheap as the bookkeeping of a transfer. */
export const minTransferBytes = 64 * 1024;

function ownedBuffer(value: unknown): ArrayBuffer | undefined {
  if (value instanceof ArrayBuffer) return value;
  if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) {
    return value.buffer;
  }
  return undefined;
}

/** The distinct, whole, non-shared buffers among `values` (top level only), large enough to be worth moving. */
export function transferableBuffers(values: readonly unknown[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of values) {
    const buffer = ownedBuffer(value);
    if (buffer !== undefined && buffer.byteLength >= minTransferBytes) buffers.add(buffer);
  }
  return [...buffers];
}
