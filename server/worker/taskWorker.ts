/**
 * The piscina worker: loads the bundled user module once (and runs its initializer once), then
 * evaluates its inputs expression or runs the target function over a list of items, one by one
 * or with async concurrency, timing each call and keeping each throw apart.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { threadId, workerData as rawWorkerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { whyNotCloneable, whyNotPlain } from './cloneCheck';
import { cpuMethod, cpuNowMs } from './cpuClock';
import { maxInputs } from './inputLimit';
import type { FailedReply, InputsReply, ProfileReply, ProfileTask, RunReply, RunTask, Thrown, WorkerData, WorkerTask } from './messages';
import { captureOutput, type OutputSite, takeOutput } from './outputCapture';
import { packValues, unpackValues } from './packedValues';
import { profileTarget } from './profileTask';
import { transferableBuffers } from './transfer';
import { watchdogSlotSize, watchedPhase } from './watchdog';

/** The names bundleFunction appends to the user's module. */
interface BundledModule {
  __parallelizeTarget: () => unknown;
  __parallelizeReceiver: () => unknown;
  __parallelizeInputs: () => unknown;
  /** Present only when the run names an initializer. */
  __parallelizeInitializer?: () => unknown;
  __parallelizeCallInitializer?: () => unknown;
}

type UserFunction = (...args: unknown[]) => unknown;

const data = rawWorkerData as WorkerData;
const watchdog = new Float64Array(data.watchdog);
// Stacks of user errors should point at the .ts line the user wrote, not at the bundle: the
// bundle carries an inline source map, and Node applies it only if enabled before it loads.
process.setSourceMapsEnabled(true);

/** What is running, for attributing what it prints: the hot loop stores the item's position here. */
let site: OutputSite = 'outside';
/** The position of the call a write comes from when calls run concurrently (the async alternative). */
const concurrentSite = new AsyncLocalStorage<number>();
captureOutput(() => concurrentSite.getStore() ?? site);

let loaded: BundledModule | undefined;
/** Numbers each call this worker starts, so the engine can tell a stuck call from the next one. */
let calls = 0;

/** What loading the module cost this worker: top-level work (test data) is redone in every worker. */
let loadCost: { loadMs: number; loadHeapBytes: number } | undefined;

function heapInUse(): number {
  const heap = getHeapStatistics();
  return heap.used_heap_size + heap.external_memory;
}

/**
 * Runs a phase of user code other than a call (the module's top level, the initializer) watched on
 * `slot`, so that code which never returns times out as a hung input does.
 */
async function watched<T>(slot: number, phase: number, work: () => Promise<T>): Promise<T> {
  const at = slot * watchdogSlotSize;
  const canWatch = at + 1 < watchdog.length;
  if (canWatch) {
    watchdog[at + 1] = phase;
    watchdog[at] = ++calls;
  }
  try {
    return await work();
  } finally {
    if (canWatch) watchdog[at] = 0;
  }
}

async function loadModule(slot: number): Promise<BundledModule> {
  if (loaded !== undefined) return loaded;
  return watched(slot, watchedPhase.load, loadUnwatched);
}

