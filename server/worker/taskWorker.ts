/**
 * The piscina worker: loads the bundled user module once, then evaluates its inputs expression or
 * runs the target function over a list of items, timing each call and keeping each throw apart.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { workerData as rawWorkerData } from 'node:worker_threads';
import type { FailedReply, InputsReply, RunReply, RunTask, Thrown, WorkerData, WorkerTask } from './messages';
import { watchdogSlotSize } from './watchdog';

/** The names bundleFunction appends to the user's module. */
interface BundledModule {
  __parallelizeTarget: () => unknown;
  __parallelizeReceiver: () => unknown;
  __parallelizeInputs: () => unknown;
}

type UserFunction = (...args: unknown[]) => unknown;

const data = rawWorkerData as WorkerData;
const watchdog = new Float64Array(data.watchdog);
// Stacks of user errors should point at the .ts line the user wrote, not at the bundle: the
// bundle carries an inline source map, and Node applies it only if enabled before it loads.
process.setSourceMapsEnabled(true);

let loaded: BundledModule | undefined;

function loadModule(): BundledModule {
  // The bundle path is known only at run time, so this require must stay out of esbuild's reach.
  loaded ??= createRequire(__filename)(data.bundlePath) as BundledModule;
  return loaded;
}

/** Drops the frames below the user's code (this file and Node internals), which only add noise. */
function userStack(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return undefined;
  const lines = error.stack.split('\n');
  const cut = lines.findIndex((line, i) => i > 0 && (line.includes(__filename) || line.includes('taskWorker.ts')));
  return (cut > 0 ? lines.slice(0, cut) : lines).join('\n');
}

function describe(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: userStack(error) };
  return { name: 'Error', message: `threw a non-Error value: ${String(error)}` };
}

function memoryBytes(): number {
  const heap = getHeapStatistics();
  return heap.total_heap_size + heap.external_memory + heap.malloced_memory;
}

function failed(code: FailedReply['code'], message: string, error?: unknown): FailedReply {
  const stack = error === undefined ? undefined : userStack(error);
  return { kind: 'failed', code, message, ...(stack === undefined ? {} : { stack }) };
}

async function evaluateInputs(): Promise<InputsReply | FailedReply> {
  let mod: BundledModule;
  try {
    mod = loadModule();
  } catch (error) {
    return failed('TASK_THREW', `the module threw while loading: ${describe(error).message}`, error);
  }
  let items: unknown;
  // Watched on slot 0 with index -1, so a runaway inputs expression times out like an input does.
  watchdog[1] = -1;
  watchdog[0] = performance.timeOrigin + performance.now();
  try {
    items = await mod.__parallelizeInputs();
  } catch (error) {
    return failed('INPUTS_FAILED', `the inputs expression threw: ${describe(error).message}`, error);
  } finally {
    watchdog[0] = 0;
  }
  if (!Array.isArray(items)) {
    const what = items === null ? 'null' : typeof items;
    return failed('INPUTS_NOT_ARRAY', `the inputs expression gave ${what}, not an array: write an expression such as [1, 2, 3]`);
  }
  if (items.length === 0) return failed('INPUTS_EMPTY', 'the inputs expression gave an empty array: give at least one input');
  return { kind: 'inputs', items, memoryBytes: memoryBytes() };
}

function resolveTarget(): { fn: UserFunction; receiver: unknown } | FailedReply {
  let mod: BundledModule;
  try {
    mod = loadModule();
  } catch (error) {
    return failed('TASK_THREW', `the module threw while loading: ${describe(error).message}`, error);
  }
  try {
    const fn = mod.__parallelizeTarget();
    if (typeof fn !== 'function') return failed('NOT_A_FUNCTION', `the target is ${typeof fn}, not a function`);
    return { fn: fn as UserFunction, receiver: mod.__parallelizeReceiver() };
  } catch (error) {
    // The name does not exist in the module (a ReferenceError from the appended getter).
    return failed('FUNCTION_NOT_FOUND', `the function could not be reached: ${describe(error).message}`);
  }
}

/** Replaces each value that cannot be cloned by undefined and returns their positions. */
function dropUncloneable(values: unknown[]): number[] {
  const positions: number[] = [];
  values.forEach((value, position) => {
    try {
      structuredClone(value);
    } catch {
      positions.push(position);
      values[position] = undefined;
    }
  });
  return positions;
}

async function runItems(task: RunTask): Promise<RunReply | FailedReply> {
  const target = resolveTarget();
  if ('kind' in target) return target;
  const { fn, receiver } = target;
  const values: unknown[] = new Array<unknown>(task.items.length);
  const itemMs: number[] = new Array<number>(task.items.length);
  const thrown: Thrown[] = [];
  const slot = task.slot * watchdogSlotSize;
  const canWatch = slot + 1 < watchdog.length;
  for (let position = 0; position < task.items.length; position++) {
    const item = task.items[position];
    if (canWatch) {
      watchdog[slot + 1] = task.indices[position] ?? position;
      watchdog[slot] = performance.timeOrigin + performance.now();
    }
    const start = performance.now();
    try {
      const args = task.spread && Array.isArray(item) ? (item as unknown[]) : [item];
      let value = fn.apply(receiver, args);
      if (value instanceof Promise) value = await value;
      values[position] = value;
    } catch (error) {
      thrown.push({ position, ...describe(error) });
    }
    itemMs[position] = performance.now() - start;
  }
  if (canWatch) watchdog[slot] = 0;
  const uncloneable = task.checkClone === true ? dropUncloneable(values) : [];
  return { kind: 'run', values, itemMs, thrown, uncloneable, memoryBytes: memoryBytes() };
}

/** The piscina handler: one task in, one reply out; user errors never escape as rejections. */
export default async function handleTask(task: WorkerTask): Promise<InputsReply | RunReply | FailedReply> {
  return task.kind === 'inputs' ? evaluateInputs() : runItems(task);
}
