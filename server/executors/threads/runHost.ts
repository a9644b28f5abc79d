/**
 * The run host: a child process of the engine's that holds one pool's worker threads. User code
 * that aborts the process (V8's fatal out-of-memory, a huge allocation, `process.kill`) or fills
 * memory off the heap takes this process down, never the language server or the CLI; the engine
 * reports the inputs that were running and goes on with a fresh host.
 *
 * It runs the same TaskPool the engine would run in-process, and adds what only a process of its
 * own can: a memory ceiling on its resident set (heap and off-heap buffers alike), and a running
 * report of which inputs are in flight, so that a sudden death still names its input.
 */
import { Cancelled, PoolFault, TaskPool } from '../../engine/taskPool';
import { transferableBuffers } from '../../worker/transfer';
import { type FromHost, HostPoolOptions, type Running, type ToHost } from './hostMessages';
import { ceilingExitCode } from './runHostCodes';

/**
 * How often the host checks its memory and reports the running inputs when they changed: every
 * 5 ms once past half its ceiling, every 20 ms below it (no process fills half a ceiling of
 * gigabytes in 20 ms). Each wake-up costs: on the 2-core bench VM a 5 ms timer alone took 3% of a
 * core, taken from the workers it watches.
 */
const nearTickMs = 5;
const farTickMs = 20;

/**
 * The running inputs are reported at most this often. Each report wakes the engine (about 0.2 ms
 * of CPU on each side on the bench VM) and a pool of heavy inputs changes them with every input:
 * a report per input cost a busy 2-core machine about 1% of its workers' time. A sudden death
 * between two reports is still pinned on its input when a task of one input or a lone task held
 * it (the task names it, or its suspects run again alone: HostPool.pinpoint); only a death in a
 * longer task beside others is named by a report up to this late. Inputs that kill their process
 * every time are found in the serial phase, a lone task, before any pool runs.
 */
const reportEveryMs = 100;
let lastReportAt = 0;

const abort = new AbortController();
let pool: TaskPool | undefined;
let lastRunning = '';

function send(message: FromHost): void {
  // A send after the engine went away has no one to reach; the disconnect handler exits.
  if (process.connected) process.send?.(message);
}

function tick(): void {
  if (pool === undefined) return;
  const running: Running = pool.runningInputs();
  const rss = process.memoryUsage.rss();
  lastRss = rss;
  if (rss > ceiling) {
    send({ type: 'ceiling', rss, running });
    // Exit from the main thread at once: the workers may be allocating as fast as they can.
    process.exit(ceilingExitCode);
  }
  const now = performance.now();
  if (now - lastReportAt < reportEveryMs) return;
  const key = JSON.stringify(running);
  if (key !== lastRunning) {
    lastRunning = key;
    lastReportAt = now;
    send({ type: 'running', running });
  }
}

let ceiling = Number.POSITIVE_INFINITY;
/** Read every tick, not per reply: reading it costs about 10 µs (it opens /proc/self/stat). */
let lastRss = 0;

async function runTask(id: number, task: unknown, where: string, indices: readonly number[] | undefined): Promise<void> {
  if (pool === undefined) {
    send({ type: 'fault', id, error: { code: 'INTERNAL', message: 'the run host was sent a task before its pool' }, fatal: true });
    return;
  }
  const kind = (task as { kind?: unknown } | null)?.kind;
  // The items arrived as this process's own copies: large buffers among them can move on to the worker.
  const items = kind === 'run' ? (task as { items?: unknown }).items : undefined;
  const transfer = Array.isArray(items) ? transferableBuffers(items) : [];
  const packed = kind === 'run' ? (task as { packedItems?: unknown }).packedItems : undefined;
  if (packed instanceof Uint8Array) {
    // Packed items are a view of the pipe's read buffer, which later messages may share: moved as a copy of their own.
    const own = new Uint8Array(packed);
    (task as { packedItems: Uint8Array }).packedItems = own;
    transfer.push(own.buffer);
  }
  try {
    const reply = await pool.run(task as Parameters<TaskPool['run']>[0], where, { ...(indices ? { indices } : {}), transfer });
    send({ type: 'reply', id, reply, rss: lastRss, recycled: pool.recycled });
  } catch (error) {
    if (error instanceof Cancelled) send({ type: 'cancelled', id });
    else if (error instanceof PoolFault) send({ type: 'fault', id, error: error.error, fatal: error.fatal });
    else send({ type: 'fault', id, error: { code: 'INTERNAL', message: `the run host failed on ${where}: ${error instanceof Error ? error.message : String(error)}` }, fatal: true });
  }
}

process.on('message', (raw: ToHost) => {
  if (raw.type === 'start') {
    const options = HostPoolOptions.parse(raw.options);
    ceiling = options.rssCeilingBytes;
    const rss = process.memoryUsage.rss();
    lastRss = rss;
    pool = new TaskPool({ ...options, signal: abort.signal });
    const next = (): void => {
      tick();
      setTimeout(next, lastRss * 2 > ceiling ? nearTickMs : farTickMs);
    };
    setTimeout(next, farTickMs);
    send({ type: 'started', rss });
  } else if (raw.type === 'run') {
    void runTask(raw.id, raw.task, raw.where, raw.indices);
  } else if (raw.type === 'destroy') {
    abort.abort();
    void (pool?.destroy() ?? Promise.resolve()).finally(() => {
      send({ type: 'destroyed' });
      process.exit(0);
    });
  }
});

// The host never outlives the engine that started it.
process.on('disconnect', () => process.exit(0));
// Ctrl-C in a terminal signals the whole process group: the engine decides how the run ends (it
// keeps what was measured), so the host waits to be told.
process.on('SIGINT', () => undefined);