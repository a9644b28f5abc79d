/**
 * Two runs' cluster diamonds at the same processes × threads and nearly the same speedup would be
 * drawn one over the other, the earlier run's hidden. When they touch, each moves aside by half the
 * room two diamonds need, the earlier run's to the left and the later run's to the right (the order
 * of the legend), a few pixels only: their values, tooltips and data stay where they were measured.
 */
import type { Chart, Plugin } from 'chart.js';

/** How far a diamond reaches from its centre, its hover size and border included. */
const diamondReach = 9;

/** Horizontal room two diamonds need side by side, with a pixel between them. */
export const dodgeGap = 2 * diamondReach + 1;

/** Right padding the speedup chart keeps for a later run's diamond moved aside at the axis' end. */
export const dodgeRoom = dodgeGap / 2 + diamondReach;

/** Moves the diamonds of datasets `before` and `after` apart when they would overlap. */
export function diamondDodge(before: number, after: number): Plugin<'line'> {
  return {
    id: 'parallelizeDiamondDodge',
    // After every layout (a resize or a theme change included): the points are placed afresh each time.
    afterDatasetsUpdate(chart: Chart<'line'>) {
      if (!chart.isDatasetVisible(before) || !chart.isDatasetVisible(after)) return;
      const a = chart.getDatasetMeta(before).data[0];
      const b = chart.getDatasetMeta(after).data[0];
      if (!a || !b || Math.abs(a.x - b.x) >= dodgeGap || Math.abs(a.y - b.y) >= dodgeGap) return;
      const middle = (a.x + b.x) / 2;
      a.x = middle - dodgeGap / 2;
      b.x = middle + dodgeGap / 2;
    },
  };
}
