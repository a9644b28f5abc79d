// The generated worker-pool code is real code: for fixture functions (one parameter, tuple
// parameters on a static method, async under an aliased export, an anonymous default export) it is written into a scratch
// project, compiled with the real tsc (CommonJS and ES module variants), then run with real
// piscina, and its results must equal the serial ones, in input order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchmarkResult } from '../../protocol/results';
import { generatePoolCode, type PoolCode } from '../../server/codegen/generatePoolCode';
import { compiledProject as buildProject, type Project, repoRoot as root, run } from './codegenProject';

const measured = { ...(JSON.parse(readFileSync(path.join(root, 'test/fixtures/results/primes-8-workers.json'), 'utf8')) as BenchmarkResult) };
const now = new Date('2026-01-15T12:00:00Z');
// An inputs expression that would end the header comment early if pasted raw, over two lines.
const closingExpression = 'Array.from({ length: 9 }, (_, i) => [i + 1, 10 - i]) /* sizes */\n  .filter((pair) => pair[0] > 0 /* all */)';
const closingComment: BenchmarkResult = { ...measured, inputs: { ...measured.inputs, expression: closingExpression } };
/** A run whose verdict was to keep the function serial: generating still works, and says so. */
const keptSerial: BenchmarkResult = { ...measured, suggestion: { ...measured.suggestion, keepSerial: true }, verdict: 'No pool beats serial: keep it serial.' };
let scratch: string;

/** The script that calls each wrapper beside the serial function and prints both. */
function checkScript(ext: string): string {
  return `import { collatz } from './collatz${ext}';
import { collatzParallel, destroyPool as destroyCollatz } from './collatz.parallel${ext}';
import { Geometry } from './geometry${ext}';
import { geometryAreaParallel, destroyPool as destroyGeometry } from './geometryArea.parallel${ext}';
import { digest } from './digest${ext}';
import { shaParallel, destroyPool as destroySha } from './sha.parallel${ext}';
import square from './squareDefault${ext}';
import { squareDefaultParallel, destroyPool as destroySquare } from './squareDefault.parallel${ext}';

async function main(): Promise<void> {
  const numbers = Array.from({ length: 40 }, (_, i) => 27 + i * 7);
  const sizes = Array.from({ length: 9 }, (_, i): [number, number] => [i + 1, 10 - i]);
  const texts = Array.from({ length: 11 }, (_, i) => 'text ' + i);
  const out = {
    collatz: { serial: numbers.map(collatz), parallel: await collatzParallel(numbers, { chunkSize: 3 }), empty: await collatzParallel([]) },
    geometry: { serial: sizes.map((args) => Geometry.area(...args)), parallel: await geometryAreaParallel(sizes) },
    digest: { serial: await Promise.all(texts.map(digest)), parallel: await shaParallel(texts, { chunkSize: 2 }) },
    square: { serial: numbers.map(square), parallel: await squareDefaultParallel(numbers) },
  };
  await Promise.all([destroyCollatz(), destroyGeometry(), destroySha(), destroySquare()]);
  process.stdout.write(JSON.stringify(out));
}

void main();
`;
}

/** A scratch project of one module kind, holding the fixtures and their generated code, compiled. */
function compiledProject(kind: 'cjs' | 'esm'): Promise<Project<PoolCode>> {
  return buildProject({
    kind,
    dir: path.join(scratch, kind),
    packageName: `codegen-${kind}`,
    functions: [['collatz.ts', 'collatz', measured], ['geometry.ts', 'Geometry.area', closingComment], ['digest.ts', 'sha', undefined], ['squareDefault.ts', 'default', keptSerial]],
    now,
    generate: generatePoolCode,
    files: (code) => [code.worker, code.wrapper],
    scripts: { check: checkScript },
  });
}

interface Outcome { serial: unknown; parallel: unknown; empty?: unknown }

async function runCheck(dir: string): Promise<Record<string, Outcome>> {
  const { stdout } = await run(process.execPath, [path.join(dir, 'out/check.js')], { cwd: dir, timeout: 20_000 });
  return JSON.parse(stdout) as Record<string, Outcome>;
}

let projects: Promise<Record<'cjs' | 'esm', Project<PoolCode>>>;

before(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'parallelize-codegen-'));
  projects = Promise.all([compiledProject('cjs'), compiledProject('esm')]).then(([cjs, esm]) => ({ cjs, esm }));
});

