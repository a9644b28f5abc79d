/** Where the worker and run-host bundles are, whether the engine runs bundled in dist/ or from source under tsx. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** dist/<name> beside the running bundle, else the repository's dist/ (tests run from source). */
function distFile(name: string): string {
  const besideBundle = path.join(__dirname, name);
  if (existsSync(besideBundle)) return besideBundle;
  return path.resolve(__dirname, '..', '..', 'dist', name);
}

/** dist/worker.js: the worker-thread entry. */
export function workerPath(): string {
  return distFile('worker.js');
}

/** dist/runHost.js: the child process that holds a pool's worker threads. */
export function runHostPath(): string {
  return distFile('runHost.js');
}

/** dist/clusterWorker.js: a local cluster's worker processes, `parallelize worker` without the rest of the CLI. */
export function clusterWorkerPath(): string {
  return distFile('clusterWorker.js');
}
