/**
 * Each function shape the finder accepts really runs on the engine: found in its fixture, bundled,
 * run serially and on one worker with tiny inputs. The worker runs from dist/worker.js, built first.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { defaultRunSettings } from '../../protocol/settings';
import { findFunctionByName } from '../../server/analysis/findFunction';
import { runBenchmark } from '../../server/engine/runBenchmark';
import { buildWorker } from './engineRun';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'analysis');

/** Finds `name` in the fixture, runs it on `inputs`, and checks every result matched the serial one. */
async function runs(fileName: string, name: string, inputs: string): Promise<void> {
  const file = path.join(fixtures, fileName);
  const found = findFunctionByName(file, readFileSync(file, 'utf8'), name);
  assert.ok(found.ok, found.ok ? '' : found.error.message);
  const reply = await runBenchmark(
    { target: found.value, inputs, settings: { ...defaultRunSettings, trials: 1, maxWorkers: 1 } },
    { signal: new AbortController().signal, onProgress: () => undefined, log: () => undefined },
  );
  assert.ok(reply.ok, reply.ok ? '' : `${reply.error.code}: ${reply.error.message}`);
  assert.deepEqual(reply.value.errors, []);
  assert.equal(reply.value.inputs.count, 3);
  assert.equal(reply.value.resultsMatch, true, JSON.stringify(reply.value.mismatch));
  assert.equal(reply.value.function.name, name);
}

void describe('every function shape runs on the engine', () => {
  before(buildWorker);

  void it('an exported declaration', () => runs('shapes.ts', 'exported', '[1, 2, 3]'));
  void it('a declaration that is not exported', () => runs('shapes.ts', 'local', '[1, 2, 3]'));
  void it('`export default function name`', () => runs('defaultNamed.ts', 'cube', '[1, 2, 3]'));
  void it('an anonymous `export default function`', () => runs('defaultFunction.ts', 'default', '[1, 2, 3]'));
  void it('an anonymous `export default (…) => …`', () => runs('defaultArrow.ts', 'default', '[1, 2, 3]'));
  void it('a const arrow', () => runs('shapes.ts', 'arrow', '[1, 2, 3]'));
  void it('a function expression', () => runs('shapes.ts', 'expression', '[1, 2, 3]'));
  void it('an async function', () => runs('shapes.ts', 'later', '[1, 2, 3]'));
  void it('a generic function', () => runs('shapes.ts', 'firstOf', '[[1], ["a"], []]'));
  void it('an overloaded function (its implementation)', () => runs('shapes.ts', 'scale', '[[1, 2], [3, 4], [5, 6]]'));
  void it('a destructured parameter', () => runs('shapes.ts', 'area', 'Array.from({ length: 3 }, (_, i) => ({ width: i, height: 2 }))'));
  void it('a defaulted destructured parameter', () => runs('shapes.ts', 'repeat', "[{ text: 'x', times: 3 }, {}, { times: 1 }]"));
  void it('a static method, keeping `this`', () => runs('shapes.ts', 'Stats.offset', '[1, 2, 3]'));
});
