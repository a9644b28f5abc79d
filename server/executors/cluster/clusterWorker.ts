/**
 * A cluster worker process (`parallelize worker --redis URL`): takes jobs from the run's queue and
 * runs them on worker threads through the engine's own TaskPool and worker runtime, so a throw, a
 * timeout or an out-of-memory input gives the same per-input error, with the same TypeScript stack
 * lines, as on a pool here. Its main thread only moves jobs, so BullMQ's lock renewals never wait
 * behind user code. Bundles are run only when signed with the cluster's key. A job's reply goes to
 * its run's reply list before the job is completed (see replyList.ts); a job delivered again after
 * its run stopped completes without running.
 */
import { hostname } from 'node:os';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Cancelled, PoolFault, TaskPool } from '../../engine/taskPool';
import { type ClusterReply, ClusterJobData, ClusterTask, clusterQueueName, decode } from './jobMessages';
import { pushReply, stillListening } from './replyList';
import { redactUrl } from '../../../protocol/redactUrl';
import { fetchBundle } from './signedBundle';

/** How a worker process runs. */
export interface ClusterWorkerOptions {
  redisUrl: string;
  /** Worker threads, and so jobs at once. */
  threads: number;
  /** The shared key bundles must be signed with; undefined refuses every bundle. */
  key: string | undefined;
  /** BullMQ's job lock; a worker that dies holding a job frees it about this long after. */
  lockMs: number;
  log: (line: string) => void;
}

/** One pool per bundle and limits, with the watchdog slots its running jobs hold. */
interface PoolEntry {
  pool: TaskPool;
  free: number[];
}

/** A started worker; `close` finishes nothing more, ends its threads and disconnects. */
export interface ClusterWorker {
  /** The name it is listed under in Redis's CLIENT LIST (host, pid and threads). */
  name: string;
  close(): Promise<void>;
}

/**
 * A connection as BullMQ's blocking commands need it: retry forever rather than fail a command.
 * Its errors are heard (ioredis would print each unheard one): who owns it decides when an
 * unreachable Redis is a failure, from its 'close' and 'ready' events.
 */
export function connectionFor(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  redis.on('error', () => undefined);
  return redis;
}

/** Starts taking jobs; resolves once the worker is connected and listening. */
export async function startClusterWorker(options: ClusterWorkerOptions): Promise<ClusterWorker> {
  const redis = connectionFor(options.redisUrl);
  const pools = new Map<string, Promise<PoolEntry | { refused: string }>>();
  const never = new AbortController().signal;

  const poolFor = (data: ClusterJobData): Promise<PoolEntry | { refused: string }> => {
    const id = `${data.bundle}:${data.taskTimeoutMs}:${data.memoryLimitMb}`;
    let entry = pools.get(id);
    if (entry === undefined) {
      entry = (async () => {
        const fetched = await fetchBundle(redis, data.bundle, options.key);
        if (!fetched.ok) {
          options.log(`refused a job: ${fetched.reason}`);
          // Not kept: a bundle published later under the same hash may be signed.
          pools.delete(id);
          return { refused: fetched.reason };
        }
        const pool = new TaskPool({ bundlePath: fetched.file, workers: options.threads, memoryLimitMb: data.memoryLimitMb, taskTimeoutMs: data.taskTimeoutMs, signal: never });
        return { pool, free: Array.from({ length: options.threads }, (_, slot) => slot) };
      })();
      pools.set(id, entry);
    }
    return entry;
  };

  const runJob = async (data: ClusterJobData): Promise<ClusterReply> => {
    const { task, indices, where } = decode(ClusterTask, data.payload);
    const entry = await poolFor(data);
    if ('refused' in entry) return { kind: 'fault', error: { code: 'BUNDLE_REFUSED', message: `a cluster worker refused the function's bundle: ${entry.refused}` }, fatal: true };
    const slot = entry.free.shift() ?? 0;
    try {
      return { kind: 'reply', reply: await entry.pool.run({ ...task, slot }, where, { indices }) };
    } catch (error) {
      if (!(error instanceof PoolFault) && !(error instanceof Cancelled)) throw error;
      // A pool that timed out an input has stopped, as a local one does: the next job gets a fresh one.
      for (const [id, pending] of pools) if ((await pending) === entry) pools.delete(id);
      void entry.pool.destroy();
      if (error instanceof Cancelled) return { kind: 'fault', error: { code: 'INTERNAL', message: `the cluster worker's pool stopped while running ${where}` }, fatal: true };
      return { kind: 'fault', error: error.error, fatal: error.fatal };
    } finally {
      entry.free.push(slot);
    }
  };

  /** The job's reply, or the fault a worker gives when it cannot run the job at all (what BullMQ would call a failed job). */
  const replyOf = async (data: ClusterJobData): Promise<ClusterReply> => {
    try {
      return await runJob(data);
    } catch (error) {
      return failed(error instanceof Error ? error.message : String(error));
    }
  };

  const name = `parallelize:${hostname()}:${process.pid}:${options.threads}`;
  // Awaited before the job completes: a worker that dies before the push leaves the job to be delivered again.
  const worker = new Worker(clusterQueueName, async (job: Job<unknown>) => {
    const data = ClusterJobData.parse(job.data);
    const jobId = job.id ?? '';
    const attempt = Math.max(1, job.attemptsStarted);
    // Only a job delivered again asks (a worker died holding it, maybe long after its run stopped): a first delivery pays nothing.
    if (attempt > 1 && data.listening === true && !(await stillListening(redis, data.replyTo))) {
      options.log(`job ${jobId} was delivered again (delivery ${attempt}) after its run stopped: completed without running it`);
      return;
    }
    if (!(await pushReply(redis, data.replyTo, { jobId, attempt, reply: await replyOf(data) }, data.listening === true))) {
      options.log(`job ${jobId} finished after its run stopped: its reply was dropped`);
    }
  }, {
    connection: redis,
    name,
    concurrency: options.threads,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(100, Math.round(options.lockMs / 2)),
    maxStalledCount: 5,
  });
  worker.on('error', (error) => options.log(`worker error: ${error.message}`));
  worker.on('failed', (job, error) => {
    options.log(`job ${job?.id ?? '?'} failed: ${error.message}`);
    // BullMQ fails a job without running it once it stalled too often: its run must still hear why.
    const data = ClusterJobData.safeParse(job?.data);
    if (job === undefined || !data.success) return;
    pushReply(redis, data.data.replyTo, { jobId: job.id ?? '', attempt: Math.max(1, job.attemptsStarted), reply: failed(error.message) }, data.data.listening === true)
      .catch((pushError: unknown) => options.log(`could not tell job ${job.id ?? '?'}'s run that it failed: ${pushError instanceof Error ? pushError.message : String(pushError)}`));
  });
  await worker.waitUntilReady();
  options.log(`worker ${name} listening on ${redactUrl(options.redisUrl)}, ${options.threads} thread${options.threads === 1 ? '' : 's'}`);
  let closing: Promise<void> | undefined;
  return {
    name,
    close: () => {
      closing ??= (async () => {
        await Promise.allSettled([worker.close(true), ...[...pools.values()].map(async (pending) => {
          const entry = await pending;
          if ('pool' in entry) await entry.pool.destroy();
        })]);
        redis.disconnect();
      })();
      return closing;
    },
  };
}

/** The fault for a job a worker could not run. */
function failed(reason: string): ClusterReply {
  return { kind: 'fault', error: { code: 'INTERNAL', message: `a cluster worker failed the job: ${reason}` }, fatal: true };
}
