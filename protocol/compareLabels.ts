/**
 * The cluster row's name in a comparison, said the same in the compare panel's table and charts and
 * in the headline the host writes. Pure (no DOM, no Node), so both sides import it.
 */
import type { DeltaRow } from './history';

/** "cluster 2×1", "cluster 2×1 → 4×1" when the two runs' clusters differ, "cluster 2×1, other Redis" when only where differs. */
export function clusterRowName(row: Pick<DeltaRow, 'cluster'>): string {
  // A side that counted no worker has no shape to name: the other side's label stands, tagged as another cluster.
  const before = row.cluster?.before?.workers ? row.cluster.before : null;
  const after = row.cluster?.after?.workers ? row.cluster.after : null;
  if (before && after && before.label !== after.label) return `${before.label} → ${after.label.replace(/^cluster /, '')}`;
  // Same processes × threads, but another Redis: still two different clusters.
  if (row.cluster?.shapeChanged) return `${(before ?? after)?.label ?? 'cluster'}, other Redis`;
  return (before ?? after)?.label ?? 'cluster';
}

