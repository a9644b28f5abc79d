/**
 * Auto-chunking with real worker threads: the chunk size comes from measured costs. Timings vary on
 * a shared machine, so these assert the choice and its reason, never a speedup.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { BenchmarkResult, type Chunking } from '../../protocol/results';
import { defaultRunSettings, type RunSettings } from '../../protocol/settings';
import { findFunctionByName } from '../../server/analysis/findFunction';
import { runBenchmark } from '../../server/engine/runBenchmark';
import { buildWorker } from './engineRun';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'engine');

async function run(file: string, name: string, inputs: string, settings: Partial<RunSettings> = {}): Promise<BenchmarkResult> {
  const source = path.join(fixtures, file);
  const found = findFunctionByName(source, await readFile(source, 'utf8'), name);
  assert.ok(found.ok);
  const reply = await runBenchmark(
    { target: found.value, inputs, settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2, ...settings } },
    { signal: new AbortController().signal, onProgress: () => undefined, log: () => undefined },
  );
  assert.ok(reply.ok, reply.ok ? '' : `${reply.error.code}: ${reply.error.message}`);
  return BenchmarkResult.parse(reply.value);
}

function chunkingOf(result: BenchmarkResult): Chunking {
  assert.ok(result.chunking, 'the result says how it chunked');
  assert.equal(result.chunking.chunkSize, result.chunkSize);
  return result.chunking;
}

void describe('auto-chunking', () => {
  before(buildWorker);

  void it('batches a 10 µs function from its measured messaging cost and says why', async () => {
    const result = await run('fine.ts', 'tenMicros', 'Array.from({ length: 20000 }, (_, i) => i)');
    const chunking = chunkingOf(result);
    assert.equal(chunking.source, 'measured');
    assert.ok(chunking.chunkSize > 1, `chunk size ${chunking.chunkSize}`);
    // 4 chunks per worker unless a busy machine made messaging look costly: then at least 1.
    assert.ok(chunking.chunkSize <= 20_000 / chunking.workers, 'leaves every worker a chunk');
    assert.ok((chunking.dispatchOverheadMs ?? 0) > 0);
    assert.ok(chunking.perItemOverheadMs !== null, 'light inputs have their per-input cost probed');
    assert.equal(chunking.workers, Math.max(...result.runs.map((r) => r.workers)));
    assert.match(chunking.reason, new RegExp(`per input, ~[\\d.]+ [µm]s per message → ${chunking.chunkSize.toLocaleString('en-US')} inputs per message`));
    assert.equal(result.resultsMatch, true);
  });

  void it('tells to stay serial for a nanosecond function, whatever the chunk', async () => {
    const result = await run('fine.ts', 'affine', 'Array.from({ length: 100000 }, (_, i) => i)');
    const chunking = chunkingOf(result);
    assert.ok(chunking.chunkSize >= 1000, `chunk size ${chunking.chunkSize}`);
    assert.ok(chunking.ceilingSpeedup !== null && chunking.ceilingSpeedup < 1.1, `ceiling ${chunking.ceilingSpeedup}`);
    assert.match(result.verdict, /keep it serial/);
  });

  void it('keeps parallelize.chunkSize as an override', async () => {
    const result = await run('pure.ts', 'square', 'Array.from({ length: 200 }, (_, i) => i)', { chunkSize: 64 });
    const chunking = chunkingOf(result);
    assert.equal(chunking.source, 'setting');
    assert.equal(chunking.chunkSize, 64);
    assert.equal(chunking.reason, '64 inputs per message, as parallelize.chunkSize sets');
  });
});
