import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { keepSerial, resultSummary } from '../../server/features/resultSummary';

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
