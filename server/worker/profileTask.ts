/**
 * The profile task: V8's sampling profiler, opened with node:inspector inside this worker, records
 * the target over its inputs. Never during a benchmark trial: it runs in a worker of its own.
 *
 * The profiler starts before the warm-up, and the recorded profile (a console profile, which runs
 * alongside) only after it. Code V8 compiled before `Profiler.start` is poorly known to the
 * profiler: on-stack-replaced loops of a warm-up done before the start had their samples filed
 * under the caller, the target gone from the profile (1 run in 4 here). Started first, every
 * compiled function is seen as it is made, and the warm-up's samples stay out of the figures.
 *
 * While it records, short console profiles alongside count the samples that fell inside the
 * target so far, so the passes stop once there are enough: the requested interval is only a
 * wish (on a loaded machine V8 took about half the samples asked for).
 */
import type { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import type { CpuProfile, FailedReply, ProfileReply, ProfileTask, TargetFrame, Thrown } from './messages';
import { samplesInside } from '../profile/samplesInside';

// Taken before the user's module loads, so code that replaces console methods cannot blind us.
// console.profile is V8's profiler API here, not output (it prints nothing).
// eslint-disable-next-line no-console
const startConsoleProfile = console.profile.bind(console);
// eslint-disable-next-line no-console
const endConsoleProfile = console.profileEnd.bind(console);

/** What the task worker lends the profiler: calls watched by its watchdog, output attributed to the item. */
export interface ProfileCalls {
  /** Marks the call on the item at `position` as running (watchdog, output) and returns the item. */
  enter(position: number): unknown;
  /** Marks that no call is running, so time spent in the profiler is never taken for a stuck input. */
  idle(): void;
  describe(error: unknown): Omit<Thrown, 'position'>;
}

/** Warm-up: at least one pass and this long, and until calls stop getting faster, so V8 has optimised what it will. */
const warmUpMinMs = 50;
/** ...but no longer than this (a single call may still exceed it: a call is never cut). */
const warmUpMaxMs = 1000;
/** The warm-up compares call rates over windows this long at least, and of a whole pass's calls at least. */
const warmUpWindowMs = 20;
/** A window this much faster than the best before it means V8 is still optimising. */
const warmUpGain = 1.05;
/** Windows in a row without such a gain that end the warm-up. */
const warmUpFlatWindows = 2;
/** Samples aimed at beyond the minimum, so a count just short of it does not need another probe. */
const sampleMargin = 1.1;

type Call = (fn: (...args: unknown[]) => unknown, receiver: unknown, item: unknown, spread: boolean) => unknown;

let callOnce: Call | undefined;

/**
 * The one function that calls the target, kept from ever being optimised. Optimised, V8 would
 * inline a small target into it and file the target's samples under this worker's loop: a
 * one-line function then got no sample at all. Unoptimised, it makes a real call every time, and
 * the target (optimised as it would be anyway, its own helpers inlined) keeps a frame of its own.
 * Natives syntax is switched on only to mark it, and only in the worker that profiles.
 */
function targetCaller(): Call {
  if (callOnce !== undefined) return callOnce;
  const call: Call = (fn, receiver, item, spread) => (spread && Array.isArray(item) ? fn.apply(receiver, item) : fn.call(receiver, item));
  try {
    setFlagsFromString('--allow-natives-syntax');
    // Natives syntax is only read by code parsed now, hence code made at run time.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    (new Function('f', '%NeverOptimizeFunction(f)') as (f: Call) => void)(call);
  } catch {
    // A runtime without natives syntax still profiles; a tiny target may then be inlined.
  } finally {
    setFlagsFromString('--no-allow-natives-syntax');
  }
  callOnce = call;
  return call;
}

/** Where the target's code is, as the profile's call frames name it; follows a bound function to its target. */
async function locate(session: Session, fn: unknown): Promise<TargetFrame | undefined> {
  const key = `__parallelizeProfileTarget${process.pid}`;
  (globalThis as Record<string, unknown>)[key] = fn;
  const held: string[] = [];
  try {
    let { result } = await session.post('Runtime.evaluate', { expression: `globalThis.${key}` });
    for (let hop = 0; hop < 4 && result.objectId !== undefined; hop++) {
      held.push(result.objectId);
      const { internalProperties = [] } = await session.post('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
      const location = internalProperties.find((property) => property.name === '[[FunctionLocation]]')?.value?.value as TargetFrame | undefined;
      if (location !== undefined) return { scriptId: String(location.scriptId), lineNumber: location.lineNumber, columnNumber: location.columnNumber };
      const bound = internalProperties.find((property) => property.name === '[[TargetFunction]]')?.value;
      if (bound === undefined) return undefined;
      result = bound;
    }
    return undefined;
  } finally {
    delete (globalThis as Record<string, unknown>)[key];
    for (const objectId of held) await session.post('Runtime.releaseObject', { objectId }).catch(() => undefined);
  }
}

/** The calls of one task, in passes over its items, keeping each item's first throw. */
class Passes {
  calls = 0;
  returned = 0;
  readonly thrown = new Map<number, Thrown>();
  private readonly call = targetCaller();

  constructor(private readonly task: ProfileTask, private readonly fn: (...args: unknown[]) => unknown, private readonly receiver: unknown, private readonly lent: ProfileCalls) {}

  /** Makes the next call (items in order, round and round); a promise only when the call gave one, so synchronous calls never wait a turn. */
  next(): Promise<void> | undefined {
    const position = this.calls % this.task.items.length;
    this.calls++;
    let value: unknown;
    try {
      value = this.call(this.fn, this.receiver, this.lent.enter(position), this.task.spread);
    } catch (error) {
      this.threw(position, error);
      return undefined;
    }
    if (!(value instanceof Promise)) {
      this.returned++;
      this.lent.idle();
      return undefined;
    }
    return value.then(
      () => {
        this.returned++;
        this.lent.idle();
      },
      (error: unknown) => this.threw(position, error),
    );
  }

  private threw(position: number, error: unknown): void {
    if (!this.thrown.has(position)) this.thrown.set(position, { position, ...this.lent.describe(error) });
    this.lent.idle();
  }
}

/**
 * Calls the target until its call rate stops rising: on a busy machine V8 can take longer than a
 * fixed 50 ms to optimise, and a profile taken before then files most samples under code that is
 * about to be replaced (a fill loop was 36 % of the first 60 calls and 6 % after). Windows hold
 * whole passes' worth of calls, so items of different cost are compared like with like.
 */
async function warmUp(passes: Passes, itemCount: number): Promise<void> {
  const clock = new Clock();
  const start = performance.now();
  let windowStart = start;
  let windowCalls = 0;
  let best = 0;
  let flat = 0;
  for (;;) {
    const pending = passes.next();
    if (pending !== undefined) await pending;
    const now = clock.tick();
    if (now === undefined) continue;
    const elapsed = now - start;
    if (elapsed >= warmUpMaxMs) return;
    const calls = passes.calls - windowCalls;
    if (now - windowStart < warmUpWindowMs || calls < itemCount) continue;
    const rate = calls / (now - windowStart);
    if (rate > best * warmUpGain) {
      best = rate;
      flat = 0;
    } else {
      flat++;
    }
    windowStart = now;
    windowCalls = passes.calls;
    if (flat >= warmUpFlatWindows && elapsed >= warmUpMinMs) return;
  }
}

/**
 * Reads the clock every so many calls, about every 0.2–2 ms: a nanosecond function called in a
 * loop would otherwise spend its profile reading the clock.
 */
class Clock {
  private every = 1;
  private count = 0;
  private last = performance.now();

  /** The time now, or undefined when this call need not look. */
  tick(): number | undefined {
    if (++this.count < this.every) return undefined;
    this.count = 0;
    const now = performance.now();
    const gap = now - this.last;
    this.last = now;
    if (gap < 0.2 && this.every < 4096) this.every *= 2;
    else if (gap > 2 && this.every > 1) this.every >>= 1;
    return now;
  }
}

/** Counts, with short console profiles beside the recorded one, the samples inside the target so far. */
class SampleCounter {
  private counted = 0;
  private probe = 0;
  private probeStartedAt = 0;
  private open = false;

  constructor(private readonly title: string, private readonly target: TargetFrame, private readonly finished: Map<string, CpuProfile>) {}

  get samples(): number {
    return this.counted;
  }

  start(): void {
    this.probe++;
    this.probeStartedAt = performance.now();
    this.open = true;
    startConsoleProfile(this.probeTitle());
  }

  /** Ends the probe and counts it; returns the samples inside the target per ms of that probe. */
  async count(): Promise<number> {
    const profile = await this.end();
    this.finished.delete(this.probeTitle());
    const inside = profile === undefined ? 0 : samplesInside(profile, this.target).count;
    this.counted += inside;
    return inside / Math.max(1e-3, performance.now() - this.probeStartedAt);
  }

  /** Ends the probe, if one is open, and returns its profile. */
  async end(): Promise<CpuProfile | undefined> {
    if (!this.open) return undefined;
    this.open = false;
    const profile = await endProfile(this.probeTitle(), this.finished);
    return profile;
  }

  private probeTitle(): string {
    return `${this.title}-probe-${this.probe}`;
  }
}

/**
 * Ends a console profile and takes it from what the session heard. Node delivers the event during
 * the call; one turn of the event loop more is allowed, should a version queue it.
 */
async function endProfile(title: string, finished: Map<string, CpuProfile>): Promise<CpuProfile | undefined> {
  endConsoleProfile(title);
  if (!finished.has(title)) await new Promise((resolve) => setImmediate(resolve));
  const profile = finished.get(title);
  finished.delete(title);
  return profile;
}

/**
 * Profiles `fn` over the task's items. The profile comes back whole; the engine maps it to
 * TypeScript. Faults behave as in a run: `enter` shows each call to the watchdog, which times out a hang.
 */
export async function profileTarget(task: ProfileTask, fn: (...args: unknown[]) => unknown, receiver: unknown, lent: ProfileCalls): Promise<ProfileReply | FailedReply> {
  // Loaded here, not at the top: every benchmark worker loads this file, and node:inspector costs it 4 ms.
  const inspector = await import('node:inspector/promises');
  const session = new inspector.Session();
  session.connect();
  const finished = new Map<string, CpuProfile>();
  session.on('Profiler.consoleProfileFinished', (message) => finished.set(message.params.title ?? '', message.params.profile as CpuProfile));
  const title = `parallelize-${process.pid}-${Date.now()}`;
  try {
    const target = await locate(session, fn);
    if (target === undefined) {
      return { kind: 'failed', code: 'NOT_A_FUNCTION', message: 'the target is not JavaScript code the profiler can see (a native function?): profile a function written in the workspace' };
    }
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: task.intervalUs });
    await session.post('Profiler.start');

    const passes = new Passes(task, fn, receiver, lent);
    await warmUp(passes, task.items.length);
    const clock = new Clock();
    const warmUpCalls = passes.calls;

    startConsoleProfile(title);
    const counter = new SampleCounter(title, target, finished);
    const start = performance.now();
    const deadline = start + task.budgetMs;
    // Until the first count, expect the interval asked for; after it, the rate measured.
    let checkAt = start + (task.minSamples * sampleMargin * task.intervalUs) / 1000;
    counter.start();
    for (;;) {
      const pending = passes.next();
      if (pending !== undefined) await pending;
      const now = clock.tick();
      if (now === undefined) continue;
      if (now >= deadline) break;
      if (now < checkAt) continue;
      const rate = await counter.count();
      const missing = task.minSamples - counter.samples;
      if (missing <= 0) break;
      checkAt = now + Math.max(1, (missing * sampleMargin) / Math.max(rate, 1e-3));
      counter.start();
    }
    await counter.end();
    const profile = await endProfile(title, finished);
    await session.post('Profiler.stop');
    // Not the user's fault: the pool reports a throw here as INTERNAL.
    if (profile === undefined) throw new Error('V8 returned no profile');
    const profiled = passes.calls - warmUpCalls;
    return {
      kind: 'profile',
      profile,
      target,
      intervalUs: task.intervalUs,
      passes: Math.max(1, Math.ceil(profiled / task.items.length)),
      calls: passes.calls,
      returned: passes.returned,
      samplesInside: samplesInside(profile, target).count,
      thrown: [...passes.thrown.values()].sort((a, b) => a.position - b.position),
    };
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
