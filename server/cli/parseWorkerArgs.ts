/** `parallelize worker`'s command line: its usage line and its flags, parsed and checked. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { CliError } from './cliError';

/** The usage line of `parallelize worker`. */
export const workerUsage = 'parallelize worker --redis redis://host:port [--threads N] [--lock-ms N]   (key in PARALLELIZE_CLUSTER_KEY)';

/** What `parallelize worker` was asked for. */
export interface WorkerArgs {
  redis: string;
  threads: number;
  lockMs: number;
  shutdownRedisOnDisconnect: boolean;
}

/** The worker command's flags, checked: a bad one is a CliError with the usage line. */
export function parseWorkerArgs(args: readonly string[]): WorkerArgs {
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
