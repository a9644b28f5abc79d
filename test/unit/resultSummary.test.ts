import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { generatePoolActionTitle } from '../../server/features/codeActions';
import { keepSerial, resultLensText, resultSummary, resultTooltip, runVerdict } from '../../server/features/resultSummary';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'results');
const load = (name: string): BenchmarkResult => BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')));

void describe('resultSummary (the CodeLens text)', () => {
  const primes = load('primes-8-workers');

  void it('gives the best speedup of a run worth a pool', () => {
    assert.match(resultSummary(primes), /^5\.3× on 8 workers · /);
    assert.equal(keepSerial(primes), false);
  });

  void it('says keep serial whenever the suggestion does, whatever the verdict text', () => {
    const kept = { ...primes, suggestion: { ...primes.suggestion, keepSerial: true } };
    assert.equal(keepSerial(kept), true);
    assert.match(resultSummary(kept), /^no speedup: keep serial · 5\.31× on 8 workers/);
  });

  void it('counts every error, not the listed ones', () => {
    const failed = { ...primes, errors: primes.errors.concat([{ code: 'TASK_THREW', message: 'x', inputIndex: 1 }]), errorCounts: { TASK_THREW: 41 } };
    assert.equal(resultSummary(failed), 'last run failed: 41 errors');
  });

  void it('says what to fix when the run failed, and never calls a cancelled run a mismatch', () => {
    const base = { ...primes, inputs: { ...primes.inputs, count: 32 }, resultsMatch: false, bestWorkers: null, failedInputs: 24 };
    assert.equal(resultSummary({ ...base, failure: 'inputs-failed' }), 'most inputs failed: fix the inputs (24 of 32 failed)');
    assert.equal(resultSummary({ ...base, failure: 'nothing-measured', failedInputs: 32 }), 'nothing measured: fix the inputs (32 of 32 failed)');
    assert.equal(resultSummary({ ...primes, cancelled: true, resultsMatch: false }), 'last run cancelled');
    assert.equal(resultSummary({ ...primes, resultsMatch: false, mismatch: { inputIndex: 3, serial: '1', parallel: '2', workers: 2 } }), 'parallel results differ from serial');
  });
});

void describe('resultLensText (the short form in the lens title), and the action title that agrees with it', () => {
  const primes = load('primes-8-workers');
  const failedBase = { ...primes, inputs: { ...primes.inputs, count: 32 }, resultsMatch: false, bestWorkers: null };

  void it('gives the speedup and pool size of a run worth a pool, nothing more', () => {
    assert.equal(resultLensText(primes), '5.3× on 8 workers');
    assert.equal(runVerdict(primes), 'pool');
    assert.equal(generatePoolActionTitle(primes), 'Generate worker-pool version (measured 5.3× on 8 workers)');
  });

  void it('says keep serial without a figure that reads like a speedup', () => {
    const kept = { ...primes, suggestion: { ...primes.suggestion, keepSerial: true } };
    assert.equal(resultLensText(kept), 'keep serial');
    assert.equal(runVerdict(kept), 'keepSerial');
    assert.equal(generatePoolActionTitle(kept), 'Generate worker-pool version (last run: keep it serial)');
  });

  void it('says what to fix when the run failed, and the action says its sizes are defaults', () => {
    const failed = { ...failedBase, failure: 'nothing-measured' as const, failedInputs: 32 };
    assert.equal(resultLensText(failed), 'fix inputs (32 of 32 failed)');
    assert.equal(resultLensText({ ...failedBase, failure: 'inputs-failed' as const, failedInputs: 24 }), 'fix inputs (24 of 32 failed)');
    assert.equal(runVerdict(failed), 'failed');
    assert.equal(generatePoolActionTitle(failed), 'Generate worker-pool version (last run failed: default sizes)');
    assert.equal(resultLensText({ ...primes, errors: [{ code: 'TASK_THREW', message: 'x', inputIndex: 1 }], errorCounts: { TASK_THREW: 41 } }), '41 errors');
    assert.equal(resultLensText({ ...primes, cancelled: true, resultsMatch: false }), 'cancelled');
    assert.equal(resultLensText({ ...primes, resultsMatch: false, mismatch: { inputIndex: 3, serial: '1', parallel: '2', workers: 2 } }), 'results differ');
  });

  void it('says the sizes are defaults before any run', () => {
    assert.equal(generatePoolActionTitle(undefined), 'Generate worker-pool version (not benchmarked: default sizes)');
  });

  void it('keeps the longer line and the verdict for the tooltip', () => {
    assert.equal(resultTooltip(primes), `${resultSummary(primes)}\n${primes.verdict}`);
    assert.match(resultTooltip(primes), /^5\.3× on 8 workers · .*\/item\n/);
  });
});
