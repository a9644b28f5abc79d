/**
 * What more machines would give: the pools' Amdahl fit says how the work divides, the cluster's
 * measured per-job round trip what each job adds. Each machine count gets the chunk size the
 * engine would choose for it from that round trip (more machines want smaller jobs to stay busy),
 * and jobs fewer than workers leave the rest idle.
 */
import type { ClusterPrediction, ClusterRun } from '../../../protocol/cluster';
import type { AmdahlFit } from '../../../protocol/results';
import { amdahlSpeedup } from '../../engine/amdahl';
import { chooseChunkSize, formatShortMs } from '../../engine/chunkSize';

/** Machine counts a prediction is made for, above the processes measured. */
export const predictedMachines = [2, 4, 8, 16, 32] as const;

/** The run's cluster section with its prediction filled in. */
export function predictCluster(run: ClusterRun, amdahl: AmdahlFit | null, serial: { medianMs: number; perItemMs: number; itemCount: number }): ClusterRun {
  const serialMedianMs = serial.medianMs;
  if (run.medianMs === null || run.perJobMs === null || run.jobs === 0) {
    return { ...run, predicted: [], predictionNote: 'no prediction: the cluster finished no trial' };
  }
  if (amdahl === null || !amdahl.reliable) {
    return { ...run, predicted: [], predictionNote: 'no prediction: the pools gave no reliable Amdahl fit to extend' };
  }
  const perJobMs = run.perJobMs;
  // The fit's own predictions stop where the trials' spread stops trusting it; the cluster's stop there too.
  const reach = amdahl.caveat !== null && amdahl.predicted.length > 0 ? Math.max(...amdahl.predicted.map((p) => p.workers)) : Infinity;
  const machineCounts = predictedMachines.filter((machines) => machines > run.processes);
  const withinReach = machineCounts.filter((machines) => machines * run.threadsPerProcess <= reach);
  if (withinReach.length === 0 && machineCounts.length > 0) {
    return { ...run, predicted: [], predictionNote: `no prediction: the pools' fit goes only as far as ${reach} threads (${amdahl.caveat ?? ''})` };
  }
  const predicted: ClusterPrediction[] = withinReach.map((machines) => {
    const workers = machines * run.threadsPerProcess;
    const { chunkSize } = chooseChunkSize({ itemCount: serial.itemCount, perItemMs: serial.perItemMs, workers, setting: 0, dispatchOverheadMs: perJobMs });
    const jobs = Math.ceil(serial.itemCount / chunkSize);
    const busy = Math.max(1, Math.min(workers, jobs));
    const ms = serialMedianMs / amdahlSpeedup(amdahl.serialFraction, busy) + Math.ceil(jobs / busy) * perJobMs;
    return { machines, workers, ms, speedup: ms > 0 ? serialMedianMs / ms : 0 };
  });
  const share = `${(amdahl.serialFraction * 100).toFixed(1)}%`;
  const cut = withinReach.length < machineCounts.length ? `; none past ${reach} threads, where the pools' fit stops (${amdahl.caveat ?? ''})` : '';
  return {
    ...run,
    predicted,
    predictionNote: `from the pools' Amdahl fit (serial share ${share}) and ${formatShortMs(perJobMs)} per job, ${run.threadsPerProcess} thread${run.threadsPerProcess === 1 ? '' : 's'} a machine, jobs sized for each machine count as this run's were${cut}`,
  };
}
