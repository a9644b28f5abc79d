/**
 * The serial baseline: the inputs are evaluated in a worker, then one worker runs all of them in a
 * single task per trial. The baseline is what the user pays today, the function's own time over
 * the inputs in one thread: it is timed inside the worker, so the one message that carries every
 * input there and every result back is not counted (it is reported apart, as `transferMs`). Every
 * input meets a worker here first, so this is where an input that hangs or kills its worker is
 * found: it is reported, left out, and the run goes on with a fresh worker and the other inputs.
 */
import type { Reply, RunError } from '../../protocol/results';
import type { Thrown } from '../worker/messages';
import type { CpuSample } from './cpuBound';
import type { RunContext } from './runContext';
import type { Executor } from '../executors/executor';
import { Cancelled, PoolFault } from './taskPool';
import { type Outcomes, runTrial, type TrialResult } from './runTrial';

/** Inputs run untimed first, so the timed trials measure JIT-compiled code. */
const warmUpItems = 4;

/**
 * Work a second, longer warm-up runs when the inputs are cheap: V8 optimises a function after
 * thousands of calls, not four, and with the baseline timed without messaging a first trial
 * still running unoptimised code would be twice the others (15 against 37 ms over 200,000 pairs).
 */
const warmUpWorkMs = 20;

/**
 * Inputs a run leaves out for hanging or killing their worker before it gives up: each one costs
 * a task timeout or a worker start, and a function that fails that way on many inputs needs fixing
 * before its speed means anything.
 */
export const maxFaultyInputs = 3;

/**
 * Inputs in a row that may time out before any input has finished: a function that hangs on
 * every input would otherwise cost maxFaultyInputs + 1 task timeouts (2 minutes by default).
 */
export const maxHangsBeforeAnyResult = 2;

/** Faults that one input causes and a fresh worker gets over. */
const inputFaults: ReadonlyArray<RunError['code']> = ['TASK_TIMEOUT', 'OUT_OF_MEMORY', 'WORKER_EXITED'];

/** Why a phase ended early, if it did. */
export type Stop = { kind: 'cancelled' } | { kind: 'fault'; error: RunError };

/** What the serial phase measured. */
export interface SerialMeasurement {
  items: unknown[];
  /** Indices of the inputs that run (those whose result can be cloned). */
  active: number[];
  /** What each input gave, in the first timed trial. */
  outcomes: Outcomes;
  /** The function's own time over the active inputs, per timed trial (measured inside the worker). */
  samplesMs: number[];
  /** Median over the timed trials of the round trip beyond the function's own time (moving the inputs and results); null before any. */
  transferMs: number | null;
  /** Loading the module in the first worker, from its reply to the inputs task. */
  moduleLoad: { ms: number; heapBytes: number } | null;
  /** Median of the per-input compute time across trials. */
  perItemMs: number;
  memoryBytes: number;
  /** CPU against wall time of the timed trials' inputs, inside the worker. */
  cpu: CpuSample;
  stop?: Stop;
}

/** Turns what a phase was stopped by into a Stop, rethrowing anything else. */
export function stopFor(error: unknown): Stop {
  if (error instanceof Cancelled) return { kind: 'cancelled' };
  if (error instanceof PoolFault) return { kind: 'fault', error: error.error };
  throw error;
}

async function evaluateInputs(pool: Executor, measurement: SerialMeasurement): Promise<Reply<unknown[]>> {
  try {
    const reply = await pool.run({ kind: 'inputs' }, 'the inputs expression');
    if (reply.kind === 'inputs') {
      // This worker is fresh, so it loaded the module for this task: what every worker pays once.
      if (reply.loadMs !== undefined) measurement.moduleLoad = { ms: reply.loadMs, heapBytes: reply.loadHeapBytes ?? 0 };
      return { ok: true, value: reply.items };
    }
    if (reply.kind === 'failed') return { ok: false, error: { code: reply.code, message: reply.message, ...(reply.stack === undefined ? {} : { stack: reply.stack }) } };
    return { ok: false, error: { code: 'INTERNAL', message: `the worker answered the inputs task with ${reply.kind}` } };
  } catch (error) {
    if (error instanceof PoolFault && error.error.code === 'NOT_CLONEABLE') {
      return { ok: false, error: { code: 'INPUTS_FAILED', message: 'the inputs cannot be sent between threads: make the expression give plain data (numbers, strings, arrays, objects, typed arrays)' } };
    }
    throw error;
  }
}

