/**
 * The cluster in a comparison: its row in the delta table (before and after, with the noise rule,
 * tagged when the two clusters differ in shape or a side's figures are in doubt) and where and in
 * what shape it ran, for "what changed". Pure: compareRuns calls it, the panel draws it.
 */
import type { ClusterRun } from '../../protocol/cluster';
import type { ClusterSide, ConfigTiming, DeltaMarker, DeltaRow, StoredRun } from '../../protocol/history';
import { clusterDoubt, clusterFigures, clusterResults, clusterWorkers } from '../../protocol/clusterText';
import { clusterRowName } from '../../protocol/compareLabels';
import { formatMs } from '../../webview/shared/format';
import { askedText, clusterName, clusterShapeAndWhere, clusterShapeText, clusterWhereText, runCluster, type RunCluster } from './runCluster';

type Side = 'earlier' | 'later';

function side(cluster: ClusterRun): ClusterSide {
  const doubt = clusterDoubt(cluster);
  const doubtText = doubt === 'stopped' ? cluster.stopped : doubt === 'differs' ? clusterResults(cluster).text.replace(/^results differ: /, '') : null;
  return { label: clusterName(cluster), shape: clusterShapeAndWhere(cluster), workers: clusterWorkers(cluster), doubt, doubtText };
}

/** What makes two clusters the same one: where, processes and threads (a local Redis's port aside). */
function shapeKey(cluster: ClusterRun): string {
  return `${clusterWhereText({ ran: cluster })} ${cluster.processes}×${cluster.threadsPerProcess}`;
}

/** Why a side has no figures to compare, as the end of "The earlier run …". */
function missingReason(cluster: RunCluster | null, usable: boolean): string {
  if (cluster === null) return 'had no cluster phase (parallelize.cluster.mode was off)';
  if ('asked' in cluster) return askedText(cluster);
  if (!usable) return 'measured nothing that can be compared, its cluster included';
  return `had a cluster that finished no trial${cluster.ran.stopped === null ? '' : ` (${cluster.ran.stopped})`}`;
}

function timingOf(cluster: RunCluster | null, usable: boolean): { timing: ConfigTiming; speedup: number } | null {
  const figures = usable && cluster !== null && 'ran' in cluster ? clusterFigures(cluster.ran) : null;
  if (figures === null) return null;
  const { medianMs, minMs, maxMs, trials } = figures.stats;
  return { timing: { medianMs, minMs, maxMs, trials }, speedup: figures.speedup };
}

/**
 * The cluster's row, or null when neither run had or asked for a cluster. `usable` says, per run,
 * whether its figures can be compared at all (a run whose inputs failed timed its errors).
 */
export function clusterDeltaRow(before: StoredRun, after: StoredRun, usable: { before: boolean; after: boolean }, marker: (b: ConfigTiming | null, a: ConfigTiming | null) => DeltaMarker): DeltaRow | null {
  const clusters = { before: runCluster(before), after: runCluster(after) };
  if (clusters.before === null && clusters.after === null) return null;
  const b = timingOf(clusters.before, usable.before);
  const a = timingOf(clusters.after, usable.after);
  const ran = { before: clusters.before && 'ran' in clusters.before ? clusters.before.ran : null, after: clusters.after && 'ran' in clusters.after ? clusters.after.ran : null };
  const sides = { before: ran.before && side(ran.before), after: ran.after && side(ran.after) };
  const shapeChanged = ran.before !== null && ran.after !== null && shapeKey(ran.before) !== shapeKey(ran.after);

  const notes: string[] = [];
  for (const [name, key] of [['earlier', 'before'], ['later', 'after']] as const) {
    if ((key === 'before' ? b : a) === null) notes.push(`The ${name} run ${missingReason(clusters[key], usable[key])}.`);
  }
  if (shapeChanged && sides.before && sides.after) {
    const differ = `The clusters differ: ${sides.before.shape} before, ${sides.after.shape} after`;
    notes.push(b && a ? `${differ}; the change is between two different clusters, not the same one over time.` : `${differ}.`);
  }
  // A side without figures was explained above; a doubt matters only on figures that are shown.
  const doubts = (['before', 'after'] as const).flatMap((key) => {
    const s = sides[key];
    return s?.doubt && (key === 'before' ? b : a) ? [doubtNote(key === 'before' ? 'earlier' : 'later', s)] : [];
  });
  notes.push(...doubts);
  const inDoubt = doubts.length > 0 && b !== null && a !== null;
  if (inDoubt) notes.push('No change is called on figures in doubt.');

  const changePercent = b && a && b.timing.medianMs > 0 ? ((a.timing.medianMs - b.timing.medianMs) / b.timing.medianMs) * 100 : null;
  return {
    config: 'cluster',
    before: b?.timing ?? null,
    after: a?.timing ?? null,
    changePercent,
    speedupBefore: b?.speedup ?? null,
    speedupAfter: a?.speedup ?? null,
    // A stopped or disagreeing cluster's figures are not a result: no faster or slower is read off them.
    marker: inDoubt ? 'unknown' : marker(b?.timing ?? null, a?.timing ?? null),
    cluster: { before: sides.before, after: sides.after, shapeChanged, note: notes.length ? notes.join(' ') : null },
  };
}

function doubtNote(name: Side, s: ClusterSide): string {
  return s.doubt === 'stopped'
    ? `The ${name} run's cluster stopped early, so its figures cover only the trials it finished: ${s.doubtText ?? 'no reason was given'}.`
    : `The ${name} run's cluster gave results that differ from serial, so its speedup cannot be trusted: ${s.doubtText ?? 'no input was named'}.`;
}

/**
 * The headline's words on the cluster, or null when the row has nothing to add to it: a change of
 * one cluster over time beyond the trials' noise, or two different clusters. Read off the row, so
 * the headline never says other than the table: a row in doubt is "can't tell", and says nothing here.
 */
export function clusterHeadline(row: DeltaRow | undefined): string | null {
  const cluster = row?.cluster;
  if (!row || !cluster) return null;
  const times = row.before && row.after ? `${formatMs(row.before.medianMs)} → ${formatMs(row.after.medianMs)}` : null;
  if (cluster.shapeChanged && cluster.before && cluster.after) {
    return `the clusters differ (${clusterRowName(row)})${times ? `: their times, ${times}, compare two clusters, not one over time` : ''}`;
  }
  if (!row.before || !row.after || times === null) return null;
  const ratio = row.before.medianMs / row.after.medianMs;
  if (row.marker === 'faster') return `${clusterRowName(row)} ${ratio.toFixed(2)}× faster (${times}), beyond the trials' noise`;
  if (row.marker === 'slower') return `${clusterRowName(row)} ${(1 / ratio).toFixed(2)}× slower (${times}), beyond the trials' noise`;
  return null;
}

/** Where the cluster ran and its shape, as [name, before, after]; none when neither run had or asked for one. */
export function clusterValues(before: StoredRun, after: StoredRun): [name: string, before: string, after: string][] {
  const b = runCluster(before);
  const a = runCluster(after);
  if (b === null && a === null) return [];
  return [
    ['cluster', clusterWhereText(b), clusterWhereText(a)],
    ['processes × threads', clusterShapeText(b), clusterShapeText(a)],
  ];
}
