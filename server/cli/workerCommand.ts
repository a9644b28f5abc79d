/**
 * `parallelize worker --redis URL [--threads N]`: a long-lived cluster worker on any machine, taking
 * jobs of runs made with `--cluster redis://…` and the same PARALLELIZE_CLUSTER_KEY. It logs to
 * stderr and stops on SIGINT/SIGTERM; started by a local cluster (with an IPC channel), it also
 * stops when the run that started it is gone, and then shuts that run's Redis down.
 */
import { Redis } from 'ioredis';
import { startClusterWorker } from '../executors/cluster/clusterWorker';
import { clusterKeyFromEnv, clusterKeyVariable } from '../executors/cluster/signedBundle';
import { CliError } from './cliError';
import { parseWorkerArgs } from './parseWorkerArgs';

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
