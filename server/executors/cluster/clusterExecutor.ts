/**
 * The executor for a cluster run: each task becomes a BullMQ job, taken by whichever worker process
 * is free, and its reply is heard on the queue's event stream. Replies are validated as a local
 * pool's are, and a worker's fault comes back with the same code and message. BullMQ delivers at
 * least once: a job whose worker died is delivered again (counted in `redelivered`), and its one
 * reply settles the task once, so a pass still gathers each input's result once, by index.
 */
import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PrintedOutput, ProfileTask, RunTask, WorkerReply } from '../../worker/messages';
import { Cancelled, PoolFault } from '../../engine/taskPool';
import type { Executor, TaskOptions } from '../executor';
import { connectionFor } from './clusterWorker';
import { type ClusterJobData, ClusterReply, clusterQueueName, decode, encode } from './jobMessages';

/** How a cluster executor is made. */
export interface ClusterExecutorOptions {
  redisUrl: string;
  /** The published bundle's hash. */
  bundle: string;
  taskTimeoutMs: number;
  memoryLimitMb: number;
  signal: AbortSignal;
  log: (line: string) => void;
  onOutput?: (output: readonly PrintedOutput[], indices: readonly number[]) => void;
  /** Resolves with a sentence when the cluster can no longer run jobs (a local Redis or every worker exited). */
  lost?: Promise<string>;
  /** How long Redis may stay unreachable before every pending task fails. */
  unreachableMs?: number;
}

/** How long closing the queue may wait on Redis before its connections are cut. */
const closeWaitMs = 300;

/** A task waiting for its job's reply. */
interface Pending {
  resolve: (reply: ClusterReply) => void;
  reject: (error: unknown) => void;
}

/** Runs tasks as BullMQ jobs; `destroy` must be called, and is safe to call twice. */
export class ClusterExecutor implements Executor {
  readonly recycled = 0;
  /** Jobs delivered again after their worker stopped renewing the lock. */
  redelivered = 0;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  /** QueueEvents blocks on its connection (XREAD BLOCK), so it gets one of its own, closed with it. */
  private readonly eventsConnection: Redis;
  private readonly pending = new Map<string, Pending>();
  private readonly runId = randomBytes(6).toString('hex');
  private jobs = 0;
  private stopped: PoolFault | Cancelled | undefined;
  private unreachableTimer: NodeJS.Timeout | undefined;
  private destroyed: Promise<void> | undefined;
  private readonly onAbort = (): void => this.stop(new Cancelled());

