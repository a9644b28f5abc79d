/** What `activate` returns: read by the integration tests and by any extension that builds on ours. */
import type { ProfileResult } from '../protocol/profile';
import type { BenchmarkResult, RunError } from '../protocol/results';
import type { AppliedLine } from './profile/profileDecorations';

/** Optional arguments of `parallelize.parallelizeFunction` and `parallelize.profileFunction`; with `inputs` set no input box is shown. */
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
  /** The error the most recent failed command showed the user (a refused function, a stopped server…). */
  lastRunError(): RunError | undefined;
  /** The language server's process id, from its initialize result; a restart changes it. */
  serverPid(): number | undefined;
  /** How many times the language server was restarted after stopping in this session. */
  serverRestarts(): number;
  /** The running benchmark's or profile's progress (0–1) as the server last reported it; undefined when none runs. */
  runProgress(): number | undefined;
  /** The profile the editor shows (the last one taken), until Clear Profile. */
  lastProfile(): ProfileResult | undefined;
  /** The profile lines decorated now in the visible editors of a document (its `uri.toString()`), 1-based. */
  profileDecorations(uri: string): AppliedLine[];
  /** The input picker while it is open: its rows as shown (previews in `detail`) and the focused one; undefined when closed. */
  inputPicker(): InputPickerView | undefined;
}

/** The input picker as the user sees it. */
export interface InputPickerView {
  title: string;
  items: { label: string; description: string | undefined; detail: string | undefined; separator: boolean }[];
  active: string | undefined;
}
