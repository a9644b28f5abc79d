/**
 * The engine's side of a run host: an Executor whose worker threads live in a child process. A
 * host that dies (V8 aborting on an allocation, a `process.kill`, the memory ceiling) fails the
 * tasks it held with OUT_OF_MEMORY or WORKER_EXITED for the inputs that were running, and the
 * phase that owns it goes on with a fresh host, as it does after a worker dies.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { RunError } from '../../../protocol/results';
import { Cancelled, PoolFault } from '../../engine/taskPool';
import { workerEnv } from '../../engine/workerEnv';
import { runHostPath } from '../../engine/workerPath';
import { type PrintedOutput, type ProfileTask, type RunTask, WorkerReply } from '../../worker/messages';
import { packValues, unpackValues } from '../../worker/packedValues';
import { transferableBuffers } from '../../worker/transfer';
import type { Executor, TaskOptions } from '../executor';
import { FromHost, type HostPoolOptions, type Running, type ToHost } from './hostMessages';
import { ceilingExitCode } from './runHostCodes';

/** How a host pool is made: the pool's options, the run's signal and where the host's own output goes. */
export interface HostPoolInit {
  options: HostPoolOptions;
  signal: AbortSignal;
  log: (line: string) => void;
  /** What user code printed during a task, with the task's input indices. */
  onOutput?: (output: readonly PrintedOutput[], indices: readonly number[]) => void;
}

/** After asking a host to stop, how long it gets before it is killed. */
const destroyGraceMs = 2000;

/**
 * Pinpointing which input of a task killed its host runs the suspects again one per message, for
 * at most this long: a fault that does not come back alone is blamed on the last input reported.
 */
const pinpointBudgetMs = 10_000;

/** The last output a dead host wrote to stderr, for naming V8's fatal error. */
const stderrTailBytes = 8 * 1024;

interface Pending {
  task: RunTask | ProfileTask | { kind: 'inputs' };
  resolve: (reply: WorkerReply) => void;
  reject: (error: PoolFault | Cancelled) => void;
  slot: number;
  indices: readonly number[];
  where: string;
}

