/**
 * User code that takes its whole process down: a V8 fatal out-of-memory, memory off the heap, a
 * signal to its own process. Each runs in a run host (a child process of the engine's), so the
 * test process survives, the input is named, and the run goes on with a fresh host.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import type { BenchmarkResult } from '../../protocol/results';
import { rssCeilingBytes } from '../../server/executors/threads/memoryCeiling';
import { buildWorker, fastSettings, resultOf, runFixture } from './engineRun';

/** Pids of this process's children that are run hosts. */
function runHosts(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,ppid=,args=', '-e'], { encoding: 'utf8' });
  return out.split('\n').map((line) => line.trim().split(/\s+/)).filter(([, ppid, ...args]) => Number(ppid) === process.pid && args.join(' ').includes('runHost.js')).map(([pid]) => Number(pid));
}

function leftOut(result: BenchmarkResult, code: string, inputIndex: number): void {
  assert.deepEqual(result.errors.map((e) => [e.code, e.inputIndex]), [[code, inputIndex]], JSON.stringify(result.errors));
  assert.equal(result.serial.trials, fastSettings.trials, 'the serial baseline was timed on the other inputs');
  assert.ok(result.runs.length >= 1, 'and so were the pools');
  assert.equal(result.resultsMatch, true);
  assert.deepEqual(runHosts(), [], 'no run host outlives the run');
}

void describe('run host', () => {
  before(buildWorker);

  void it('reports a V8 fatal out-of-memory as OUT_OF_MEMORY of its input and goes on', async () => {
    const result = resultOf(await runFixture('killers.ts', 'hugeArray', '[0, 1, 2, 3]', { workerMemoryLimitMb: 256 }));
    leftOut(result, 'OUT_OF_MEMORY', 1);
    assert.match(result.errors[0]?.message ?? '', /input 1 ran out of memory: V8 aborted the process/);
  });

  void it('counts memory off the heap against the host ceiling', async () => {
    const result = resultOf(await runFixture('killers.ts', 'offHeap', '[0, 1, 2, 3]', { workerMemoryLimitMb: 32 }));
    leftOut(result, 'OUT_OF_MEMORY', 1);
    assert.match(result.errors[0]?.message ?? '', /input 1 took its process past the \d+ MB memory ceiling/);
  });

  void it('names the input that signals its own process, not the one before it', async () => {
    // The warm-up sends inputs 0–3 in one task and input 1 kills the host at once: the suspects
    // run again alone to find which.
    const result = resultOf(await runFixture('killers.ts', 'killsProcess', '[0, 1, 2, 3]'));
    leftOut(result, 'WORKER_EXITED', 1);
    assert.match(result.errors[0]?.message ?? '', /killed with SIGTERM/);
  });

  void it('a cancelled run leaves no host behind', async () => {
    const controller = new AbortController();
    const reply = runFixture('spin.ts', 'spin', '[2, 0, 1]', { taskTimeoutMs: 60_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 500);
    const started = Date.now();
    const result = resultOf(await reply);
    assert.equal(result.cancelled, true);
    assert.ok(Date.now() - started < 2500, 'stopped soon after the cancel');
    assert.deepEqual(runHosts(), []);
  });

  void it('bounds the host by its workers\' heap limits, or a share of free memory without one', () => {
    const mb = 1024 ** 2;
    assert.equal(rssCeilingBytes(2, 64, 16 * 1024 * mb), (256 + 2 * 2 * 64) * mb);
    assert.equal(rssCeilingBytes(2, 0, 1000 * mb), 750 * mb);
    assert.equal(rssCeilingBytes(8, 1024, 1000 * mb), 750 * mb, 'never past the free-memory share');
  });
});
