/**
 * When a run's figures cannot be used, and the sentence that says so: nothing could be measured
 * (no serial trial, no pool size, or every input failed), or most inputs failed. Timings of a
 * function that throws time the throwing, so such a run reports no speedup: it says to fix the
 * inputs, with the first error and where it was thrown.
 */
import type { BenchmarkResult, RunError } from '../../protocol/results';

/** Why the figures cannot be used; null when they can. */
export type Failure = BenchmarkResult['failure'];

/** Above this share of failed inputs the timings say more about the errors than about the function. */
export const mostInputsShare = 0.5;

/** What the decision needs. */
export interface FailureInput {
  cancelled: boolean;
  serial: { trials: number };
  runs: readonly unknown[];
  failedInputs: number;
  inputs: { count: number };
}

/** Whether the figures can be used. A cancelled run is reported as cancelled, never as failed. */
export function failureOf(result: FailureInput): Failure {
  if (result.cancelled) return null;
  const everyInput = result.inputs.count > 0 && result.failedInputs >= result.inputs.count;
  if (result.serial.trials === 0 || result.runs.length === 0 || everyInput) return 'nothing-measured';
  if (result.failedInputs > result.inputs.count * mostInputsShare) return 'inputs-failed';
  return null;
}

/** "TASK_THREW ×32" or "TASK_TIMEOUT ×2, WORKER_EXITED ×1": the true counts, not the listed errors. */
export function describeCounts(counts: BenchmarkResult['errorCounts']): string {
  return Object.entries(counts).map(([code, count]) => `${code} ×${count}`).join(', ');
}

/** The first frame of a stack that is the user's code: "faulty.ts:3:11". */
export function firstFrame(stack: string | undefined): string | undefined {
  const line = stack?.split('\n').find((l) => l.trimStart().startsWith('at '));
  if (line === undefined) return undefined;
  const frame = line.trim().replace(/^at /, '');
  // "fn (/abs/path/file.ts:3:11)" → the location is what a reader jumps to.
  const located = /\(([^()]+)\)$/.exec(frame)?.[1] ?? frame;
  return located.split(/[\\/]/).pop() ?? located;
}

/** The error a user should fix first: the first one naming an input, else the first. */
export function firstInputError(errors: readonly RunError[]): RunError | undefined {
  return errors.find((e) => e.inputIndex !== undefined && e.code !== 'CANCELLED') ?? errors[0];
}

function describeError(error: RunError | undefined): string {
  if (error === undefined) return 'no error was reported';
  // Most messages name their input already ("input 3 ran longer than …").
  const named = error.inputIndex === undefined || new RegExp(`\\binput ${error.inputIndex}\\b`).test(error.message);
  const where = named ? '' : `input ${error.inputIndex}: `;
  const frame = firstFrame(error.stack);
  return `${where}${error.message}${frame === undefined ? '' : ` (at ${frame})`}`;
}

/** What the sentence needs. */
export interface FailureVerdictInput extends FailureInput {
  failure: Failure;
  errors: readonly RunError[];
  errorCounts: BenchmarkResult['errorCounts'];
}

/** "Nothing could be measured: …" or "Most inputs failed …", with the first error; undefined when the figures can be used. */
export function failureVerdict(result: FailureVerdictInput): string | undefined {
  if (result.failure === null) return undefined;
  const counts = describeCounts(result.errorCounts);
  const first = describeError(firstInputError(result.errors));
  const failed = `${result.failedInputs} of ${result.inputs.count}`;
  if (result.failure === 'inputs-failed') {
    return `Most inputs failed (${failed}: ${counts}), so the timings measure the errors, not the function — fix the inputs. First, ${first}`;
  }
  const codes = Object.keys(result.errorCounts);
  if (result.inputs.count > 0 && result.failedInputs >= result.inputs.count) {
    const how = codes.length === 1 && codes[0] === 'TASK_THREW' ? 'every input threw' : `every input failed (${counts})`;
    return `Nothing could be measured: ${how} — fix the inputs. First, ${first}`;
  }
  const phase = result.serial.trials === 0 ? 'no serial trial finished' : 'no pool size finished';
  // The error that stopped the run is the last one recorded; the first names an input that went before.
  const last = result.errors[result.errors.length - 1];
  return `Nothing could be measured: ${phase}${counts === '' ? '' : ` (${counts})`}: ${describeError(last)}`;
}