/** Takes the inputs whose results cannot be cloned out of the run, with an error for each. */
function exclude(ctx: RunContext, measurement: SerialMeasurement, trial: TrialResult): void {
  for (const index of trial.uncloneable) {
    const why = trial.uncloneableWhy.get(index) ?? 'cannot be sent between threads: return plain data';
    ctx.addError({ code: 'NOT_CLONEABLE', inputIndex: index, message: `the result of input ${index} ${why}` });
  }
  const gone = new Set(trial.uncloneable);
  measurement.active = measurement.active.filter((index) => !gone.has(index));
}

function recordThrows(ctx: RunContext, thrown: Outcomes['thrown']): void {
  for (const index of [...thrown.keys()].sort((a, b) => a - b)) {
    const { name, message, stack } = thrown.get(index) as Thrown;
    ctx.addError({ code: 'TASK_THREW', inputIndex: index, message: `${name}: ${message}`, ...(stack === undefined ? {} : { stack }) });
  }
}

/** The one-worker pool the serial phase runs on, replaced after an input took its worker down. */
interface SerialLane {
  pool: Executor;
  /** Inputs left out so far for a fault. */
  faulty: number;
  /** Whether any input has finished (a pass returned, or a fault came after the first input of its pass). */
  finished: boolean;
  /** The inputs that timed out in a row while none had finished. */
  hungInARow: number[];
}

/**
 * The fault that ends the phase when inputs keep hanging before any has finished: the function
 * likely never returns, and every further input would cost one more task timeout to learn it.
 */
function hungBeforeAnyResult(lane: SerialLane, fault: PoolFault, inputIndex: number): PoolFault | undefined {
  if (fault.error.code !== 'TASK_TIMEOUT' || lane.finished) {
    lane.hungInARow = [];
    return undefined;
  }
  lane.hungInARow.push(inputIndex);
  if (lane.hungInARow.length < maxHangsBeforeAnyResult) return undefined;
  const inputs = lane.hungInARow.map((index) => `input ${index}`).join(' and ');
  return new PoolFault({ ...fault.error, message: `${fault.error.message}; ${inputs} hung in a row before any input finished, so the run stopped there` }, true);
}

/**
 * Leaves out the input a fault names, if it is a per-input fault and the run may still drop one:
 * reports it, and gives the lane a fresh worker. False means the fault ends the phase; a fault
 * to end it with instead of the one given is thrown.
 */
async function leaveOut(ctx: RunContext, lane: SerialLane, measurement: SerialMeasurement, error: unknown, indices: readonly number[]): Promise<boolean> {
  if (!(error instanceof PoolFault) || error.error.inputIndex === undefined || !inputFaults.includes(error.error.code)) return false;
  const { inputIndex } = error.error;
  // The pass runs its inputs in order: those before the one that failed have finished.
  if (inputIndex !== indices[0]) lane.finished = true;
  const stop = hungBeforeAnyResult(lane, error, inputIndex);
  if (stop !== undefined) throw stop;
  if (lane.faulty >= maxFaultyInputs) return false;
  lane.faulty++;
  ctx.addError({ ...error.error, message: `${error.error.message}; the run went on without it` });
  measurement.active = measurement.active.filter((index) => index !== inputIndex);
  ctx.hooks.log(`input ${inputIndex} left out (${error.error.code}); starting a fresh worker`);
  await lane.pool.destroy();
  lane.pool = ctx.createPool(1);
  return true;
}

/** The median (upper middle) of a few samples. */
function middle(samples: readonly number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;
}

