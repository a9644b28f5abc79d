/**
 * Honest figures, with real worker threads: the serial baseline is the function's own time, the
 * answer never contradicts itself (table, suggestion, CodeLens, CLI lines and verdict agree), a
 * run that measured nothing says so, and what a module does at load is reported apart.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BenchmarkResult, Reply } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import { formatResult } from '../../server/cli/formatResult';
import { loadMattersBytes } from '../../server/engine/moduleLoad';
import { runBenchmark } from '../../server/engine/runBenchmark';
import { worthwhileSpeedup } from '../../server/engine/verdict';
import { resultSummary } from '../../server/features/resultSummary';
import { buildWorker, fastSettings, fixtureTarget, resultOf, runFixture } from './engineRun';

const plain = (_colour: string, text: string): string => text;

function runPairs(inputs: string, settings: Partial<RunSettings> = {}): Promise<Reply<BenchmarkResult>> {
  return runBenchmark(
    { target: fixtureTarget('pairs.ts', 'mulAdd', 2), inputs, settings: { ...fastSettings, ...settings } },
    { signal: new AbortController().signal, onProgress: () => undefined, log: () => undefined },
  );
}

/** Every view of a result that advises against a pool says so, and none names a pool size. */
function assertKeepsSerial(result: BenchmarkResult): void {
  assert.equal(result.suggestion.keepSerial, true, result.suggestion.reasoning.join('\n'));
  assert.equal(result.suggestion.poolSize, 1);
  assert.match(result.suggestion.reasoning.at(-1) ?? '', /^keep it serial: .*, so no pool is suggested$/);
  assert.match(result.verdict, /keep it serial|fix the inputs|^Nothing could be measured/);
  assert.doesNotMatch(result.verdict, /× faster on/);
  const text = formatResult(result, plain, '/').join('\n');
  assert.match(text, /^suggestion: keep it serial/m);
  assert.doesNotMatch(text, /suggested pool size/i);
  // The lens may name the best figure, but only after saying to keep serial.
  assert.match(resultSummary(result), /^(no speedup: keep serial|nothing measured|most inputs failed)/);
}

