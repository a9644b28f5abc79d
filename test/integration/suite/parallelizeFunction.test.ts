/** "Parallelize Function" benchmarks a fixture function serially and on a worker pool. */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ParallelizeFunctionArgs } from '../../../extension/api';
import type { BenchmarkResult } from '../../../protocol/results';
import { activatedApi, openFixture, positionAfter, waitFor, webviewTab, within } from '../helpers';

/** Runs the command at the position just after `marker` in src/work.ts. */
async function parallelizeAt(marker: string, inputs: string): Promise<BenchmarkResult | undefined> {
  const document = await openFixture('src/work.ts');
  const at = positionAfter(document, marker);
  const args: ParallelizeFunctionArgs = { uri: document.uri.toString(), line: at.line, character: at.character, inputs };
  return within(
    `parallelize.parallelizeFunction at ${JSON.stringify(marker)}`,
    vscode.commands.executeCommand<BenchmarkResult | undefined>('parallelize.parallelizeFunction', args),
    90_000,
  );
}

function assertSound(result: BenchmarkResult | undefined, name: string, count: number): asserts result is BenchmarkResult {
  assert.ok(result, 'the command resolved to no result');
  const runs = result.runs.map((r) => `${r.workers}w ${r.medianMs.toFixed(1)} ms`).join(', ');
  console.log(`      ${name}: ${result.verdict} (serial ${result.serial.medianMs.toFixed(1)} ms, ${runs})`);
  assert.deepEqual(result.errors, []);
  assert.equal(result.function.name, name);
  assert.equal(result.inputs.count, count);
  assert.equal(result.cancelled, false);
  assert.ok(result.serial.medianMs > 0, `serial median ${result.serial.medianMs} ms`);
  assert.ok(result.runs.length >= 1, 'no pool size was measured');
  for (const run of result.runs) {
    assert.ok(run.speedup > 0, `speedup ${run.speedup} on ${run.workers} worker(s)`);
    assert.ok(run.workers <= 2, `${run.workers} workers despite parallelize.maxWorkers = 2`);
  }
  assert.equal(result.resultsMatch, true, `mismatch: ${JSON.stringify(result.mismatch)}`);
}

suite('Parallelize Function', function () {
  this.timeout(120_000);

  test('benchmarks an exported function', async () => {
    const api = await activatedApi();
    const result = await parallelizeAt('export function fib(', '[22, 23, 24, 25, 22, 23, 24, 25]');
    assertSound(result, 'fib', 8);
    assert.equal(api.lastResult()?.startedAt, result.startedAt, 'api.lastResult() is not the run that just finished');
    // The panels suite closed the panel: the run opens it again (the tab model follows asynchronously).
    await waitFor('the Benchmark panel, showing the result', () => (webviewTab('parallelize.benchmark')?.isActive ? true : undefined));
  });

  test('benchmarks a function that is not exported', async () => {
    await activatedApi();
    const result = await parallelizeAt('let count = 0;', '[20_000, 30_000, 40_000, 50_000]');
    assertSound(result, 'countPrimes', 4);
  });

  test('keeps the extension host responsive while a run saturates every core', async () => {
    const api = await activatedApi();
    // A command handled in this extension host: its latency is how long the host's event loop is busy.
    const ping = vscode.commands.registerCommand('parallelizeTest.ping', () => performance.now());
    try {
      let settled = false;
      // fib(33..35) takes 49-98 ms on one core of the 2-core CI machine: about 1.7 s a pass, and a run
      // makes several (serial, then each pool size), so the 40 samples (about 3 s) fall inside it.
      const run = parallelizeAt('export function fib(', 'Array.from({ length: 24 }, (_, i) => 33 + (i % 3))').finally(() => { settled = true; });
      const latencies: number[] = [];
      // Sampling starts once the engine is running the function, not after a guessed delay.
      await waitFor('the run to report progress', () => ((api.runProgress() ?? 0) > 0 || settled ? true : undefined), 60_000);
      for (let i = 0; i < 40 && !settled; i++) {
        const sent = performance.now();
        await vscode.commands.executeCommand('parallelizeTest.ping');
        latencies.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(latencies.length >= 20, `only ${latencies.length} samples before the run ended: give it more work`);
      const result = await run;
      assert.ok(result, 'the run gave no result');
      const sorted = [...latencies].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
      console.log(`      command latency during a run (${latencies.length} samples): median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(2)} ms (goal: median < 50 ms)`);
      assert.ok(median < 50, `median command latency ${median.toFixed(1)} ms`);
    } finally {
      ping.dispose();
    }
  });

  test('gives no result, without hanging, outside any function', async () => {
    await activatedApi();
    const result = await parallelizeAt('const LIMIT_NOTE', '[1, 2]');
    assert.equal(result, undefined);
  });
});
