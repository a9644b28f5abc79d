/**
 * Sending a lane's next chunk ahead, for real (run hosts, worker threads): the worker runs its
 * tasks one after another even when they await, a hang in a task sent ahead still times out and
 * names its input, and a whole run's timeline shows chunks waiting beside their workers.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { bundleFunction } from '../../server/engine/bundleFunction';
import { chunkIndices, runTrial } from '../../server/engine/runTrial';
import { PoolFault } from '../../server/engine/taskPool';
import { HostPool } from '../../server/executors/threads/hostPool';
import { rssCeilingBytes } from '../../server/executors/threads/memoryCeiling';
import { buildWorker, fixtureTarget, resultOf, runFixture } from './engineRun';

before(buildWorker);

/** A one-worker run host for `name` in a fixture, and how to end it. */
async function hostFor(file: string, name: string, taskTimeoutMs = 10_000): Promise<{ pool: HostPool; dispose: () => Promise<void> }> {
  const bundle = await bundleFunction(fixtureTarget(file, name), '[0]');
  assert.ok(bundle.ok, bundle.ok ? '' : bundle.error.message);
  const pool = new HostPool({ options: { bundlePath: bundle.value.file, workers: 1, memoryLimitMb: 0, taskTimeoutMs, rssCeilingBytes: rssCeilingBytes(1, 0) }, signal: new AbortController().signal, log: () => undefined });
  return { pool, dispose: async () => { await pool.destroy(); await bundle.value.dispose(); } };
}

void describe('sending chunks ahead', () => {
  void it('has the worker run a task sent ahead after the one before, even when that one awaits', async () => {
    const { pool, dispose } = await hostFor('timeline.ts', 'napping');
    try {
      const items = [0, 1, 2, 3, 4, 5];
      const trial = await runTrial({ pool, items, chunks: chunkIndices([0, 1, 2, 3, 4, 5], 1), lanes: 1, spread: false, sendAhead: true, recordSpans: true });
      assert.deepEqual(trial.values, items);
      const spans = [...trial.spans].sort((a, b) => a.startedAt - b.startedAt);
      assert.equal(spans.length, 6);
      for (let i = 1; i < spans.length; i++) {
        const [previous, span] = [spans[i - 1], spans[i]];
        assert.ok(previous && span);
        assert.ok(span.startedAt >= previous.finishedAt, `input ${span.indices[0]} started ${(previous.finishedAt - span.startedAt).toFixed(2)} ms before input ${previous.indices[0]} finished`);
        // Sent while the one before still ran: it was waiting at the worker.
        assert.ok(span.sentAt < previous.finishedAt, `input ${span.indices[0]} was sent ${(span.sentAt - previous.finishedAt).toFixed(2)} ms after input ${previous.indices[0]} finished`);
      }
    } finally {
      await dispose();
    }
  });

  void it('times out a hang in a task sent ahead, naming its input', { timeout: 20_000 }, async () => {
    // spin(2) never returns; it was sent while input 1 ran, and starts the moment input 1 is done.
    const { pool, dispose } = await hostFor('spin.ts', 'spin', 800);
    try {
      const run = runTrial({ pool, items: [0, 1, 2, 3], chunks: chunkIndices([0, 1, 2, 3], 1), lanes: 1, spread: false, sendAhead: true });
      await assert.rejects(run, (error: unknown) => error instanceof PoolFault && error.error.code === 'TASK_TIMEOUT' && error.error.inputIndex === 2);
    } finally {
      await dispose();
    }
  });

  void it('sends ahead on two workers when the one-worker timeline found the chunks even, and the timeline shows it', async () => {
    const logs: string[] = [];
    const result = resultOf(await runFixture('timeline.ts', 'even', 'Array.from({ length: 16 }, (_, i) => i)', { chunkSize: 1, maxWorkers: 2 }, { log: (line) => logs.push(line) }));
    assert.ok(logs.some((line) => /: even, so each worker gets its next chunk ahead$/.test(line)), logs.join('\n'));
    const timeline = result.timeline;
    assert.ok(timeline, 'the fastest pool size has a timeline');
    assert.equal(timeline.workers, result.bestWorkers);
    assert.equal(timeline.rows.reduce((sum, row) => sum + row.items, 0), 16, 'every input once');
    assert.ok(Math.abs(timeline.compute + timeline.messaging + timeline.idle - 1) < 1e-9);
    for (const row of timeline.rows) {
      assert.ok(Math.abs(row.compute + row.messaging + row.idle - 1) < 1e-9);
      row.bars.forEach((bar, i) => {
        assert.ok(bar.sentMs <= bar.startMs && bar.startMs <= bar.endMs && bar.endMs <= bar.receivedMs, JSON.stringify(bar));
        const previous = row.bars[i - 1];
        if (previous) assert.ok(bar.startMs >= previous.endMs, 'one chunk at a time per worker');
      });
    }
    if (timeline.workers > 1) {
      // At least one chunk waited beside its worker: sent before the one ahead of it had finished.
      assert.ok(timeline.rows.some((row) => row.bars.some((bar, i) => i > 0 && bar.sentMs < (row.bars[i - 1]?.endMs ?? 0))), JSON.stringify(timeline.rows.map((row) => row.bars)));
    }
  });
});
