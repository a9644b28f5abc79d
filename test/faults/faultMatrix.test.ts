/**
 * The fault matrix: every way user code, its inputs or a client can misbehave, done for real
 * (the CLI and the language server in their own processes, real worker threads and run hosts),
 * with what must hold. The table printed at the end is the summary a reviewer reads.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { errorsOf, root, runCli } from './cliRun';
import { row } from './matrix';
import { startServer } from './serverSession';

function codes(run: Awaited<ReturnType<typeof runCli>>): string {
  return errorsOf(run).map(([code, index]) => (index === undefined ? code : `${code}@${index}`)).join(', ') || 'no errors';
}

/** The run went on without the one input, and measured the rest. */
function leftOutOne(run: Awaited<ReturnType<typeof runCli>>, code: string): string {
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(errorsOf(run), [[code, 1]]);
  assert.ok((run.result?.runs.length ?? 0) > 0, 'the pools were measured');
  assert.equal(run.result?.resultsMatch, true);
  return `${codes(run)}; exit 0; ${run.result?.runs.length} pool sizes measured`;
}

/** No run host of this checkout is left running (hosts of other checkouts on a shared machine are not ours). */
function noOrphans(): void {
  const host = path.join(root, 'dist', 'runHost.js');
  const out = execFileSync('ps', ['-o', 'pid=,args=', '-e'], { encoding: 'utf8' });
  const left = out.split('\n').filter((line) => line.includes(host));
  assert.deepEqual(left, [], 'a run host outlived its run');
}

// The function.
row('function throws on one input', 'TASK_THREW for it, others measured, exit 0', async () => leftOutOne(await runCli('faults.ts#throwsOnOne', '[0, 1, 2, 3]'), 'TASK_THREW'));

row('function throws on every input', 'no speedup, no match badge, "fix the inputs", exit 1', async () => {
  const run = await runCli('faults.ts#alwaysThrows', '[0, 1, 2, 3]');
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.result?.resultsMatch, false);
  assert.equal(run.result?.suggestion.keepSerial, true);
  assert.match(run.result?.verdict ?? '', /fix the inputs/i);
  return `exit 1; "${run.result?.verdict.slice(0, 40)}…"`;
});

row('function hangs on one input', 'TASK_TIMEOUT for it, others measured, exit 0', async () => leftOutOne(await runCli('faults.ts#hangsOnOne', '[0, 1, 2, 3]'), 'TASK_TIMEOUT'));

row('every input hangs', 'nothing measured, exit 1, in ≤ 2 timeouts', async () => {
  const run = await runCli('faults.ts#alwaysHangs', '[0, 1, 2, 3, 4, 5]');
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.result?.verdict ?? '', /nothing could be measured/i);
  // Two task timeouts of 1.5 s, plus starting processes and bundling.
  assert.ok(run.ms < 2 * 1500 + 4000, `took ${run.ms} ms`);
  return `exit 1 in ${(run.ms / 1000).toFixed(1)} s`;
});

row('function exhausts the heap', 'OUT_OF_MEMORY for it, exit 0', async () => leftOutOne(await runCli('faults.ts#heapHog', '[0, 1, 2, 3]', ['--worker-memory-limit-mb', '64']), 'OUT_OF_MEMORY'));

row('function exhausts off-heap memory', 'OUT_OF_MEMORY at the RSS ceiling, exit 0', async () => leftOutOne(await runCli('faults.ts#offHeapHog', '[0, 1, 2, 3]', ['--worker-memory-limit-mb', '64']), 'OUT_OF_MEMORY'));

row('one huge allocation (V8 fatal OOM)', 'OUT_OF_MEMORY for it, the CLI survives', async () => {
  const run = await runCli('faults.ts#hugeArray', '[0, 1, 2, 3]', ['--worker-memory-limit-mb', '256', '--task-timeout-ms', '60000']);
  assert.equal(run.signal, null);
  return leftOutOne(run, 'OUT_OF_MEMORY');
});

row('function exits its worker', 'WORKER_EXITED for it, exit 0', async () => leftOutOne(await runCli('faults.ts#exitsWorker', '[0, 1, 2, 3]'), 'WORKER_EXITED'));

row('process.kill(process.pid)', 'WORKER_EXITED for that input (not its neighbour)', async () => {
  const result = leftOutOne(await runCli('faults.ts#killsProcess', '[0, 1, 2, 3]'), 'WORKER_EXITED');
  noOrphans();
  return result;
});

row('function prints to stdout and stderr', '--json stays parseable, output on stderr per input', async () => {
  const run = await runCli('faults.ts#chatty', '[0, 1, 2]');
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.result !== undefined, `stdout is not one JSON result: ${run.stdout.slice(0, 200)}`);
  assert.match(run.stderr, /chatty says 1/);
  assert.match(run.stderr, /chatty warns 2/);
  return 'JSON intact; the lines on stderr';
});

row('result holds a function', 'NOT_CLONEABLE naming the type and path', async () => {
  const run = await runCli('faults.ts#returnsFunction', '[0, 1]');
  const first = run.result?.errors[0];
  assert.equal(first?.code, 'NOT_CLONEABLE', codes(run));
  assert.match(first?.message ?? '', /function/);
  assert.match(first?.message ?? '', /handlers\[0\]\.onClick/);
  return first?.message.slice(0, 60) ?? '';
});

row('result is a class instance', 'reported by class and path; no match claimed', async () => {
  const run = await runCli('faults.ts#returnsPoint', '[0, 1]');
  const first = run.result?.errors[0];
  assert.match(first?.message ?? '', /Point/, codes(run));
  assert.match(first?.message ?? '', /corner/);
  return `${first?.code}: ${first?.message.slice(0, 50)}`;
});

