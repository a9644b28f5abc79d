// Each parallel-safety check on small sources: what it flags (with the exact text of its range) and what it leaves alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProjectServices } from '../../server/analysis/projectServices';
import { checkSafety } from '../../server/analysis/safety/checkSafety';
import type { SafetyFinding } from '../../server/analysis/safety/safetyFinding';

// A path no tsconfig.json governs: the inferred project's defaults apply.
const file = '/parallelize-virtual/src/sample.ts';
let text = '';
let version = 0;
const projects = new ProjectServices({ get: (f) => (f === file ? { text, version } : undefined) });

/** Analyses `source` (as an edit of the same open document) and returns its findings. */
function analyse(source: string, names: string[] = []): SafetyFinding[] {
  text = source;
  version += 1;
  const found = projects.programFor(file);
  assert.ok(found);
  return checkSafety(found.program, found.sourceFile, new Set(names));
}

/** Findings as `code: text at its range @ line`, for compact exact assertions. */
function summary(source: string, names: string[] = []): string[] {
  return analyse(source, names).map((f) => {
    const line = source.slice(0, f.start).split('\n').length;
    return `${f.code}: ${source.slice(f.start, f.end)} @${line}`;
  });
}

test('module-level let/var: every read and write; const objects: only their mutations', () => {
  const source = `let hits = 0;
var total = 0;
const limits = [1, 2];
const cache = new Map<number, number>();
const config = { scale: 2, nested: { n: 1 } };
/** @parallelize */
export function f(n: number): number {
  hits++;
  total = total + n;
  cache.set(n, n);
  config.nested.n = 3;
  limits.push(n);
  delete (config as { scale?: number }).scale;
  const local = new Map<number, number>();
  local.set(1, 1);
  return n * config.scale + limits.length + (cache.get(n) ?? 0);
}
`;
  assert.deepEqual(summary(source), [
    'module-state: hits @8',
    'module-state: total @9',
    'module-state: total @9',
    'module-state: cache.set @10',
    'module-state: config.nested.n @11',
    'module-state: limits.push @12',
    'module-state: (config as { scale?: number }).scale @13',
  ]);
});

test('module-state: untagged functions and reads of constants are not flagged', () => {
  const source = `let hits = 0;
const table = [1, 2, 3];
export function untouched(n: number): number { hits++; return n; }
/** @parallelize */
export const pure = (n: number): number => table[n % 3]! * 2;
`;
  assert.deepEqual(summary(source), []);
});

test('this, arguments: flagged where they are the function\'s own, not inside nested functions', () => {
  const source = `/** @parallelize */
export function f(this: unknown, n: number): number {
  const self = this;
  const g = function (this: unknown) { return this; };
  const args = arguments.length;
  void self; void g;
  return n + args;
}
/** @parallelize */
export const h = (n: number): number => arguments.length + n;
export class K {
  static base = 1;
  /** @parallelize */
  static ok(n: number): number { return n + this.base; }
  /** @parallelize */
  inst(n: number): number { return n + K.base + (this === undefined ? 0 : 1); }
}
`;
  assert.deepEqual(summary(source), [
    'this-usage: this @3',
    'arguments-usage: arguments @5',
    'arguments-usage: arguments @10',
    'this-usage: this @16',
  ]);
  const [, fnArguments, arrowArguments] = analyse(source);
  assert.equal(fnArguments?.severity, 'information');
  assert.equal(arrowArguments?.severity, 'warning');
});

test('captured variables: a tagged nested function reading its outer function\'s locals', () => {
  const source = `const shared = 2;
export function outer(k: number): number {
  const factor = 3;
  /** @parallelize */
  function inner(j: number): number { const own = 1; return j + k * factor + k + own + shared; }
  return inner(1);
}
`;
  assert.deepEqual(summary(source), ['captured-variable: k @5', 'captured-variable: factor @5']);
  assert.match(analyse(source)[0]!.message, /captured from `outer`.*pass `k` as a parameter/);
});

