/**
 * The cluster phase of a run: after the pools, the same inputs as BullMQ jobs on worker processes
 * (a local cluster of K processes, or the workers attached to a given Redis), timed over the same
 * trials and compared with serial like every pool. Every process it started has ended when it
 * returns, however it ended.
 */
import type { Redis } from 'ioredis';
import type { ClusterRun, ClusterSettings } from '../../../protocol/cluster';
import { chooseChunkSize } from '../../engine/chunkSize';
import { firstMismatch } from '../../engine/compareOutcomes';
import { comparedValues } from '../../engine/poolPhase';
import type { RunContext } from '../../engine/runContext';
import { chunkIndices, runTrial } from '../../engine/runTrial';
import { type SerialMeasurement, type Stop, stopFor } from '../../engine/serialPhase';
import { summarize } from '../../engine/statistics';
import { Cancelled, PoolFault } from '../../engine/taskPool';
import { ClusterExecutor } from './clusterExecutor';
import { connectionFor } from './clusterWorker';
import { clusterQueueName } from './jobMessages';
import { type LocalCluster, startLocalCluster } from './localCluster';
import { redactUrl } from '../../../protocol/redactUrl';
import { clusterKeyVariable, publishBundle } from './signedBundle';

/** Empty jobs timed one after another for the per-job round trip. */
const pingJobs = 15;

/** What the phase measured; `run` has no prediction yet (the Amdahl fit comes after). */
export interface ClusterMeasurement {
  run: ClusterRun;
  stop?: Stop;
}

/**
 * The workers attached to a Redis: processes and threads, read from the names they connect with
 * (`bull:<queue>:w:parallelize:<host>:<pid>:<threads>`, on their blocking connection, one each).
 * BullMQ's getWorkers() keeps only the name's first part, so CLIENT LIST is read here.
 */
async function attachedWorkers(url: string): Promise<{ processes: number; threads: number }> {
  const connection = connectionFor(url);
  try {
    const list = String(await connection.client('LIST'));
    const queue = Buffer.from(clusterQueueName).toString('base64');
    const threads = [...list.matchAll(new RegExp(`name=bull:${queue.replace(/[+/=]/g, '\\$&')}:w:parallelize:\\S*:\\d+:(\\d+)(?:\\s|$)`, 'g'))].map((match) => Number(match[1]));
    return { processes: threads.length, threads: Math.max(1, ...threads) };
  } finally {
    connection.disconnect();
  }
}

/** Times `ms` of each empty job, one after another, on warmed workers. */
async function timeEmptyJobs(executor: ClusterExecutor, spread: boolean): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < pingJobs; i++) {
    const start = performance.now();
    await executor.run({ kind: 'run', items: [], spread, slot: 0 }, 'an empty job', { indices: [] });
    samples.push(performance.now() - start);
  }
  return summarize(samples).medianMs;
}

/** Why a run on a Redis URL's workers cannot sign its bundle, in the words of both the CLI and VS Code. */
export function missingKeyMessage(redis: string): string {
  return `no cluster key: the workers on ${redis} run only bundles signed with the key they were started with (CLI: set ${clusterKeyVariable}; VS Code: Parallelize: Set Cluster Key)`;
}

/**
 * Measures the cluster; faults and cancellation end up in `stop`, with the trials finished so far
 * kept. `remoteKey` signs the bundle for a Redis URL's workers: given by the caller (the CLI's
 * environment, VS Code's SecretStorage), never read here, as one server runs for many callers.
 */
