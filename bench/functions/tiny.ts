/**
 * Fine-grained functions for the chunking benchmarks, the same algorithms as tiny.py: one of about
 * 10 µs per call on this machine's Node, and one of a few nanoseconds.
 */

/** Rounds of the MINSTD generator per call: about 10 µs in Node (products stay below 2^53, so Python agrees exactly). */
export const tenMicrosRounds = 850;

/** About 10 µs of arithmetic: the seed stepped through the MINSTD generator tenMicrosRounds times. */
export function tenMicros(seed: number): number {
  let x = (seed % 2_147_483_646) + 1;
  for (let i = 0; i < tenMicrosRounds; i++) x = (x * 48_271) % 2_147_483_647;
  return x;
}

/** A few nanoseconds: no chunking makes messaging it worth it. */
export function affine(x: number): number {
  return x * x + 1;
}

/** 200,000 seeds, the benchmark's inputs. */
export const manyInputs = Array.from({ length: 200_000 }, (_, i) => i);

/** Does nothing: the dispatch benchmark's task. */
export function noop(): null {
  return null;
}
