/**
 * Profiling a function: bundle it, evaluate its inputs and time a few calls in one run host, then
 * profile it in a fresh one, and build the model from what V8 recorded. The profiling worker must
 * not have run the function before its profiler starts (see worker/profileTask.ts), so the timing
 * that fits the sampling interval to the work happens in another host. One job at a time, shared
 * with benchmarks: a profile never runs beside a benchmark's trials.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { FunctionTarget } from '../../protocol/lsp';
import type { ProfileResult } from '../../protocol/profile';
import type { Reply, RunError } from '../../protocol/results';
import { defaultProfileBudgetMs, type RunSettings } from '../../protocol/settings';
import type { Executor } from '../executors/executor';
import { BundleFunctions } from '../profile/bundleFunctions';
import { BundleMap } from '../profile/bundleSourceMap';
import { buildProfile, confidentSamples } from '../profile/buildProfile';
import type { CpuProfile } from '../profile/cpuProfile';
import { exportCpuProfile } from '../profile/exportCpuProfile';
import { FrameResolver } from '../profile/frames';
import { profileSummary } from '../profile/profileSummary';
import type { ProfileReply, WorkerReply } from '../worker/messages';
import type { EditorTexts } from './bundleFunction';
import { bundledRun } from './bundledRun';
import type { RunContext, RunHooks } from './runContext';
import { describeInputs } from './runTrial';
import { maxFaultyInputs, maxHangsBeforeAnyResult } from './serialPhase';
import { Cancelled, PoolFault } from './taskPool';

/** What to profile. `intervalUs` overrides the interval fitted to the work (the benchmark compares 1 ms and 100 µs). */
export interface ProfileParams {
  target: FunctionTarget;
  inputs: string;
  settings: RunSettings;
  /** Open files' unsaved text, by path (the server's; the CLI reads the disk). */
  editorTexts?: EditorTexts;
  intervalUs?: number;
}

/** The model, and the raw profile moved to TypeScript positions (what a .cpuprofile export writes). */
export interface Profiled {
  result: ProfileResult;
  cpuProfile: CpuProfile;
}

/** The sampling interval's range, µs: finer costs the function more, coarser needs longer to gather samples. */
export const minIntervalUs = 100;
export const maxIntervalUs = 1000;

/** Samples one pass over the inputs should give at the fitted interval: twice what confidence needs. */
const samplesPerPass = 2 * confidentSamples;

/** The interval that gives one pass of `passMs` about samplesPerPass samples, within 100 µs–1 ms. */
export function intervalFor(passMs: number): number {
  const fitted = Math.round((passMs * 1000) / samplesPerPass / 10) * 10;
  return Math.min(maxIntervalUs, Math.max(minIntervalUs, fitted));
}

/** A call this long is timing enough on its own. */
const longCallMs = 200;
/** Work the second timing task aims at, for a function of short calls. */
const timingWorkMs = 100;

/** Faults one input causes that a fresh host gets over. */
const inputFaults: ReadonlyArray<RunError['code']> = ['TASK_TIMEOUT', 'OUT_OF_MEMORY', 'WORKER_EXITED'];

/** The host the profile's current step runs in, replaced after an input took one down. */
interface Lane {
  pool: Executor;
  items: unknown[];
  /** Input indices still in the profile. */
  active: number[];
  faulty: number;
  finished: boolean;
  hungInARow: number;
}

/** Leaves out the input a per-input fault names, and gives the lane a fresh host; false ends the profile with the fault. */
async function leaveOut(ctx: RunContext, lane: Lane, error: unknown): Promise<boolean> {
  if (!(error instanceof PoolFault) || error.error.inputIndex === undefined || !inputFaults.includes(error.error.code)) return false;
  if (error.error.code === 'TASK_TIMEOUT' && !lane.finished && ++lane.hungInARow >= maxHangsBeforeAnyResult) return false;
  if (lane.faulty >= maxFaultyInputs) return false;
  lane.faulty++;
  const { inputIndex } = error.error;
  ctx.addError({ ...error.error, message: `${error.error.message}; the profile went on without it` });
  lane.active = lane.active.filter((index) => index !== inputIndex);
  ctx.hooks.log(`input ${inputIndex} left out of the profile (${error.error.code}); starting a fresh host`);
  await lane.pool.destroy();
  lane.pool = ctx.createPool(1);
  return true;
}

