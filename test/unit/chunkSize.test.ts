import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseChunkSize, type ChunkSizeInput, formatShortMs, messagingCeiling } from '../../server/engine/chunkSize';

function size(input: ChunkSizeInput): number {
  return chooseChunkSize(input).chunkSize;
}

void describe('chooseChunkSize', () => {
  void it('uses the setting when it is set, and says so', () => {
    const choice = chooseChunkSize({ itemCount: 1000, perItemMs: 0.001, workers: 4, setting: 25, dispatchOverheadMs: 0.04 });
    assert.deepEqual(choice, { chunkSize: 25, reason: '25 inputs per message, as parallelize.chunkSize sets' });
  });

  void it('never exceeds the input count, even when the setting does', () => {
    assert.equal(size({ itemCount: 10, perItemMs: 1, workers: 2, setting: 500 }), 10);
  });

  void it('sends heavy inputs one by one', () => {
    const choice = chooseChunkSize({ itemCount: 32, perItemMs: 40, workers: 2, setting: 0, dispatchOverheadMs: 0.04 });
    assert.equal(choice.chunkSize, 1);
    assert.equal(choice.reason, '40 ms per input, ~40 µs per message → one input per message: messaging is already 0.1% of the work, and single inputs balance uneven work best');
  });

  void it('batches 3 µs inputs so that messaging stays under 2%, and says why in words', () => {
    // √(2 · 200 000 · 0.04 / (2 · 0.0031)) ≈ 1606: messaging 0.8%, the idle tail about as much.
    const choice = chooseChunkSize({ itemCount: 200_000, perItemMs: 0.0031, workers: 2, setting: 0, dispatchOverheadMs: 0.04 });
    assert.equal(choice.chunkSize, 1606);
    assert.equal(choice.reason, '3.1 µs per input, ~40 µs per message → 1,606 inputs per message keeps messaging under 2% of the work (0.8%), with 63 messages per worker on 2 workers');
  });

  void it('never goes below the size that keeps messaging under 2% of a chunk', () => {
    // With 20 000 inputs the balance optimum, √(2 · 20 000 · 0.2 / (2 · 0.01)) = 632, is below the 1000 that 2% needs.
    const choice = chooseChunkSize({ itemCount: 20_000, perItemMs: 0.01, workers: 2, setting: 0, dispatchOverheadMs: 0.2 });
    assert.equal(choice.chunkSize, 1000);
    assert.match(choice.reason, /keeps messaging under 2% of the work \(2%\), with 10 messages per worker/);
  });

  void it('keeps at least 4 chunks per worker where 2% messaging allows it', () => {
    const itemCount = 1000;
    const workers = 4;
    // 2% needs 25 inputs a message; 4 chunks per worker allow up to 62.
    const chunkSize = size({ itemCount, perItemMs: 0.1, workers, setting: 0, dispatchOverheadMs: 0.05 });
    assert.equal(chunkSize, 25);
    assert.ok(Math.ceil(itemCount / chunkSize) >= 4 * workers);
    // Heavier messages would want 70, more than 4 chunks per worker allow: messaging wins, with 3 chunks for every worker.
    assert.equal(size({ itemCount, perItemMs: 0.1, workers, setting: 0, dispatchOverheadMs: 0.14 }), 84);
  });

  void it('gives the heavy hold-out of issue 10 a few chunks per worker, priced at what a message costs a full pool', () => {
    // pbkdf2, 27 ms an input, 24 inputs, 2 workers: at 0.55 ms a message, one input per message
    // would spend 2% of the work on messaging; 2 inputs keep it at 1%, with 6 chunks per worker.
    const choice = chooseChunkSize({ itemCount: 24, perItemMs: 27, workers: 2, setting: 0, dispatchOverheadMs: 0.55 });
    assert.equal(choice.chunkSize, 2);
    assert.equal(choice.reason, '27 ms per input, ~550 µs per message → 2 inputs per message keeps messaging under 2% of the work (1%), with 6 messages per worker on 2 workers');
    // The probe's cold ~1 ms gives the same.
    assert.equal(size({ itemCount: 24, perItemMs: 27, workers: 2, setting: 0, dispatchOverheadMs: 1 }), 2);
  });

  void it('gives every worker as many chunks when messaging wins over balance', () => {
    // 8 inputs a message would leave 3 chunks for 2 workers, one of which would run two of them: 2 of 12.
    assert.equal(size({ itemCount: 24, perItemMs: 27, workers: 2, setting: 0, dispatchOverheadMs: 4 }), 12);
    // 4 a message would leave 6 chunks: 3 for every worker.
    assert.equal(size({ itemCount: 24, perItemMs: 27, workers: 2, setting: 0, dispatchOverheadMs: 2 }), 4);
    // 4000 inputs wanting 2000 a message: one chunk per worker.
    assert.equal(size({ itemCount: 4000, perItemMs: 0.01, workers: 2, setting: 0, dispatchOverheadMs: 0.4 }), 2000);
    assert.equal(size({ itemCount: 4000, perItemMs: 0.01, workers: 2, setting: 0, dispatchOverheadMs: 0.2 }), 1000);
  });

  void it('prefers cheap messaging to balance when the inputs are too few for both, down to one chunk per worker', () => {
    const choice = chooseChunkSize({ itemCount: 100, perItemMs: 0.01, workers: 2, setting: 0, dispatchOverheadMs: 0.05 });
    assert.equal(choice.chunkSize, 50);
    assert.match(choice.reason, /^10 µs per input, ~50 µs per message → 50 inputs per message, the most 100 inputs allow \(1 message per worker on 2 workers\); messaging is still 10% of the work$/);
  });

  void it('never leaves a worker without a chunk', () => {
    // Light inputs want thousands per message, but 32 inputs over 2 workers cap it at 16.
    assert.equal(size({ itemCount: 32, perItemMs: 0.001, workers: 2, setting: 0 }), 16);
  });

  void it('assumes a round trip when none was measured, and says it is assumed', () => {
    const choice = chooseChunkSize({ itemCount: 100_000, perItemMs: 0.01, workers: 2, setting: 0 });
    assert.equal(choice.chunkSize, 707);
    assert.match(choice.reason, /^10 µs per input, an assumed ~50 µs per message → 707 inputs/);
  });

  void it('survives a zero or unmeasured per-input time', () => {
    assert.equal(size({ itemCount: 8, perItemMs: 0, workers: 2, setting: 0 }), 4);
    assert.equal(size({ itemCount: 8, perItemMs: Number.NaN, workers: 2, setting: 0, dispatchOverheadMs: Number.NaN }), 4);
  });
});

void describe('messagingCeiling', () => {
  void it('lets 10 µs inputs nearly double on 2 workers', () => {
    const ceiling = messagingCeiling({ perItemMs: 0.01, chunkSize: 100_000, workers: 2, dispatchOverheadMs: 0.04, perItemOverheadMs: 0.0002 });
    assert.ok(ceiling > 1.9 && ceiling < 2, String(ceiling));
  });

  void it('keeps nanosecond inputs below serial whatever the chunk', () => {
    const ceiling = messagingCeiling({ perItemMs: 0.00006, chunkSize: 100_000, workers: 2, dispatchOverheadMs: 0.04, perItemOverheadMs: 0.0001 });
    assert.ok(ceiling < 0.5, String(ceiling));
  });
});

void describe('formatShortMs', () => {
  void it('picks the unit a reader needs', () => {
    assert.deepEqual([2.4, 40, 0.04, 0.0031, 0.00008].map(formatShortMs), ['2.4 ms', '40 ms', '40 µs', '3.1 µs', '80 ns']);
  });
});
