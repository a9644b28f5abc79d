/** What `activate` returns: read by the integration tests and by any extension that builds on ours. */
import type { BenchmarkResult } from '../protocol/results';

/** Optional arguments of `parallelize.parallelizeFunction`; with `inputs` set no input box is shown. */
export interface ParallelizeFunctionArgs {
  uri: string;
  line: number;
  character: number;
  inputs?: string;
}

/** The extension's public surface. */
export interface ParallelizeApi {
  /** Resolves once the language server has answered its first request. */
  readonly ready: Promise<void>;
  /** The resource monitor's status-bar text as the user sees it (codicons as `$(name)`). */
  statusBarText(): string;
  /** How many resource readings the status bar has shown; lets tests wait for the next one. */
  statusBarUpdates(): number;
  /** The most recent benchmark result, if any run finished in this session. */
  lastResult(): BenchmarkResult | undefined;
}
