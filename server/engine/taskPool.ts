/**
 * A piscina pool running the task worker, with what piscina leaves to its user: a per-input
 * timeout that terminates a stuck worker, cancellation, validated replies, and worker failures
 * turned into stable error codes.
 */
import { Piscina } from 'piscina';
import type { RunError } from '../../protocol/results';
import { type PrintedOutput, type ProfileTask, type RunTask, type WorkerData, WorkerReply } from '../worker/messages';
import { describePhase, watchdogSlotSize } from '../worker/watchdog';
import { workerEnv } from './workerEnv';
import { workerPath } from './workerPath';

/** How a pool is made. */
export interface TaskPoolOptions {
  bundlePath: string;
  workers: number;
  /** resourceLimits.maxOldGenerationSizeMb of each worker; 0 keeps Node's default. */
  memoryLimitMb: number;
  taskTimeoutMs: number;
  signal: AbortSignal;
  /** Replace a lane's worker after this many run tasks; 0 never does. */
  recycleAfterTasks?: number;
  /** Hears what each task's user code printed, with the input indices of its items. */
  onOutput?: (output: readonly PrintedOutput[], indices: readonly number[]) => void;
}

/** A task failed for a reason other than the user's own throw. `fatal` ends the run. */
export class PoolFault extends Error {
  constructor(readonly error: RunError, readonly fatal: boolean) {
    super(error.message);
    this.name = 'PoolFault';
  }
}

/** The run was cancelled while a task was pending. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps what a pool rejects with to a RunError. `where` names the task's inputs, or the one input
 * that was running when the worker died. A result that cannot be cloned reaches us as an empty
 * object (Node cannot send the DataCloneError itself across), hence the non-Error test.
 */
function classify(error: unknown, where: string, inputIndex: number | undefined): PoolFault {
  const message = error instanceof Error ? error.message : String(error);
  const at = inputIndex === undefined ? {} : { inputIndex };
  if (errorCode(error) === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory/i.test(message)) {
    return new PoolFault({ code: 'OUT_OF_MEMORY', message: `the worker ran out of memory on ${where}: raise parallelize.workerMemoryLimitMb or use smaller inputs`, ...at }, true);
  }
  const exited = /worker exited with code: (-?\d+)/.exec(message);
  if (exited) {
    return new PoolFault({ code: 'WORKER_EXITED', message: `the worker exited with code ${exited[1]} while running ${where}: remove process.exit() from the function`, ...at }, true);
  }
  if (!(error instanceof Error) || error.name === 'DataCloneError') {
    return new PoolFault({ code: 'NOT_CLONEABLE', message: `a result of ${where} cannot be sent between threads: return plain data` }, false);
  }
  return new PoolFault({ code: 'INTERNAL', message: `the worker failed on ${where}: ${message}`, ...at }, true);
}

/**
 * One pool of task workers; `destroy` must be called, and is safe to call twice.
 *
 * Each lane (watchdog slot) has a piscina of its own, one thread, so a lane's tasks always run on
 * its worker, in order. A lane's worker is handed its next task while it still runs the current
 * one (two at a time): it takes it up the moment it is done, with no thread to wake and no round
 * trip to the engine between (on 2 busy cores that round trip cost 1–3 ms a task). The worker
 * runs them one after the other. Further tasks for a lane wait here.
 *
 * piscina has no recycling (multiprocessing's maxtasksperchild), and terminating one of its
 * workers from outside races with the task it may just have been handed. So a recycling pool
 * replaces a lane's whole piscina after N tasks, and hands its worker one task at a time: the lane
 * is idle between its tasks, so nothing is lost.
 */
export class TaskPool {
  private readonly lanes = new Map<number, { piscina: Piscina; tasks: number }>();
  private readonly retired: Array<Promise<void>> = [];
  private readonly watchdog: Float64Array;
  /** Per watchdog slot: the call number last seen there and when it was first seen. */
  private readonly watched = new Map<number, { call: number; since: number }>();
  /** Per watchdog slot: the input indices of its tasks at the worker, the running one first. */
  private readonly indices = new Map<number, Array<readonly number[]>>();
  /** Per watchdog slot: tasks waiting for room at the worker, oldest first. */
  private readonly waiting = new Map<number, Array<() => void>>();
  /** Tasks a lane's worker holds at once: the one it runs and the next. */
  private readonly perWorker: number;
  private readonly workerData: WorkerData;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort = (): void => this.stop(new Cancelled());
  private stopped: PoolFault | Cancelled | undefined;
  private destroyed: Promise<void> | undefined;
  /** Workers replaced so far after recycleAfterTasks tasks. */
  recycled = 0;

