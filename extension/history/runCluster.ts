/**
 * A kept run's cluster: what it asked for, as the history stores it (a Redis URL with its password
 * masked, never the key), and where and in what shape it ran, in the words the compare panel uses.
 * Pure (no 'vscode'); the texts come from the benchmark panel's clusterText.
 */
import type { ClusterRun, ClusterSettings } from '../../protocol/cluster';
import type { StoredClusterSettings, StoredRun } from '../../protocol/history';
import { redactUrl } from '../../protocol/redactUrl';
import { clusterLabel, clusterShape } from '../../protocol/clusterText';
import { plural } from '../../protocol/plural';

/** What history keeps of the cluster a run asked for; null when the setting was off. */
export function storedClusterSettings(cluster: ClusterSettings | undefined): StoredClusterSettings | null {
  if (cluster === undefined) return null;
  const local = cluster.mode === 'local';
  return { mode: local ? 'local' : 'remote', redis: local ? null : redactUrl(cluster.mode), processes: cluster.processes, threadsPerProcess: cluster.threadsPerProcess };
}

/** What a run's cluster was, from what ran, else from what it asked for; null when it had none. */
export type RunCluster = { ran: ClusterRun } | { asked: StoredClusterSettings };

/** The run's cluster. A run kept before the setting was recorded, with no cluster section, had none. */
export function runCluster(run: StoredRun): RunCluster | null {
  if (run.result.cluster !== null) return { ran: run.result.cluster };
  return run.cluster ? { asked: run.cluster } : null;
}

/** "this machine (local Redis)", or the remote Redis (its password masked); "off" without a cluster. */
export function clusterWhereText(cluster: RunCluster | null): string {
  if (cluster === null) return 'off';
  const local = 'ran' in cluster ? cluster.ran.mode === 'local' : cluster.asked.mode === 'local';
  // A local cluster's Redis gets a new port every run: the port is no change worth naming.
  if (local) return 'this machine (local Redis)';
  return 'ran' in cluster ? cluster.ran.redis : cluster.asked.redis ?? 'a Redis URL';
}

/** "2 processes × 1 thread", what a Redis URL's run counted, or "—" without a cluster. */
export function clusterShapeText(cluster: RunCluster | null): string {
  if (cluster === null) return '—';
  if ('ran' in cluster) return cluster.ran.processes > 0 ? clusterShape(cluster.ran) : 'no worker counted';
  // A Redis URL's workers are counted when the cluster phase runs; one that never ran counted none.
  if (cluster.asked.mode === 'remote') return 'its attached workers (not counted: no cluster phase ran)';
  return `${plural(cluster.asked.processes, 'process')} × ${plural(cluster.asked.threadsPerProcess, 'thread')}`;
}

/** "cluster 2×1"; a Redis URL's run that counted no worker keeps the plain "cluster", as the live view does. */
export function clusterName(cluster: ClusterRun): string {
  return cluster.processes > 0 ? clusterLabel(cluster) : 'cluster';
}

/** "2 processes × 1 thread on this machine (local Redis)". */
export function clusterShapeAndWhere(cluster: ClusterRun): string {
  return `${clusterShapeText({ ran: cluster })} on ${clusterWhereText({ ran: cluster })}`;
}

/** "asked for a cluster (2 processes × 1 thread on this machine (local Redis)) but ended before its cluster phase". */
export function askedText(cluster: { asked: StoredClusterSettings }): string {
  return `asked for a cluster (${clusterShapeText(cluster)} on ${clusterWhereText(cluster)}) but ended before its cluster phase`;
}
