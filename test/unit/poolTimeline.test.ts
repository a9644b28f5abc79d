/** The pool timeline model, from hand-made spans: shares, rows, the last chunk, merged bars and clock correction. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PoolTimeline } from '../../protocol/results';
import type { TaskSpan } from '../../server/engine/runTrial';
import { sendAheadFor } from '../../server/engine/sendAhead';
import { buildTimeline, clockOffset, coveredMs, maxBars } from '../../server/profile/poolTimeline';

// Stamps are epoch milliseconds in real runs (to about 0.2 µs); a smaller origin keeps these exact.
const zero = 1_000_000;

/** A span at ms offsets from the trial's start: sent, started, finished, received. */
function span(threadId: number, indices: number[], [sent, start, end, received]: [number, number, number, number]): TaskSpan {
  return { indices, threadId, sentAt: zero + sent, startedAt: zero + start, finishedAt: zero + end, receivedAt: zero + received };
}

void describe('pool timeline', () => {
  void it('measures covered time with overlaps counted once', () => {
    assert.equal(coveredMs([[0, 10], [5, 15], [20, 25], [21, 22]]), 20);
    assert.equal(coveredMs([[3, 3], [4, 2]]), 0);
  });

  void it('gives each worker its compute, messaging and idle shares of the wall time, and finds the last chunk', () => {
    // Worker 7: two chunks of 40 ms, 1 ms of messaging each way. Worker 9: one chunk of 60 ms, then idle.
    const spans = [
      span(9, [2, 3], [0, 1, 61, 62]),
      span(7, [0, 1], [0, 1, 41, 42]),
      span(7, [4], [42, 43, 83, 84]),
    ];
    const timeline = buildTimeline({ startedAt: zero, ms: 100, spans }, 2);
    assert.ok(timeline);
    PoolTimeline.parse(timeline);
    assert.equal(timeline.wallMs, 100);
    assert.deepEqual(timeline.rows.map((row) => [row.worker, row.threadId, row.items, row.chunkCount]), [[1, 7, 3, 2], [2, 9, 2, 1]]);
    const [seven, nine] = timeline.rows;
    assert.ok(seven && nine);
    assert.ok(Math.abs(seven.compute - 0.8) < 1e-9 && Math.abs(seven.messaging - 0.04) < 1e-9 && Math.abs(seven.idle - 0.16) < 1e-9, JSON.stringify(seven));
    assert.ok(Math.abs(nine.compute - 0.6) < 1e-9 && Math.abs(nine.messaging - 0.02) < 1e-9 && Math.abs(nine.idle - 0.38) < 1e-9, JSON.stringify(nine));
    // The pool: 140 ms computing and 6 ms messaging of 2 × 100 ms.
    assert.ok(Math.abs(timeline.compute - 0.7) < 1e-9 && Math.abs(timeline.messaging - 0.03) < 1e-9 && Math.abs(timeline.idle - 0.27) < 1e-9);
    assert.deepEqual(seven.bars[1], { firstInput: 4, lastInput: 4, items: 1, chunks: 1, sentMs: 42, startMs: 43, endMs: 83, receivedMs: 84 });
    // Worker 9 was done at 62 ms: the last chunk's worker ran alone for 22 ms.
    assert.deepEqual(timeline.lastChunk, { worker: 1, firstInput: 4, lastInput: 4, items: 1, computeMs: 40, aloneMs: 22 });
    assert.equal(timeline.clockCorrectionMs, 0);
  });

  void it('counts a chunk sent ahead as messaging only where its worker waited', () => {
    // The second chunk was sent at 5 ms, while the first ran until 40: its worker started it at 40.5.
    const timeline = buildTimeline({ startedAt: zero, ms: 82, spans: [span(1, [0], [0, 1, 40, 41]), span(1, [1], [5, 40.5, 80.5, 81])] }, 1);
    assert.ok(timeline);
    const [row] = timeline.rows;
    // Messaging: 0–1, 40–40.5 and 80.5–81.
    assert.ok(Math.abs((row?.messaging ?? 0) * 82 - 2) < 1e-9, JSON.stringify(row));
    assert.ok(Math.abs((row?.compute ?? 0) * 82 - 79) < 1e-9);
    assert.equal(timeline.lastChunk?.aloneMs, 0, 'one worker is never alone');
  });

  void it('shifts a worker clock that disagrees with the engine back inside its messages', () => {
    // The worker's clock runs 5 ms ahead: its stamps fall after the engine received its replies.
    // The offset lies between 4 (a reply) and 6 (a message): the middle is 5.
    const ahead = [span(3, [0], [0, 6, 25, 21]), span(3, [1], [21, 27, 45, 41])];
    assert.equal(clockOffset(ahead), 5);
    const timeline = buildTimeline({ startedAt: zero, ms: 41, spans: ahead }, 1);
    assert.equal(timeline?.clockCorrectionMs, 5);
    assert.deepEqual(timeline?.rows[0]?.bars.map((bar) => [bar.startMs, bar.endMs]), [[1, 20], [22, 40]]);
    for (const bar of timeline?.rows[0]?.bars ?? []) assert.ok(bar.sentMs <= bar.startMs && bar.startMs <= bar.endMs && bar.endMs <= bar.receivedMs, JSON.stringify(bar));
    // Stamps that fit are left alone.
    assert.equal(clockOffset([span(3, [0], [0, 1, 9, 10])]), 0);
  });

  void it(`keeps at most ${maxBars} bars, merging a worker's consecutive chunks, with the shares of every chunk`, () => {
    const spans: TaskSpan[] = [];
    for (let i = 0; i < 3000; i++) spans.push(span(1, [i], [i, i + 0.1, i + 0.9, i + 1]));
    const timeline = buildTimeline({ startedAt: zero, ms: 3000, spans }, 1);
    assert.ok(timeline);
    const [row] = timeline.rows;
    assert.equal(row?.bars.length, 1000);
    assert.equal(row?.chunkCount, 3000);
    const round = (bar: object | undefined) => JSON.parse(JSON.stringify(bar, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))) as unknown;
    assert.deepEqual(round(row?.bars[1]), { firstInput: 3, lastInput: 5, items: 3, chunks: 3, sentMs: 3, startMs: 3.1, endMs: 5.9, receivedMs: 6 });
    assert.ok(Math.abs((row?.compute ?? 0) - 0.8) < 1e-9, 'compute from every chunk, not from the merged bars');
    assert.ok(Math.abs((row?.messaging ?? 0) - 0.2) < 1e-9);
  });

  void it('has no timeline without spans', () => {
    assert.equal(buildTimeline({ startedAt: zero, ms: 10, spans: [] }, 2), null);
  });

  void it('sends ahead on one worker, and on more only when the one-worker timeline found the chunks even', () => {
    const oneWorker = (chunkMs: number[]) => buildTimeline({ startedAt: zero, ms: 1000, spans: chunkMs.map((ms, i) => span(1, [i], [i * 100, i * 100 + 1, i * 100 + 1 + ms, i * 100 + 2 + ms])) }, 1);
    assert.equal(sendAheadFor(1, null).sendAhead, true);
    assert.equal(sendAheadFor(2, null).sendAhead, false);
    const even = sendAheadFor(2, oneWorker([27, 29, 26, 31, 28, 27]));
    assert.equal(even.sendAhead, true, even.reason);
    assert.match(even.reason, /1\.1× the median 28 ms: even/);
    const uneven = sendAheadFor(2, oneWorker([300, 5, 5, 5, 5, 5]));
    assert.equal(uneven.sendAhead, false, uneven.reason);
    assert.match(uneven.reason, /uneven/);
  });
});
