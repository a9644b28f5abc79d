/**
 * Counting primes below a limit by trial division: deliberately plain, CPU-bound and pure, the
 * kind of function a worker pool speeds up almost linearly.
 *
 *   npx parallelize run examples/primes.ts#countPrimes
 */

/** Whether n is prime, testing odd divisors up to √n. */
function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) {
    if (n % d === 0) return false;
  }
  return true;
}

/** How many primes are below `limit`. */
export function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    if (isPrime(n)) count++;
  }
  return count;
}

/** 32 limits from 500 000 up: about 1.2 s of work on one core, uneven (bigger limits cost more). */
export const demoInputs = Array.from({ length: 32 }, (_, i) => 500_000 + i * 15_000);