async function loadUnwatched(): Promise<BundledModule> {
  if (loaded !== undefined) return loaded;
  site = 'load';
  const heapBefore = heapInUse();
  const start = performance.now();
  try {
    // An ES-module bundle (top-level await, import.meta) can only be imported; a CommonJS one is
    // required, so its load stays synchronous. The path is known only at run time, so neither may
    // be in esbuild's reach.
    loaded = data.bundlePath.endsWith('.mjs')
      ? (await import(pathToFileURL(data.bundlePath).href)) as BundledModule
      : createRequire(__filename)(data.bundlePath) as BundledModule;
    loadCost = { loadMs: performance.now() - start, loadHeapBytes: Math.max(0, heapInUse() - heapBefore) };
  } finally {
    site = 'outside';
  }
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
    mod = await loadModule(0);
  } catch (error) {
    return failed('TASK_THREW', `the module threw while loading: ${describe(error).message}`, error);
  }
  let items: unknown;
  // Watched on slot 0 at position -1, so a runaway inputs expression times out like an input does.
  watchdog[1] = -1;
  watchdog[0] = ++calls;
  site = 'inputs';
  try {
    items = await mod.__parallelizeInputs();
  } catch (error) {
    return failed('INPUTS_FAILED', `the inputs expression threw: ${describe(error).message}`, error);
  } finally {
    watchdog[0] = 0;
    site = 'outside';
  }
  if (!Array.isArray(items)) {
    const what = items === null ? 'null' : typeof items;
    return failed('INPUTS_NOT_ARRAY', `the inputs expression gave ${what}, not an array: write an expression such as [1, 2, 3]`);
  }
  if (items.length === 0) return failed('INPUTS_EMPTY', 'the inputs expression gave an empty array: give at least one input');
  if (items.length > maxInputs) {
    // Refused before the reply is sent: cloning it is what would hold the engine's thread.
    const limit = maxInputs.toLocaleString('en-US');
    return failed('INPUTS_TOO_MANY', `the inputs expression gave ${items.length.toLocaleString('en-US')} inputs, more than the ${limit} a run takes: give a sample of at most ${limit} (a few thousand inputs usually show the same speedup)`);
  }
  return { kind: 'inputs', items: dense(items), memoryBytes: memoryBytes(), ...loadCost };
}

/**
 * The array with its holes (`new Array(5)`) as undefined inputs, as a for loop over it sees them:
 * a hole would otherwise stay a hole in every index list the engine maps from it, and drop out.
 */
function dense(items: unknown[]): unknown[] {
  for (let i = 0; i < items.length; i++) if (!(i in items)) return Array.from(items);
  return items;
}

async function resolveTarget(slot: number): Promise<{ fn: UserFunction; receiver: unknown; mod: BundledModule } | FailedReply> {
  let mod: BundledModule;
  try {
    mod = await loadModule(slot);
  } catch (error) {
    return failed('TASK_THREW', `the module threw while loading: ${describe(error).message}`, error);
  }
  try {
    const fn = mod.__parallelizeTarget();
    if (typeof fn !== 'function') return failed('NOT_A_FUNCTION', `the target is ${typeof fn}, not a function`);
    return { fn: fn as UserFunction, receiver: mod.__parallelizeReceiver(), mod };
  } catch (error) {
    // The name does not exist in the module (a ReferenceError from the appended getter).
    return failed('FUNCTION_NOT_FOUND', `the function could not be reached: ${describe(error).message}`);
  }
}

/** Replaces each value that cannot be cloned by undefined and says why, naming what it holds and where. */
function dropUncloneable(values: unknown[]): RunReply['uncloneable'] {
  const dropped: RunReply['uncloneable'] = [];
  values.forEach((value, position) => {
    try {
      structuredClone(value);
    } catch (error) {
      dropped.push({ position, reason: whyNotCloneable(value, error) });
      values[position] = undefined;
    }
  });
  return dropped;
}

/** Replaces each value that is or holds a class instance by undefined, and says which class and where. */
function dropInstances(values: unknown[], into: RunReply['uncloneable']): void {
  for (let position = 0; position < values.length; position++) {
    if (!(position in values)) continue;
    const reason = whyNotPlain(values[position]);
    if (reason === undefined) continue;
    into.push({ position, reason });
    values[position] = undefined;
  }
}

let initialized: Promise<FailedReply | undefined> | undefined;

