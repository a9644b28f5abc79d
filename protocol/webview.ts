/**
 * Messages between the extension host and the panels' webviews. The host validates every
 * FromWebview message and the webview validates every ToWebview message with these schemas.
 */
import { z } from 'zod';
import { Comparison } from './history';
import { LiveView } from './live';
import { ProfileResult } from './profile';
import { BenchmarkResult, ResourceReport } from './results';

/** Host → webview. */
export const ToWebview = z.discriminatedUnion('type', [
  /** Fresh resources for the resource panel. */
  z.object({ type: z.literal('resources'), report: ResourceReport }),
  /** A finished (or cancelled) benchmark for the benchmark panel. */
  z.object({ type: z.literal('benchmark'), result: BenchmarkResult }),
  /** A function's profile for the profile panel (built in the server; the panel only draws it). */
  z.object({ type: z.literal('profile'), result: ProfileResult }),
  /** Two runs of a function side by side for the compare panel (computed in the host; the panel only draws it). */
  z.object({ type: z.literal('compare'), comparison: Comparison }),
  /** A benchmark going on, for the benchmark panel: its phases, what they measured so far, its progress. */
  z.object({ type: z.literal('live'), run: LiveView }),
]);
export type ToWebview = z.infer<typeof ToWebview>;

/**
 * What the benchmark panel's toolbar asks of the host. Each is done on the result the host holds,
 * never on data from the page: run the same function with the same inputs again, profile it, save
 * the result as JSON, CSV or the standalone HTML report, or copy a Markdown summary.
 */
export const BenchmarkAction = z.enum(['runAgain', 'profile', 'exportJson', 'exportCsv', 'exportHtml', 'copyMarkdown']);
export type BenchmarkAction = z.infer<typeof BenchmarkAction>;

/**
 * Messages that describe a moment, not a result: neither the host (workspaceState) nor the page
 * (setState) keeps them across a reload, since the run they show ends with the window.
 */
export const transientMessages: ReadonlySet<ToWebview['type']> = new Set(['live']);

/** Webview → host. */
export const FromWebview = z.discriminatedUnion('type', [
  /** The page has loaded its script and can receive data. */
  z.object({ type: z.literal('ready') }),
  /** The user asked to open the measured function in the editor. */
  z.object({ type: z.literal('openFunction'), file: z.string(), line: z.number().int().positive() }),
  /** A script error inside the webview, for the log channel. */
  z.object({ type: z.literal('error'), message: z.string() }),
  /** The user asked to save the profile shown as a .cpuprofile (profile panel). */
  z.object({ type: z.literal('exportProfile') }),
  /** A benchmark toolbar action on the result the page shows, named by its `startedAt` so a stale click is ignored. */
  z.object({ type: z.literal('benchmarkAction'), action: BenchmarkAction, startedAt: z.number() }),
  /** The user pressed Cancel on the live run the panel shows (benchmark panel). */
  z.object({ type: z.literal('cancelRun'), runId: z.string().max(200) }),
]);
export type FromWebview = z.infer<typeof FromWebview>;

/** The panels; each is its own esbuild entry `dist/webview/<id>.js` and `<id>.css`. */
export type PanelId = 'benchmark' | 'resources' | 'profile' | 'compare';