test('I/O and waiting: fs, child_process, fetch and timers; a local `fetch` is not', () => {
  const source = `import { readFile } from 'node:fs/promises';
import * as fs from 'fs';
import { execSync } from 'child_process';
/** @parallelize */
export async function load(path: string): Promise<number> {
  const a = await readFile(path, 'utf8');
  const b = fs.statSync(path);
  execSync('true');
  await fetch('https://example.com');
  await new Promise((resolve) => setTimeout(resolve, 10));
  return a.length + Number(b.size);
}
/** @parallelize */
export function notIo(n: number): number {
  const fetch = (x: number) => x;
  return fetch(n) + JSON.parse('1');
}
`;
  assert.deepEqual(summary(source), [
    'io-bound: readFile @6',
    'io-bound: fs.statSync @7',
    'io-bound: execSync @8',
    'io-bound: fetch @9',
    'io-bound: setTimeout @10',
  ]);
  assert.match(analyse(source)[0]!.message, /from 'fs\/promises'.*awaits it.*I\/O-bound.*Promise\.all/);
});

test('uncloneable parameters and returns, found with the type checker', () => {
  const source = `class Vec { constructor(public x: number) {} len(): number { return this.x; } }
class Plain { x = 1; }
interface Job { id: number; done: () => void }
/** @parallelize */
export function f(cb: (n: number) => number, v: Vec, job: Job, s: symbol, w: WeakMap<object, number>, p: Promise<number>): Vec { return v; }
/** @parallelize */
export async function g(n: number, xs: number[], m: Map<string, Date>, plain: Plain, u8: Uint8Array, o: { a: string[] }): Promise<{ total: number }> { return { total: n }; }
/** @parallelize */
export const h = (n: number) => () => n;
`;
  assert.deepEqual(summary(source), [
    'uncloneable-parameter: (n: number) => number @5',
    'uncloneable-parameter: Vec @5',
    'uncloneable-parameter: Job @5',
    'uncloneable-parameter: symbol @5',
    'uncloneable-parameter: WeakMap<object, number> @5',
    'uncloneable-parameter: Promise<number> @5',
    'uncloneable-return: Vec @5',
    'uncloneable-return: h @9',
  ]);
  const messages = analyse(source).map((f) => f.message);
  assert.match(messages[1]!, /instance of class `Vec`.*`len` is lost/);
  assert.match(messages[2]!, /object whose `done` is a function/);
  assert.match(messages[4]!, /a WeakMap/);
  assert.ok(analyse(source).every((f) => f.severity === 'error'));
});

test('impure globals: randomness and clocks, not `new Date(x)` nor a local `Math`', () => {
  const source = `import { randomUUID } from 'node:crypto';
/** @parallelize */
export function f(n: number): number {
  const a = Math.random() + Date.now() + performance.now() + new Date().getTime();
  const b = new Date(n).getTime() + Math.floor(n) + crypto.randomUUID().length + randomUUID().length;
  return a + b;
}
/** @parallelize */
export function g(n: number): number {
  const Math = { random: () => 4 };
  return Math.random() + n;
}
`;
  assert.deepEqual(summary(source), [
    'impure-global: Math.random @4',
    'impure-global: Date.now @4',
    'impure-global: performance.now @4',
    'impure-global: new Date() @4',
    'impure-global: crypto.randomUUID @5',
    'impure-global: randomUUID @5',
  ]);
});

test('the parallelized function is checked by name, tagged or not', () => {
  const source = `let n = 0;
export function counted(x: number): number { return x + n; }
export const other = (x: number): number => x + n;
export class S { static m(x: number): number { return x + n; } }
`;
  assert.deepEqual(summary(source, ['counted']), ['module-state: n @2']);
  assert.deepEqual(summary(source, ['S.m']), ['module-state: n @4']);
  assert.deepEqual(summary(source, ['missing']), []);
});

test('an ignore comment silences its code on its line or the next, and only that code', () => {
  const source = `let hits = 0;
/** @parallelize */
export function f(n: number): number {
  // parallelize-ignore impure-global
  const r = Math.random();
  const s = Math.random(); // parallelize-ignore
  // parallelize-ignore io-bound
  hits++;
  return n + r + s;
}
`;
  assert.deepEqual(summary(source), ['module-state: hits @8']);
});
