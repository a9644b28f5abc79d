import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findFunctionAt, findFunctionByName, listFunctions } from '../../server/analysis/findFunction';

const file = '/ws/src/sample.ts';
const source = `import { readFileSync } from 'node:fs';
export function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) if ([2, 3].every((d) => n % d !== 0)) count++;
  return count;
}
const square = (x: number) => x * x;
export const blend = function (a: string, b = 3) { return a.repeat(b); };
function outer(n: number) {
  function inner(k: number) { return k + n; }
  return inner(n);
}
class Geometry {
  static area(r: number): number { return Math.PI * r * r; }
  perimeter(r: number): number { return 2 * Math.PI * r; }
}
export function pad(s: string): string;
export function pad(s: string, width: number): string;
export function pad(s: string, width = 8): string { return s.padStart(width); }
const limit = 10;
`;

/** Offset of the first occurrence of `needle`, plus `delta`. */
function at(needle: string, delta = 0): number {
  const i = source.indexOf(needle);
  assert.ok(i >= 0, `fixture lacks ${needle}`);
  return i + delta;
}

function found(offset: number) {
  const reply = findFunctionAt(file, source, offset);
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  return reply.value;
}

function refused(offset: number) {
  const reply = findFunctionAt(file, source, offset);
  assert.ok(!reply.ok, `expected a refusal, got ${reply.ok ? reply.value.name : ''}`);
  return reply.error;
}

test('a function declaration, from its body and from a callback inside it', () => {
  const target = found(at('let count'));
  assert.equal(target.name, 'countPrimes');
  assert.equal(target.kind, 'declaration');
  assert.equal(target.range.start.line, 1);
  assert.deepEqual(target.parameters, [{ name: 'limit', type: 'number' }]);
  assert.equal(target.suggestedInputs, 'Array.from({ length: 32 }, (_, i) => 100_000 + i * 1_000)');
  assert.equal(found(at('n % d')).name, 'countPrimes');
  assert.equal(target.uri, 'file:///ws/src/sample.ts');
});

test('arrow and function-expression consts, with a defaulted parameter typed from its literal', () => {
  assert.equal(found(at('x * x')).kind, 'arrow');
  const blend = found(at('a.repeat'));
  assert.equal(blend.name, 'blend');
  assert.equal(blend.kind, 'expression');
  assert.deepEqual(blend.parameters.map((p) => p.type), ['string', 'number']);
  assert.match(blend.suggestedInputs, /=> \['input-' \+ i, 100_000 \+ i \* 1_000\]\)$/);
});

test('a static method is reached as Class.method; an instance method is refused with the reason', () => {
  assert.equal(found(at('Math.PI * r * r')).name, 'Geometry.area');
  const error = refused(at('2 * Math.PI'));
  assert.equal(error.code, 'UNSUPPORTED_FUNCTION');
  assert.match(error.message, /instance method `perimeter`.*`this`/);
});

test('a nested function is refused, naming both functions', () => {
  const error = refused(at('k + n'));
  assert.equal(error.code, 'UNSUPPORTED_FUNCTION');
  assert.match(error.message, /`inner`.*nested in `outer`/);
  assert.equal(found(at('return inner(n)')).name, 'outer');
});

test('an overload signature resolves to the implementation', () => {
  const target = found(at('pad(s: string): string;'));
  assert.equal(target.name, 'pad');
  assert.equal(target.range.start.line, 18);
});

test('not a function: says what is there and what is supported', () => {
  const onImport = refused(at('readFileSync'));
  assert.equal(onImport.code, 'NOT_A_FUNCTION');
  assert.match(onImport.message, /line 1: found an import\. Supported:/);
  assert.match(refused(at('limit = 10')).message, /variable `limit`, which is not a function/);
});

test('a syntax error names its line', () => {
  const broken = 'export function f(n: number) {\n  return n +;\n}\n';
  const reply = findFunctionAt(file, broken, 20);
  assert.ok(!reply.ok);
  assert.equal(reply.error.code, 'SYNTAX_ERROR');
  assert.match(reply.error.message, /line 2:/);
});

test('by name, for the CLI; a missing name lists what exists', () => {
  const byName = findFunctionByName(file, source, 'Geometry.area');
  assert.ok(byName.ok);
  assert.equal(byName.value.kind, 'staticMethod');
  const missing = findFunctionByName(file, source, 'nope');
  assert.ok(!missing.ok);
  assert.equal(missing.error.code, 'FUNCTION_NOT_FOUND');
  assert.match(missing.error.message, /countPrimes, square, blend, outer, Geometry\.area, pad/);
});

test('listFunctions returns each runnable top-level function once', () => {
  assert.deepEqual(listFunctions(file, source).map((f) => f.name), ['countPrimes', 'square', 'blend', 'outer', 'Geometry.area', 'pad']);
});

test('by name, an instance method or a nested function is refused with the reason findFunctionAt gives', () => {
  const instance = findFunctionByName(file, source, 'Geometry.perimeter');
  assert.ok(!instance.ok);
  assert.equal(instance.error.code, 'UNSUPPORTED_FUNCTION');
  assert.match(instance.error.message, /`Geometry\.perimeter` in \/ws\/src\/sample\.ts is an instance method of `Geometry`: it depends on `this`/);
  // The same sentence the cursor lookup gives, so the CLI and the editor agree.
  assert.ok(instance.error.message.endsWith(refused(at('2 * Math.PI')).message.split(': ').slice(1).join(': ')));
  const bare = findFunctionByName(file, source, 'perimeter');
  assert.ok(!bare.ok);
  assert.match(bare.error.message, /instance method of `Geometry`/);

  const nested = findFunctionByName(file, source, 'inner');
  assert.ok(!nested.ok);
  assert.equal(nested.error.code, 'UNSUPPORTED_FUNCTION');
  assert.match(nested.error.message, /`inner` in \/ws\/src\/sample\.ts is a function nested in `outer`: it can use `outer`'s variables, which a worker cannot share/);

  const arrowInside = findFunctionByName(file, 'export function run(xs: number[]) {\n  const twice = (x: number) => x * 2 + xs.length;\n  return xs.map(twice);\n}\n', 'twice');
  assert.ok(!arrowInside.ok);
  assert.match(arrowInside.error.message, /nested in `run`/);
  // The class is part of the name: another class's `perimeter` is simply missing.
  const other = findFunctionByName(file, source, 'Other.perimeter');
  assert.ok(!other.ok);
  assert.equal(other.error.code, 'FUNCTION_NOT_FOUND');
});
