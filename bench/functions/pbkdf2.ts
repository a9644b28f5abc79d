/**
 * A CPU-bound hold-out for the engine benchmark (issue 10): PBKDF2-SHA256 from node:crypto, about
 * 27 ms an input on the 2-core bench machine, over 24 passwords. Heavy inputs, few of them: each
 * message's cost shows in full, and one chunk per worker is the raw baseline.
 */
import { pbkdf2Sync } from 'node:crypto';

/** Iterations per key: 27 ms on the bench machine. */
export const iterations = 90_000;

/** The key for `password`, as hex. */
export function deriveKey(password: string): string {
  return pbkdf2Sync(password, 'parallelize', iterations, 32, 'sha256').toString('hex');
}

/** 24 user passwords. */
export const passwords = Array.from({ length: 24 }, (_, i) => `correct-horse-battery-${i}`);