  private constructor(private readonly options: ClusterExecutorOptions, private readonly connection: Redis) {
    this.queue = new Queue(clusterQueueName, { connection });
    this.eventsConnection = connectionFor(options.redisUrl);
    this.events = new QueueEvents(clusterQueueName, { connection: this.eventsConnection });
    this.events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => {
      const waiting = this.pending.get(jobId);
      if (waiting === undefined) return;
      this.pending.delete(jobId);
      waiting.reject(new PoolFault({ code: 'INTERNAL', message: `a cluster worker failed the job: ${failedReason}` }, true));
    });
    this.events.on('stalled', ({ jobId }) => {
      if (!this.pending.has(jobId)) return;
      this.redelivered++;
      options.log(`job ${jobId} stalled (its worker stopped renewing the lock): delivered again`);
    });
    const unreachableMs = options.unreachableMs ?? 3000;
    const onDown = (): void => {
      this.unreachableTimer ??= setTimeout(() => this.stop(new PoolFault({ code: 'CLUSTER_UNAVAILABLE', message: `Redis at ${redisHost(options.redisUrl)} was unreachable for ${unreachableMs} ms: the cluster run stopped (the results so far are kept)` }, true)), unreachableMs);
    };
    const onUp = (): void => {
      clearTimeout(this.unreachableTimer);
      this.unreachableTimer = undefined;
    };
    connection.on('error', onDown);
    connection.on('close', onDown);
    connection.on('ready', onUp);
    // BullMQ re-emits its connections' errors here; the unreachable timer above decides what they mean.
    this.queue.on('error', onDown);
    this.events.on('error', onDown);
    void options.lost?.then((why) => this.stop(new PoolFault({ code: 'CLUSTER_UNAVAILABLE', message: `${why} mid-run: the cluster run stopped (the results so far are kept)` }, true)));
    options.signal.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal.aborted) this.stop(new Cancelled());
  }

  /** Connects to the queue and its event stream; both are listening when it resolves. */
  static async open(options: ClusterExecutorOptions, connection: Redis): Promise<ClusterExecutor> {
    const executor = new ClusterExecutor(options, connection);
    try {
      await Promise.all([executor.queue.waitUntilReady(), executor.events.waitUntilReady()]);
    } catch (error) {
      await executor.destroy();
      throw error;
    }
    return executor;
  }

  /** Runs one run task as a job; rejects with PoolFault or Cancelled, as a pool does. */
  async run(task: RunTask | ProfileTask | { kind: 'inputs' }, where: string, options: TaskOptions = {}): Promise<WorkerReply> {
    this.throwIfStopped();
    if (task.kind !== 'run') throw new PoolFault({ code: 'INTERNAL', message: `a cluster runs run tasks only, not ${task.kind}` }, true);
    const indices = [...(options.indices ?? [])];
    const jobId = `${this.runId}-${++this.jobs}`;
    const data: ClusterJobData = {
      bundle: this.options.bundle, taskTimeoutMs: this.options.taskTimeoutMs, memoryLimitMb: this.options.memoryLimitMb,
      payload: encode({ task, indices, where }),
    };
    // Listening before the job exists: its reply may be heard before add() resolves.
    const settled = new Promise<ClusterReply>((resolve, reject) => this.pending.set(jobId, { resolve, reject }));
    // A stop while add() is under way rejects it before it is awaited: handled here, thrown below.
    settled.catch(() => undefined);
    try {
      const added = this.queue.add('run', data, { jobId, removeOnComplete: true, removeOnFail: true, attempts: 1 });
      added.catch(() => undefined);
      // With Redis gone, add() retries for ever: a stop settles the task instead.
      await Promise.race([added, settled]);
    } catch (error) {
      this.pending.delete(jobId);
      this.throwIfStopped();
      throw new PoolFault({ code: 'CLUSTER_UNAVAILABLE', message: `could not queue ${where} on ${redisHost(this.options.redisUrl)}: ${error instanceof Error ? error.message : String(error)}` }, true);
    }
    const reply = await settled;
    this.throwIfStopped();
    if (reply.kind === 'fault') throw new PoolFault(reply.error, reply.fatal);
    if (reply.reply.output !== undefined) this.options.onOutput?.(reply.reply.output, indices);
    return reply.reply;
  }

  /** A cluster's worker processes are on other machines: their memory is not measured here. */
  memory(): { baselineRssBytes: number | null; rssBytes: number | null } {
    return { baselineRssBytes: null, rssBytes: null };
  }

  /** Stops listening and drops this run's waiting jobs; the worker processes are the cluster's to stop. */
  async destroy(): Promise<void> {
    this.stopped ??= new Cancelled();
    this.rejectPending(this.stopped);
    clearTimeout(this.unreachableTimer);
    this.options.signal.removeEventListener('abort', this.onAbort);
    this.destroyed ??= (async () => {
      // Closing waits on Redis, which may be gone for good: bounded, then the connection is cut.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([this.queue.close(), this.events.close()]),
        new Promise((resolve) => { timer = setTimeout(resolve, closeWaitMs); }),
      ]);
      clearTimeout(timer);
      this.eventsConnection.disconnect();
    })();
    await this.destroyed;
  }

  private settle(jobId: string, returnvalue: unknown): void {
    const waiting = this.pending.get(jobId);
    if (waiting === undefined) return;
    this.pending.delete(jobId);
    try {
      waiting.resolve(decode(ClusterReply, returnvalue));
    } catch (error) {
      waiting.reject(new PoolFault({ code: 'INTERNAL', message: `a cluster worker sent a malformed reply for job ${jobId}: ${error instanceof Error ? error.message : String(error)}` }, true));
    }
  }

  private stop(reason: PoolFault | Cancelled): void {
    if (this.stopped !== undefined) return;
    this.stopped = reason;
    if (reason instanceof PoolFault) this.options.log(reason.message);
    this.rejectPending(reason);
  }

  private rejectPending(reason: unknown): void {
    for (const waiting of this.pending.values()) waiting.reject(reason);
    this.pending.clear();
  }

  // A method, not an inline test: TypeScript would keep `stopped` narrowed to undefined across awaits.
  private throwIfStopped(): void {
    if (this.stopped !== undefined) throw this.stopped;
  }
}

/** host:port of a Redis URL, without credentials. */
export function redisHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'Redis';
  }
}
