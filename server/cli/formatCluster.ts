/** The cluster's part of the CLI report: its row beside the pool sizes and what it measured. */
import type { BenchmarkResult } from '../../protocol/results';
import { formatShortMs } from '../engine/chunkSize';
import type { Colour } from './paint';

type Paint = (colour: Colour, text: string) => string;

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

/** "cluster 2×1": the table row of a cluster that finished a trial, in the pool table's columns. */
export function clusterRows(result: BenchmarkResult): string[][] {
  const cluster = result.cluster;
  if (cluster === null || cluster.medianMs === null || cluster.speedup === null || cluster.efficiency === null) return [];
  const min = Math.min(...cluster.samplesMs);
  const max = Math.max(...cluster.samplesMs);
  return [[`cluster ${cluster.processes}×${cluster.threadsPerProcess}`, ms(cluster.medianMs), `${ms(min)}–${ms(max)}`, `${cluster.speedup.toFixed(2)}×`, `${Math.round(cluster.efficiency * 100)}%`]];
}

/** What the cluster ran on, whether its results agree, redeliveries, the prediction, and why it stopped if it did. */
export function clusterLines(result: BenchmarkResult, paint: Paint): string[] {
  const cluster = result.cluster;
  if (cluster === null) return [];
  const where = cluster.mode === 'local' ? `local Redis (${cluster.redis})` : cluster.redis;
  const perJob = cluster.perJobMs === null ? '' : `, ${formatShortMs(cluster.perJobMs)} per empty job round trip`;
  const jobs = cluster.jobs > 0 ? `, ${plural(cluster.chunkSize, 'input')} a job (${plural(cluster.jobs, 'job')} a trial)` : '';
  const lines = [`cluster: ${plural(cluster.processes, 'process')} × ${plural(cluster.threadsPerProcess, 'thread')} on ${where}${jobs}${perJob}`];
  if (cluster.samplesMs.length > 0) lines.push(paint('dim', `  each cluster trial (ms): ${cluster.samplesMs.map(ms).join(' ')}`));
  if (cluster.resultsMatch) lines.push(`  cluster results: every result equals the serial one (${plural(cluster.comparedInputs, 'input')} compared)`);
  else if (cluster.mismatch !== null) lines.push(paint('red', `  cluster results differ: input ${cluster.mismatch.inputIndex} gave ${cluster.mismatch.serial} serially but ${cluster.mismatch.parallel} on the cluster`));
  if (cluster.redeliveredJobs > 0) lines.push(paint('yellow', `  ${plural(cluster.redeliveredJobs, 'job')} delivered again after its worker stopped renewing the lock (died or stalled); each input's result was kept once`));
  if (cluster.predicted.length > 0) {
    const predicted = cluster.predicted.map((p) => `${p.machines}: ${p.speedup.toFixed(1)}×`).join(', ');
    lines.push(`  more machines (predicted speedup): ${predicted}; ${cluster.predictionNote}`);
  } else if (cluster.samplesMs.length > 0) {
    lines.push(paint('dim', `  ${cluster.predictionNote}`));
  }
  if (cluster.stopped !== null) lines.push(paint('red', `  cluster stopped: ${cluster.stopped}`));
  return lines;
}
