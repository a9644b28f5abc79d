/**
 * What every view says about a run's cluster: the CLI's text, the benchmark panel, the HTML report
 * and the exports read it here, so none of them words it apart. The row's label, where it ran, its
 * jobs, its results, redeliveries, and whether its figures can be trusted. Pure (no DOM, no Node),
 * so the server and the webviews may both import it, as protocol/inputPlaceholder.ts is shared.
 */
import { quantile } from 'simple-statistics';
import type { ClusterRun } from './cluster';
import { plural } from './plural';
import type { TimingStats } from './results';

/** "cluster 2×1": processes × threads per process, the CLI row's label. */
export function clusterLabel(cluster: ClusterRun): string {
  return `cluster ${cluster.processes}×${cluster.threadsPerProcess}`;
}

/** Threads in all: where the cluster sits on a pool-size axis. */
export function clusterWorkers(cluster: ClusterRun): number {
  return cluster.processes * cluster.threadsPerProcess;
}

/** "local Redis (redis://127.0.0.1:40123)" or the remote URL (stored without credentials). */
export function clusterWhere(cluster: ClusterRun): string {
  return cluster.mode === 'local' ? `local Redis (${cluster.redis})` : cluster.redis;
}

/** "2 processes × 1 thread". */
export function clusterShape(cluster: ClusterRun): string {
  return `${plural(cluster.processes, 'process')} × ${plural(cluster.threadsPerProcess, 'thread')}`;
}

/** "8 inputs a job, 4 jobs a trial", or null before any job was sent. */
export function clusterJobs(cluster: ClusterRun): string | null {
  return cluster.jobs > 0 ? `${plural(cluster.chunkSize, 'input')} a job, ${plural(cluster.jobs, 'job')} a trial` : null;
}

/** The cluster's figures, when it finished at least one trial: the same shape as a pool's. */
export interface ClusterFigures {
  stats: TimingStats;
  speedup: number;
  efficiency: number;
}

/** Median, spread, speedup and efficiency of the trials it finished; null when none finished. */
export function clusterFigures(cluster: ClusterRun | null): ClusterFigures | null {
  if (cluster === null || cluster.medianMs === null || cluster.speedup === null || cluster.efficiency === null || cluster.samplesMs.length === 0) return null;
  const samples = cluster.samplesMs;
  // The quartiles the engine's summarize() gives a pool, from the same library.
  const stats = { trials: samples.length, medianMs: cluster.medianMs, minMs: Math.min(...samples), maxMs: Math.max(...samples), q1Ms: quantile(samples, 0.25), q3Ms: quantile(samples, 0.75), samplesMs: samples };
  return { stats, speedup: cluster.speedup, efficiency: cluster.efficiency };
}

/** Why the cluster's figures cannot be taken at face value, or null when they can. */
export function clusterDoubt(cluster: ClusterRun): 'stopped' | 'differs' | null {
  if (cluster.stopped !== null) return 'stopped';
  if (!cluster.resultsMatch && cluster.mismatch !== null) return 'differs';
  return null;
}

/** The tag a cluster's figures in doubt carry wherever they are listed. */
export const clusterDoubtWords = { stopped: 'stopped', differs: 'results differ' } as const;

/** "cluster 2×1", tagged "(stopped)" or "(results differ)" when its figures are in doubt: the row's label as text. */
export function clusterRowLabel(cluster: ClusterRun): string {
  const doubt = clusterDoubt(cluster);
  return doubt === null ? clusterLabel(cluster) : `${clusterLabel(cluster)} (${clusterDoubtWords[doubt]})`;
}

/** Why no prediction is offered although one was computed, or null when it stands. */
export function clusterPredictionWithheld(cluster: ClusterRun): string | null {
  return clusterDoubt(cluster) === 'stopped' ? 'No prediction: the cluster stopped early, and its figures are not a base to extend.' : null;
}

/** Whether the cluster's results agreed with serial, in one sentence, and how it reads. */
export function clusterResults(cluster: ClusterRun): { tone: 'ok' | 'warn' | 'none'; text: string } {
  if (cluster.resultsMatch) return { tone: 'ok', text: `every result equals the serial one (${plural(cluster.comparedInputs, 'input')} compared)` };
  const m = cluster.mismatch;
  if (m !== null) return { tone: 'warn', text: `results differ: input ${m.inputIndex} gave ${m.serial} serially but ${m.parallel} on the cluster` };
  if (cluster.stopped !== null) {
    return cluster.comparedInputs > 0
      ? { tone: 'none', text: `not confirmed, as the cluster stopped: the ${plural(cluster.comparedInputs, 'input')} compared before it did agreed with serial` }
      : { tone: 'none', text: 'not compared: the cluster stopped before a result could be compared' };
  }
  return { tone: 'none', text: 'not compared: no input gave a value to compare' };
}

/** What the redeliveries mean, or "none". */
export function clusterRedelivered(cluster: ClusterRun): string {
  const n = cluster.redeliveredJobs;
  return n === 0 ? 'none' : `${plural(n, 'job')} delivered again after its worker stopped renewing the lock (died or stalled); each input’s result was kept once`;
}
