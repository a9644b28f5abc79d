/**
 * The exit status of `parallelize run`, so a CI job can act on the answer: 0 a run that measured,
 * 1 a run whose figures cannot be used (nothing measured, or most inputs failed), a cluster that
 * stopped early, or any failed
 * input with --fail-on-error, 2 a bad command (CliError), 130 Ctrl-C.
 */
import type { BenchmarkResult } from '../../protocol/results';

/** Exit code of a run stopped by Ctrl-C, as shells expect after SIGINT. */
export const interruptedExitCode = 130;

/** The status for a run's result; `failOnError` makes any error (a failed input included) exit 1. */
export function exitCodeFor(result: BenchmarkResult, failOnError: boolean): number {
  if (result.cancelled) return interruptedExitCode;
  if (result.failure !== null) return 1;
  // A cluster run asked for and stopped early (Redis lost, a worker fault) did not give its answer.
  if (result.cluster?.stopped != null) return 1;
  if (failOnError && (result.failedInputs > 0 || result.errors.length > 0)) return 1;
  return 0;
}
