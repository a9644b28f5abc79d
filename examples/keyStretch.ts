/**
 * Password key stretching in plain JavaScript, the idea behind PBKDF2: mix the password into a
 * 128-bit state, then scramble that state many thousands of times so that each guess is costly.
 * (An illustration of the workload, not a vetted KDF: use node:crypto for real keys.)
 *
 *   npx parallelize run examples/keyStretch.ts#stretchKey --inputs "demoInputs"
 */

const rounds = 16_000_000;

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-hex-digit key derived from `password` and `salt` by `rounds` rounds of mixing. */
export function stretchKey(password: string, salt = 'parallelize'): string {
  const state = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a]);
  const text = `${salt}:${password}`;
  for (let i = 0; i < text.length; i++) {
    state[i % 4] = mix((state[i % 4] as number) ^ text.charCodeAt(i));
  }
  for (let round = 0; round < rounds; round++) {
    const lane = round & 3;
    const next = (lane + 1) & 3;
    state[lane] = mix((state[lane] as number) + (state[next] as number) + round);
  }
  return Array.from(state, (word) => word.toString(16).padStart(8, '0')).join('');
}

/** 32 user passwords. */
export const demoInputs = Array.from({ length: 32 }, (_, i) => `correct-horse-battery-${i}`);
