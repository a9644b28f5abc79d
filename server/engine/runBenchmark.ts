/**
 * The run engine: bundle the function, evaluate its inputs, time them serially in one worker, then
 * on pools of increasing size, and report speedup and whether the results agree.
 */
import * as path from 'node:path';
import type { ClusterRun, ClusterSettings } from '../../protocol/cluster';
import type { FunctionTarget } from '../../protocol/lsp';
import type { AsyncRun, BenchmarkResult, Chunking, Mismatch, PoolRun, Reply, ResourceSnapshot } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import { resourcesNow } from '../resources/readResources';
import { fitAmdahl } from './amdahl';
import { concurrenciesFor, measureAsync } from './asyncPhase';
import type { EditorTexts } from './bundleFunction';
import { bundledRun } from './bundledRun';
import { planChunking } from './chunkPlan';
import { asyncAdvice, classifyCpuBound } from './cpuBound';
import { workerMemory } from './memoryPerWorker';
import { LiveRun, type PlannedCluster } from './liveRun';
import { describeModuleLoad } from './moduleLoad';
import { measurePool, type PoolMeasurement } from './poolPhase';
import { suggestPoolSize } from './poolSize';
import { poolSizesToTry } from './poolSizesToTry';
import type { RunContext, RunHooks } from './runContext';
import { failureOf } from './runFailure';
import { chunkIndices } from './runTrial';
import { sendAheadFor } from './sendAhead';
import { measureSerial, type SerialMeasurement, type Stop } from './serialPhase';
import { summarize } from './statistics';
import { predictCluster } from '../executors/cluster/clusterPrediction';
import { redisMissingMessage, redisOnPath } from '../executors/cluster/localRedis';
import { bestRun, keepSerialReason, noiseWarning, speedupRange, verdictFor } from './verdict';

export type { RunHooks } from './runContext';

/** What to run: the function, its inputs expression and the run settings. */
export interface RunBenchmarkParams {
  target: FunctionTarget;
  inputs: string;
  settings: RunSettings;
  /** Open files' unsaved text, by path (the server's; the CLI reads the disk). */
  editorTexts?: EditorTexts;
  /** Also run the inputs on BullMQ workers over Redis (issue 12); absent, the run is as it always was. */
  cluster?: ClusterSettings;
  /** The key a Redis URL's workers check the bundle's signature with; a local cluster makes its own. */
  clusterKey?: string;
}

/** The pool sizes a run measures: up to the suggestion, and at least 2 where cores and the setting allow. */
export function poolSizesFor(suggested: number, resources: ResourceSnapshot, maxWorkers: number): number[] {
  let largest = suggested;
  // A second worker is always worth measuring when the machine has one: it shows whether scaling starts at all.
  if (largest < 2 && resources.cores >= 2 && (maxWorkers === 0 || maxWorkers >= 2)) largest = 2;
  return poolSizesToTry(largest);
}

/** What a run has measured so far; assembled into a result however the run ended. */
interface PartialRun {
  serial: SerialMeasurement;
  runs: PoolRun[];
  chunkSize: number;
  chunking?: Chunking;
  mismatch: Mismatch | null;
  /** Every pool size's measurement, for the memory each worker took. */
  pools: PoolMeasurement[];
  asyncRuns: AsyncRun[];
  cluster?: ClusterRun;
  stop?: Stop;
}

/** The fewest timed trials of any configuration the fit is made from. */
function fewestTrials(serial: { trials: number }, runs: readonly PoolRun[]): number {
  return Math.min(serial.trials, ...runs.map((run) => run.trials));
}

/** The serial figures of the result (and of the live partials, which must agree with it). */
function serialStatsOf(serial: SerialMeasurement): BenchmarkResult['serial'] {
  return { ...summarize(serial.samplesMs), perItemMs: serial.perItemMs, transferMs: serial.transferMs };
}

