import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AsyncRun, PoolRun } from '../../protocol/results';
import { asyncAdvice, classifyCpuBound } from '../../server/engine/cpuBound';
import { concurrenciesFor } from '../../server/engine/asyncPhase';
import { summarize } from '../../server/engine/statistics';

const method = 'eventLoopUtilization' as const;

void describe('classifyCpuBound', () => {
  void it('tells computing from waiting by CPU share', () => {
    assert.equal(classifyCpuBound({ cpuMs: 95, wallMs: 100, method })?.verdict, 'cpu');
    assert.equal(classifyCpuBound({ cpuMs: 5, wallMs: 100, method })?.verdict, 'io');
    assert.equal(classifyCpuBound({ cpuMs: 50, wallMs: 100, method })?.verdict, 'mixed');
    assert.match(classifyCpuBound({ cpuMs: 5, wallMs: 100, method })?.advice ?? '', /Promise\.all with a limit/);
    assert.match(classifyCpuBound({ cpuMs: 95, wallMs: 100, method })?.advice ?? '', /worker threads can speed it up/);
    // Beside "keep it serial" the card must not promise that threads help.
    assert.doesNotMatch(classifyCpuBound({ cpuMs: 95, wallMs: 100, method }, true)?.advice ?? '', /can speed it up/);
    assert.equal(classifyCpuBound({ cpuMs: 0, wallMs: 0, method }), null);
    assert.equal(classifyCpuBound({ cpuMs: 120, wallMs: 100, method })?.cpuShare, 1, 'clock skew is clamped');
  });

  void it('adds the async alternative beside the threads to the advice', () => {
    const asyncRuns: AsyncRun[] = [{ ...summarize([40]), concurrency: 8, speedup: 8 }, { ...summarize([20]), concurrency: 32, speedup: 16 }];
    const runs: PoolRun[] = [{ ...summarize([160]), workers: 2, speedup: 2, efficiency: 1, firstResultMs: null, delivery: [] }];
    const cpuBound = classifyCpuBound({ cpuMs: 2, wallMs: 100, method });
    assert.match(asyncAdvice({ cpuBound, asyncRuns, runs }) ?? '', /32 calls at once on one thread ran 16\.0× faster than serial \(threads: 2\.0× on 2 workers\)$/);
    assert.equal(asyncAdvice({ cpuBound: classifyCpuBound({ cpuMs: 99, wallMs: 100, method }), asyncRuns, runs }), undefined);
  });

  void it('measures concurrency limits no larger than the input count', () => {
    assert.deepEqual(concurrenciesFor(100), [8, 32]);
    assert.deepEqual(concurrenciesFor(10), [8, 10]);
    assert.deepEqual(concurrenciesFor(5), [5]);
    assert.deepEqual(concurrenciesFor(1), []);
  });
});
