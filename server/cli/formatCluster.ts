/** The cluster's part of the CLI report: what it ran on and what it found, in the panel's words (protocol/clusterText.ts). */
import { clusterJobs, clusterPredictionWithheld, clusterRedelivered, clusterResults, clusterShape, clusterWhere } from '../../protocol/clusterText';
import type { BenchmarkResult } from '../../protocol/results';
import { formatShortMs } from '../engine/chunkSize';
import type { Colour } from './paint';

type Paint = (colour: Colour, text: string) => string;

/** What the cluster ran on, whether its results agree, redeliveries, the prediction, and why it stopped if it did. */
export function clusterLines(result: BenchmarkResult, paint: Paint): string[] {
  const cluster = result.cluster;
  if (cluster === null) return [];
  const jobs = clusterJobs(cluster);
  const perJob = cluster.perJobMs === null ? '' : `, ${formatShortMs(cluster.perJobMs)} per empty job round trip`;
  const lines = [`cluster: ${clusterShape(cluster)} on ${clusterWhere(cluster)}${jobs === null ? '' : `, ${jobs}`}${perJob}`];
  const results = clusterResults(cluster);
  // "results differ: …" names itself; the other sentences read after a label.
  if (results.tone === 'warn') lines.push(paint('red', `  cluster ${results.text}`));
  else lines.push(results.tone === 'ok' ? `  cluster results: ${results.text}` : paint('yellow', `  cluster results: ${results.text}`));
  if (cluster.redeliveredJobs > 0) lines.push(paint('yellow', `  ${clusterRedelivered(cluster)}`));
  const withheld = clusterPredictionWithheld(cluster);
  if (withheld !== null) {
    lines.push(paint('dim', `  ${withheld}`));
  } else if (cluster.predicted.length > 0) {
    const predicted = cluster.predicted.map((p) => `${p.machines}: ${p.speedup.toFixed(1)}×`).join(', ');
    lines.push(`  more machines (predicted speedup): ${predicted}; ${cluster.predictionNote}`);
  } else if (cluster.samplesMs.length > 0) {
    lines.push(paint('dim', `  ${cluster.predictionNote}`));
  }
  if (cluster.stopped !== null) lines.push(paint('red', `  cluster stopped: ${cluster.stopped}`));
  return lines;
}