/** A failed reply as the fault it is. */
function faultOf(reply: WorkerReply): PoolFault {
  if (reply.kind === 'failed') {
    return new PoolFault({ code: reply.code, message: reply.message, ...(reply.stack === undefined ? {} : { stack: reply.stack }) }, true);
  }
  return new PoolFault({ code: 'INTERNAL', message: `the worker answered with ${reply.kind}` }, true);
}

async function evaluateInputs(pool: Executor): Promise<unknown[]> {
  const reply = await pool.run({ kind: 'inputs' }, 'the inputs expression');
  if (reply.kind !== 'inputs') throw faultOf(reply);
  return reply.items;
}

/** Runs the first `count` active inputs once in the lane's host (untimed by the profiler) and returns their compute time. */
async function timeCalls(ctx: RunContext, lane: Lane, count: number): Promise<{ ms: number; calls: number }> {
  for (;;) {
    const indices = lane.active.slice(0, count);
    if (indices.length === 0) return { ms: 0, calls: 0 };
    try {
      const reply = await lane.pool.run({ kind: 'run', items: indices.map((index) => lane.items[index]), spread: ctx.spread, slot: 0 }, describeInputs(indices), { indices });
      if (reply.kind !== 'run') throw faultOf(reply);
      lane.finished = true;
      return { ms: reply.computeMs, calls: indices.length };
    } catch (error) {
      if (!(await leaveOut(ctx, lane, error))) throw error;
    }
  }
}

/** The time of one pass over the active inputs, from one call, or from enough calls to fill timingWorkMs. */
async function passTime(ctx: RunContext, lane: Lane): Promise<number> {
  const first = await timeCalls(ctx, lane, 1);
  if (first.ms >= longCallMs || lane.active.length <= 1) return first.ms * lane.active.length;
  const count = Math.max(4, Math.ceil(timingWorkMs / Math.max(first.ms, 1e-3)));
  const warm = await timeCalls(ctx, lane, count);
  return (warm.ms / Math.max(1, warm.calls)) * lane.active.length;
}

/** Reports how far the profile has got while the worker samples, which it does in one message. */
function progressWhile(ctx: RunContext, budgetMs: number): () => void {
  const start = performance.now();
  const timer = setInterval(() => {
    const elapsed = performance.now() - start;
    ctx.hooks.onProgress({ message: `profiling: ${(elapsed / 1000).toFixed(1)} s of at most ${(budgetMs / 1000).toFixed(0)} s`, fraction: Math.min(0.95, (2 + elapsed / (budgetMs + 1000)) / 3) });
  }, 250);
  timer.unref();
  return () => clearInterval(timer);
}

async function profileInLane(ctx: RunContext, lane: Lane, intervalUs: number, budgetMs: number): Promise<ProfileReply> {
  for (;;) {
    if (lane.active.length === 0) throw new PoolFault({ code: 'INTERNAL', message: 'every input was left out: nothing is left to profile' }, true);
    const stop = progressWhile(ctx, budgetMs);
    try {
      const task = { kind: 'profile' as const, items: lane.active.map((index) => lane.items[index]), spread: ctx.spread, intervalUs, minSamples: confidentSamples, budgetMs };
      const reply = await lane.pool.run(task, 'the profile', { indices: lane.active });
      if (reply.kind !== 'profile') throw faultOf(reply);
      return reply;
    } catch (error) {
      if (!(await leaveOut(ctx, lane, error))) throw error;
    } finally {
      stop();
    }
  }
}