export async function measureCluster(ctx: RunContext, serial: SerialMeasurement, settings: ClusterSettings, serialMedianMs: number, remoteKey?: string): Promise<ClusterMeasurement> {
  const local = settings.mode === 'local';
  const run: ClusterRun = {
    mode: local ? 'local' : 'remote', redis: local ? 'local' : redactUrl(settings.mode), processes: local ? settings.processes : 0,
    threadsPerProcess: settings.threadsPerProcess, chunkSize: 1, jobs: 0, perJobMs: null, trials: 0, samplesMs: [], medianMs: null, speedup: null, efficiency: null,
    resultsMatch: false, mismatch: null, comparedInputs: 0, redeliveredJobs: 0, stopped: null, predicted: [], predictionNote: '',
  };
  let cluster: LocalCluster | undefined;
  let executor: ClusterExecutor | undefined;
  let redis: Redis | undefined;
  const measurement: ClusterMeasurement = { run };
  try {
    ctx.step(local ? `cluster: starting Redis and ${settings.processes} worker processes` : `cluster: connecting to ${run.redis}`);
    let url = settings.mode;
    let key: string | undefined;
    if (local) {
      cluster = await startLocalCluster({ processes: settings.processes, threadsPerProcess: settings.threadsPerProcess, lockMs: settings.lockMs, log: ctx.hooks.log, signal: ctx.hooks.signal });
      url = cluster.redisUrl;
      key = cluster.key;
      run.redis = redactUrl(url);
    } else {
      key = remoteKey;
      if (key === undefined) throw new PoolFault({ code: 'CLUSTER_UNAVAILABLE', message: missingKeyMessage(run.redis) }, true);
      const attached = await attachedWorkers(url);
      if (attached.processes === 0) throw new PoolFault({ code: 'CLUSTER_UNAVAILABLE', message: `no worker is attached to ${run.redis}: start one with parallelize worker --redis ${run.redis}` }, true);
      run.processes = attached.processes;
      run.threadsPerProcess = attached.threads;
    }
    redis = connectionFor(url);
    {
      const published = await publishBundle(redis, ctx.bundlePath, key);
      executor = await ClusterExecutor.open({
        redisUrl: url, bundle: published.hash, taskTimeoutMs: ctx.settings.taskTimeoutMs, memoryLimitMb: ctx.settings.workerMemoryLimitMb,
        signal: ctx.hooks.signal, log: ctx.hooks.log, onOutput: (output, indices) => ctx.heard(output, indices),
        ...(cluster ? { lost: cluster.lost } : {}),
      }, redis);
      const lanes = run.processes * run.threadsPerProcess;
      const plan = { pool: executor, items: serial.items, lanes, spread: ctx.spread, ordered: ctx.settings.ordered, sendAhead: true };
      ctx.step('cluster: warm-up and per-job round trip');
      // Two rounds of one input per lane, so every thread of every process has loaded the bundle.
      const warm = serial.active.slice(0, lanes * 2).map((index) => [index]);
      await runTrial({ ...plan, chunks: warm });
      run.perJobMs = await timeEmptyJobs(executor, ctx.spread);
      const choice = chooseChunkSize({ itemCount: serial.active.length, perItemMs: serial.perItemMs, workers: lanes, setting: ctx.settings.chunkSize, dispatchOverheadMs: run.perJobMs });
      run.chunkSize = choice.chunkSize;
      const chunks = chunkIndices(serial.active, choice.chunkSize);
      run.jobs = chunks.length;
      ctx.hooks.log(`cluster: ${run.processes} × ${run.threadsPerProcess} (processes × threads); ${choice.reason.replace(/message/g, 'job')}`);
      const { trials } = ctx.settings;
      for (let trial = 1; trial <= trials; trial++) {
        ctx.step(`cluster, trial ${trial} of ${trials}`);
        let delivered = 0;
        const result = await runTrial({ ...plan, chunks, onDelivered: (indices) => ctx.itemsDelivered(delivered += indices.length, serial.active.length) });
        run.samplesMs.push(result.ms);
        run.trials = trial;
        if (trial === 1) {
          const mismatch = firstMismatch(serial.outcomes, result, lanes);
          run.mismatch = mismatch === null ? null : { inputIndex: mismatch.inputIndex, serial: mismatch.serial, parallel: mismatch.parallel };
          run.comparedInputs = comparedValues(serial.outcomes, result);
        }
        ctx.hooks.log(`cluster trial ${trial}: ${result.ms.toFixed(1)} ms`);
      }
    }
  } catch (error) {
    measurement.stop = stopFor(error instanceof Error && !(error instanceof PoolFault) && !(error instanceof Cancelled)
      ? new PoolFault({ code: 'CLUSTER_UNAVAILABLE', message: `the cluster could not run: ${error.message}` }, true)
      : error);
  } finally {
    run.redeliveredJobs = executor?.redelivered ?? 0;
    await executor?.destroy();
    redis?.disconnect();
    await cluster?.stop();
  }
  if (run.samplesMs.length > 0) {
    run.medianMs = summarize(run.samplesMs).medianMs;
    run.speedup = run.medianMs > 0 ? serialMedianMs / run.medianMs : null;
    const lanes = Math.max(1, run.processes * run.threadsPerProcess);
    run.efficiency = run.speedup === null ? null : run.speedup / lanes;
  }
  run.resultsMatch = run.mismatch === null && run.comparedInputs > 0 && measurement.stop === undefined;
  if (measurement.stop?.kind === 'fault') run.stopped = measurement.stop.error.message;
  if (measurement.stop?.kind === 'cancelled') run.stopped = 'cancelled';
  return measurement;
}