/** Runs the named initializer once per worker, before its first task; its failure fails every task. */
function initializeOnce(mod: BundledModule): Promise<FailedReply | undefined> {
  initialized ??= (async () => {
    const getter = mod.__parallelizeInitializer;
    if (getter === undefined) return undefined;
    let init: unknown;
    try {
      init = getter();
    } catch (error) {
      return failed('INITIALIZER_FAILED', `the initializer could not be reached: ${describe(error).message} (name an export of the function's module)`);
    }
    if (typeof init !== 'function') return failed('INITIALIZER_FAILED', `the initializer is ${typeof init}, not a function`);
    site = 'initializer';
    try {
      await mod.__parallelizeCallInitializer?.();
      return undefined;
    } catch (error) {
      const { name, message } = describe(error);
      return failed('INITIALIZER_FAILED', `the initializer threw ${name}: ${message}`, error);
    } finally {
      site = 'outside';
    }
  })();
  return initialized;
}

/** Calls the function with one item, spread into the argument list when the run says so. */
function invoke(fn: UserFunction, receiver: unknown, item: unknown, spread: boolean): unknown {
  return spread && Array.isArray(item) ? fn.apply(receiver, item) : fn.call(receiver, item);
}

/** Where one task's outcomes go. */
interface Outcomes {
  values: unknown[];
  /** Wall time spent calling the function: only its total is ever used. */
  computeMs: number;
  /** CPU (or event-loop active) time of the whole task. */
  cpuMs: number;
  thrown: Thrown[];
}

function threw(out: Outcomes, position: number, error: unknown): void {
  out.thrown.push({ position, ...describe(error) });
}

/**
 * One call after another. No clock is read per input, and no object is made per input: a 10 µs
 * function over 200,000 inputs feels every nanosecond spent here. Only a promise costs an await,
 * so synchronous work stays on this turn.
 */
async function runInOrder(task: RunTask, fn: UserFunction, receiver: unknown, out: Outcomes): Promise<void> {
  const slot = task.slot * watchdogSlotSize;
  const canWatch = slot + 1 < watchdog.length;
  const { items, spread } = task;
  const cpuStart = cpuNowMs();
  const start = performance.now();
  for (let position = 0; position < items.length; position++) {
    if (canWatch) {
      watchdog[slot + 1] = position;
      watchdog[slot] = ++calls;
    }
    site = position;
    let value: unknown;
    try {
      value = invoke(fn, receiver, items[position], spread);
      if (value instanceof Promise) value = await value;
    } catch (error) {
      threw(out, position, error);
      value = undefined;
    }
    // Pushed, never assigned past the end: a holey array is cloned one keyed property at a time, 3× slower.
    out.values.push(value);
  }
  out.computeMs = performance.now() - start;
  out.cpuMs = cpuNowMs() - cpuStart;
  site = 'outside';
  if (canWatch) watchdog[slot] = 0;
}

/** Up to `concurrency` calls in flight; the watchdog slot always shows the oldest running one. */
async function runConcurrently(task: RunTask, concurrency: number, fn: UserFunction, receiver: unknown, out: Outcomes): Promise<void> {
  const slot = task.slot * watchdogSlotSize;
  const canWatch = slot + 1 < watchdog.length;
  // Position → call number, in the order the calls started.
  const running = new Map<number, number>();
  // Filled before the calls land out of order, so the array stays packed (see runInOrder).
  for (let position = 0; position < task.items.length; position++) out.values.push(undefined);
  const watch = (): void => {
    if (!canWatch) return;
    const [oldest] = running;
    if (oldest === undefined) {
      watchdog[slot] = 0;
      return;
    }
    // Map iteration follows insertion order, so the first entry started first.
    watchdog[slot + 1] = oldest[0];
    watchdog[slot] = oldest[1];
  };
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < task.items.length) {
      const position = next++;
      const start = performance.now();
      running.set(position, ++calls);
      watch();
      try {
        out.values[position] = await concurrentSite.run(position, () => invoke(fn, receiver, task.items[position], task.spread));
      } catch (error) {
        threw(out, position, error);
      }
      out.computeMs += performance.now() - start;
      running.delete(position);
      watch();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, task.items.length) }, runner));
}

