/** What `activate` returns: read by the integration tests and by any extension that builds on ours. */
import type { Comparison, RunSummary } from '../protocol/history';
import type { LiveView } from '../protocol/live';
import type { ProfileResult } from '../protocol/profile';
import type { BenchmarkResult, RunError } from '../protocol/results';
import type { ExpressionBoxView } from './commands/expressionBox';
import type { HistoryTreeSnapshot } from './history/historyView';
import type { AppliedLine } from './profile/profileDecorations';
import type { ShownLens } from './codeLenses';

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
  /** The result the benchmark panel shows: the last run's, in this session or kept from before a window reload. */
  lastResult(): BenchmarkResult | undefined;
  /** The benchmark going on as the panel shows it live (or the last one, if it failed); undefined once its result is shown. */
  benchmarkLive(): LiveView | undefined;
  /** Hands the benchmark panel `raw` as if its page had posted it (validated as such): how the tests press its Cancel button. */
  simulateBenchmarkPageMessage(raw: unknown): void;
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
  /** The CodeLenses VS Code last asked for and received for a document (`uri.toString()`): what its editor shows. */
  codeLenses(uri: string): ShownLens[] | undefined;
  /** The run history: the kept runs (newest first), the Parallelize view's tree as shown, the comparison on screen; the first two wait for runs still being saved. */
  readonly history: {
    runs(): Promise<RunSummary[]>;
    tree(): Promise<HistoryTreeSnapshot[]>;
    lastComparison(): Comparison | undefined;
  };
  /** The input picker while it is open: its rows as shown (previews in `detail`) and the focused one; undefined when closed. */
  inputPicker(): InputPickerView | undefined;
  /** The input box for typing an inputs expression while it is open: its text and the preview or problem under it. */
  inputBox(): ExpressionBoxView | undefined;
  /** Types `text` into the open input box as a keystroke would (the extension host cannot press keys); false when none is open. */
  typeInInputBox(text: string): boolean;
}

/** The input picker as the user sees it. */
export interface InputPickerView {
  title: string;
  items: { label: string; description: string | undefined; detail: string | undefined; separator: boolean }[];
  active: string | undefined;
}
