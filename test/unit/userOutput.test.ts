/**
 * The function's own output (console.*, process.stdout/stderr.write, at load, in the inputs
 * expression and per input) is captured in the worker, travels in the reply, and reaches the run's
 * hook once per input with its index: never the process's stdout. Real workers and the real CLI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import { bundleFunction } from '../../server/engine/bundleFunction';
import { TaskPool } from '../../server/engine/taskPool';
import { maxRunChars, type PrintedLine } from '../../server/engine/userOutput';
import type { PrintedOutput } from '../../server/worker/messages';
import { perSiteChars, perTaskChars } from '../../server/worker/outputCapture';
import { buildWorker, engineFixtures, fixtureTarget, resultOf, runFixture } from './engineRun';

const root = path.resolve(__dirname, '..', '..');

/** Runs `name` in printing.ts, with what reached the output hook, the log, and the main thread's stdout. */
async function printingRun(name: string, inputs: string, settings: Partial<RunSettings> = {}): Promise<{ printed: PrintedLine[]; logged: string[]; stdout: string }> {
  const printed: PrintedLine[] = [];
  const logged: string[] = [];
  let stdout = '';
  // The worker's stdout is piped into this thread's: anything that escapes the capture lands here.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    stdout += String(chunk);
    return write(chunk, ...rest);
  });
  try {
    resultOf(await runFixture('printing.ts', name, inputs, { trials: 2, ...settings }, { output: (line) => printed.push(line), log: (line) => logged.push(line) }));
  } finally {
    process.stdout.write = write;
  }
  return { printed, logged, stdout };
}

void describe('user output', () => {
  before(buildWorker);

  void it('reaches the hook once per input, with its index and stream, never stdout', async () => {
    const { printed, logged, stdout } = await printingRun('chatty', 'makeInputs()');
    assert.deepEqual(printed.map((p) => p.line), [
      '[module load] loading printing.ts',
      '[inputs expression] making the inputs',
      '[input 3] three { n: 3 }',
      '[input 3, stderr] three on stderr',
      '[input 4] four, raw',
      '[input 5, stderr] five',
      '[input 5] five, debug',
    ]);
    const three = printed.find((p) => p.text === 'three on stderr');
    assert.deepEqual(three && { inputIndex: three.inputIndex, source: three.source, stream: three.stream }, { inputIndex: 3, source: 'input', stream: 'stderr' });
    assert.equal(printed[0]?.inputIndex, undefined);
    assert.ok(logged.some((line) => /shown once per input/.test(line)), 'the log says later calls printed again');
    assert.doesNotMatch(stdout, /loading printing|three|four|five/);
  });

  void it('without an output hook, the lines go to the log', async () => {
    const logged: string[] = [];
    resultOf(await runFixture('printing.ts', 'chatty', '[4]', {}, { log: (line) => logged.push(line) }));
    assert.ok(logged.includes('[input 0] four, raw'), logged.join('\n'));
  });

  void it('keeps 8 KB per input and 64 KB per task in the worker, saying where it cut', async () => {
    const bundle = await bundleFunction(fixtureTarget('printing.ts', 'flood'), '[0]');
    assert.ok(bundle.ok);
    const pool = new TaskPool({ bundlePath: bundle.value.file, workers: 1, memoryLimitMb: 0, taskTimeoutMs: 10_000, signal: new AbortController().signal });
    try {
      // The module loads (and prints) on the first task; its output counts towards that task's 64 KB.
      const first = await pool.run({ kind: 'run', items: [], spread: false, slot: 0 }, 'no input');
      assert.deepEqual(first.output, [{ at: 'load', stream: 'stdout', text: 'loading printing.ts\n' }]);
      const reply = await pool.run({ kind: 'run', items: Array.from({ length: 10 }, (_, i) => i), spread: false, slot: 0 }, 'inputs 0–9');
      assert.equal(reply.kind, 'run');
      const output = reply.output ?? [];
      const cut = (limit: string): string => `${'x'.repeat(perSiteChars)}\n…truncated (output is kept up to ${limit})\n`;
      // 8 inputs of 8 KB fill the task's 64 KB: the last of them says so, and inputs 8 and 9 keep nothing.
      assert.deepEqual(output.map((entry) => [entry.at, entry.stream, entry.text]), [
        ...[0, 1, 2, 3, 4, 5, 6].map((at) => [at, 'stdout', cut('8 KB per input')]),
        [7, 'stdout', cut('64 KB per task')],
      ]);
      assert.equal(perTaskChars, 8 * perSiteChars);
    } finally {
      await pool.destroy();
      await bundle.value.dispose();
    }
  });

  void it('shows at most maxRunChars of a run, and says the rest was left out', async () => {
    // One input per message: each pool task keeps its input's 8 KB, and 60 of them pass 256 KB.
    const { printed, logged } = await printingRun('flood', 'Array.from({ length: 60 }, (_, i) => i)', { chunkSize: 1 });
    const shown = printed.reduce((sum, p) => sum + p.text.length + 1, 0);
    assert.ok(shown <= maxRunChars + perSiteChars, `${shown} characters shown`);
    assert.ok(shown > maxRunChars / 2, `${shown} characters shown`);
    assert.ok(printed.some((p) => p.inputIndex === 0 && p.text === '…truncated (output is kept up to 8 KB per input)'));
    assert.ok(logged.some((line) => /printed more than 256 KB/.test(line)), logged.join('\n'));
  });

  void it('gives output after an await to its own call when calls run concurrently', async () => {
    const bundle = await bundleFunction(fixtureTarget('printing.ts', 'later'), '[0]');
    assert.ok(bundle.ok);
    const seen: Array<[number, string]> = [];
    const onOutput = (output: readonly PrintedOutput[], indices: readonly number[]): void => {
      for (const { at, text } of output) if (typeof at === 'number') seen.push([indices[at] ?? -1, text]);
    };
    const pool = new TaskPool({ bundlePath: bundle.value.file, workers: 1, memoryLimitMb: 0, taskTimeoutMs: 10_000, signal: new AbortController().signal, onOutput });
    try {
      const indices = [10, 11, 12, 13, 14, 15];
      const reply = await pool.run({ kind: 'run', items: [0, 1, 2, 3, 4, 5], spread: false, slot: 0, concurrency: 6 }, 'inputs 10–15', { indices });
      assert.equal(reply.kind, 'run');
      assert.deepEqual(seen.sort((a, b) => a[0] - b[0]), indices.map((index, n) => [index, `after the wait ${n}\n`]));
    } finally {
      await pool.destroy();
      await bundle.value.dispose();
    }
  });

  void it('the CLI with --json prints parseable JSON on stdout and the function\'s lines on stderr', { timeout: 60_000 }, async () => {
    const file = path.join(engineFixtures, 'printing.ts');
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      '--import', 'tsx', path.join(root, 'server', 'cli', 'main.ts'), 'run', `${file}#chatty`, '--inputs', 'makeInputs()', '--json', '--trials', '1', '--max-workers', '2',
    ], { cwd: root });
    const result = BenchmarkResult.parse(JSON.parse(stdout));
    assert.equal(result.inputs.count, 6);
    const lines = stderr.split('\n');
    for (const line of ['[module load] loading printing.ts', '[input 3] three { n: 3 }', '[input 3, stderr] three on stderr', '[input 4] four, raw']) {
      assert.ok(lines.includes(line), `${line} in:\n${stderr}`);
    }
  });
});