/** Records each input whose call threw while profiled; every call throwing is the profile's failure. */
function recordThrows(ctx: RunContext, lane: Lane, reply: ProfileReply): RunError | undefined {
  for (const thrown of reply.thrown) {
    const inputIndex = lane.active[thrown.position] ?? thrown.position;
    ctx.addError({ code: 'TASK_THREW', inputIndex, message: `${thrown.name}: ${thrown.message}`, ...(thrown.stack === undefined ? {} : { stack: thrown.stack }) });
  }
  const [first] = reply.thrown;
  if (reply.returned > 0 || first === undefined) return undefined;
  return { code: 'TASK_THREW', message: `every call threw, so there is nothing to profile but the throw: ${first.name}: ${first.message}`, ...(first.stack === undefined ? {} : { stack: first.stack }) };
}

async function profileBundle(params: ProfileParams, ctx: RunContext, bundleFile: string, startedAt: number): Promise<Reply<Profiled>> {
  const text = await readFile(bundleFile, 'utf8');
  const map = BundleMap.fromBundle(bundleFile, text);
  if (map === undefined) return { ok: false, error: { code: 'INTERNAL', message: 'the bundle carries no source map to map the samples with' } };
  const budgetMs = params.settings.profileBudgetMs ?? defaultProfileBudgetMs;
  ctx.planSteps(3);
  const lane: Lane = { pool: ctx.createPool(1), items: [], active: [], faulty: 0, finished: false, hungInARow: 0 };
  try {
    ctx.step('evaluating the inputs');
    lane.items = await evaluateInputs(lane.pool);
    lane.active = lane.items.map((_, index) => index);
    ctx.step('timing a pass');
    const passMs = await passTime(ctx, lane);
    const intervalUs = params.intervalUs ?? intervalFor(passMs);
    ctx.hooks.log(`${lane.items.length} inputs, a pass takes about ${passMs.toFixed(1)} ms: sampling every ${intervalUs} µs`);
    // A fresh host: its worker has not run the function before the profiler starts.
    await lane.pool.destroy();
    lane.pool = ctx.createPool(1);
    ctx.step(`profiling every ${intervalUs} µs`);
    const reply = await profileInLane(ctx, lane, intervalUs, budgetMs);
    const failure = recordThrows(ctx, lane, reply);
    if (failure !== undefined) return { ok: false, error: failure };
    ctx.hooks.log(`profile: ${reply.samplesInside} samples inside ${params.target.name} over ${reply.passes} passes`);
    const resolver = new FrameResolver(bundleFile, map, new BundleFunctions(text));
    const result = buildProfile(reply.profile, reply.target, resolver, {
      target: { file: params.target.file, name: params.target.name, line: params.target.range.start.line + 1 },
      inputs: { expression: params.inputs, count: lane.items.length },
      intervalUs,
      passes: reply.passes,
      startedAt,
      errors: ctx.errors,
    });
    result.summary = profileSummary(result);
    return { ok: true, value: { result, cpuProfile: exportCpuProfile(reply.profile, resolver) } };
  } catch (error) {
    if (error instanceof Cancelled) return { ok: false, error: { code: 'CANCELLED', message: 'the profile was cancelled' } };
    if (error instanceof PoolFault) return { ok: false, error: error.error };
    throw error;
  } finally {
    await lane.pool.destroy();
  }
}

/**
 * Profiles a function over its inputs. Fails with BUSY while a benchmark or another profile runs,
 * with the user's error when the inputs or the function fail, CANCELLED when cancelled.
 */
export async function profileFunction(params: ProfileParams, hooks: RunHooks): Promise<Reply<Profiled>> {
  const startedAt = Date.now();
  return bundledRun(params, hooks, {
    busy: 'a benchmark or a profile is already running: wait for it to finish or cancel it',
    announce: `profiling ${path.basename(params.target.file)}#${params.target.name}: bundling`,
    noun: 'profile',
    finished: (profiled) => profiled.result.summary,
  }, (ctx, bundlePath) => profileBundle(params, ctx, bundlePath, startedAt));
}