function formatMb(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** The slot a task writes its watchdog entries to (the inputs task uses slot 0). */
function slotOf(task: RunTask | ProfileTask | { kind: 'inputs' }): number {
  return task.kind === 'run' ? task.slot : 0;
}

/**
 * A run task with its items packed into one buffer, which the host relays to its worker unread;
 * as the worker packs its values: not when large buffers among the items can move on from the
 * host as they are (packing would copy them once more).
 */
function packed(task: RunTask | ProfileTask | { kind: 'inputs' }): RunTask | ProfileTask | { kind: 'inputs' } {
  if (task.kind !== 'run' || task.items.length === 0 || transferableBuffers(task.items).length > 0) return task;
  const packedItems = packValues(task.items);
  // Inputs V8's serializer refuses go as they are, to fail as they always did.
  return packedItems === undefined ? task : { ...task, items: [], packedItems };
}

/** A worker's reply, validated, its values unpacked when they came packed. */
function unpacked(raw: unknown): { success: true; data: WorkerReply } | { success: false; error: string } {
  const reply = WorkerReply.safeParse(raw);
  if (!reply.success) return { success: false, error: reply.error.message };
  const { data } = reply;
  if (data.kind !== 'run' || data.packedValues === undefined) return reply;
  try {
    const { packedValues, ...rest } = data;
    return { success: true, data: { ...rest, values: unpackValues(packedValues) } };
  } catch (error) {
    return { success: false, error: `its values could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

export class HostPool implements Executor {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private readonly started: Promise<void>;
  private readonly exited: Promise<void>;
  private readonly onAbort = (): void => this.stop(new Cancelled());
  private nextId = 1;
  private running: Running = [];
  private ceiling: { rss: number; running: Running } | undefined;
  private stderrTail = '';
  private stopped: PoolFault | Cancelled | undefined;
  private destroying = false;
  private baselineRss: number | null = null;
  private lastRss: number | null = null;
  recycled = 0;

  constructor(private readonly init: HostPoolInit) {
    this.child = fork(runHostPath(), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // What user code may see (its workers get the same list); Electron is Node only with its flag.
      env: { ...workerEnv(), ...(process.env.ELECTRON_RUN_AS_NODE === undefined ? {} : { ELECTRON_RUN_AS_NODE: process.env.ELECTRON_RUN_AS_NODE }) },
      // Inspector, loader and other flags of this process are not the user's code's business.
      execArgv: [],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => this.output('stdout', text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-stderrTailBytes);
      this.output('stderr', text);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      void this.onExit(code, signal);
      resolve();
    }));
    this.started = new Promise((resolve, reject) => {
      this.child.on('message', (raw: unknown) => {
        const message = FromHost.safeParse(raw);
        if (!message.success) {
          this.stop(new PoolFault({ code: 'INTERNAL', message: `the run host sent a malformed message: ${message.error.message}` }, true));
          return;
        }
        if (message.data.type === 'started') {
          this.baselineRss = message.data.rss;
          resolve();
        } else {
          this.receive(message.data);
        }
      });
      this.child.once('exit', () => reject(this.stopped ?? new PoolFault({ code: 'INTERNAL', message: 'the run host exited before it started' }, true)));
    });
    // Awaited by run(); a host that never starts fails its first task instead of going unheard.
    this.started.catch(() => undefined);
    this.child.on('error', (error) => this.stop(new PoolFault({ code: 'INTERNAL', message: `the run host could not start: ${error.message}` }, true)));
    this.send({ type: 'start', options: init.options });
    init.signal.addEventListener('abort', this.onAbort, { once: true });
    if (init.signal.aborted) this.stop(new Cancelled());
  }

  async run(task: RunTask | ProfileTask | { kind: 'inputs' }, where: string, options: TaskOptions = {}): Promise<WorkerReply> {
    this.throwIfStopped();
    await this.started;
    this.throwIfStopped();
    const id = this.nextId++;
    const indices = options.indices ?? [];
    const reply = new Promise<WorkerReply>((resolve, reject) => this.pending.set(id, { task, resolve, reject, slot: slotOf(task), indices, where }));
    // The engine's buffers are copied on the way (a pipe cannot move them); the host moves its copies on.
    this.send({ type: 'run', id, task: packed(task), where, ...(options.indices ? { indices: options.indices } : {}) });
    return reply;
  }

  async destroy(): Promise<void> {
    this.init.signal.removeEventListener('abort', this.onAbort);
    if (!this.destroying) {
      this.destroying = true;
      this.send({ type: 'destroy' });
      const timer = setTimeout(() => this.child.kill('SIGKILL'), destroyGraceMs);
      void this.exited.finally(() => clearTimeout(timer));
    }
    await this.exited;
  }

  memory(): { baselineRssBytes: number | null; rssBytes: number | null } {
    return { baselineRssBytes: this.baselineRss, rssBytes: this.lastRss };
  }

  /** The child's pid, for tests that kill it from outside. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private send(message: ToHost): void {
    if (this.child.connected) this.child.send(message);
  }

  private output(stream: 'stdout' | 'stderr', text: string): void {
    // V8's native stack after a fatal error ("13: 0x13c5133 v8::internal::…") says nothing to a user.
    for (const line of text.split('\n')) if (line.trim() !== '' && !/^\s*\d+: 0x[0-9a-f]+ /.test(line)) this.init.log(`run host ${stream}: ${line}`);
  }

  private receive(message: Exclude<FromHost, { type: 'started' }>): void {
    switch (message.type) {
      case 'running':
        this.running = message.running;
        return;
      case 'ceiling':
        this.ceiling = { rss: message.rss, running: message.running };
        return;
      case 'destroyed':
        return;
      case 'reply': {
        const pending = this.take(message.id);
        if (pending === undefined) return;
        this.lastRss = message.rss;
        this.recycled = message.recycled;
        const reply = unpacked(message.reply);
        if (reply.success && reply.data.output !== undefined) this.init.onOutput?.(reply.data.output, pending.indices);
        if (reply.success) pending.resolve(reply.data);
        else pending.reject(new PoolFault({ code: 'INTERNAL', message: `the worker sent a malformed reply for ${pending.where}: ${reply.error}` }, true));
        return;
      }
      case 'fault': {
        const pending = this.take(message.id);
        if (pending === undefined) return;
        const fault = new PoolFault(message.error, message.fatal);
        // A fatal fault (a timeout) ended the host's pool: every later task would fail with it too.
        if (message.fatal) this.stopped ??= fault;
        pending.reject(fault);
        return;
      }
      case 'cancelled':
        this.take(message.id)?.reject(new Cancelled());
        return;
    }
  }

  private take(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending;
  }

  private throwIfStopped(): void {
    if (this.stopped !== undefined) throw this.stopped;
  }

  private stop(reason: PoolFault | Cancelled): void {
    this.stopped ??= reason;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(reason);
    }
    void this.destroy();
  }

  /** The input a task on `slot` was running when the host died, as last reported or the task's only one. */
  private culprit(pending: Pending, running: Running): number | undefined {
    const reported = running.find((entry) => entry.slot === pending.slot);
    // A report older than the task (its slot's previous task, reported before this one started) names another task's input.
    if (reported !== undefined && reported.input !== null && (pending.indices.length === 0 || pending.indices.includes(reported.input))) return reported.input;
    // Died before the host could say: a task of one input names it, a longer one its first input started.
    return pending.indices[0];
  }

  /** Fails what the host held, unless it was asked to stop. */
  private async onExit(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.destroying && this.ceiling === undefined) {
      this.stop(this.stopped ?? new Cancelled());
      return;
    }
    const held = [...this.pending.values()];
    this.pending.clear();
    // A lane's next task waits behind the one running on its slot: only the first of each slot had
    // started, and the others fail with its error rather than blame inputs that never ran.
    const started = held.filter((pending, i) => held.findIndex((other) => other.slot === pending.slot) === i);
    const bySlot = new Map(started.map((pending) => [pending.slot, this.deathError(pending, code, signal)]));
    this.stopped ??= new PoolFault(bySlot.values().next().value ?? { code: 'WORKER_EXITED', message: 'the run host exited' }, true);
    const [only] = started;
    // The ceiling names the inputs running when it was read; a sudden death in a task of several
    // inputs may have come between two reports, so the suspects run again, alone, to be sure.
    if (started.length === 1 && only !== undefined && this.ceiling === undefined && only.task.kind === 'run' && only.task.items.length > 1) {
      bySlot.set(only.slot, await this.pinpoint(only, bySlot.get(only.slot) as RunError));
    }
    const errors = held.map((pending) => bySlot.get(pending.slot));
    held.forEach((pending, i) => pending.reject(errors[i] === undefined ? new Cancelled() : new PoolFault(errors[i], true)));
  }

  /**
   * Runs a dead task's inputs one per message on a fresh host, from the one last reported on, until
   * one takes its host down: that one is named. Returns `suspected` when none does within budget.
   */
  private async pinpoint(pending: Pending, suspected: RunError): Promise<RunError> {
    const task = pending.task as RunTask;
    const from = Math.max(0, suspected.inputIndex === undefined ? 0 : pending.indices.indexOf(suspected.inputIndex));
    const deadline = performance.now() + pinpointBudgetMs;
    const options = { ...this.init.options, workers: 1 };
    delete options.recycleAfterTasks;
    let probe: HostPool | undefined;
    try {
      for (let position = from; position < task.items.length && performance.now() < deadline; position++) {
        if (this.init.signal.aborted) return suspected;
        const index = pending.indices[position] ?? position;
        probe ??= new HostPool({ ...this.init, options, log: () => undefined });
        try {
          await probe.run({ kind: 'run', items: [task.items[position]], spread: task.spread, slot: 0 }, `input ${index}`, { indices: [index] });
        } catch (error) {
          if (error instanceof PoolFault && ['OUT_OF_MEMORY', 'WORKER_EXITED'].includes(error.error.code)) return error.error;
          if (!(error instanceof PoolFault)) return suspected;
          // Another fault (a hang) on this input: not the one sought; go on with a fresh host.
          await probe.destroy();
          probe = undefined;
        }
      }
      return { ...suspected, message: `${suspected.message} (it did not happen again when its inputs ran alone)` };
    } finally {
      await probe?.destroy();
    }
  }

  private deathError(pending: Pending, code: number | null, signal: NodeJS.Signals | null): RunError {
    const ceiling = this.ceiling;
    const input = this.culprit(pending, ceiling?.running ?? this.running);
    const what = input === undefined ? pending.where : input === null ? 'the inputs expression' : `input ${input}`;
    const at = typeof input === 'number' ? { inputIndex: input } : {};
    if (ceiling !== undefined || code === ceilingExitCode) {
      const limit = formatMb(this.init.options.rssCeilingBytes);
      const reached = ceiling === undefined ? '' : ` (it reached ${formatMb(ceiling.rss)}, heap and off-heap buffers together)`;
      return { code: 'OUT_OF_MEMORY', message: `${what} took its process past the ${limit} memory ceiling${reached}: use smaller inputs or raise parallelize.workerMemoryLimitMb`, ...at };
    }
    const fatal = /^(?:FATAL ERROR|Fatal JavaScript|#\s*Fatal).*$/m.exec(this.stderrTail)?.[0]?.trim();
    if (signal === 'SIGABRT' || code === 134 || (fatal !== undefined && /memory|invalid size|allocation/i.test(fatal))) {
      const why = fatal === undefined ? 'V8 aborted the process' : `V8 aborted the process (${fatal})`;
      return { code: 'OUT_OF_MEMORY', message: `${what} ran out of memory: ${why}; use smaller inputs or raise parallelize.workerMemoryLimitMb`, ...at };
    }
    if (signal !== null) {
      const how = signal === 'SIGKILL' ? ' (by the system, or another program: it may have run out of memory)' : ' (process.kill in the function?)';
      return { code: 'WORKER_EXITED', message: `the process running ${what} was killed with ${signal}${how}`, ...at };
    }
    return { code: 'WORKER_EXITED', message: `the process running ${what} exited with code ${code ?? 'unknown'}: remove process.exit() or process.kill() from the function`, ...at };
  }
}