void describe('honest figures', () => {
  before(buildWorker);

  void it('times the serial baseline without the transfer: a nanosecond function over 200,000 pairs keeps serial in every view', { timeout: 60_000 }, async () => {
    const result = resultOf(await runPairs('Array.from({ length: 200_000 }, (_, i) => [i, i + 1])', { trials: 2 }));
    assert.deepEqual(result.errors, []);
    const { serial } = result;
    // The baseline is the function's own time: per input times inputs, not the round trip.
    assert.ok(Math.abs(serial.medianMs - serial.perItemMs * 200_000) < serial.medianMs * 0.5, `serial ${serial.medianMs} ms, ${serial.perItemMs} ms per input`);
    assert.ok(serial.transferMs !== null && serial.transferMs > serial.medianMs, `moving 200,000 pairs (${serial.transferMs} ms) costs more than computing them (${serial.medianMs} ms)`);
    // So no pool, which pays that move, looks faster than serial: not even one worker.
    for (const run of result.runs) assert.ok(run.speedup < worthwhileSpeedup, `${run.workers} workers: ${run.speedup}×`);
    const one = result.runs.find((run) => run.workers === 1);
    assert.ok(one !== undefined && one.speedup < 1, `1 worker ${one?.speedup}×: the pool pays every cost of the pool`);
    assertKeepsSerial(result);
    assert.match(resultSummary(result), /^no speedup: keep serial/);
    assert.equal(result.resultsMatch, true);
    assert.equal(result.comparedInputs, 200_000);
  });

  void it('reports a run where every input throws as nothing measured: no speedup, no match, true counts, the first stack', async () => {
    const result = resultOf(await runFixture('failing.ts', 'alwaysThrows', 'Array.from({ length: 32 }, (_, i) => i)'));
    assert.equal(result.failure, 'nothing-measured');
    assert.equal(result.failedInputs, 32);
    assert.deepEqual(result.errorCounts, { TASK_THREW: 32 });
    assert.equal(result.errors.length, 20, 'the list is cut');
    assert.ok(result.errors.every((e) => e.code === 'TASK_THREW' && e.inputIndex !== undefined), 'and has no made-up closing entry');
    assert.equal(result.comparedInputs, 0, 'a throw agreeing with a throw compares no value');
    assert.equal(result.resultsMatch, false);
    assert.equal(result.mismatch, null);
    assert.equal(result.bestWorkers, null);
    assert.equal(result.amdahl, null);
    assert.match(result.verdict, /^Nothing could be measured: every input threw — fix the inputs\. First, input 0: RangeError: no value for 0 \(at failing\.ts:3:9\)$/);
    assert.match(result.errors[0]?.stack ?? '', /failing\.ts:3:9/);
    assertKeepsSerial(result);
    const text = formatResult(result, plain, '/').join('\n');
    assert.match(text, /^32 errors \(TASK_THREW ×32\), 20 listed:$/m);
    const frames = (result.errors[0]?.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
    assert.ok(frames.length > 0);
    for (const frame of frames) assert.ok(text.includes(`      ${frame.trim()}`), `the CLI prints the first stack in full: ${frame}`);
    assert.doesNotMatch(text, /every parallel result equals/);
    assert.match(text, /^results: not compared: no input gave a value to compare$/m);
    assert.doesNotMatch(text, /^serial +[\d.]+ +/m, 'no timing table for timings of errors');
    assert.equal(resultSummary(result), 'nothing measured: fix the inputs (32 of 32 failed)');
  });

  void it('says fix the inputs when most inputs fail, with the count of failed ones', async () => {
    const result = resultOf(await runFixture('failing.ts', 'mostlyThrows', 'Array.from({ length: 32 }, (_, i) => i)'));
    assert.equal(result.failure, 'inputs-failed');
    assert.equal(result.failedInputs, 24);
    assert.deepEqual(result.errorCounts, { TASK_THREW: 24 });
    assert.equal(result.comparedInputs, 8);
    assert.equal(result.resultsMatch, false, 'no green badge: the eight that worked do not carry the run');
    assert.match(result.verdict, /^Most inputs failed \(24 of 32: TASK_THREW ×24\), so the timings measure the errors, not the function — fix the inputs\. First, input 1: RangeError: no value for 1 \(at failing\.ts:7:26\)$/);
    assertKeepsSerial(result);
  });

  void it('stops after two inputs in a row hang before any input finished, instead of four task timeouts', async () => {
    const started = Date.now();
    const result = resultOf(await runFixture('spin.ts', 'spin', '[2, 2, 2, 2, 2]', { taskTimeoutMs: 400 }));
    const took = Date.now() - started;
    assert.deepEqual(result.errors.map((e) => [e.code, e.inputIndex]), [['TASK_TIMEOUT', 0], ['TASK_TIMEOUT', 1]]);
    assert.ok(took < 3 * 400 + 2000, `took ${took} ms`);
    assert.equal(result.failure, 'nothing-measured');
    assert.match(result.verdict, /^Nothing could be measured: no serial trial finished \(TASK_TIMEOUT ×2\): input 1 ran longer than the 400 ms task timeout.*; input 0 and input 1 hung in a row before any input finished, so the run stopped there$/);
    assertKeepsSerial(result);
  });

  void it('does not call a cancelled run a mismatch', async () => {
    const controller = new AbortController();
    const pending = runBenchmark(
      { target: fixtureTarget('spin.ts', 'slow'), inputs: 'Array.from({ length: 20 }, (_, i) => i)', settings: fastSettings },
      { signal: controller.signal, onProgress: () => undefined, log: () => undefined },
    );
    setTimeout(() => controller.abort(), 400);
    const result = resultOf(await pending);
    assert.equal(result.cancelled, true);
    assert.equal(result.failure, null, 'cancelled, not failed');
    assert.equal(result.mismatch, null);
    assert.doesNotMatch(resultSummary(result), /differ/);
    assert.doesNotMatch(formatResult(result, plain, '/').join('\n'), /differ/);
  });

  void it('measures what loading the module costs a worker, and says so when it matters', async () => {
    const heavy = resultOf(await runFixture('heavyModule.ts', 'lookup', '[1, 2, 3, 4]', { maxWorkers: 1 }));
    const load = heavy.moduleLoad;
    assert.ok(load !== null && load.ms >= 150, `load ${load?.ms} ms`);
    // The heap before the load held some of the worker's own start-up garbage, which a GC during it may free.
    assert.ok(load.heapBytes >= loadMattersBytes, `load kept ${load.heapBytes} bytes of the 84 MB array`);
    assert.match(load.note ?? '', /^Loading the module takes \d+ ms and \d+ MB in each worker/);
    assert.ok(heavy.verdict.includes(load.note ?? '∅'), heavy.verdict);
    assert.match(formatResult(heavy, plain, '/').join('\n'), /^module load: \d+ ms, \d+ MB per worker$/m);

    const light = resultOf(await runFixture('pure.ts', 'square', 'Array.from({ length: 40 }, (_, i) => i)'));
    assert.ok(light.moduleLoad !== null && light.moduleLoad.ms < 100);
    assert.equal(light.moduleLoad.note, null);
    assert.doesNotMatch(light.verdict, /Loading the module/);
  });
});
