/**
 * `parallelize worker --redis URL [--threads N]`: a long-lived cluster worker on any machine, taking
 * jobs of runs made with `--cluster redis://…` and the same PARALLELIZE_CLUSTER_KEY. It logs to
 * stderr and stops on SIGINT/SIGTERM; started by a local cluster (with an IPC channel), it also
 * stops when the run that started it is gone, and then shuts that run's Redis down.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { startClusterWorker } from '../executors/cluster/clusterWorker';
import { clusterKeyFromEnv, clusterKeyVariable } from '../executors/cluster/signedBundle';
import { CliError } from './cliError';
import { workerUsage } from './usage';


interface WorkerArgs {
  redis: string;
  threads: number;
  lockMs: number;
  shutdownRedisOnDisconnect: boolean;
}

function parseWorkerArgs(args: readonly string[]): WorkerArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args], strict: true, allowPositionals: false,
      options: { redis: { type: 'string' }, threads: { type: 'string' }, 'lock-ms': { type: 'string' }, 'shutdown-redis-on-disconnect': { type: 'boolean' } },
    }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}; usage: ${workerUsage}`);
  }
  const redis = values.redis;
  if (typeof redis !== 'string' || !/^rediss?:\/\//.test(redis)) throw new CliError(`--redis needs a redis:// URL; usage: ${workerUsage}`);
  const whole = (flag: string, fallback: number, min: number): number => {
    const text = values[flag];
    if (typeof text !== 'string') return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min) throw new CliError(`--${flag} needs a whole number of at least ${min}, not "${text}"`);
    return Number(text);
  };
  return {
    redis,
    threads: whole('threads', Math.max(1, availableParallelism()), 1),
    lockMs: whole('lock-ms', 30_000, 200),
    shutdownRedisOnDisconnect: values['shutdown-redis-on-disconnect'] === true,
  };
}

/** Runs a worker until it is told to stop; resolves with the exit code. */
export async function workerCommand(args: readonly string[]): Promise<number> {
  const parsed = parseWorkerArgs(args);
  let key: string | undefined;
  try {
    key = clusterKeyFromEnv();
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  if (key === undefined) log(`${clusterKeyVariable} is not set: every bundle will be refused`);
  const worker = await startClusterWorker({ redisUrl: parsed.redis, threads: parsed.threads, key, lockMs: parsed.lockMs, log });
  process.send?.({ type: 'ready', name: worker.name });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
    process.once('disconnect', () => {
      if (!parsed.shutdownRedisOnDisconnect) return resolve();
      // The run that started this Redis is gone without stopping it: nobody else will.
      const redis = new Redis(parsed.redis, { maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on('error', () => undefined);
      const timer = setTimeout(resolve, 1000);
      void redis.call('SHUTDOWN', 'NOSAVE').catch(() => undefined).finally(() => {
        clearTimeout(timer);
        redis.disconnect();
        resolve();
      });
    });
  });
  // Closing waits on Redis, which may be gone: the process ends within 1.5 s whatever it waits on.
  setTimeout(() => process.exit(0), 1500).unref();
  await worker.close();
  // A connection BullMQ keeps for itself, or the IPC channel, must not hold the process open.
  if (process.connected) process.disconnect();
  setTimeout(() => process.exit(0), 200).unref();
  return 0;
}
