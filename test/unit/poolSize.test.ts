import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceSnapshot } from '../../protocol/results';
import { assumedMemoryPerWorkerBytes, speedupKnee, suggestPoolSize } from '../../server/engine/poolSize';
import { poolSizesToTry } from '../../server/engine/poolSizesToTry';

const MB = 1024 * 1024;
const GB = 1024 * MB;

function machine(cores: number, freeBytes: number, constrainedBytes: number | null = null): ResourceSnapshot {
  return {
    takenAt: 0,
    cpuBrand: 'Test CPU',
    cores,
    logicalCores: cores,
    physicalCores: cores,
    loadPercent: 10,
    perCoreLoad: Array.from({ length: cores }, () => 10),
    memory: { totalBytes: 32 * GB, freeBytes, constrainedBytes },
  };
}

void describe('suggestPoolSize', () => {
  void it('suggests no pool when the run says to keep it serial, and says why', () => {
    const s = suggestPoolSize({ resources: machine(8, 17.1 * GB), memoryPerWorkerBytes: 38 * MB, maxWorkers: 0, keepSerial: 'no pool beat serial by 1.1× (best: 0.93× on 2 workers)' });
    assert.equal(s.keepSerial, true);
    assert.equal(s.poolSize, 1);
    assert.equal(s.limitedBy, 'speedup');
    assert.equal(s.reasoning.at(-1), 'keep it serial: no pool beat serial by 1.1× (best: 0.93× on 2 workers), so no pool is suggested');
    assert.ok(!s.reasoning.some((line) => /^pool size \d/.test(line)), 'no pool size stands beside it');
    assert.equal(suggestPoolSize({ resources: machine(8, 17.1 * GB), memoryPerWorkerBytes: 38 * MB, maxWorkers: 0 }).keepSerial, false);
  });

  void it('is bound by cores when memory is plentiful', () => {
    const s = suggestPoolSize({ resources: machine(2, 17.1 * GB), memoryPerWorkerBytes: 38 * MB, maxWorkers: 0 });
    assert.equal(s.poolSize, 2);
    assert.equal(s.limitedBy, 'cores');
    assert.equal(s.memoryMeasured, true);
    assert.equal(s.memoryPerWorkerBytes, 38 * MB);
    assert.deepEqual(s.reasoning, [
      '2 usable cores (os.availableParallelism)',
      'one worker needed 38 MB measured on a task; 17.1 GB free keeps room for 345 workers with 25% headroom',
      'pool size 2, limited by cores',
    ]);
  });

  void it('is bound by memory, keeping 25% headroom', () => {
    // 1000 MB free, 75% usable = 750 MB, 100 MB per worker → 7 workers.
    const s = suggestPoolSize({ resources: machine(16, 1000 * MB), memoryPerWorkerBytes: 100 * MB, maxWorkers: 0 });
    assert.equal(s.poolSize, 7);
    assert.equal(s.limitedBy, 'memory');
    assert.match(s.reasoning.at(-1) ?? '', /pool size 7, limited by memory/);
  });

  void it('is capped by the maxWorkers setting', () => {
    const s = suggestPoolSize({ resources: machine(8, 16 * GB), memoryPerWorkerBytes: 50 * MB, maxWorkers: 3 });
    assert.equal(s.poolSize, 3);
    assert.equal(s.limitedBy, 'setting');
    assert.ok(s.reasoning.includes('the maxWorkers setting caps the pool at 3'));
    assert.equal(s.reasoning.at(-1), 'pool size 3, limited by the maxWorkers setting');
  });

  void it('ignores a maxWorkers setting above the core count', () => {
    const s = suggestPoolSize({ resources: machine(4, 16 * GB), memoryPerWorkerBytes: 50 * MB, maxWorkers: 32 });
    assert.equal(s.poolSize, 4);
    assert.equal(s.limitedBy, 'cores');
  });

  void it('uses a container memory limit when it is below free memory', () => {
    // 512 MB limit × 75% = 384 MB, 64 MB per worker → 6 workers, though 16 GB are free.
    const s = suggestPoolSize({ resources: machine(32, 16 * GB, 512 * MB), memoryPerWorkerBytes: 64 * MB, maxWorkers: 0 });
    assert.equal(s.poolSize, 6);
    assert.equal(s.limitedBy, 'memory');
    assert.match(s.reasoning[1] ?? '', /the 512 MB memory limit \(process\.constrainedMemory\) keeps room for 6 workers/);
  });

  void it('uses free memory when it is below the container limit', () => {
    const s = suggestPoolSize({ resources: machine(32, 256 * MB, 8 * GB), memoryPerWorkerBytes: 64 * MB, maxWorkers: 0 });
    assert.equal(s.poolSize, 3);
    assert.match(s.reasoning[1] ?? '', /256 MB free/);
  });

  void it('states its assumption when memory was not measured', () => {
    const s = suggestPoolSize({ resources: machine(4, 16 * GB), memoryPerWorkerBytes: null, maxWorkers: 0 });
    assert.equal(s.memoryMeasured, false);
    assert.equal(s.memoryPerWorkerBytes, assumedMemoryPerWorkerBytes);
    assert.match(s.reasoning[1] ?? '', /assumed to need 64 MB \(not measured/);
    assert.equal(s.poolSize, 4);
  });

  void it('still suggests one worker when memory has no room', () => {
    const s = suggestPoolSize({ resources: machine(8, 50 * MB), memoryPerWorkerBytes: 100 * MB, maxWorkers: 0 });
    assert.equal(s.poolSize, 1);
    assert.equal(s.limitedBy, 'memory');
    assert.match(s.reasoning[1] ?? '', /no room for even one worker/);
  });

  void it('names cores on a tie with the setting', () => {
    const s = suggestPoolSize({ resources: machine(2, 16 * GB), memoryPerWorkerBytes: 50 * MB, maxWorkers: 2 });
    assert.equal(s.limitedBy, 'cores');
  });
});

void describe('suggestPoolSize with measurements', () => {
  const curve = (speedups: number[]): Array<{ workers: number; speedup: number }> => speedups.map((speedup, i) => ({ workers: i + 1, speedup }));

  void it('stops where the measured speedup stops growing', () => {
    const runs = curve([0.97, 1.9, 2.7, 3.3, 3.35, 3.4, 3.38, 3.41]);
    assert.deepEqual(speedupKnee(runs), { workers: 4, reason: 'the measured speedup stops growing at 4 workers (3.30×; 8 workers reached 3.41×)' });
    const s = suggestPoolSize({ resources: machine(8, 16 * GB), memoryPerWorkerBytes: 40 * MB, maxWorkers: 0, runs });
    assert.equal(s.poolSize, 4);
    assert.equal(s.limitedBy, 'speedup');
    assert.equal(s.reasoning.at(-1), 'pool size 4, limited by the measured speedup');
  });

  void it('does not let a noisy curve cap the pool, and says so', () => {
    // On a busy machine 2 workers can measure slower than 1: that curve says nothing about scaling.
    const runs = curve([1.02, 0.82]);
    assert.equal(suggestPoolSize({ resources: machine(2, 16 * GB), memoryPerWorkerBytes: 40 * MB, maxWorkers: 0, runs }).poolSize, 1);
    const s = suggestPoolSize({ resources: machine(2, 16 * GB), memoryPerWorkerBytes: 40 * MB, maxWorkers: 0, runs, noisyTimings: true });
    assert.equal(s.poolSize, 2);
    assert.equal(s.limitedBy, 'cores');
    assert.ok(s.reasoning.includes('the measured speedups were too noisy to cap the pool by (run again on a quieter machine)'));
  });

  void it('does not cap a curve still growing at its largest size, or a single size', () => {
    assert.equal(speedupKnee(curve([0.97, 1.9])), undefined);
    assert.equal(speedupKnee(curve([1])), undefined);
    const s = suggestPoolSize({ resources: machine(2, 16 * GB), memoryPerWorkerBytes: 40 * MB, maxWorkers: 0, runs: curve([0.97, 1.9]) });
    assert.equal(s.limitedBy, 'cores');
  });

  void it('suggests one worker when more never helped', () => {
    const s = suggestPoolSize({ resources: machine(4, 16 * GB), memoryPerWorkerBytes: 40 * MB, maxWorkers: 0, runs: curve([0.95, 0.97, 0.96, 0.9]) });
    assert.equal(s.poolSize, 1);
    assert.equal(s.limitedBy, 'speedup');
  });

  void it('plans with the larger of the heap and the RSS growth per worker, and says both', () => {
    const s = suggestPoolSize({ resources: machine(16, 1000 * MB), memoryPerWorkerBytes: 100 * MB, heapPerWorkerBytes: 20 * MB, rssPerWorkerBytes: 100 * MB, maxWorkers: 0 });
    assert.equal(s.poolSize, 7);
    assert.equal(s.limitedBy, 'memory');
    assert.equal(s.heapPerWorkerBytes, 20 * MB);
    assert.equal(s.rssPerWorkerBytes, 100 * MB);
    assert.match(s.reasoning[1] ?? '', /^one worker needed 100 MB \(process RSS grew 100 MB per warmed worker; its heap was 20 MB after a task\)/);
  });
});

void describe('poolSizesToTry', () => {
  void it('tries every size up to 8', () => {
    assert.deepEqual(poolSizesToTry(1), [1]);
    assert.deepEqual(poolSizesToTry(2), [1, 2]);
    assert.deepEqual(poolSizesToTry(8), [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  void it('thins out above 8 and always ends on the largest', () => {
    const sizes = poolSizesToTry(64);
    assert.equal(sizes.at(-1), 64);
    assert.ok(sizes.length <= 14, `${sizes.length} sizes`);
    assert.deepEqual([...sizes].sort((a, b) => a - b), sizes, 'ascending');
    assert.equal(new Set(sizes).size, sizes.length, 'no repeats');
  });
});
