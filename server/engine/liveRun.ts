/**
 * A run's phases and what each has measured, sent to the caller at every phase boundary as a
 * RunPartial (without its runId, which the server adds). The figures are the ones the final result
 * is assembled from, so the live panel never shows a number the result later contradicts.
 */
import type { ClusterRun } from '../../protocol/cluster';
import type { LivePhase, LivePoolRun, RunPartial } from '../../protocol/live';
import type { AsyncRun, BenchmarkResult, FunctionRef, PoolRun } from '../../protocol/results';
import type { RunContext } from './runContext';

/** A RunPartial as the engine builds it: the server stamps the runId. */
export type PartialBody = Omit<RunPartial, 'runId'>;

/** Steps (warm-ups and trials) each kind of phase reports, as RunContext counts them. */
export function phaseSteps(kind: LivePhase['kind'], trials: number): number {
  // Serial: evaluating the inputs, a warm-up, the trials. Messaging: one step. A pool size or an async limit: a warm-up and the trials.
  // A cluster: its start, its warm-up with the per-job round trip, the trials.
  return kind === 'serial' || kind === 'cluster' ? 2 + trials : kind === 'messaging' ? 1 : 1 + trials;
}

/** The cluster phase as planned: a local cluster's processes × threads, or a Redis URL's workers (counted when it starts). */
export interface PlannedCluster {
  processes?: number;
  threadsPerProcess: number;
}

/** What the panel calls the cluster phase: "cluster 2×1" as the CLI's table row, "cluster" before a Redis URL's workers are counted. */
export function clusterLabel(cluster: PlannedCluster): string {
  return cluster.processes === undefined ? 'cluster' : `cluster ${cluster.processes}×${cluster.threadsPerProcess}`;
}

/** The phases of a run measuring `sizes` pool sizes, then `asyncLimits`, then a cluster if any, in the order they run. */
export function planPhases(sizes: readonly number[], asyncLimits: readonly number[], cluster?: PlannedCluster): Omit<LivePhase, 'state'>[] {
  const lanes = cluster?.processes === undefined ? undefined : cluster.processes * cluster.threadsPerProcess;
  return [
    { id: 'serial', kind: 'serial', label: 'serial' },
    { id: 'messaging', kind: 'messaging', label: 'messaging probe' },
    ...sizes.map((workers) => ({ id: `workers-${workers}`, kind: 'pool' as const, label: `${workers} worker${workers === 1 ? '' : 's'}`, size: workers })),
    ...asyncLimits.map((limit) => ({ id: `async-${limit}`, kind: 'async' as const, label: `async, ${limit} at once`, size: limit })),
    ...(cluster ? [{ id: 'cluster', kind: 'cluster' as const, label: clusterLabel(cluster), ...(lanes === undefined ? {} : { size: lanes }) }] : []),
  ];
}

/** What a phase measured, each field optional. */
export interface Measured {
  inputCount?: number;
  serial?: BenchmarkResult['serial'];
  run?: PoolRun;
  asyncRun?: AsyncRun;
  chunkSize?: number;
  cluster?: ClusterRun;
}

/** Tracks the phases of one benchmark and reports each change through `hooks.onPartial`. */
export class LiveRun {
  private phases: LivePhase[] = [];
  private readonly body: PartialBody;

  constructor(private readonly ctx: RunContext, fn: FunctionRef, cores: number) {
    this.body = { function: fn, inputCount: null, serial: null, runs: [], asyncRuns: [], chunkSize: null, cores, phases: [] };
  }

  /** Whether the serial figures are still to come. */
  get serialPending(): boolean {
    return this.body.serial === null;
  }

  /** Sets the phases the run will go through, keeping the state of those already started. */
  plan(sizes: readonly number[], asyncLimits: readonly number[], cluster?: PlannedCluster): void {
    const known = new Map(this.phases.map((phase) => [phase.id, phase.state]));
    this.phases = planPhases(sizes, asyncLimits, cluster).map((phase) => ({ ...phase, state: known.get(phase.id) ?? 'pending' }));
  }

  /** Marks `id` running, tells the context its step count (for the phase's own progress), and reports. */
  start(id: string): void {
    const phase = this.phases.find((p) => p.id === id);
    if (!phase) return;
    phase.state = 'running';
    this.ctx.enterPhase(id, phaseSteps(phase.kind, this.ctx.settings.trials));
    this.send();
  }

  /** Records what a phase measured (undefined fields are left as they were) and marks it done. */
  done(id: string, measured: Measured = {}): void {
    this.record(measured);
    const phase = this.phases.find((p) => p.id === id);
    if (phase) phase.state = 'done';
    this.send();
  }

  /** Records what a phase measured without ending it (a pool size stopped midway keeps its finished trials); reported with the next change. */
  record(measured: Measured): void {
    if (measured.inputCount !== undefined) this.body.inputCount = measured.inputCount;
    if (measured.serial !== undefined) this.body.serial = measured.serial;
    if (measured.chunkSize !== undefined) this.body.chunkSize = measured.chunkSize;
    if (measured.run !== undefined) this.body.runs.push(withoutDelivery(measured.run));
    if (measured.asyncRun !== undefined) this.body.asyncRuns.push(measured.asyncRun);
    if (measured.cluster !== undefined) this.body.cluster = measured.cluster;
  }

  /** The run is over: a phase still running was stopped there, the ones not reached are skipped; reports once more. */
  end(): void {
    for (const phase of this.phases) {
      if (phase.state === 'running') phase.state = 'stopped';
      else if (phase.state === 'pending') phase.state = 'skipped';
    }
    this.ctx.enterPhase(undefined, 1);
    this.send();
  }

  private send(): void {
    // A copy: the caller may hold on to it (or serialise it later) while the run goes on.
    this.ctx.hooks.onPartial?.(structuredClone({ ...this.body, phases: this.phases }));
  }
}

function withoutDelivery(run: PoolRun): LivePoolRun {
  const { delivery: _delivery, ...rest } = run;
  return rest;
}
