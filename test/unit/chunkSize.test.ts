import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseChunkSize } from '../../server/engine/chunkSize';

void describe('chooseChunkSize', () => {
  void it('uses the setting when it is set', () => {
    assert.equal(chooseChunkSize({ itemCount: 1000, perItemMs: 0.001, workers: 4, setting: 25 }), 25);
  });

  void it('never exceeds the input count, even when the setting does', () => {
    assert.equal(chooseChunkSize({ itemCount: 10, perItemMs: 1, workers: 2, setting: 500 }), 10);
  });

  void it('sends heavy inputs one by one', () => {
    assert.equal(chooseChunkSize({ itemCount: 32, perItemMs: 40, workers: 2, setting: 0 }), 1);
  });

  void it('batches light inputs so a message carries at least 2 ms of work', () => {
    // 0.01 ms per input → 200 inputs per message; 100 000 inputs still give 250 chunks per worker.
    assert.equal(chooseChunkSize({ itemCount: 100_000, perItemMs: 0.01, workers: 2, setting: 0 }), 200);
  });

  void it('keeps at least 4 chunks per worker when 2 ms chunks allow it', () => {
    const itemCount = 1000;
    const workers = 4;
    const size = chooseChunkSize({ itemCount, perItemMs: 0.1, workers, setting: 0 });
    assert.equal(size, 20);
    assert.ok(Math.ceil(itemCount / size) >= 4 * workers);
  });

  void it('never leaves a worker without a chunk', () => {
    // Light inputs want 2000 per message, but 32 inputs over 2 workers cap it at 16.
    assert.equal(chooseChunkSize({ itemCount: 32, perItemMs: 0.001, workers: 2, setting: 0 }), 16);
  });

  void it('survives a zero or unmeasured per-input time', () => {
    assert.equal(chooseChunkSize({ itemCount: 8, perItemMs: 0, workers: 2, setting: 0 }), 4);
    assert.equal(chooseChunkSize({ itemCount: 8, perItemMs: Number.NaN, workers: 2, setting: 0 }), 4);
  });
});