after(() => rmSync(scratch, { recursive: true, force: true }));

for (const kind of ['cjs', 'esm'] as const) {
  test(`generated ${kind} code compiles with tsc and gives the serial results in input order`, async () => {
    const { dir } = (await projects)[kind];
    const outcome = await runCheck(dir);
    for (const [name, { serial, parallel }] of Object.entries(outcome)) assert.deepEqual(parallel, serial, name);
    assert.deepEqual(outcome.collatz?.empty, []);
    assert.equal((outcome.collatz?.serial as number[]).length, 40);
  });
}

test('a measured run becomes the defaults and the header says where they came from', async () => {
  const { cjs, esm } = await projects;
  const wrapper = cjs.code.get('collatz')!.wrapper.text;
  assert.match(wrapper, /export const collatzPoolSize = 8;/);
  assert.match(wrapper, /export const collatzChunkSize = 250;/);
  assert.match(wrapper, /measured: 5\.3× on 8 workers on 2025-11-25/);
  assert.match(wrapper, /path\.resolve\(__dirname, 'collatz\.worker\.js'\)/);
  assert.match(esm.code.get('collatz')!.wrapper.text, /new URL\('\.\/collatz\.worker\.js', import\.meta\.url\)/);
  // Unmeasured: sized from the machine, and the comment says how to get measured numbers.
  const unmeasured = cjs.code.get('sha')!.wrapper.text;
  assert.match(unmeasured, /export const shaPoolSize = Math\.max\(1, availableParallelism\(\)\);/);
  assert.match(unmeasured, /has not been benchmarked yet\.\n \* The pool size and chunk size below are defaults, not measured/);
});

test('the header says how to call it instead of the serial map', async () => {
  const { cjs } = await projects;
  assert.match(cjs.code.get('collatz')!.wrapper.text, /Where the code has `inputs\.map\(collatz\)`, write `await collatzParallel\(inputs\)`/);
  assert.match(cjs.code.get('Geometry.area')!.wrapper.text, /`inputs\.map\(\(args\) => Geometry\.area\(\.\.\.args\)\)`, write `await geometryAreaParallel\(inputs\)`/);
  assert.match(cjs.code.get('sha')!.wrapper.text, /`await Promise\.all\(inputs\.map\(sha\)\)`, write `await shaParallel\(inputs\)`/);
});

test('after a keep-it-serial verdict the code is still generated, and its header says so first', async () => {
  const header = (await projects).cjs.code.get('default')!.wrapper.text.split('\n */\n')[0] ?? '';
  assert.match(header, /^\/\*\*\n \* `default` \(\.\/squareDefault\.ts\).*\n \* Where the code has.*\n \*\n \* The last benchmark \(2025-11-25\) said to keep `default` serial: no pool beat the serial run\n/);
  assert.match(header, /It is generated because you asked; benchmark again before shipping it\./);
  assert.match(header, /The verdict: "No pool beats serial: keep it serial\."/);
});

test('an inputs expression holding `*/` stays inside the header comment, escaped, and the file compiles', async () => {
  // The compile in compiledProject is the real check: a raw `*/` would end the comment and tsc would fail.
  const header = (await projects).cjs.code.get('Geometry.area')!.wrapper.text.split('\n */\n')[0] ?? '';
  assert.ok(header.includes('(`Array.from({ length: 9 }, (_, i) => [i + 1, 10 - i]) /* sizes *\\/ .filter((pair) => pair[0] > 0 /* all *\\/)`)'), header);
  assert.doesNotMatch(header.slice(3), /\*\//);
});

test('the worker imports the function the way its module exports it', async () => {
  const { cjs, esm } = await projects;
  assert.match(cjs.code.get('sha')!.worker.text, /import \{ digest as sha \} from '\.\/digest';/);
  assert.match(esm.code.get('sha')!.worker.text, /import \{ digest as sha \} from '\.\/digest\.js';/);
  assert.match(cjs.code.get('sha')!.worker.text, /Promise\.all\(items\.map\(\(item\) => sha\(item\)\)\)/);
  const geometry = cjs.code.get('Geometry.area')!;
  assert.equal(geometry.target.exportStyle.kind, 'none', 'Geometry is not exported: the code action exports it');
  assert.match(geometry.worker.text, /items\.map\(\(args\) => Geometry\.area\(\.\.\.args\)\)/);
});
