/**
 * The raw worker_threads baseline's worker: the bench function called directly on every item of
 * the one message it gets, nothing else (no piscina, no validation, no timing). Bundled by rawThreads.ts.
 */
import { parentPort } from 'node:worker_threads';
import { deriveKey } from './functions/pbkdf2';

parentPort?.on('message', (items: string[]) => {
  parentPort?.postMessage(items.map((item) => deriveKey(item)));
});
