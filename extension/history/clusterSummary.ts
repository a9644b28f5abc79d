/**
 * What the Parallelize view says of a kept run's cluster: a few words after the run's verdict
 * (`cluster 2×1 1.8×`, `cluster 2×1 stopped`) and a sentence for its tooltip, in the words of
 * protocol/clusterText.ts, as the benchmark panel's facts row and Cluster card say them. Pure.
 */
import type { RunSummary, StoredRun } from '../../protocol/history';
import { clusterDoubt, clusterDoubtWords, clusterFigures, clusterRedelivered, clusterResults } from '../../protocol/clusterText';
import { plural } from '../../protocol/plural';
import { capitalized, formatMs, formatSpeedup } from '../../webview/shared/format';
import { askedText, clusterName, clusterShapeAndWhere, runCluster } from './runCluster';

/** The run's cluster for the view; null when it neither had nor asked for one. */
export function clusterSummary(run: StoredRun): RunSummary['cluster'] {
  const cluster = runCluster(run);
  if (cluster === null) return null;
  if ('asked' in cluster) return { brief: null, sentence: `${capitalized(askedText(cluster))}.` };
  const ran = cluster.ran;
  const name = clusterName(ran);
  const lead = `${capitalized(name)} (${clusterShapeAndWhere(ran)})`;
  const figures = clusterFigures(ran);
  const trials = figures ? plural(figures.stats.trials, 'trial') : null;
  // A failed run's times time its errors, the cluster's too: as in the compare panel, no figure is read off them.
  if (run.result.failure !== null) return { brief: name, sentence: `${lead}: no figure, as the run’s inputs failed.` };
  const doubt = clusterDoubt(ran);
  if (doubt === 'stopped') {
    const kept = trials ? `its figures cover only the ${trials} it finished` : 'it finished no trial';
    return { brief: `${name} ${clusterDoubtWords.stopped}`, sentence: `${lead} stopped early: ${ran.stopped ?? 'no reason was given'}; ${kept}.` };
  }
  if (doubt === 'differs') return { brief: `${name} ${clusterDoubtWords.differs}`, sentence: `${lead}: ${clusterResults(ran).text}, so its speedup cannot be trusted.` };
  if (figures === null || trials === null) return { brief: `${name} no trial`, sentence: `${lead} finished no trial.` };
  const redelivered = ran.redeliveredJobs > 0 ? ` ${capitalized(clusterRedelivered(ran))}.` : '';
  return {
    brief: `${name} ${briefSpeedup(figures.speedup)}`,
    sentence: `${lead}: ${formatSpeedup(figures.speedup)} against serial, median ${formatMs(figures.stats.medianMs)} over ${trials}; ${clusterResults(ran).text}.${redelivered}`,
  };
}

/** One decimal, as the run's own verdict beside it ("1.9× on 2 workers"); two digits below 1, so a cluster slower than serial never reads "0.0×". */
function briefSpeedup(speedup: number): string {
  return `${speedup >= 1 ? speedup.toFixed(1) : speedup.toPrecision(2)}×`;
}