row('function reads secrets and argv', 'no editor env var; argv is node <file>', async () => {
  const run = await runCli('faults.ts#nosy', '[0, 1, 2]', [], { env: { PARALLELIZE_TEST_SECRET: 'hunter2' } });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(errorsOf(run), [], run.result?.errors[0]?.message);
  return 'saw neither';
});

row('ES module (import.meta, top-level await)', 'runs as Node runs it', async () => {
  const run = await runCli('esm.mts#scaled', '[1, 2, 3]');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(errorsOf(run), [], run.result?.errors[0]?.message);
  return 'ran, no errors';
});

row('module hangs at load (top-level code)', 'stopped at the task timeout, named as the load, exit 1', async () => {
  const run = await runCli('hangsAtLoad.ts#never', '[1, 2]');
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /loading the function's module \(its top-level code\) ran longer than/);
  return `exit 1 in ${(run.ms / 1000).toFixed(1)} s`;
});

// The inputs expression.
row('inputs expression throws', 'exit 2, one line naming it', async () => {
  const run = await runCli('faults.ts#busy', '(() => { throw new Error("no inputs today"); })()');
  assert.equal(run.code, 2);
  assert.match(run.stderr, /inputs expression threw: no inputs today/);
  return run.stderr.trim().slice(0, 60);
});

row('inputs expression hangs', 'stopped at the task timeout, exit 1', async () => {
  const run = await runCli('faults.ts#busy', '(() => { for (;;); })()');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /inputs expression ran longer than/);
  return `exit 1 in ${(run.ms / 1000).toFixed(1)} s`;
});

row('inputs are not an array', 'exit 2, INPUTS_NOT_ARRAY wording', async () => {
  const run = await runCli('faults.ts#busy', '42');
  assert.equal(run.code, 2);
  assert.match(run.stderr, /not an array/);
  return run.stderr.trim().slice(0, 60);
});

row('inputs are huge (sparse 2³²−1)', 'refused with the limit, quickly, exit 2', async () => {
  const run = await runCli('faults.ts#busy', 'new Array(2 ** 32 - 1)');
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /10,000,000/);
  assert.ok(run.ms < 10_000, `took ${run.ms} ms`);
  return `${run.stderr.trim().slice(0, 40)}… in ${(run.ms / 1000).toFixed(1)} s`;
});

// The run.
row('Ctrl-C mid-run', 'stops within 1 s, partial result kept, exit 130', async () => {
  let interruptedAt = 0;
  const started = Date.now();
  const run = await runCli('faults.ts#busy', 'Array.from({ length: 64 }, (_, i) => i)', ['--trials', '3'], { interruptAfterMs: 4500 });
  interruptedAt = started + 4500;
  const afterSignal = Date.now() - interruptedAt;
  assert.equal(run.code, 130, run.stderr);
  assert.equal(run.result?.cancelled, true);
  assert.ok(afterSignal < 1000 + 300, `ended ${afterSignal} ms after Ctrl-C`);
  assert.ok((run.result?.serial.trials ?? 0) > 0, 'the serial figures measured before it are kept');
  noOrphans();
  return `exit 130, ${afterSignal} ms after the signal`;
});

// The language server.
row('LSP: function prints while the server speaks LSP on stdio', 'the run returns; the stream is intact', async () => {
  const server = await startServer();
  try {
    const reply = await server.run('faults.ts', 'chatty', '[0, 1, 2]');
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    assert.ok(await server.resources(), 'the server still answers');
    return 'reply received, resources answered';
  } finally {
    server.stop();
  }
});

row('LSP: V8 fatal OOM in user code', 'the server lives and answers', async () => {
  const server = await startServer();
  try {
    // As in the CLI row: the session's 5 s task timeout raced V8's own end on a busy CI machine (GC thrashes near the limit) and won once.
    const reply = await server.run('faults.ts', 'hugeArray', '[0, 1, 2]', { workerMemoryLimitMb: 256, taskTimeoutMs: 60_000 });
    assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
    assert.deepEqual(reply.value.errors.map((e) => [e.code, e.inputIndex]), [['OUT_OF_MEMORY', 1]]);
    assert.ok(await server.resources());
    assert.equal(server.exitCode(), null, 'the server is still running');
    return 'OUT_OF_MEMORY@1; server answers';
  } finally {
    server.stop();
  }
});

row('LSP: two runs at once', 'the second is refused with BUSY', async () => {
  const server = await startServer();
  try {
    const first = server.run('faults.ts', 'busy', 'Array.from({ length: 32 }, (_, i) => i)');
    const second = await server.run('faults.ts', 'busy', '[1]');
    assert.ok(!second.ok && second.error.code === 'BUSY', JSON.stringify(second));
    assert.ok((await first).ok);
    return 'BUSY, first run completed';
  } finally {
    server.stop();
  }
});

row('LSP: malformed and oversized run requests', 'refused with a message; the server lives', async () => {
  const server = await startServer();
  try {
    const malformed = await server.raw({ runId: 7, target: 'nope' });
    assert.ok(!malformed.ok && /malformed/i.test(malformed.error.message), JSON.stringify(malformed));
    const oversized = await server.run('faults.ts', 'busy', `[${'1,'.repeat(600_000)}1]`);
    assert.ok(!oversized.ok && /too long|limit/i.test(oversized.error.message), JSON.stringify(oversized).slice(0, 200));
    assert.ok(await server.resources());
    return 'both refused; resources answered';
  } finally {
    server.stop();
  }
});
