/** Which pool sizes a run measures, up to the suggested one. */

/** Every size up to 8, then about 1.5× steps, always ending on `largest`: a 64-core box tries 12 sizes, not 64. */
export function poolSizesToTry(largest: number): number[] {
  const sizes: number[] = [];
  for (let size = 1; size <= largest; size = size < 8 ? size + 1 : Math.ceil((size * 1.5) / 4) * 4) {
    sizes.push(size);
  }
  if (sizes[sizes.length - 1] !== largest && largest >= 1) sizes.push(largest);
  return sizes;
}
