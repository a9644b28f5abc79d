/**
 * π by Monte Carlo integration: the mean of 4·√(1 − u²) over uniform u in [0, 1) is 4 × the area
 * of a quarter disc, π. Twice: with `Math.random()`, which Parallelize flags (impure-global), and
 * with a seed per input, which it accepts. Open this file in VS Code to see the warning.
 *
 *   npx parallelize run examples/monteCarlo.ts#estimatePiSeeded --inputs "demoInputs"
 */

/**
 * π from `samples` draws of `Math.random()`. Each worker has its own generator, so no two runs
 * agree, and none agrees with the serial run: Parallelize reports a mismatch.
 * @parallelize
 */
export function estimatePi(samples: number): number {
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const u = Math.random();
    sum += Math.sqrt(1 - u * u);
  }
  return (4 * sum) / samples;
}

/**
 * The fix: the same estimate from a seeded generator, mulberry32, so one input gives one result
 * on any thread. The generator lives in the call: a module-level one would be module state, one
 * copy per worker, and another finding.
 * @parallelize
 */
export function estimatePiSeeded(seed: number, samples: number): number {
  let state = seed >>> 0;
  /** mulberry32: a 32-bit state, a uniform number in [0, 1) per call. */
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const u = random();
    sum += Math.sqrt(1 - u * u);
  }
  return (4 * sum) / samples;
}

/** 32 seeds, a million samples each; the mean of the 32 estimates is π to about four digits. */
export const demoInputs = Array.from({ length: 32 }, (_, i): [number, number] => [i + 1, 1_000_000]);
