/**
 * The engine with real worker threads on tiny fixture functions. The worker runs from
 * dist/worker.js (as it does in the extension), so it is built first.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BenchmarkResult, Reply } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import { runBenchmark } from '../../server/engine/runBenchmark';
import { buildWorker, fastSettings, fixtureTarget, resultOf as value } from './engineRun';


function run(file: string, name: string, inputs: string, settings: Partial<RunSettings> = {}, signal = new AbortController().signal, parameterCount = 1): Promise<Reply<BenchmarkResult>> {
  return runBenchmark(
    { target: fixtureTarget(file, name, parameterCount), inputs, settings: { ...fastSettings, ...settings } },
    { signal, onProgress: () => undefined, log: () => undefined },
  );
}

void describe('runBenchmark', () => {
  before(buildWorker);

  void it('runs a pure function serially and on pools, results matching in input order', async () => {
    const result = value(await run('pure.ts', 'square', 'Array.from({ length: 40 }, (_, i) => i)'));
    assert.equal(result.inputs.count, 40);
    assert.equal(result.serial.trials, 1);
    assert.ok(result.runs.length >= 1);
    assert.deepEqual(result.runs.map((r) => r.workers), result.runs.map((_, i) => i + 1));
    assert.equal(result.resultsMatch, true);
    assert.equal(result.mismatch, null);
    assert.deepEqual(result.errors, []);
    assert.equal(result.cancelled, false);
    assert.equal(result.suggestion.memoryMeasured, true);
    assert.ok(result.suggestion.memoryPerWorkerBytes > 1024 * 1024);
    assert.equal(result.function.line, 2);
    for (const r of result.runs) assert.ok(Math.abs(r.speedup - result.serial.medianMs / r.medianMs) < 1e-9);
  });

  void it('keeps input order on a pool (a mismatch would show otherwise)', async () => {
    // Chunks of 1 over 2 workers finish out of order; results must still land by index.
    const result = value(await run('pure.ts', 'square', 'Array.from({ length: 30 }, (_, i) => 30 - i)', { chunkSize: 1 }));
    assert.equal(result.chunkSize, 1);
    assert.equal(result.resultsMatch, true);
  });

  void it('reaches a static method with its class as `this`, and spreads tuples for several parameters', async () => {
    const shifted = value(await run('pure.ts', 'Maths.shifted', '[1, 2, 3]'));
    assert.deepEqual(shifted.errors, [], 'this.offset throws when `this` is lost');
    const added = value(await run('pure.ts', 'add', '[[1, 2], [3, 4]]', {}, new AbortController().signal, 2));
    assert.deepEqual(added.errors, [], 'add throws when its tuple is not spread');
  });

  void it('reports a throwing input with its index and a stack at the .ts line, keeping the others', async () => {
    const result = value(await run('faulty.ts', 'faulty', '[0, 1, 2, 3, 4, 5]'));
    assert.equal(result.errors.length, 1);
    const [error] = result.errors;
    assert.equal(error?.code, 'TASK_THREW');
    assert.equal(error?.inputIndex, 3);
    assert.match(error?.message ?? '', /input 3 is not allowed/);
    assert.match(error?.stack ?? '', /faulty\.ts:3:11/);
    assert.equal(result.resultsMatch, true, 'the same input throws the same way on every thread');
    assert.ok(result.runs.length >= 1);
  });

  void it('finds a non-deterministic function out', async () => {
    const result = value(await run('random.ts', 'noisy', '[1, 2, 3, 4]'));
    assert.equal(result.resultsMatch, false);
    assert.equal(result.mismatch?.inputIndex, 0);
    assert.notEqual(result.mismatch?.serial, result.mismatch?.parallel);
  });

  /** The run went on without the input a fault names: the others were timed serially and on pools, and agree. */
  const wentOnWithout = (result: BenchmarkResult, code: string, inputIndex: number): void => {
    assert.deepEqual(result.errors.map((e) => [e.code, e.inputIndex]), [[code, inputIndex]]);
    assert.match(result.errors[0]?.message ?? '', /the run went on without it/);
    assert.equal(result.serial.trials, fastSettings.trials, 'the serial baseline was timed on the other inputs');
    assert.ok(result.runs.length >= 1, 'and so were the pools');
    assert.equal(result.resultsMatch, true);
  };

  void it('times out an endless input, terminates its worker and goes on with the others', async () => {
    const started = Date.now();
    const result = value(await run('spin.ts', 'spin', '[0, 1, 2, 3]', { taskTimeoutMs: 300 }));
    assert.ok(Date.now() - started < 10_000);
    wentOnWithout(result, 'TASK_TIMEOUT', 2);
  });

  void it('gives up after maxFaultyInputs inputs that take their worker down, with what it has', async () => {
    // Input 0 finishes, so the hangs after it are not the two-in-a-row of a function that never returns.
    const result = value(await run('spin.ts', 'spin', '[0, 2, 2, 2, 2]', { taskTimeoutMs: 200 }));
    assert.deepEqual(result.errors.map((e) => [e.code, e.inputIndex]), [['TASK_TIMEOUT', 1], ['TASK_TIMEOUT', 2], ['TASK_TIMEOUT', 3], ['TASK_TIMEOUT', 4]]);
    assert.doesNotMatch(result.errors[3]?.message ?? '', /went on/, 'the fourth ends the run');
    assert.deepEqual(result.runs, []);
    assert.equal(result.failure, 'nothing-measured');
    assert.match(result.verdict, /^Nothing could be measured: no serial trial finished \(TASK_TIMEOUT ×4\): input 4 ran longer/);
  });

  void it('returns promptly with cancelled: true when aborted mid-run', async () => {
    const controller = new AbortController();
    const pending = run('spin.ts', 'slow', 'Array.from({ length: 20 }, (_, i) => i)', {}, controller.signal);
    setTimeout(() => controller.abort(), 400);
    const started = Date.now();
    const result = value(await pending);
    assert.equal(result.cancelled, true);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.equal(result.errors.length, 0);
  });

  void it('rejects a bad inputs expression with INPUTS_FAILED', async () => {
    const syntax = await run('pure.ts', 'square', '[1, 2');
    assert.equal(syntax.ok ? 'ok' : syntax.error.code, 'INPUTS_FAILED');
    const unknown = await run('pure.ts', 'square', 'notDefinedAnywhere');
    assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'INPUTS_FAILED');
    const notArray = await run('pure.ts', 'square', '42');
    assert.equal(notArray.ok ? 'ok' : notArray.error.code, 'INPUTS_NOT_ARRAY');
    const empty = await run('pure.ts', 'square', '[]');
    assert.equal(empty.ok ? 'ok' : empty.error.code, 'INPUTS_EMPTY');
  });

  void it('says BUSY to a second run while one is going on', async () => {
    const controller = new AbortController();
    const first = run('spin.ts', 'slow', '[1, 2, 3, 4, 5, 6]', {}, controller.signal);
    const second = await run('pure.ts', 'square', '[1]');
    assert.equal(second.ok ? 'ok' : second.error.code, 'BUSY');
    controller.abort();
    assert.equal(value(await first).cancelled, true);
  });

  void it('names the input whose result cannot be cloned, keeping the others', async () => {
    const result = value(await run('uncloneable.ts', 'maker', 'Array.from({ length: 8 }, (_, i) => i)'));
    assert.deepEqual(result.errors.map((e) => [e.code, e.inputIndex]), [['NOT_CLONEABLE', 5]]);
    assert.equal(result.serial.trials, 1);
    assert.ok(result.runs.length >= 1);
  });

  void it('reports a worker that exits as WORKER_EXITED with its input, and goes on with the others', async () => {
    wentOnWithout(value(await run('exits.ts', 'quitter', '[0, 1, 2]')), 'WORKER_EXITED', 1);
  });

  void it('reports a worker over its heap limit as OUT_OF_MEMORY, and goes on with the others', async () => {
    wentOnWithout(value(await run('hungry.ts', 'hungry', '[0, 1, 2]', { workerMemoryLimitMb: 32 })), 'OUT_OF_MEMORY', 1);
  });

  void it('reports a missing function as FUNCTION_NOT_FOUND', async () => {
    const reply = await run('pure.ts', 'noSuchFunction', '[1]');
    assert.equal(reply.ok ? 'ok' : reply.error.code, 'FUNCTION_NOT_FOUND');
  });
});
