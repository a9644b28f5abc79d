import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Chunking, PoolRun } from '../../protocol/results';
import { summarize } from '../../server/engine/statistics';
import { messagingVerdict, verdictFor } from '../../server/engine/verdict';

const nanoseconds: Chunking = {
  chunkSize: 25_000,
  source: 'measured',
  perItemMs: 0.00007,
  itemCount: 100_000,
  dispatchOverheadMs: 0.05,
  perItemOverheadMs: 0.0005,
  workers: 2,
  ceilingSpeedup: 0.12,
  reason: '70 ns per input, ~50 µs per message → …',
};

function run(workers: number, medianMs: number, serialMs: number): PoolRun {
  const speedup = serialMs / medianMs;
  return { ...summarize([medianMs]), workers, speedup, efficiency: speedup / workers, firstResultMs: null, delivery: [] };
}

function verdict(chunking: Chunking | undefined, serialMs: number, runs: Array<[number, number]>): string {
  const serial = { ...summarize([serialMs]), perItemMs: 0.00007 };
  return verdictFor({ serial, runs: runs.map(([w, ms]) => run(w, ms, serialMs)), cancelled: false, errors: [], chunking });
}

void describe('messagingVerdict', () => {
  void it('says to stay serial, with the measured costs, when no chunking can pay for messaging', () => {
    assert.equal(
      verdict(nanoseconds, 40, [[1, 41], [2, 48]]),
      'Messaging costs more than 2 workers save: each input computes in 70 ns, sending it to a worker and back costs 500 ns more, plus 50 µs per message, so even one message per worker reaches 0.12× at best — keep it serial',
    );
  });

  void it('holds the pool against the serial compute time, which is what the serial figure is', () => {
    // 30 ms for 7 ms of compute: a plain loop wins.
    assert.match(verdict(nanoseconds, 7, [[1, 41], [2, 30]]), /^Messaging costs more than 2 workers save: .*\(2 workers took 30 ms for 7\.0 ms of compute\) — keep it serial$/);
  });

  void it('never keeps serial a pool the table shows worthwhile: the table wins over the estimate', () => {
    // The estimate (0.12×) says no, the table says 1.33×: the verdict agrees with the table.
    assert.equal(verdict(nanoseconds, 40, [[1, 41], [2, 30]]), '1.3× faster on 2 workers (67% efficiency)');
  });

  void it('takes precedence over the too-little-work rule, which only guesses at the cost', () => {
    assert.match(verdict(nanoseconds, 2, [[1, 2.1], [2, 2.5]]), /^Messaging costs more than 2 workers save/);
  });

  void it('yields to a pool that beat the compute time: a busy machine can inflate the estimate', () => {
    const tenMicros = { ...nanoseconds, perItemMs: 0.01, ceilingSpeedup: 0.9 };
    assert.equal(verdict(tenMicros, 1000, [[1, 1000], [2, 526]]), '1.9× faster on 2 workers (95% efficiency)');
  });

  void it('stays out of the way when messaging allows a speedup, or was not measured, or there is one core', () => {
    assert.equal(messagingVerdict({ ...nanoseconds, ceilingSpeedup: 1.8 }, undefined), undefined);
    assert.equal(messagingVerdict({ ...nanoseconds, ceilingSpeedup: null }, undefined), undefined);
    assert.equal(messagingVerdict({ ...nanoseconds, workers: 1 }, undefined), undefined);
    assert.equal(messagingVerdict(undefined, undefined), undefined);
  });

  void it('names only the message cost when the per-input cost was not measured', () => {
    assert.match(messagingVerdict({ ...nanoseconds, perItemOverheadMs: null }, undefined) ?? '', /computes in 70 ns, a message costs 50 µs, so/);
  });
});