function functionRef(target: FunctionTarget): BenchmarkResult['function'] {
  return { file: target.file, name: target.name, line: target.range.start.line + 1 };
}

function assemble(params: RunBenchmarkParams, ctx: RunContext, resources: ResourceSnapshot, startedAt: number, partial: PartialRun): BenchmarkResult {
  const { serial } = partial;
  const serialStats = serialStatsOf(serial);
  const memory = workerMemory(serial.memoryBytes, partial.pools);
  if (partial.stop?.kind === 'fault') ctx.addError(partial.stop.error);
  const cancelled = partial.stop?.kind === 'cancelled';
  const compared = partial.pools.map((pool) => pool.compared).filter((count): count is number => count !== null);
  const comparedInputs = compared.length > 0 ? Math.min(...compared) : 0;
  const facts = {
    serial: serialStats, runs: partial.runs, cancelled, errors: ctx.errors, chunking: partial.chunking,
    failedInputs: ctx.failedInputs.size, errorCounts: ctx.countsByCode(), inputs: { count: serial.items.length },
  };
  const failure = failureOf(facts);
  const noisy = noiseWarning(facts) !== undefined;
  const keepSerial = keepSerialReason({ ...facts, failure });
  const suggestion = suggestPoolSize({
    resources, memoryPerWorkerBytes: memory.perWorkerBytes, heapPerWorkerBytes: memory.heapBytes, rssPerWorkerBytes: memory.rssBytes,
    maxWorkers: params.settings.maxWorkers, runs: partial.runs, noisyTimings: noisy, ...(keepSerial === undefined ? {} : { keepSerial }),
  });
  const result: BenchmarkResult = {
    function: functionRef(params.target),
    inputs: { expression: params.inputs, count: serial.items.length },
    resources,
    suggestion,
    chunkSize: Math.max(1, partial.chunkSize),
    ...(partial.chunking ? { chunking: partial.chunking } : {}),
    serial: serialStats,
    runs: partial.runs,
    // A failed run's timings time the errors: no pool is the best of them.
    bestWorkers: failure === null ? (bestRun(partial.runs)?.workers ?? null) : null,
    // "Match" needs a value compared: inputs that all threw, or no pool that finished, prove nothing;
    // nor do the few inputs left of a run whose most inputs failed.
    resultsMatch: partial.mismatch === null && partial.runs.length > 0 && comparedInputs > 0 && failure === null,
    mismatch: partial.mismatch,
    comparedInputs,
    errors: ctx.errors,
    errorCounts: facts.errorCounts,
    failedInputs: facts.failedInputs,
    failure,
    cancelled,
    startedAt,
    durationMs: Date.now() - startedAt,
    verdict: '',
    ordered: params.settings.ordered,
    amdahl: null,
    cpuBound: serial.samplesMs.length > 0 ? classifyCpuBound(serial.cpu, keepSerial !== undefined) : null,
    asyncRuns: partial.asyncRuns,
    recycledWorkers: ctx.recycledWorkers,
    moduleLoad: describeModuleLoad(serial.moduleLoad, serialStats.medianMs),
    timeline: null,
    cluster: null,
  };
  // The fastest pool size's timeline: where its time went is what the user would ship.
  result.timeline = partial.pools.find((pool) => pool.workers === result.bestWorkers)?.timeline ?? null;
  // Amdahl's law models computation shared across cores; a function that mostly waits scales with
  // how many calls are in flight, not with cores, so a fit would predict nonsense. Nor does a run
  // whose timings time its errors.
  const fits = failure === null && result.cpuBound?.verdict !== 'io';
  const points = partial.runs.map((run) => ({ workers: run.workers, speedup: run.speedup, range: speedupRange(serialStats, run) }));
  result.amdahl = fits ? fitAmdahl(points, resources.cores, { trials: fewestTrials(serialStats, partial.runs), noisy }) : null;
  const load = failure === null ? result.moduleLoad?.note ?? undefined : undefined;
  if (partial.cluster) result.cluster = predictCluster(partial.cluster, result.amdahl, { medianMs: serialStats.medianMs, perItemMs: serial.perItemMs, itemCount: serial.active.length });
  result.verdict = [verdictFor(result), load, failure === null ? asyncAdvice(result) : undefined].filter((part) => part !== undefined).join('. ');
  return result;
}

