/**
 * The n-queens puzzle, counted by backtracking and split by the column of the first row's queen:
 * one search becomes n independent ones. Two parameters, so each input is an argument tuple.
 *
 *   npx parallelize run examples/nQueens.ts#countQueens --inputs "demoInputs"
 */

/** Solutions of the n-queens puzzle whose first-row queen stands in `firstColumn`. */
export function countQueens(n: number, firstColumn: number): number {
  const columns: number[] = [firstColumn];
  const safe = (column: number): boolean =>
    columns.every((other, row) => other !== column && Math.abs(other - column) !== columns.length - row);
  const place = (): number => {
    if (columns.length === n) return 1;
    let found = 0;
    for (let column = 0; column < n; column++) {
      if (!safe(column)) continue;
      columns.push(column);
      found += place();
      columns.pop();
    }
    return found;
  };
  return place();
}

/** A 13 × 13 board, one search per first-row column. */
export const demoInputs = Array.from({ length: 13 }, (_, column): [number, number] => [13, column]);
