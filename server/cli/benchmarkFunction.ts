/** Finds a function by name in a file and benchmarks it, with progress on a terminal's stderr. */
import type { BenchmarkResult, ErrorCode } from '../../protocol/results';
import type { ClusterSettings } from '../../protocol/cluster';
import type { RunSettings } from '../../protocol/settings';
import { runBenchmark } from '../engine/runBenchmark';
import { clusterKeyFromEnv } from '../executors/cluster/signedBundle';
import { CliError } from './cliError';
import { defaultInputs, findTarget, terminalHooks } from './terminalRun';

/** Codes that mean the command asked for something wrong (exit 2) rather than a run that failed (exit 1). */
export const usageCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'FILE_NOT_FOUND', 'FUNCTION_NOT_FOUND', 'NOT_A_FUNCTION', 'UNSUPPORTED_FUNCTION', 'SYNTAX_ERROR',
  'BUNDLE_FAILED', 'INPUTS_FAILED', 'INPUTS_NOT_ARRAY', 'INPUTS_EMPTY', 'INPUTS_TOO_MANY', 'CLUSTER_UNAVAILABLE',
]);

/** What to benchmark. */
export interface BenchmarkRequest {
  file: string;
  name: string;
  /** The inputs expression; undefined uses the one suggested from the parameter types. */
  inputs: string | undefined;
  settings: RunSettings;
  /** Also run on BullMQ workers over Redis. */
  cluster?: ClusterSettings | undefined;
}

/** Benchmarks `name` in `file`; throws CliError when there is no result to show. */
export async function benchmarkFunction(request: BenchmarkRequest, signal: AbortSignal): Promise<BenchmarkResult> {
  const target = await findTarget(request.file, request.name);
  const clusterKey = request.cluster !== undefined && request.cluster.mode !== 'local' ? remoteKey() : undefined;
  const hooks = terminalHooks(signal);
  try {
    const reply = await runBenchmark({
      target, inputs: request.inputs ?? defaultInputs(target), settings: request.settings,
      ...(request.cluster ? { cluster: request.cluster } : {}), ...(clusterKey === undefined ? {} : { clusterKey }),
    }, hooks);
    if (!reply.ok) throw new CliError(reply.error.message, usageCodes.has(reply.error.code) ? 2 : 1);
    return reply.value;
  } finally {
    hooks.dispose();
  }
}

/** The shared key of a Redis URL's workers, from the terminal's environment; a key too short is a usage error. */
function remoteKey(): string | undefined {
  try {
    return clusterKeyFromEnv();
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}
