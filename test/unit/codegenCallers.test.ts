// The parts of the code action that need no compiler: how a function is exported, how the
// generated files import each other, and which module system a file compiles to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { importSpecifier } from '../../server/codegen/codegenNames';
import { codegenTarget, type CodegenTarget } from '../../server/codegen/codegenTarget';
import { detectModuleKind } from '../../server/codegen/moduleKind';

const dir = path.resolve('/project/src');
const source = path.join(dir, 'work.ts');
const sourceText = `// Work.
export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
`;

function target(text: string, name: string): CodegenTarget {
  const found = codegenTarget(source, text, name);
  assert.ok(found.ok, found.ok ? '' : found.message);
  return found.value;
}

test('export styles: named, aliased, default, and none (every overload gets `export`)', () => {
  assert.deepEqual(target(sourceText, 'fib').exportStyle, { kind: 'named', name: 'fib' });
  assert.deepEqual(target('const f = (n: number) => n;\nexport { f as g };\n', 'f').exportStyle, { kind: 'named', name: 'g' });
  assert.deepEqual(target('export default function f(n: number) { return n; }\n', 'f').exportStyle, { kind: 'default' });
  const overloads = 'function f(n: number): number;\nfunction f(n: string): string;\nfunction f(n: any) { return n; }\n';
  const style = target(overloads, 'f').exportStyle;
  assert.equal(style.kind, 'none');
  assert.deepEqual(style.kind === 'none' ? style.insertExportAt : [], [0, 31, 62]);
  assert.equal(target('export async function f(s: string) { return s; }\n', 'f').returnsPromise, true);
  assert.equal(target('export function f(...xs: number[]) { return xs; }\n', 'f').singleParameter, false);
});

test('import specifiers carry .js for ES modules and none for CommonJS', () => {
  assert.equal(importSpecifier(path.join(dir, 'main.ts'), path.join(dir, 'fib.parallel.ts'), 'esm'), './fib.parallel.js');
  assert.equal(importSpecifier(path.join(dir, 'main.ts'), path.join(dir, 'fib.parallel.ts'), 'cjs'), './fib.parallel');
  assert.equal(importSpecifier(path.resolve('/project/test/t.ts'), path.join(dir, 'fib.parallel.mts'), 'cjs'), '../src/fib.parallel.mjs');
});

test('module kind: file extension, then tsconfig "module" (following extends), then package.json "type"', () => {
  const files = (entries: Record<string, string>) => (file: string) => entries[path.resolve(file)];
  const at = (p: string) => path.resolve(p);
  assert.equal(detectModuleKind('/p/a.mts', files({})).kind, 'esm');
  assert.equal(detectModuleKind('/p/a.ts', files({})).kind, 'cjs');
  assert.equal(detectModuleKind('/p/src/a.ts', files({ [at('/p/package.json')]: '{"type":"module"}' })).kind, 'esm');
  const extended = files({
    [at('/p/tsconfig.json')]: '{ // comments are fine\n "extends": "./tsconfig.base.json" }',
    [at('/p/tsconfig.base.json')]: '{ "compilerOptions": { "module": "CommonJS" } }',
    [at('/p/package.json')]: '{"type":"module"}',
  });
  assert.deepEqual(detectModuleKind('/p/src/a.ts', extended), { kind: 'cjs', reason: 'tsconfig.json has "module": "CommonJS"' });
  const node = files({ [at('/p/tsconfig.json')]: '{ "compilerOptions": { "module": "nodenext" } }', [at('/p/package.json')]: '{"type":"module"}' });
  assert.equal(detectModuleKind('/p/src/a.ts', node).kind, 'esm');
});
