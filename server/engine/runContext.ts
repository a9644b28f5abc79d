/** What every phase of a run shares: the bundle, the settings, the hooks and the progress count. */
import type { PhaseProgress } from '../../protocol/live';
import type { RunError } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import type { PartialBody } from './liveRun';
import type { Outcome } from './runTrial';
import type { PrintedOutput } from '../worker/messages';
import type { Executor } from '../executors/executor';
import { HostPool } from '../executors/threads/hostPool';
import { rssCeilingBytes } from '../executors/threads/memoryCeiling';
import { type PrintedLine, UserOutputLog } from './userOutput';

/** How a run talks back to its caller. */
export interface RunHooks {
  signal: AbortSignal;
  /** The step under way, the whole run's fraction, and (in a benchmark) the phase's own. */
  onProgress: (progress: { message: string; fraction: number; phase?: PhaseProgress }) => void;
  /** What a benchmark has measured so far, at each phase boundary (see liveRun.ts). */
  onPartial?: (partial: PartialBody) => void;
  log: (line: string) => void;
  /**
   * Each pool result as it is delivered (imap's stream, for callers in this process): in input
   * order when parallelize.ordered, else as it lands. Results are compared with the serial ones by
   * index either way. Over LSP only progress counts and the delivery curve travel: a message per
   * input would flood the host.
   */
  onItem?: (item: { index: number; workers: number; trial: number; outcome: Outcome }) => void;
  /** Each line the user's code printed, once per input; absent, the lines go to `log`. */
  output?: (printed: PrintedLine) => void;
}

/** Per-item progress is reported at most this often, so a 200,000-input run does not flood the host. */
const itemProgressEveryMs = 100;

/** Per-code cap on listed errors, so a function that throws on every input does not flood the report; the counts are kept whole. */
export const maxErrorsPerCode = 20;

/** Shared state of one run. */
export class RunContext {
  readonly errors: RunError[] = [];
  /** Every error's code, counted whether or not it is listed. */
  readonly errorCounts = new Map<RunError['code'], number>();
  /** Inputs that failed in any way: a count of inputs, where an input failing on every pool counts once. */
  readonly failedInputs = new Set<number>();
  /** code:input pairs already recorded, so an input failing the same way on several pools is one error. */
  private readonly seen = new Set<string>();
  private stepsDone = 0;
  private stepsTotal = 1;
  private stepMessage = '';
  private lastItemProgress = 0;
  /** The benchmark phase under way (a LivePhase id), its step count and the steps started in it. */
  private phase: { id: string; steps: number; started: number } | undefined;
  /** Workers replaced after recycleAfterTasks tasks, summed over the run's pools. */
  recycledWorkers = 0;
  private readonly printed = new UserOutputLog(
    (printed) => (this.hooks.output ? this.hooks.output(printed) : this.hooks.log(printed.line)),
    (line) => this.hooks.log(line),
  );

  constructor(readonly bundlePath: string, readonly settings: RunSettings, readonly spread: boolean, readonly hooks: RunHooks) {}

  /**
   * A fresh pool of `workers` threads, in a run host process of its own, with the run's limits; the caller destroys it. Only pools that
   * `recycle` replace workers after recycleAfterTasks: the serial baseline never pays for it.
   */
  createPool(workers: number, recycle = false): Executor {
    const memoryLimitMb = this.settings.workerMemoryLimitMb;
    return new HostPool({
      options: {
        bundlePath: this.bundlePath,
        workers,
        memoryLimitMb,
        taskTimeoutMs: this.settings.taskTimeoutMs,
        rssCeilingBytes: rssCeilingBytes(workers, memoryLimitMb),
        ...(recycle ? { recycleAfterTasks: this.settings.recycleAfterTasks } : {}),
      },
      signal: this.hooks.signal,
      log: this.hooks.log,
      onOutput: (output, indices) => this.printed.add(output, indices),
    });
  }

  /** What a task's user code printed, with its items' input indices, from an executor other than createPool's. */
  heard(output: readonly PrintedOutput[], indices: readonly number[]): void {
    this.printed.add(output, indices);
  }

  /** Records an error (once per code and input), counting it always and listing it up to maxErrorsPerCode of its code. */
  addError(error: RunError): void {
    if (error.inputIndex !== undefined) {
      const key = `${error.code}:${error.inputIndex}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      if (error.code !== 'CANCELLED') this.failedInputs.add(error.inputIndex);
    }
    const count = this.errorCounts.get(error.code) ?? 0;
    this.errorCounts.set(error.code, count + 1);
    if (count < maxErrorsPerCode) this.errors.push(error);
  }

  /** The true count of each code, for the result. */
  countsByCode(): Partial<Record<RunError['code'], number>> {
    return Object.fromEntries(this.errorCounts);
  }

  /** Sets how many steps (warm-ups and trials) the run will take in all. */
  planSteps(total: number): void {
    this.stepsTotal = Math.max(1, total);
  }

  /** Starts counting a phase of `steps` steps (undefined: no phase), so progress carries the phase's own fraction. */
  enterPhase(id: string | undefined, steps: number): void {
    this.phase = id === undefined ? undefined : { id, steps: Math.max(1, steps), started: 0 };
  }

  /** Reports the step about to start. */
  step(message: string): void {
    const fraction = Math.min(1, this.stepsDone / this.stepsTotal);
    this.stepsDone++;
    this.stepMessage = message;
    if (this.phase) this.phase.started++;
    this.hooks.onProgress({ message, fraction, ...this.phaseAt(0) });
  }

  /** The phase's progress with `within` of its current step done, as a progress field. */
  private phaseAt(within: number): { phase?: PhaseProgress } {
    if (!this.phase) return {};
    const { id, steps, started } = this.phase;
    return { phase: { id, fraction: Math.min(1, Math.max(0, (started - 1 + within) / steps)) } };
  }

  /** Reports how many inputs of the current step have been delivered, throttled. */
  itemsDelivered(done: number, total: number): void {
    const now = performance.now();
    if (done < total && now - this.lastItemProgress < itemProgressEveryMs) return;
    this.lastItemProgress = now;
    const within = total > 0 ? done / total : 1;
    const fraction = Math.min(1, (this.stepsDone - 1 + within) / this.stepsTotal);
    this.hooks.onProgress({ message: `${this.stepMessage}: ${done} of ${total} inputs`, fraction, ...this.phaseAt(within) });
  }

  /** Reports completion. */
  finish(message: string): void {
    this.hooks.onProgress({ message, fraction: 1 });
  }
}
