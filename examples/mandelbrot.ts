/**
 * One row of a Mandelbrot image: escape-time iteration counts for each pixel. Rows through the
 * set cost far more than rows outside it, so this shows how chunking copes with uneven work.
 *
 *   npx parallelize run examples/mandelbrot.ts#mandelbrotRow --inputs "demoInputs"
 */

const width = 1200;
const height = 600;
const maxIterations = 2_000;

/** Iterations before the point (x, y) escapes the radius-2 circle, or maxIterations. */
function escapeTime(x0: number, y0: number): number {
  let x = 0;
  let y = 0;
  let i = 0;
  while (x * x + y * y <= 4 && i < maxIterations) {
    const nextX = x * x - y * y + x0;
    y = 2 * x * y + y0;
    x = nextX;
    i++;
  }
  return i;
}

/** Escape times of the pixels of row `row` (0 at the top) of a width × height view of the set. */
export function mandelbrotRow(row: number): Uint16Array {
  const counts = new Uint16Array(width);
  const y0 = -1.2 + (2.4 * row) / height;
  for (let column = 0; column < width; column++) {
    counts[column] = escapeTime(-2.2 + (3.2 * column) / width, y0);
  }
  return counts;
}

/** Every row of the image. */
export const demoInputs = Array.from({ length: height }, (_, row) => row);