  constructor(private readonly options: TaskPoolOptions) {
    // One slot per lane, plus spares for workers piscina starts to replace crashed ones.
    const buffer = new SharedArrayBuffer((options.workers + 1) * watchdogSlotSize * Float64Array.BYTES_PER_ELEMENT);
    this.watchdog = new Float64Array(buffer);
    this.workerData = { bundlePath: options.bundlePath, watchdog: buffer };
    this.perWorker = (options.recycleAfterTasks ?? 0) > 0 ? 1 : 2;
    for (let slot = 0; slot < options.workers; slot++) this.lanes.set(slot, { piscina: this.createPiscina(), tasks: 0 });
    // A call is seen at most one tick after it starts and timed out at most one tick late.
    const every = Math.max(10, Math.min(100, options.taskTimeoutMs / 8));
    this.timer = setInterval(() => this.checkWatchdog(), every);
    this.timer.unref();
    options.signal.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal.aborted) this.stop(new Cancelled());
  }

  /**
   * Runs one task (a run task on its lane's watchdog slot); rejects with PoolFault or Cancelled,
   * never with a raw error. `indices` are the input indices of a run task's items, for naming the
   * input that timed out or killed its worker; `transfer` moves buffers the caller owns instead of
   * copying them. Tasks of one slot run in the order they are sent.
   */
  async run(task: RunTask | ProfileTask | { kind: 'inputs' }, where: string, options: { indices?: readonly number[]; transfer?: ArrayBuffer[] } = {}): Promise<WorkerReply> {
    this.throwIfStopped();
    const slot = task.kind === 'run' ? task.slot : 0;
    const atWorker = this.indices.get(slot) ?? [];
    this.indices.set(slot, atWorker);
    const mine = options.indices ?? [];
    const queue = this.waiting.get(slot) ?? [];
    this.waiting.set(slot, queue);
    if (atWorker.length < this.perWorker && queue.length === 0) atWorker.push(mine);
    // Its place at the worker is taken when it is handed over, so no later task overtakes it.
    else await new Promise<void>((resolve) => queue.push(() => { atWorker.push(mine); resolve(); }));
    const transferList = options.transfer ?? [];
    let raw: unknown;
    let failed = false;
    try {
      // Stopped while it waited for room: it never reaches a worker.
      this.throwIfStopped();
      raw = await this.piscinaFor(slot).run(task, transferList.length > 0 ? { transferList } : {});
      if (task.kind === 'run') this.countTask(slot);
    } catch (error) {
      failed = true;
      this.throwIfStopped();
      // A worker that died mid-input left that input's position in its watchdog slot.
      const inputIndex = this.runningInput(slot);
      throw typeof inputIndex === 'number' ? classify(error, `input ${inputIndex}`, inputIndex) : classify(error, where, undefined);
    } finally {
      atWorker.splice(atWorker.indexOf(mine), 1);
      // A worker that died mid-input leaves its call number behind; the lane is free again now,
      // unless its worker has already started the next task, which writes its own numbers.
      if (failed || atWorker.length === 0) this.watchdog[slot * watchdogSlotSize] = 0;
      this.watched.delete(slot);
      this.waiting.get(slot)?.shift()?.();
    }
    this.throwIfStopped();
    const reply = WorkerReply.safeParse(raw);
    if (!reply.success) {
      throw new PoolFault({ code: 'INTERNAL', message: `the worker sent a malformed reply for ${where}: ${reply.error.message}` }, true);
    }
    if (reply.data.output !== undefined) this.options.onOutput?.(reply.data.output, options.indices ?? []);
    return reply.data;
  }

  /** The input running on each busy slot (null: the inputs expression), for a run host to report before it might die. */
  runningInputs(): Array<{ slot: number; input: number | null }> {
    const running: Array<{ slot: number; input: number | null }> = [];
    for (let slot = 0; (slot + 1) * watchdogSlotSize <= this.watchdog.length; slot++) {
      const input = this.runningInput(slot);
      if (input !== undefined) running.push({ slot, input });
    }
    return running;
  }

  /** Terminates every worker (a running task included) and waits until they have exited. */
  async destroy(): Promise<void> {
    clearInterval(this.timer);
    this.options.signal.removeEventListener('abort', this.onAbort);
    const pools = [...this.lanes.values()].map((lane) => lane.piscina);
    this.destroyed ??= Promise.all([...pools.map((pool) => pool.destroy()), ...this.retired]).then(() => undefined);
    await this.destroyed;
  }

  private createPiscina(): Piscina {
    const piscina = new Piscina({
      filename: workerPath(),
      workerData: this.workerData,
      minThreads: 1,
      maxThreads: 1,
      concurrentTasksPerWorker: this.perWorker,
      idleTimeout: 60 * 60 * 1000,
      // User code sees an allow-listed environment, not the editor's secrets.
      env: workerEnv(),
      ...(this.options.memoryLimitMb > 0 ? { resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb } } : {}),
    });
    // piscina emits 'error' for a worker that fails with no task on it; unheard, that would crash us.
    piscina.on('error', () => undefined);
    return piscina;
  }

  private piscinaFor(slot: number): Piscina {
    let lane = this.lanes.get(slot);
    if (lane === undefined) {
      lane = { piscina: this.createPiscina(), tasks: 0 };
      this.lanes.set(slot, lane);
    }
    return lane.piscina;
  }

  /** Counts a lane's finished task and swaps in a fresh worker once it has run recycleAfterTasks. */
  private countTask(slot: number): void {
    const limit = this.options.recycleAfterTasks ?? 0;
    const lane = this.lanes.get(slot);
    if (limit <= 0 || lane === undefined || ++lane.tasks < limit || this.destroyed) return;
    // The lane is idle until this task's caller sends its next one, so the old worker has nothing running.
    this.retired.push(lane.piscina.destroy());
    this.lanes.set(slot, { piscina: this.createPiscina(), tasks: 0 });
    this.recycled++;
  }

  // A method, not an inline test: TypeScript would keep `stopped` narrowed to undefined across awaits.
  private throwIfStopped(): void {
    if (this.stopped !== undefined) throw this.stopped;
  }

  private stop(reason: PoolFault | Cancelled): void {
    this.stopped ??= reason;
    // piscina cannot abort a task that is running; terminating its worker can.
    void this.destroy();
  }

  /**
   * The input running on a slot: undefined when idle, null for the inputs expression. The worker
   * writes the position within its task; the indices passed to `run` turn it into the input index.
   */
  private runningInput(slot: number): number | null | undefined {
    const at = slot * watchdogSlotSize;
    if ((this.watchdog[at] ?? 0) === 0) return undefined;
    const position = this.watchdog[at + 1] ?? -1;
    if (position < 0) return null;
    return this.indices.get(slot)?.[0]?.[position] ?? position;
  }

  /**
   * Workers write a new call number per input instead of reading a clock (which a 10 µs function
   * would feel); here a number that stays put longer than the timeout is a stuck input.
   */
  private checkWatchdog(): void {
    const now = performance.now();
    for (let slot = 0; (slot + 1) * watchdogSlotSize <= this.watchdog.length; slot++) {
      const call = this.watchdog[slot * watchdogSlotSize] ?? 0;
      const seen = this.watched.get(slot);
      if (call === 0) {
        this.watched.delete(slot);
      } else if (seen === undefined || seen.call !== call) {
        this.watched.set(slot, { call, since: now });
      } else if (now - seen.since > this.options.taskTimeoutMs) {
        const index = this.runningInput(slot);
        const what = typeof index === 'number' ? `input ${index}` : describePhase(this.watchdog[slot * watchdogSlotSize + 1] ?? -1);
        this.stop(new PoolFault({
          code: 'TASK_TIMEOUT',
          message: `${what} ran longer than the ${this.options.taskTimeoutMs} ms task timeout; its worker was terminated (raise parallelize.taskTimeoutMs if that is expected)`,
          ...(typeof index === 'number' ? { inputIndex: index } : {}),
        }, true));
        return;
      }
    }
  }
}
