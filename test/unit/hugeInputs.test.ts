/**
 * Huge inputs arrays: the reply holding them is checked without visiting every element, and the
 * worker refuses more than maxInputs before sending them, so the engine's thread never freezes.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { before, describe, it } from 'node:test';
import { InputsReply } from '../../server/worker/messages';
import { maxInputs } from '../../server/worker/inputLimit';
import { buildWorker, resultOf, runFixture } from './engineRun';

void describe('huge inputs', () => {
  before(buildWorker);

  void it('validates an inputs reply without visiting its elements', () => {
    // 20 million holes: an element-by-element check takes about a second here.
    const items = new Array<unknown>(20_000_000);
    const start = performance.now();
    const parsed = InputsReply.safeParse({ kind: 'inputs', items, memoryBytes: 0 });
    const ms = performance.now() - start;
    assert.ok(parsed.success);
    assert.equal(parsed.data.items, items, 'the same array, not a copy');
    assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    assert.equal(InputsReply.safeParse({ kind: 'inputs', items: { length: 3 }, memoryBytes: 0 }).success, false);
  });

  void it('refuses new Array(2 ** 32 - 1) with INPUTS_TOO_MANY, naming the limit, in moments', async () => {
    const start = performance.now();
    const reply = await runFixture('pure.ts', 'square', 'new Array(2 ** 32 - 1)');
    const ms = performance.now() - start;
    assert.equal(reply.ok, false);
    assert.ok(!reply.ok);
    assert.equal(reply.error.code, 'INPUTS_TOO_MANY');
    assert.match(reply.error.message, /4,294,967,295 inputs, more than the 10,000,000 a run takes/);
    assert.ok(ms < 5_000, `took ${ms.toFixed(0)} ms`);
  });

  void it('refuses one input past maxInputs', async () => {
    assert.equal(maxInputs, 10_000_000);
    const over = await runFixture('pure.ts', 'square', `new Array(${maxInputs + 1})`);
    assert.equal(over.ok ? 'ok' : over.error.code, 'INPUTS_TOO_MANY');
  });

  void it('runs the holes of a sparse inputs array as undefined inputs', async () => {
    const result = resultOf(await runFixture('pure.ts', 'square', 'new Array(6)'));
    assert.equal(result.inputs.count, 6);
    assert.equal(result.serial.trials, 1, 'a hole is an input, not nothing');
    assert.deepEqual(result.errors, []);
    assert.equal(result.resultsMatch, true);
  });
});
