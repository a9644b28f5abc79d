/** What every phase of a run shares: the bundle, the settings, the hooks and the progress count. */
import type { RunError } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import type { Outcome } from './runTrial';
import { TaskPool } from './taskPool';
import { type PrintedLine, UserOutputLog } from './userOutput';

/** How a run talks back to its caller. */
export interface RunHooks {
  signal: AbortSignal;
  onProgress: (progress: { message: string; fraction: number }) => void;
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

/** Per-code cap on reported errors, so a function that throws on every input does not flood the report. */
export const maxErrorsPerCode = 20;

/** Shared state of one run. */
export class RunContext {
  readonly errors: RunError[] = [];
  private stepsDone = 0;
  private stepsTotal = 1;
  private readonly suppressed = new Map<string, number>();
  private stepMessage = '';
  private lastItemProgress = 0;
  /** Workers replaced after recycleAfterTasks tasks, summed over the run's pools. */
  recycledWorkers = 0;
  private readonly printed = new UserOutputLog(
    (printed) => (this.hooks.output ? this.hooks.output(printed) : this.hooks.log(printed.line)),
    (line) => this.hooks.log(line),
  );

  constructor(readonly bundlePath: string, readonly settings: RunSettings, readonly spread: boolean, readonly hooks: RunHooks) {}

  /**
   * A fresh pool of `workers` threads with the run's limits; the caller destroys it. Only pools that
   * `recycle` replace workers after recycleAfterTasks: the serial baseline never pays for it.
   */
  createPool(workers: number, recycle = false): TaskPool {
    return new TaskPool({
      bundlePath: this.bundlePath,
      workers,
      memoryLimitMb: this.settings.workerMemoryLimitMb,
      taskTimeoutMs: this.settings.taskTimeoutMs,
      signal: this.hooks.signal,
      onOutput: (output, indices) => this.printed.add(output, indices),
      ...(recycle ? { recycleAfterTasks: this.settings.recycleAfterTasks } : {}),
    });
  }

  /** Records an error, up to maxErrorsPerCode of each code. */
  addError(error: RunError): void {
    if (this.errors.filter((e) => e.code === error.code).length < maxErrorsPerCode) {
      this.errors.push(error);
    } else {
      this.suppressed.set(error.code, (this.suppressed.get(error.code) ?? 0) + 1);
    }
  }

  /** The errors, with a closing line per code for those left out. */
  reportedErrors(): RunError[] {
    const closing = [...this.suppressed].map(([code, count]): RunError => ({
      code: code as RunError['code'],
      message: `…and ${count} more input${count === 1 ? '' : 's'} with the same kind of error`,
    }));
    return [...this.errors, ...closing];
  }

  /** Sets how many steps (warm-ups and trials) the run will take in all. */
  planSteps(total: number): void {
    this.stepsTotal = Math.max(1, total);
  }

  /** Reports the step about to start. */
  step(message: string): void {
    const fraction = Math.min(1, this.stepsDone / this.stepsTotal);
    this.stepsDone++;
    this.stepMessage = message;
    this.hooks.onProgress({ message, fraction });
  }

  /** Reports how many inputs of the current step have been delivered, throttled. */
  itemsDelivered(done: number, total: number): void {
    const now = performance.now();
    if (done < total && now - this.lastItemProgress < itemProgressEveryMs) return;
    this.lastItemProgress = now;
    const within = total > 0 ? done / total : 1;
    const fraction = Math.min(1, (this.stepsDone - 1 + within) / this.stepsTotal);
    this.hooks.onProgress({ message: `${this.stepMessage}: ${done} of ${total} inputs`, fraction });
  }

  /** Reports completion. */
  finish(message: string): void {
    this.hooks.onProgress({ message, fraction: 1 });
  }
}
