/** Where the worker bundle is, whether the engine runs bundled in dist/ or from source under tsx. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** dist/worker.js beside the running bundle, else the repository's dist/ (tests run from source). */
export function workerPath(): string {
  const besideBundle = path.join(__dirname, 'worker.js');
  if (existsSync(besideBundle)) return besideBundle;
  return path.resolve(__dirname, '..', '..', 'dist', 'worker.js');
}
