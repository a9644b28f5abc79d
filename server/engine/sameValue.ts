/**
 * Deep equality for values that crossed a worker boundary, so it follows structured-clone
 * semantics: what cloning keeps (own enumerable string keys, Map/Set entries in insertion order,
 * -0, NaN, Date time, RegExp source and flags, buffer bytes, Error name and message) is compared,
 * and what it drops (prototypes, functions, symbol keys) is not.
 *
 * Primitives compare with Object.is, as cloning preserves them exactly: NaN equals NaN, and -0
 * differs from 0 (a parallel result of -0 where the serial one was 0 is a real difference).
 * Insertion order of Map and Set entries is compared too: it is observable when they are iterated.
 */

type Seen = Map<object, object>;

function tagOf(value: object): string {
  return Object.prototype.toString.call(value);
}

function sameBytes(a: ArrayBufferView | ArrayBuffer, b: ArrayBufferView | ArrayBuffer): boolean {
  const bytesA = ArrayBuffer.isView(a) ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : new Uint8Array(a);
  const bytesB = ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
  if (bytesA.length !== bytesB.length) return false;
  for (let i = 0; i < bytesA.length; i++) if (bytesA[i] !== bytesB[i]) return false;
  return true;
}

function sameEntries(a: Iterable<unknown>, b: Iterable<unknown>, seen: Seen): boolean {
  const listA = [...a];
  const listB = [...b];
  return listA.length === listB.length && listA.every((item, i) => equal(item, listB[i], seen));
}

function sameKeys(a: object, b: object, seen: Seen): boolean {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal(recordA[key], recordB[key], seen));
}

function equal(a: unknown, b: unknown, seen: Seen): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // A cycle met again is equal if it pairs with the same object it paired with the first time.
  const paired = seen.get(a);
  if (paired !== undefined) return paired === b;
  const tag = tagOf(a);
  if (tag !== tagOf(b)) return false;
  seen.set(a, b);
  if (a instanceof Date && b instanceof Date) return Object.is(a.getTime(), b.getTime());
  if (a instanceof RegExp && b instanceof RegExp) return a.source === b.source && a.flags === b.flags;
  if (a instanceof Error && b instanceof Error) return a.name === b.name && a.message === b.message;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) return sameBytes(a, b);
  if (a instanceof ArrayBuffer && b instanceof ArrayBuffer) return sameBytes(a, b);
  if (a instanceof Map && b instanceof Map) return sameEntries(a.entries(), b.entries(), seen);
  if (a instanceof Set && b instanceof Set) return sameEntries(a.values(), b.values(), seen);
  if (a instanceof Number || a instanceof String || a instanceof Boolean || a instanceof BigInt) {
    return Object.is(a.valueOf(), (b as typeof a).valueOf());
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return false;
  return sameKeys(a, b, seen);
}

/** True when two structured-clone values are deeply the same (see the module comment for the rules). */
export function sameValue(a: unknown, b: unknown): boolean {
  return equal(a, b, new Map());
}