async function runItems(task: RunTask): Promise<RunReply | FailedReply> {
  const target = await resolveTarget(task.slot);
  if ('kind' in target) return target;
  const initFailure = await watched(task.slot, watchedPhase.initializer, () => initializeOnce(target.mod));
  if (initFailure !== undefined) return initFailure;
  const { fn, receiver } = target;
  const out: Outcomes = { values: [], computeMs: 0, cpuMs: 0, thrown: [] };
  if (task.concurrency === undefined) await runInOrder(task, fn, receiver, out);
  else await runConcurrently(task, task.concurrency, fn, receiver, out);
  const uncloneable = task.checkClone === true ? dropUncloneable(out.values) : [];
  if (task.inspect === true) dropInstances(out.values, uncloneable);
  return { kind: 'run', ...out, cpuMethod, threadId, uncloneable, memoryBytes: memoryBytes() };
}

/** Profiles the target over the items, each call watched on slot 0 as a serial pass's are. */
async function profileItems(task: ProfileTask): Promise<ProfileReply | FailedReply> {
  const target = await resolveTarget(0);
  if ('kind' in target) return target;
  const initFailure = await watched(0, watchedPhase.initializer, () => initializeOnce(target.mod));
  if (initFailure !== undefined) return initFailure;
  const { fn, receiver } = target;
  return profileTarget(task, fn, receiver, {
    enter: (position) => {
      watchdog[1] = position;
      watchdog[0] = ++calls;
      site = position;
      return task.items[position];
    },
    idle: () => {
      watchdog[0] = 0;
      site = 'outside';
    },
    describe,
  });
}

/** Now on the clock the engine reads too: performance.now() alone counts from this thread's start. */
function alignedNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The reply, marked for piscina to move the large buffers it holds rather than copy them. With
 * `pack`, its values go as one moved buffer instead, unless large buffers among them can move as
 * they are (packing would copy them) or V8's serializer refuses one (the clone then says which).
 */
function withTransfers(reply: RunReply | FailedReply, pack: boolean): unknown {
  if (reply.kind !== 'run') return reply;
  const buffers = transferableBuffers(reply.values);
  const packed = pack && buffers.length === 0 ? packValues(reply.values) : undefined;
  if (packed !== undefined) return move({ [transferableSymbol]: [packed.buffer], [valueSymbol]: { ...reply, values: [], packedValues: packed } });
  if (buffers.length === 0) return reply;
  return move({ [transferableSymbol]: buffers, [valueSymbol]: reply });
}

/** The task before the last one handed over: a worker may be handed its next task early, and runs it after. */
let previous: Promise<unknown> = Promise.resolve();

/**
 * The piscina handler: one task in, one reply out; user errors never escape as rejections. The
 * engine hands a worker its next task while the current one runs, so that it starts at once: it
 * waits its turn here, as a call that awaits would otherwise let it start alongside.
 */
export default function handleTask(task: WorkerTask): Promise<unknown> {
  const mine = previous.then(() => runTask(task));
  previous = mine.catch(() => undefined);
  return mine;
}

async function runTask(task: WorkerTask): Promise<unknown> {
  const packed = task.kind === 'run' && task.packedItems !== undefined;
  if (task.kind === 'run' && task.packedItems !== undefined) task = { ...task, items: unpackValues(task.packedItems) };
  const startedAt = alignedNow();
  const reply = task.kind === 'inputs' ? await evaluateInputs() : task.kind === 'profile' ? await profileItems(task) : await runItems(task);
  // What the task printed (and anything printed outside a call since the last task) goes with it.
  const output = takeOutput();
  if (output !== undefined) reply.output = output;
  if (reply.kind !== 'run') return reply;
  reply.startedAt = startedAt;
  reply.finishedAt = alignedNow();
  return withTransfers(reply, packed);
}
