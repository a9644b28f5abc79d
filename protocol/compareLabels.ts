/**
 * Words the compare panel and the history share: the cluster row's name, said the same in the
 * panel's table and charts and in the headline the host writes, and a run's time, as the
 * Parallelize view lists it and the panel's chips show it. Pure (no DOM, no Node), so both sides import it.
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

/** `Dec 5, 15:40:12`, `Dec 6, 00:55:36` (a 0–23 hour: en-US's hour12: false says 24:55 after midnight). */
export function runTime(ms: number): string {
  return new Date(ms).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}
