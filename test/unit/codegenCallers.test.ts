// The parts of the code action that need no compiler: which modules use a function (and get the
// wrapper's import, where), how a function is exported, and which module system a file compiles to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { callerImport } from '../../server/codegen/callerImports';
import { codegenNames, importSpecifier } from '../../server/codegen/codegenNames';
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

function applied(file: string, text: string, t: CodegenTarget): string | undefined {
  const insert = callerImport(file, text, source, t, { parallelName: 'fibParallel', specifier: './fib.parallel' });
  return insert && `${text.slice(0, insert.offset)}${insert.text}${text.slice(insert.offset)}`;
}

test('a module importing the function gets the import after its own imports', () => {
  const caller = path.join(dir, 'main.ts');
  const text = "import { readFileSync } from 'node:fs';\nimport { fib as f } from './work';\n\nconsole.log(f(20), readFileSync);\n";
  assert.equal(applied(caller, text, target(sourceText, 'fib')),
    "import { readFileSync } from 'node:fs';\nimport { fib as f } from './work';\nimport { fibParallel } from './fib.parallel'; // fib on a worker pool, results in input order\n\nconsole.log(f(20), readFileSync);\n");
});

test('importers are recognised through .js specifiers, a folder above, and namespace imports', () => {
  const t = target(sourceText, 'fib');
  assert.ok(applied(path.join(dir, 'a.ts'), "import { fib } from './work.js';\nfib(1);\n", t));
  assert.ok(applied(path.resolve('/project/test/b.ts'), "import * as work from '../src/work';\nwork.fib(1);\n", t));
  assert.equal(applied(path.join(dir, 'c.ts'), "import type { fib } from './work';\ntype F = typeof fib;\n", t), undefined, 'a type-only import does not call it');
  assert.equal(applied(path.join(dir, 'd.ts'), "import { fib } from './other';\nfib(1);\n", t), undefined, 'another module\'s fib');
  assert.equal(applied(path.join(dir, 'e.ts'), "import { fib } from './work';\nimport { fibParallel } from './fib.parallel';\n", t), undefined, 'already imported');
});

test('the function\'s own module gets the import only when it calls the function outside its body', () => {
  const t = target(sourceText, 'fib');
  assert.equal(applied(source, sourceText, t), undefined, 'recursion is not a use');
  const using = `${sourceText}\nexport const total = [1, 2].map(fib);\n`;
  // No imports: before the first statement, under the file's header comment.
  assert.match(applied(source, using, t) ?? '', /^\/\/ Work\.\nimport \{ fibParallel \} from '\.\/fib\.parallel';.*\nexport function fib/);
});

test('a static method is used where its class\'s method is called', () => {
  const text = 'export class Geo {\n  static area(w: number, h: number): number { return w * h; }\n}\n';
  const t = target(text, 'Geo.area');
  assert.equal(t.singleParameter, false);
  assert.ok(applied(path.join(dir, 'm.ts'), "import { Geo } from './work';\nGeo.area(1, 2);\n", t));
  assert.deepEqual(codegenNames(source, 'Geo.area').parallelName, 'geoAreaParallel');
});

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
