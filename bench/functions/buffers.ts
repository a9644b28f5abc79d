/**
 * A large-input, large-result function for the transfer benchmark: 8 MB in, 8 MB out, and only a
 * few milliseconds of work in between, so what a pass costs is mostly getting the bytes across.
 */

/** Elements per input: 8 MB of float64. */
export const bufferLength = 1_000_000;

/** Inputs per pass. */
export const bufferCount = 32;

/** The running sum of the values, in a new array of the same length (one add per element). */
export function prefixSum(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] as number;
    out[i] = sum;
  }
  return out;
}

/** Input `k`, always the same, so a pass's originals can be checked against a fresh one. */
export function bufferInput(k: number): Float64Array {
  const values = new Float64Array(bufferLength);
  for (let i = 0; i < bufferLength; i++) values[i] = ((i * 7 + k) % 1000) / 8;
  return values;
}

/**
 * The benchmark's inputs. A function, not a constant: the module is loaded in every worker, which
 * should not build 256 MB it never uses.
 */
export function bufferInputs(): Float64Array[] {
  return Array.from({ length: bufferCount }, (_, k) => bufferInput(k));
}
