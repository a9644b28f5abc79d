/**
 * A run task's items and its reply's values as one buffer of V8's serialization, made by the side
 * that has them and read by the side that uses them. Between the engine and a worker in a run host
 * the host's main thread then relays bytes instead of reading every value and writing it again,
 * which cost it about 1 ms a message of 4,595 numbers on the 2-core bench VM: each relay read the
 * array (structured clone from the worker, V8's serializer from the engine's pipe) and wrote it
 * again, and V8 writes an array it has just read, holey, one keyed property at a time.
 */
import { DefaultSerializer, deserialize } from 'node:v8';

/** How DefaultSerializer writes a typed array or DataView (Node documents the hook, its types leave it out). */
type WriteView = (this: DefaultSerializer, view: NodeJS.ArrayBufferView) => void;
const writeView = (DefaultSerializer.prototype as unknown as { _writeHostObject: WriteView })._writeHostObject;

/** Writes a Buffer as the plain Uint8Array structured clone makes of it, so packing changes no value's type. */
class PackSerializer extends DefaultSerializer {
  _writeHostObject(view: NodeJS.ArrayBufferView): void {
    writeView.call(this, Buffer.isBuffer(view) ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength) : view);
  }
}

/**
 * The values as bytes in a buffer of their own (so it can be moved to another thread), or
 * undefined when V8's serializer refuses one of them: the caller then sends them as they are,
 * where the usual clone reports what cannot be sent.
 */
export function packValues(values: readonly unknown[]): Uint8Array<ArrayBuffer> | undefined {
  const serializer = new PackSerializer();
  try {
    serializer.writeHeader();
    serializer.writeValue(values);
  } catch {
    return undefined;
  }
  const bytes = serializer.releaseBuffer();
  // Node may hand the bytes out as a view of a larger or pooled buffer: a move needs its own.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/** The values packed by packValues; throws on bytes that do not hold an array. */
export function unpackValues(bytes: Uint8Array): unknown[] {
  const values: unknown = deserialize(bytes);
  if (!Array.isArray(values)) throw new TypeError('the packed values are not an array');
  return values;
}