async function timeTrials(ctx: RunContext, lane: SerialLane, measurement: SerialMeasurement): Promise<void> {
  const { trials } = ctx.settings;
  const perItem: number[] = [];
  const transfer: number[] = [];
  /**
   * One pass over the inputs `select` picks from the active ones; a pass that an input took down
   * timed a hang or a crash, so that input is left out and the pass runs again. Undefined once no
   * input is left.
   */
  const trialOf = async (select: (active: number[]) => number[]): Promise<TrialResult | undefined> => {
    for (;;) {
      const indices = select(measurement.active);
      if (indices.length === 0) return undefined;
      try {
        // Until a trial is timed, the worker also looks for class instances among the results.
        const trial = await runTrial({ pool: lane.pool, items: measurement.items, chunks: [indices], lanes: 1, spread: ctx.spread, inspect: measurement.samplesMs.length === 0 });
        lane.finished = true;
        return trial;
      } catch (error) {
        if (!(await leaveOut(ctx, lane, measurement, error, indices))) throw error;
      }
    }
  };

  ctx.step('serial, warm-up');
  const warmUp = await trialOf((active) => active.slice(0, warmUpItems));
  if (warmUp === undefined) return;
  exclude(ctx, measurement, warmUp);
  measurement.memoryBytes = warmUp.memoryBytes;
  // Unoptimised calls are slower than optimised ones, so this estimate errs towards fewer inputs.
  const perItemGuess = warmUp.computeMs / Math.max(1, Math.min(warmUpItems, measurement.active.length));
  const more = Math.min(measurement.active.length, perItemGuess > 0 ? Math.ceil(warmUpWorkMs / perItemGuess) : measurement.active.length);
  if (more > warmUpItems) {
    const longer = await trialOf((active) => active.slice(0, more));
    if (longer === undefined) return;
    exclude(ctx, measurement, longer);
  }
  while (measurement.samplesMs.length < trials && measurement.active.length > 0) {
    ctx.step(`serial, trial ${measurement.samplesMs.length + 1} of ${trials}`);
    const trial = await trialOf((active) => active);
    if (trial === undefined) return;
    measurement.memoryBytes = Math.max(measurement.memoryBytes, trial.memoryBytes);
    if (trial.uncloneable.length > 0) {
      // That pass also timed the search for the culprits: drop it and time the rest again.
      exclude(ctx, measurement, trial);
      continue;
    }
    if (measurement.samplesMs.length === 0) {
      measurement.outcomes = { values: trial.values, thrown: trial.thrown };
      recordThrows(ctx, trial.thrown);
    }
    // What the user pays today is the function over the inputs, not the message that carried them here.
    measurement.samplesMs.push(trial.computeMs);
    transfer.push(Math.max(0, trial.ms - trial.computeMs));
    measurement.transferMs = middle(transfer);
    measurement.cpu = { cpuMs: measurement.cpu.cpuMs + trial.cpuMs, wallMs: measurement.cpu.wallMs + trial.computeMs, method: trial.cpuMethod };
    perItem.push(trial.computeMs / measurement.active.length);
    // Kept current after every trial, so a run cancelled midway still reports it.
    measurement.perItemMs = middle(perItem);
    const cpu = (trial.cpuMs / Math.max(1e-9, trial.computeMs) * 100).toFixed(0);
    ctx.hooks.log(`serial trial ${measurement.samplesMs.length}: ${trial.computeMs.toFixed(1)} ms computing (${trial.ms.toFixed(1)} ms with the round trip to its worker), ${cpu}% CPU`);
  }
}

/** Evaluates the inputs and times the serial baseline; an error reply means nothing could be measured. */
export async function measureSerial(ctx: RunContext): Promise<Reply<SerialMeasurement>> {
  const lane: SerialLane = { pool: ctx.createPool(1), faulty: 0, finished: false, hungInARow: [] };
  const measurement: SerialMeasurement = {
    items: [], active: [], outcomes: { values: [], thrown: new Map() }, samplesMs: [], transferMs: null, moduleLoad: null,
    perItemMs: 0, memoryBytes: 0, cpu: { cpuMs: 0, wallMs: 0, method: 'eventLoopUtilization' },
  };
  try {
    ctx.step('evaluating the inputs');
    const inputs = await evaluateInputs(lane.pool, measurement);
    if (!inputs.ok) return inputs;
    measurement.items = inputs.value;
    measurement.active = inputs.value.map((_, index) => index);
    ctx.hooks.log(`${inputs.value.length} inputs`);
    await timeTrials(ctx, lane, measurement);
    return { ok: true, value: measurement };
  } catch (error) {
    const stop = stopFor(error);
    // Before the inputs exist there is nothing to report but the failure itself.
    if (measurement.items.length === 0 && stop.kind === 'fault') return { ok: false, error: stop.error };
    // A fault from the target itself (not a function, module threw) before any timing is the user's error.
    if (stop.kind === 'fault' && measurement.samplesMs.length === 0 && ['NOT_A_FUNCTION', 'FUNCTION_NOT_FOUND', 'TASK_THREW', 'INITIALIZER_FAILED'].includes(stop.error.code)) {
      return { ok: false, error: stop.error };
    }
    return { ok: true, value: { ...measurement, stop } };
  } finally {
    await lane.pool.destroy();
  }
}
