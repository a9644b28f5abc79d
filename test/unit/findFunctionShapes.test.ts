// Every function shape of test/fixtures/analysis: what the finder returns for each, and what it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FunctionTarget } from '../../protocol/lsp';
import { findFunctionAt, findFunctionByName, listFunctions } from '../../server/analysis/findFunction';

const fixtures = path.resolve(__dirname, '../fixtures/analysis');

function load(name: string): { file: string; text: string } {
  const file = path.join(fixtures, name);
  return { file, text: readFileSync(file, 'utf8') };
}

/** The target at the first occurrence of `needle` in a fixture. */
function at(name: string, needle: string): FunctionTarget {
  const { file, text } = load(name);
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${name} lacks ${needle}`);
  const reply = findFunctionAt(file, text, offset);
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  return reply.value;
}

function refusal(name: string, needle: string): { code: string; message: string } {
  const { file, text } = load(name);
  const reply = findFunctionAt(file, text, text.indexOf(needle));
  assert.ok(!reply.ok, `expected a refusal at ${needle}, got ${reply.ok ? reply.value.name : ''}`);
  return reply.error;
}

test('exported and unexported declarations', () => {
  assert.deepEqual([at('shapes.ts', 'n * factor').name, at('shapes.ts', 'n + factor').name], ['exported', 'local']);
  assert.equal(at('shapes.ts', 'n * factor').kind, 'declaration');
});

test('`export default function name` is reached by its name', () => {
  const target = at('defaultNamed.ts', 'n * n * n');
  assert.equal(target.name, 'cube');
  assert.equal(target.range.start.line, 1);
});

test('an anonymous `export default function` is reached as `default`', () => {
  const target = at('defaultFunction.ts', 'n + 1');
  assert.equal(target.name, 'default');
  assert.equal(target.kind, 'declaration');
  assert.deepEqual(target.parameters, [{ name: 'n', type: 'number' }]);
  assert.equal(target.range.start.line, 1);
});

test('an anonymous `export default (…) => …` is reached as `default`, from the keyword too', () => {
  const target = at('defaultArrow.ts', 'n * offset');
  assert.deepEqual([target.name, target.kind, target.range.start.line], ['default', 'arrow', 3]);
  assert.equal(at('defaultArrow.ts', 'export default').name, 'default');
  const { file, text } = load('defaultArrow.ts');
  assert.deepEqual(listFunctions(file, text).map((f) => f.name), ['default']);
});

test('const arrow and function expression', () => {
  assert.deepEqual([at('shapes.ts', 'n - 1').name, at('shapes.ts', 'n - 1').kind], ['arrow', 'arrow']);
  assert.deepEqual([at('shapes.ts', 'n * 2').name, at('shapes.ts', 'n * 2').kind], ['expression', 'expression']);
});

test('an async function', () => {
  const target = at('shapes.ts', 'await Promise');
  assert.equal(target.name, 'later');
  assert.deepEqual(target.parameters, [{ name: 'n', type: 'number' }]);
});

test('a generic function: its type parameter gets a placeholder to replace', () => {
  const target = at('shapes.ts', 'items[0]');
  assert.equal(target.name, 'firstOf');
  assert.deepEqual(target.parameters, [{ name: 'items', type: 'readonly T[]' }]);
  assert.match(target.suggestedInputs, /replace with a T/);
});

test('overloads resolve to the implementation, from a signature line too', () => {
  const fromSignature = at('shapes.ts', 'scale(n: number): number;');
  assert.equal(fromSignature.name, 'scale');
  assert.deepEqual(fromSignature.parameters, [{ name: 'n', type: 'number' }, { name: 'by', type: 'number' }]);
  assert.equal(fromSignature.range.start.line, at('shapes.ts', 'n * by').range.start.line);
});

test('a destructured parameter typed inline gets an object per item', () => {
  const target = at('shapes.ts', 'width * height');
  assert.deepEqual(target.parameters, [{ name: '{ width, height }', type: '{ width: number; height: number }' }]);
  assert.equal(target.suggestedInputs, 'Array.from({ length: 32 }, (_, i) => ({ width: i, height: i }))');
});

test('a destructured parameter with defaults is typed from them', () => {
  const target = at('shapes.ts', 'text.repeat');
  assert.deepEqual(target.parameters, [{ name: "{ text = 'ab', times = 2 }", type: '{ text: string; times: number }' }]);
  assert.equal(target.suggestedInputs, "Array.from({ length: 32 }, (_, i) => ({ text: 'input-' + i, times: i }))");
});

test('a static method is reached as Class.method', () => {
  const target = at('shapes.ts', 'n + this.base');
  assert.deepEqual([target.name, target.kind], ['Stats.offset', 'staticMethod']);
});

test('inside the closure a factory returns, the factory itself is the function found', () => {
  // An anonymous function is part of the function around it: measuring means measuring the factory.
  assert.equal(at('closures.ts', 'count += 1').name, 'makeCounter');
});

test('a closure built by a call is refused with why and what to do', () => {
  const error = refusal('closures.ts', 'counter =');
  assert.equal(error.code, 'NOT_A_FUNCTION');
  assert.match(error.message, /`counter`, the result of a call: .*closure.*Write it as a top-level function that takes those values as parameters/);
});

test('by name, `default` reaches an anonymous default export', () => {
  const { file, text } = load('defaultFunction.ts');
  const reply = findFunctionByName(file, text, 'default');
  assert.ok(reply.ok);
  assert.equal(reply.value.range.start.line, 1);
});
