/**
 * A cluster on this machine for one run: a throwaway Redis and K worker processes standing in for
 * machines. Every process is started in a process group of its own (a terminal's Ctrl-C reaches
 * the run, which stops them in order) and stopped by its pid; each worker also watches its IPC
 * channel, so if the run itself is killed they exit and shut that Redis down.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { Cancelled } from '../../engine/taskPool';
import { workerEnv } from '../../engine/workerEnv';
import { clusterWorkerPath } from '../../engine/workerPath';
import { type LocalRedis, startLocalRedis } from './localRedis';
import { clusterKeyVariable, generateClusterKey } from './signedBundle';

/** How long a worker process may take to connect and say it is ready. */
const readyTimeoutMs = 15_000;

/** After SIGTERM, a worker process gets this long to close before SIGKILL: the 2 s budget with room for Redis. */
const graceMs = 1000;

/** A running local cluster; `stop` ends every process it started and is safe to call twice. */
export interface LocalCluster {
  redisUrl: string;
  key: string;
  /** The worker processes' pids, in start order. */
  pids: number[];
  /** The local Redis's pid. */
  redisPid: number;
  /** Resolves with a sentence when the cluster can no longer run jobs: Redis exited, or every worker did. */
  lost: Promise<string>;
  stop(): Promise<void>;
}

/** What a local cluster is made of. */
export interface LocalClusterOptions {
  processes: number;
  threadsPerProcess: number;
  lockMs: number;
  log: (line: string) => void;
  /** Cancels the start: whatever was started is stopped and the start rejects with Cancelled. */
  signal?: AbortSignal;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exitOf(child: ChildProcess): Promise<void> {
  return alive(child) ? new Promise((resolve) => child.once('exit', () => resolve())) : Promise.resolve();
}

/** Starts one worker process and waits for its ready message. */
function startWorker(redis: LocalRedis, key: string, options: LocalClusterOptions): { child: ChildProcess; ready: Promise<void> } {
  const args = ['--redis', redis.url, '--threads', String(options.threadsPerProcess), '--lock-ms', String(options.lockMs), '--shutdown-redis-on-disconnect'];
  // `parallelize worker` from its own entry: dist/cli.js would load the TypeScript compiler first.
  const child = fork(clusterWorkerPath(), args, {
    // The key reaches the process, never its worker threads (TaskPool gives them workerEnv()).
    env: { ...workerEnv(), [clusterKeyVariable]: key },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // Plain JavaScript: a test runner's loader (tsx) would only slow its start.
    execArgv: [],
    detached: true,
  });
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    tail = (tail + text).slice(-2000);
    for (const line of text.split('\n')) if (line.trim() !== '') options.log(`[worker ${child.pid ?? '?'}] ${line}`);
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a cluster worker process did not start within ${readyTimeoutMs} ms: ${tail.trim()}`)), readyTimeoutMs);
    child.on('message', (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type !== 'ready') return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`a cluster worker process exited before it was ready (${signal ?? `code ${code}`}): ${tail.trim()}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  // Its rejection is awaited in startLocalCluster; one after the cluster is up is not an error.
  ready.catch(() => undefined);
  return { child, ready };
}

/** Ends the processes: SIGTERM, SIGKILL after graceMs, then Redis by its pid. */
async function stopAll(children: readonly ChildProcess[], redis: LocalRedis): Promise<void> {
  await Promise.all(children.map(async (child) => {
    if (!alive(child)) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => { if (alive(child)) child.kill('SIGKILL'); }, graceMs);
    await exitOf(child);
    clearTimeout(timer);
  }));
  await redis.stop();
}

/**
 * Starts Redis and the worker processes; rejects (with everything it started stopped) when Redis is
 * missing or a worker cannot start.
 */
export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const redis = await startLocalRedis();
  options.log(`local Redis on ${redis.url} (pid ${redis.pid})`);
  const key = generateClusterKey();
  const started = Array.from({ length: options.processes }, () => startWorker(redis, key, options));
  const children = started.map((worker) => worker.child);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopAll(children, redis));
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Cancelled());
    if (options.signal?.aborted === true) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([Promise.all(started.map((worker) => worker.ready)), aborted]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
  options.log(`cluster worker processes: pids ${children.map((child) => child.pid ?? '?').join(', ')}`);
  const allExited = Promise.all(children.map(exitOf)).then(() => `every cluster worker process exited (${children.map((child) => child.signalCode ?? `code ${child.exitCode}`).join(', ')})`);
  return {
    redisUrl: redis.url,
    key,
    pids: children.map((child) => child.pid ?? -1),
    redisPid: redis.pid,
    lost: Promise.race([redis.exited, allExited]),
    stop,
  };
}
