/**
 * The executor for a cluster run: each task becomes a BullMQ job, taken by whichever worker process
 * is free, and its reply is heard on the run's reply list (replyList.ts). Replies are validated as
 * a local pool's are, and a worker's fault comes back with the same code and message. BullMQ
 * delivers at least once: a job whose worker died is delivered again (counted in `redelivered`),
 * and its first reply settles the task once, so a pass still gathers each input's result once, by
 * index. A run that stops removes its jobs no worker has taken yet, so workers elsewhere do not go
 * on computing for nobody, and deletes its listening key, so a job a worker held is not run again
 * for nobody when that worker dies.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PrintedOutput, ProfileTask, RunTask, WorkerReply } from '../../worker/messages';
import { Cancelled, PoolFault } from '../../engine/taskPool';
import type { Executor, TaskOptions } from '../executor';
import { connectionFor } from './clusterWorker';
import { type ClusterJobData, type ClusterReply, clusterQueueName, encode, replyListKey } from './jobMessages';
import { type Heard, ReplyListener, listeningRefreshMs, markListening, stopListening } from './replyList';

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

/** How long removing this run's waiting jobs and closing the queue may wait on Redis before the connections are cut. */
const closeWaitMs = 1000;

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
  private readonly replies: ReplyListener;
  private readonly pending = new Map<string, Pending>();
  /** Jobs added and not yet heard from, with their add() (a stop removes those no worker has taken). */
  private readonly unheard = new Map<string, Promise<unknown>>();
  /** Jobs already counted in `redelivered`: a job delivered a third time is one job delivered again. */
  private readonly redeliveredIds = new Set<string>();
  private readonly runId = randomBytes(6).toString('hex');
  private readonly replyTo = replyListKey(this.runId);
  private jobs = 0;
  private stopped: PoolFault | Cancelled | undefined;
  private unreachableTimer: NodeJS.Timeout | undefined;
  private listeningTimer: NodeJS.Timeout | undefined;
  private destroyed: Promise<void> | undefined;
  private readonly onAbort = (): void => this.stop(new Cancelled());

  private constructor(private readonly options: ClusterExecutorOptions, private readonly connection: Redis) {
    this.queue = new Queue(clusterQueueName, { connection });
    this.replies = new ReplyListener(connectionFor(options.redisUrl), this.replyTo, (heard) => this.heard(heard));
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
    void options.lost?.then((why) => this.stop(new PoolFault({ code: 'CLUSTER_UNAVAILABLE', message: `${why} mid-run: the cluster run stopped (the results so far are kept)` }, true)));
    options.signal.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal.aborted) this.stop(new Cancelled());
  }

  /** Connects to the queue and listens on the run's reply list (a reply pushed before BLPOP waits on the list). */
  static async open(options: ClusterExecutorOptions, connection: Redis): Promise<ClusterExecutor> {
    const executor = new ClusterExecutor(options, connection);
    try {
      await executor.queue.waitUntilReady();
      // Before the first job: a worker drops the replies of a run that does not listen.
      await markListening(connection, executor.replyTo);
      executor.listeningTimer = setInterval(() => {
        markListening(connection, executor.replyTo).catch(() => undefined);
      }, listeningRefreshMs).unref();
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
      payload: encode({ task, indices, where }), replyTo: this.replyTo, listening: true,
    };
    // Listening before the job exists: its reply may be heard before add() resolves.
    const settled = new Promise<ClusterReply>((resolve, reject) => this.pending.set(jobId, { resolve, reject }));
    // A stop while add() is under way rejects it before it is awaited: handled here, thrown below.
    settled.catch(() => undefined);
    try {
      const added = this.queue.add('run', data, { jobId, removeOnComplete: true, removeOnFail: true, attempts: 1 });
      added.catch(() => undefined);
      this.unheard.set(jobId, added);
      // With Redis gone, add() retries for ever: a stop settles the task instead.
      await Promise.race([added, settled]);
    } catch (error) {
      this.pending.delete(jobId);
      this.unheard.delete(jobId);
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

  /**
   * Stops listening and removes this run's jobs that no worker has taken (waiting or delayed); a
   * job a worker holds runs to its end, unheard. The worker processes are the cluster's to stop.
   */
  async destroy(): Promise<void> {
    this.stopped ??= new Cancelled();
    this.rejectPending(this.stopped);
    clearTimeout(this.unreachableTimer);
    clearInterval(this.listeningTimer);
    this.options.signal.removeEventListener('abort', this.onAbort);
    this.destroyed ??= (async () => {
      // Both wait on Redis, which may be gone for good: bounded, then the connections are cut.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        (async () => {
          await this.drain().catch((error: unknown) => this.options.log(`cluster: could not remove this run's waiting jobs: ${error instanceof Error ? error.message : String(error)}`));
          await this.queue.close().catch(() => undefined);
        })(),
        new Promise((resolve) => { timer = setTimeout(resolve, closeWaitMs); }),
      ]);
      clearTimeout(timer);
      await this.replies.close();
    })();
    await this.destroyed;
  }

  /** Stops listening, so a held job's reply is dropped and a job delivered again is not run; removes the jobs added and not heard from that no worker holds, and the run's reply list. */
  private async drain(): Promise<void> {
    const unheard = [...this.unheard];
    this.unheard.clear();
    if (this.connection.status !== 'ready') return;
    await stopListening(this.connection, this.replyTo);
    if (unheard.length > 0) {
      // Each add() first: a remove sent before its add reached Redis would find nothing to remove.
      await Promise.allSettled(unheard.map(([, added]) => added));
      // 1: removed (it was waiting or delayed); 0: a worker holds it (locked); BullMQ's script decides atomically.
      const codes = await Promise.all(unheard.map(([jobId]) => this.queue.remove(jobId, { removeChildren: false })));
      const held = codes.filter((code) => code === 0).length;
      this.options.log(`cluster: the run stopped with ${unheard.length} job${unheard.length === 1 ? '' : 's'} unheard: ${held} held by workers (they finish unheard), the other ${unheard.length - held} removed from the queue`);
    }
    await this.connection.del(this.replyTo);
  }

  private heard(heard: Heard): void {
    if (!heard.ok) {
      this.options.log(`cluster: an unreadable reply${heard.jobId === undefined ? '' : ` for job ${heard.jobId}`}: ${heard.reason}`);
      if (heard.jobId !== undefined) this.settle(heard.jobId, new PoolFault({ code: 'INTERNAL', message: `a cluster worker sent a malformed reply for job ${heard.jobId}: ${heard.reason}` }, true));
      return;
    }
    const { jobId, attempt, reply } = heard.envelope;
    if (attempt > 1 && !this.redeliveredIds.has(jobId)) {
      this.redeliveredIds.add(jobId);
      this.redelivered++;
      this.options.log(`job ${jobId} stalled (its worker stopped renewing the lock) and was delivered again: delivery ${attempt} replied${this.pending.has(jobId) ? '' : ', after an earlier one'}`);
    }
    this.settle(jobId, reply);
  }

  private settle(jobId: string, outcome: ClusterReply | PoolFault): void {
    this.unheard.delete(jobId);
    const waiting = this.pending.get(jobId);
    if (waiting === undefined) return;
    this.pending.delete(jobId);
    if (outcome instanceof PoolFault) waiting.reject(outcome);
    else waiting.resolve(outcome);
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
