/**
 * ES modules run as ES modules: a .mts file, a .ts file under "type": "module", and a .ts file
 * whose code needs one (import.meta, top-level await) are bundled as ESM and imported in the
 * worker, with import.meta naming the user's own file; everything else stays CommonJS.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import { bundleFunction } from '../../server/engine/bundleFunction';
import type { Outcome } from '../../server/engine/runTrial';
import { buildWorker, engineFixtures, fixtureTarget, resultOf, runFixture } from './engineRun';

/** The format `file` is bundled as. */
async function formatOf(file: string, name: string): Promise<string> {
  const bundle = await bundleFunction(fixtureTarget(file, name), '[0]');
  assert.ok(bundle.ok, bundle.ok ? '' : bundle.error.message);
  await bundle.value.dispose();
  return `${bundle.value.format} ${path.basename(bundle.value.file)}`;
}

/** What the function returned for each input, by index, from the pool runs. */
async function valuesOf(file: string, name: string, inputs: string): Promise<unknown[]> {
  const values: unknown[] = [];
  const result = resultOf(await runFixture(file, name, inputs, {}, {
    onItem: ({ index, outcome }: { index: number; outcome: Outcome }) => {
      values[index] = outcome.kind === 'value' ? outcome.value : outcome.thrown.message;
    },
  }));
  assert.deepEqual(result.errors, []);
  assert.equal(result.resultsMatch, true);
  return values;
}

void describe('ES modules', () => {
  before(buildWorker);

  void it('runs a .mts module with top-level await that reads a file beside it through import.meta.url', async () => {
    assert.equal(await formatOf('esm/meta.mts', 'shifted'), 'esm bundle.mjs');
    assert.deepEqual(await valuesOf('esm/meta.mts', 'shifted', '[1, 2, 3]'), [101, 102, 103]);
  });

  void it('gives import.meta.url, .dirname and .filename of the user\'s own file, not the bundle', async () => {
    const file = path.join(engineFixtures, 'esm', 'meta.mts');
    const [where] = await valuesOf('esm/meta.mts', 'whereAmI', '[0]');
    assert.deepEqual(where, [pathToFileURL(file).href, path.dirname(file), file]);
  });

  void it('gives a CommonJS dependency inside an ES bundle the require it calls', async () => {
    assert.deepEqual(await valuesOf('esm/meta.mts', 'viaLegacy', '[1, 2]'), ['legacy/1', 'legacy/2']);
  });

  void it('maps a throw in an ES module to its .mts line', async () => {
    const result = resultOf(await runFixture('esm/meta.mts', 'refuses', '[0, 1, 2, 3]'));
    const [error] = result.errors;
    assert.equal(error?.code, 'TASK_THREW');
    assert.equal(error?.inputIndex, 2);
    assert.match(error?.stack ?? '', /esm\/meta\.mts:22:22/, error?.stack);
  });

  void it('bundles a .ts file under "type": "module" as an ES module', async () => {
    assert.equal(await formatOf('esmPackage/folder.ts', 'folder'), 'esm bundle.mjs');
    assert.deepEqual(await valuesOf('esmPackage/folder.ts', 'folder', '[0]'), [path.join(engineFixtures, 'esmPackage')]);
  });

  void it('bundles a .ts file Node would run as CommonJS as ESM when it uses top-level await or import.meta', async () => {
    assert.equal(await formatOf('awaits.ts', 'lookup'), 'esm bundle.mjs');
    assert.deepEqual(await valuesOf('awaits.ts', 'lookup', '[0, 1, 2]'), [10, 20, 30]);
    assert.equal(await formatOf('meta.ts', 'fileOf'), 'esm bundle.mjs');
    assert.deepEqual(await valuesOf('meta.ts', 'fileOf', '[0]'), [path.join(engineFixtures, 'meta.ts')]);
  });

  void it('keeps the rest CommonJS, where __dirname, __filename and require name the user\'s file', async () => {
    assert.equal(await formatOf('commonjs.ts', 'whereAmI'), 'cjs bundle.js');
    const file = path.join(engineFixtures, 'commonjs.ts');
    assert.deepEqual(await valuesOf('commonjs.ts', 'whereAmI', '[0]'), [[path.dirname(file), file, 'function']]);
    assert.deepEqual(await valuesOf('commonjs.ts', 'resolved', '["./pure.ts"]'), [path.join(engineFixtures, 'pure.ts')]);
  });

  void it('says why top-level await fails in a .cts file, instead of esbuild\'s words', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parallelize-cts-'));
    try {
      const file = path.join(dir, 'tla.cts');
      await writeFile(file, 'const x = await Promise.resolve(1);\nexport function f(n: number): number {\n  return n + x;\n}\n');
      const bundle = await bundleFunction({ ...fixtureTarget('pure.ts', 'f'), file, uri: pathToFileURL(file).href }, '[1]');
      assert.equal(bundle.ok, false);
      assert.ok(!bundle.ok);
      assert.equal(bundle.error.code, 'BUNDLE_FAILED');
      assert.match(bundle.error.message, /^top-level await needs an ES module, but the \.cts extension makes tla\.cts CommonJS: rename it \.mts/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
