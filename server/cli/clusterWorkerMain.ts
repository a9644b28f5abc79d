/**
 * dist/clusterWorker.js: `parallelize worker` on its own, the entry a local cluster forks for each
 * worker process. It holds only what a cluster worker runs (the worker runtime's pool, BullMQ,
 * ioredis), not the TypeScript compiler and the engine that dist/cli.js carries for `run`, so a
 * process is ready sooner. Users start the same command as `parallelize worker`.
 */
import { exitWith } from './cliError';
import { workerCommand } from './workerCommand';

exitWith(workerCommand(process.argv.slice(2)));
