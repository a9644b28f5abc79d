/**
 * Why a result cannot arrive from a worker as it is, found by walking the real value in the
 * worker: what it holds that structured clone refuses (a function, a symbol, a Promise…), or a
 * class instance, which clone turns into a plain object without its methods. The walk is
 * bounded, so a huge result costs a bounded look, never a freeze.
 */
import { types } from 'node:util';

/** Nodes one value's walk visits at most. */
export const maxNodesPerValue = 10_000;

/** Prototypes structured clone keeps (or that are plain data): their instances are not class instances. */
const builtInPrototypes = new Set<unknown>([
  Object.prototype, Array.prototype, Date.prototype, RegExp.prototype, Map.prototype, Set.prototype,
  ArrayBuffer.prototype, SharedArrayBuffer.prototype, DataView.prototype,
  Int8Array.prototype, Uint8Array.prototype, Uint8ClampedArray.prototype, Int16Array.prototype, Uint16Array.prototype,
  Int32Array.prototype, Uint32Array.prototype, Float32Array.prototype, Float64Array.prototype,
  BigInt64Array.prototype, BigUint64Array.prototype,
  Error.prototype, EvalError.prototype, RangeError.prototype, ReferenceError.prototype, SyntaxError.prototype,
  TypeError.prototype, URIError.prototype,
  Boolean.prototype, Number.prototype, String.prototype, BigInt.prototype,
  // A Buffer arrives as the Uint8Array it is, bytes intact: the common case, not worth a refusal.
  Buffer.prototype,
  null,
]);

/** What a path step looks like: `.name`, `[3]`, `["a key"]`, `.get("k")`. */
function step(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function mapKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint' || key === null || key === undefined) return String(key);
  return '…';
}

/**
 * The value's own children as structured clone reads them (array items, map and set entries,
 * enumerable own properties), at most `limit` of them: a million-item array costs `limit` steps.
 */
function children(value: object, path: string, limit: number, into: Array<[string, unknown]>): void {
  const end = into.length + limit;
  if (value instanceof Map) {
    let n = 0;
    for (const [key, entry] of value) {
      if (into.length >= end) return;
      into.push([`${path} (key #${n++})`, key], [`${path}.get(${mapKey(key)})`, entry]);
    }
    return;
  }
  if (value instanceof Set) {
    let n = 0;
    for (const entry of value) {
      if (into.length >= end) return;
      into.push([`${path} (entry #${n++})`, entry]);
    }
    return;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && into.length < end; i++) into.push([step(path, i), value[i]]);
    return;
  }
  for (const key in value) {
    if (into.length >= end) return;
    if (Object.hasOwn(value, key)) into.push([step(path, key), (value as Record<string, unknown>)[key]]);
  }
}

/** What structured clone refuses outright, named; undefined when clone takes it. */
function refused(value: unknown): string | undefined {
  if (typeof value === 'function') return value.name === '' ? 'a function' : `a function \`${value.name}\``;
  if (typeof value === 'symbol') return `a symbol (${value.toString()})`;
  if (typeof value !== 'object' || value === null) return undefined;
  if (types.isProxy(value)) return 'a Proxy';
  if (types.isPromise(value)) return 'a Promise';
  if (types.isWeakMap(value)) return 'a WeakMap';
  if (types.isWeakSet(value)) return 'a WeakSet';
  if (value instanceof WeakRef) return 'a WeakRef';
  return undefined;
}

/** The class name of an instance of a non-built-in prototype; undefined for plain data and built-ins. */
function className(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (builtInPrototypes.has(proto)) return undefined;
  const ctor = (proto as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'an anonymous class';
}

/**
 * Walks `value` breadth-first (so the shallowest culprit is named), each object once, up to
 * maxNodesPerValue nodes; `test` names what it looks for. Returns what was found and where.
 */
function find(value: unknown, test: (node: unknown) => string | undefined): { what: string; path: string } | undefined {
  const seen = new Set<object>();
  let queue: Array<[string, unknown]> = [['', value]];
  let visited = 0;
  while (queue.length > 0) {
    const next: Array<[string, unknown]> = [];
    for (const [path, node] of queue) {
      if (++visited > maxNodesPerValue) return undefined;
      const what = test(node);
      if (what !== undefined) return { what, path };
      if (typeof node !== 'object' || node === null || seen.has(node)) continue;
      seen.add(node);
      children(node, path, maxNodesPerValue - visited - next.length, next);
    }
    queue = next;
  }
  return undefined;
}

/** Why a value that structured clone refused cannot be sent, e.g. `holds a function \`onClick\` at .handlers[2].onClick`. */
export function whyNotCloneable(value: unknown, error: unknown): string {
  const found = find(value, refused);
  const advice = 'which cannot be sent between threads: return plain data';
  if (found === undefined) {
    const detail = error instanceof Error ? ` (${error.name}: ${error.message})` : '';
    return `cannot be sent between threads${detail}: return plain data`;
  }
  return found.path === '' ? `is ${found.what}, ${advice}` : `holds ${found.what} at ${found.path}, ${advice}`;
}

/** Why a value would arrive changed: the class instance it is or holds; undefined for plain data. */
export function whyNotPlain(value: unknown): string | undefined {
  // Most results are numbers or strings: no walk, no allocation.
  if (typeof value !== 'object' || value === null) return undefined;
  const found = find(value, (node) => {
    const name = className(node);
    return name === undefined ? undefined : name === 'an anonymous class' ? 'an instance of an anonymous class' : `a \`${name}\` instance`;
  });
  if (found === undefined) return undefined;
  const where = found.path === '' ? `is ${found.what}` : `holds ${found.what} at ${found.path}`;
  return `${where}: a worker returns it as a plain object without its methods, so it cannot match the serial result; return plain data`;
}
