/**
 * The engine's Pool.map semantics and verdicts with real worker threads: CPU- vs I/O-bound and the
 * async alternative, ordered and unordered delivery, the initializer, worker recycling, moved
 * typed arrays, the Amdahl fit and the memory per worker.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { bundleFunction } from '../../server/engine/bundleFunction';
import { TaskPool } from '../../server/engine/taskPool';
import type { WorkerReply } from '../../server/worker/messages';
import { buildWorker, fixtureTarget, resultOf, runFixture } from './engineRun';

void describe('run semantics', () => {
  before(buildWorker);

  void it('finds a timer-bound function I/O-bound and measures async concurrency beside the pool', async () => {
    const result = resultOf(await runFixture('waits.ts', 'fetchLike', 'Array.from({ length: 16 }, (_, i) => i)', { chunkSize: 1 }));
    assert.equal(result.cpuBound?.verdict, 'io', JSON.stringify(result.cpuBound));
    assert.ok((result.cpuBound?.cpuShare ?? 1) < 0.3);
    assert.deepEqual(result.asyncRuns.map((r) => r.concurrency), [8, 16]);
    const best = result.asyncRuns[1];
    assert.ok(best && best.speedup > 4, `16 at once: ${best?.speedup}× (serial ${result.serial.medianMs} ms, async ${best?.medianMs} ms)`);
    const pool = Math.max(...result.runs.map((r) => r.speedup));
    assert.ok(best.speedup > pool, 'async concurrency beats 2 threads on waiting');
    assert.match(result.verdict, /Promise\.all with a limit/);
    assert.equal(result.resultsMatch, true);
    assert.equal(result.amdahl, null, 'no Amdahl fit over cores for a function that waits');
  });

  void it('times out an input that hangs only under async concurrency, keeping the pool figures', { timeout: 30_000 }, async () => {
    const started = Date.now();
    const result = resultOf(await runFixture('waits.ts', 'stuckWhenConcurrent', '[0, 1, 2, 3, 4, 5]', { chunkSize: 1, taskTimeoutMs: 400 }));
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    const timeout = result.errors.find((e) => e.code === 'TASK_TIMEOUT');
    assert.ok(timeout, JSON.stringify(result.errors));
    assert.equal(timeout.inputIndex, 3, timeout.message);
    assert.match(timeout.message, /input 3 ran longer than the 400 ms task timeout/);
    assert.equal(result.cpuBound?.verdict, 'io');
    assert.deepEqual(result.asyncRuns, [], 'the concurrency level that hung has no figures');
    assert.ok(result.runs.length >= 1, 'the pool runs before it are kept');
    assert.equal(result.resultsMatch, true);
    assert.equal(result.cancelled, false);
  });

  void it('finds a busy function CPU-bound and skips the async alternative', async () => {
    const result = resultOf(await runFixture('spin.ts', 'slow', '[1, 2, 3, 4]', { chunkSize: 1 }));
    assert.equal(result.cpuBound?.verdict, 'cpu', JSON.stringify(result.cpuBound));
    assert.ok((result.cpuBound?.cpuShare ?? 0) > 0.8);
    assert.deepEqual(result.asyncRuns, []);
    assert.doesNotMatch(result.verdict, /Promise\.all/);
  });

  void it('delivers in input order when ordered, as results land when not, and says so', async () => {
    const order = async (ordered: boolean): Promise<number[]> => {
      const seen: number[] = [];
      const result = resultOf(await runFixture('waits.ts', 'lagging', '[0, 1, 2, 3, 4, 5]', { chunkSize: 1, ordered, maxWorkers: 2 }, {
        onItem: ({ index, workers, trial, outcome }) => {
          if (workers !== 2 || trial !== 1) return;
          seen.push(index);
          assert.deepEqual(outcome, { kind: 'value', value: index }, 'each item carries its own result');
        },
      }));
      assert.equal(result.ordered, ordered);
      assert.equal(result.resultsMatch, true, 'compared by index either way');
      const two = result.runs.find((r) => r.workers === 2);
      assert.ok(two?.firstResultMs !== null && two?.firstResultMs !== undefined);
      if (ordered) assert.ok(two.firstResultMs >= 250, `ordered waits for input 0: ${two.firstResultMs} ms`);
      else assert.ok(two.firstResultMs < 200, `unordered delivers the first to land: ${two.firstResultMs} ms`);
      // The delivery curve: ordered holds every result back until input 0 lands; unordered climbs first.
      const curve = two.delivery;
      assert.equal(curve.at(-1)?.items, 6, JSON.stringify(curve));
      assert.equal(curve[0]?.ms, two.firstResultMs, 'one trial: its first point is the first result');
      const beforeInputZero = curve.filter((point) => point.ms < 250).reduce((most, point) => Math.max(most, point.items), 0);
      if (ordered) assert.equal(beforeInputZero, 0, JSON.stringify(curve));
      else assert.ok(beforeInputZero >= 3, JSON.stringify(curve));
      return seen;
    };
    assert.deepEqual(await order(true), [0, 1, 2, 3, 4, 5]);
    const unordered = await order(false);
    assert.deepEqual([...unordered].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5]);
    assert.equal(unordered[unordered.length - 1], 0, `input 0 lands last: ${unordered.join(', ')}`);
  });

  void it('reports per-item progress within a pool trial', async () => {
    const messages: string[] = [];
    resultOf(await runFixture('waits.ts', 'fetchLike', '[1, 2, 3, 4]', { chunkSize: 1 }, { onProgress: ({ message }) => messages.push(message) }));
    assert.ok(messages.some((m) => /2 workers, trial 1 of 1: 4 of 4 inputs/.test(m)), messages.join('\n'));
  });

  void it('runs the named initializer once per worker before its first task', async () => {
    const result = resultOf(await runFixture('initialized.ts', 'lookup', 'Array.from({ length: 20 }, (_, i) => i)', { chunkSize: 2, initializer: 'setup' }));
    assert.deepEqual(result.errors, []);
    assert.equal(result.resultsMatch, true);
    const without = resultOf(await runFixture('initialized.ts', 'lookup', '[1, 2]'));
    assert.match(without.errors[0]?.message ?? '', /setup did not run/);
  });

  void it('calls a dotted initializer as a method, with its `this`', async () => {
    const result = resultOf(await runFixture('initialized.ts', 'square', '[1, 2, 3]', { chunkSize: 1, initializer: 'Tables.load' }));
    assert.deepEqual(result.errors, []);
    assert.equal(result.resultsMatch, true);
  });

  void it('fails the run with INITIALIZER_FAILED when the initializer throws or does not exist', async () => {
    const broken = await runFixture('initialized.ts', 'lookup', '[1, 2]', { initializer: 'brokenSetup' });
    assert.equal(broken.ok ? 'ok' : broken.error.code, 'INITIALIZER_FAILED');
    assert.match(broken.ok ? '' : broken.error.message, /RangeError: no table today/);
    assert.match(broken.ok ? '' : (broken.error.stack ?? ''), /initialized\.ts:\d+/);
    const missing = await runFixture('initialized.ts', 'lookup', '[1, 2]', { initializer: 'noSuchSetup' });
    assert.equal(missing.ok ? 'ok' : missing.error.code, 'INITIALIZER_FAILED');
    assert.match(missing.ok ? '' : missing.error.message, /noSuchSetup/);
  });

  void it('recycles a lane\'s worker after N tasks, and a recycled run still matches', async () => {
    const bundle = await bundleFunction(fixtureTarget('pure.ts', 'square'), '[1]');
    assert.ok(bundle.ok);
    const threads = async (recycleAfterTasks: number): Promise<{ ids: Set<number>; recycled: number }> => {
      const pool = new TaskPool({ bundlePath: bundle.value.file, workers: 1, memoryLimitMb: 0, taskTimeoutMs: 5000, signal: new AbortController().signal, recycleAfterTasks });
      const ids = new Set<number>();
      try {
        for (let i = 0; i < 6; i++) {
          const reply: WorkerReply = await pool.run({ kind: 'run', items: [i], spread: false, slot: 0 }, `input ${i}`, { indices: [i] });
          assert.equal(reply.kind, 'run');
          if (reply.kind === 'run') ids.add(reply.threadId);
        }
        return { ids, recycled: pool.recycled };
      } finally {
        await pool.destroy();
      }
    };
    try {
      assert.deepEqual(await threads(2).then((t) => [t.ids.size, t.recycled]), [3, 3]);
      assert.deepEqual(await threads(0).then((t) => [t.ids.size, t.recycled]), [1, 0]);
    } finally {
      await bundle.value.dispose();
    }
    const result = resultOf(await runFixture('initialized.ts', 'lookup', 'Array.from({ length: 12 }, (_, i) => i)', { chunkSize: 1, recycleAfterTasks: 2, initializer: 'setup' }));
    assert.deepEqual(result.errors, [], 'a fresh worker runs the initializer again');
    assert.equal(result.resultsMatch, true);
    assert.ok(result.recycledWorkers >= 6, `recycled ${result.recycledWorkers}`);
  });

  void it('moves large typed arrays both ways and the results still match', async () => {
    const out = resultOf(await runFixture('buffers.ts', 'ramp', '[1, 2, 3, 4]', { chunkSize: 1 }));
    assert.deepEqual(out.errors, []);
    assert.equal(out.resultsMatch, true);
    const inputs = 'Array.from({ length: 4 }, (_, n) => new Float64Array(20_000).fill(n))';
    const into = resultOf(await runFixture('buffers.ts', 'total', inputs, { chunkSize: 1, trials: 2 }));
    assert.deepEqual(into.errors, []);
    assert.equal(into.resultsMatch, true, 'inputs reused by every trial are intact: only copies were moved');
  });

  void it('takes a large result from the worker (its buffer is detached there) and copies a small one', async () => {
    const bundle = await bundleFunction(fixtureTarget('buffers.ts', 'keepOrMeasure'), '[0]');
    assert.ok(bundle.ok);
    const pool = new TaskPool({ bundlePath: bundle.value.file, workers: 1, memoryLimitMb: 0, taskTimeoutMs: 10_000, signal: new AbortController().signal });
    const call = async (length: number): Promise<unknown> => {
      const reply = await pool.run({ kind: 'run', items: [length], spread: false, slot: 0 }, 'input 0', { indices: [0] });
      assert.equal(reply.kind, 'run');
      return reply.kind === 'run' ? reply.values[0] : undefined;
    };
    try {
      const largeLength = 20_000;
      const received = await call(largeLength);
      assert.ok(received instanceof Float64Array && received.length === largeLength);
      assert.equal(await call(-1), 0, 'the worker kept a detached array: the result was moved, not copied');
      await call(16);
      assert.equal(await call(-1), 16 * Float64Array.BYTES_PER_ELEMENT, 'a small result is copied');
    } finally {
      await pool.destroy();
      await bundle.value.dispose();
    }
  });

  void it('fits Amdahl, measures memory per worker and gives the reasoning', async () => {
    const result = resultOf(await runFixture('spin.ts', 'slow', '[1, 2, 3, 4]', { chunkSize: 1 }));
    assert.ok(result.amdahl, 'two pool sizes give a fit');
    assert.ok(result.amdahl.serialFraction >= 0 && result.amdahl.serialFraction <= 1);
    // One trial per configuration: no spread to bound a prediction by, so none is made.
    assert.deepEqual(result.amdahl.predicted, []);
    assert.equal(result.amdahl.reliable, false);
    assert.match(result.amdahl.caveat ?? '', /one trial per configuration/);
    assert.ok((result.suggestion.heapPerWorkerBytes ?? 0) > 0);
    assert.ok(result.suggestion.rssPerWorkerBytes !== null);
    assert.match(result.suggestion.reasoning.join('\n'), /RSS grew .* per warmed worker/);
  });
});