async function measure(params: RunBenchmarkParams, ctx: RunContext, resources: ResourceSnapshot, startedAt: number): Promise<Reply<BenchmarkResult>> {
  const { settings } = params;
  // Before anything is measured: a cluster run that cannot start says so at once.
  if (params.cluster?.mode === 'local' && !redisOnPath()) return { ok: false, error: { code: 'CLUSTER_UNAVAILABLE', message: redisMissingMessage } };
  // Until memory is measured, plan the progress bar with the unmeasured suggestion.
  const early = suggestPoolSize({ resources, memoryPerWorkerBytes: null, maxWorkers: settings.maxWorkers });
  const poolSteps = (sizes: number[]): number => sizes.length * (settings.trials + 1);
  // Evaluating the inputs, the serial warm-up and trials, measuring messaging, then the pools.
  const earlySizes = poolSizesFor(early.poolSize, resources, settings.maxWorkers);
  // A cluster adds its start, its warm-up and its trials.
  const clusterSteps = params.cluster === undefined ? 0 : 2 + settings.trials;
  // A local cluster's size is known now; a Redis URL's workers are counted when the phase starts.
  const plannedCluster: PlannedCluster | undefined = params.cluster === undefined ? undefined
    : params.cluster.mode === 'local' ? { processes: params.cluster.processes, threadsPerProcess: params.cluster.threadsPerProcess }
      : { threadsPerProcess: params.cluster.threadsPerProcess };
  ctx.planSteps(3 + settings.trials + poolSteps(earlySizes) + clusterSteps);
  const live = new LiveRun(ctx, functionRef(params.target), resources.cores);
  live.plan(earlySizes, [], plannedCluster);
  const finish = (partial: PartialRun): Reply<BenchmarkResult> => {
    // A run stopped inside the serial phase still reports the trials it timed, as the result does.
    live.record({ inputCount: partial.serial.items.length });
    if (live.serialPending && partial.serial.samplesMs.length > 0) live.record({ serial: serialStatsOf(partial.serial) });
    live.end();
    return { ok: true, value: assemble(params, ctx, resources, startedAt, partial) };
  };

  live.start('serial');
  const serialReply = await measureSerial(ctx);
  if (!serialReply.ok) {
    live.end();
    return serialReply;
  }
  const serial = serialReply.value;
  const partial: PartialRun = { serial, runs: [], chunkSize: 1, mismatch: null, pools: [], asyncRuns: [], ...(serial.stop ? { stop: serial.stop } : {}) };
  if (partial.stop || serial.samplesMs.length === 0) return finish(partial);
  const serialStats = serialStatsOf(serial);

  const suggestion = suggestPoolSize({ resources, memoryPerWorkerBytes: serial.memoryBytes, maxWorkers: settings.maxWorkers });
  const sizes = poolSizesFor(suggestion.poolSize, resources, settings.maxWorkers);
  // A function that waits is also measured with async concurrency on one worker.
  const waits = classifyCpuBound(serial.cpu)?.verdict !== 'cpu';
  const asyncLimits = waits ? concurrenciesFor(serial.active.length) : [];
  ctx.planSteps(3 + settings.trials + poolSteps(sizes) + asyncLimits.length * (settings.trials + 1) + clusterSteps);
  live.plan(sizes, asyncLimits, plannedCluster);
  live.done('serial', { inputCount: serial.items.length, serial: serialStats });
  live.start('messaging');
  const plan = await planChunking(ctx, serial, Math.max(...sizes));
  if (plan.stop) return finish({ ...partial, stop: plan.stop });
  partial.chunking = plan.chunking;
  partial.chunkSize = plan.chunking.chunkSize;
  live.done('messaging', { chunkSize: partial.chunkSize });
  const chunks = chunkIndices(serial.active, partial.chunkSize);
  const serialMedian = serialStats.medianMs;
  ctx.hooks.log(`${plan.chunking.reason}; pool sizes ${sizes.join(', ')}`);

  for (const workers of sizes) {
    // The first pool (one worker) ran every chunk on one thread: its timeline tells whether they are even.
    const ahead = sendAheadFor(workers, partial.pools[0]?.timeline ?? null);
    if (workers > 1 && workers === sizes[1]) ctx.hooks.log(ahead.reason);
    live.start(`workers-${workers}`);
    const pool = await measurePool(ctx, serial, workers, chunks, ahead.sendAhead);
    partial.pools.push(pool);
    let run: PoolRun | undefined;
    if (pool.samplesMs.length > 0) {
      const stats = summarize(pool.samplesMs);
      const speedup = stats.medianMs > 0 ? serialMedian / stats.medianMs : 0;
      const firstResultMs = pool.firstResultMs.length > 0 ? summarize(pool.firstResultMs).medianMs : null;
      run = { ...stats, workers, speedup, efficiency: speedup / workers, firstResultMs, delivery: pool.delivery };
      partial.runs.push(run);
    }
    partial.mismatch ??= pool.mismatch;
    if (pool.stop) {
      partial.stop = pool.stop;
      if (run) live.record({ run });
      break;
    }
    live.done(`workers-${workers}`, run ? { run } : {});
  }
  if (waits && !partial.stop) {
    const measured = await measureAsync(ctx, serial, serialMedian, {
      starting: (limit) => live.start(`async-${limit}`),
      measured: (asyncRun) => live.done(`async-${asyncRun.concurrency}`, { asyncRun }),
    });
    partial.asyncRuns = measured.runs;
    if (measured.stop) partial.stop = measured.stop;
  }
  if (params.cluster !== undefined && !partial.stop) {
    // Loaded only for a cluster run: a local run never loads BullMQ.
    const { measureCluster } = await import('../executors/cluster/clusterPhase');
    live.start('cluster');
    const measured = await measureCluster(ctx, serial, params.cluster, serialMedian, params.clusterKey);
    partial.cluster = measured.run;
    // The label now names the workers found on a Redis URL (none counted: it stays "cluster").
    live.plan(sizes, asyncLimits, measured.run.processes > 0 ? { processes: measured.run.processes, threadsPerProcess: measured.run.threadsPerProcess } : plannedCluster);
    if (measured.stop) {
      partial.stop = measured.stop;
      live.record({ cluster: measured.run });
    } else {
      live.done('cluster', { cluster: measured.run });
    }
  }
  return finish(partial);
}

/**
 * Benchmarks a function serially and on worker pools. User errors come back as `{ ok: false }`,
 * per-input faults in `result.errors`, a cancelled run as a partial result with `cancelled: true`.
 * `readResources` is synchronous so a run never waits on systeminformation (tests pass their own).
 */
export async function runBenchmark(params: RunBenchmarkParams, hooks: RunHooks, readResources: () => ResourceSnapshot = resourcesNow): Promise<Reply<BenchmarkResult>> {
  const startedAt = Date.now();
  const resources = readResources();
  return bundledRun(params, hooks, {
    busy: 'a benchmark is already running: wait for it to finish or cancel it',
    announce: `${resources.cores} cores, ${resources.loadPercent.toFixed(0)}% load; bundling ${path.basename(params.target.file)}#${params.target.name}`,
    noun: 'run',
    finished: (result) => result.verdict,
  }, (ctx) => measure(params, ctx, resources, startedAt));
}
