/**
 * The panel's headline: one short sentence a user decides from, and the verdict's full text as its
 * detail. A verdict short enough to read at a glance is the headline itself; a longer one (noise,
 * messaging costs, async advice) is condensed from the same fields that decide the verdict, the
 * badges and the suggestion, so all of them tell one story. Pure (no DOM): the host's Markdown
 * summary uses it too.
 */
import type { BenchmarkResult } from '../../protocol/results';

/** How the headline reads: a pool pays off, keep it serial, something to fix, or no verdict. */
export type HeadlineTone = 'good' | 'serial' | 'warn' | 'neutral';

/** The sentence on top and, when the verdict says more than it, the verdict as its detail. */
export interface Headline {
  text: string;
  tone: HeadlineTone;
  /** The verdict in full, or null when the headline already is the verdict. */
  detail: string | null;
}

/** Longest verdict shown as the headline itself: one line at the headline's size from about 640 px up. */
export const shortVerdictChars = 64;

/** The lowest-median pool run (what the verdict reports), or undefined when none finished. */
function fastestRun(result: BenchmarkResult): BenchmarkResult['runs'][number] | undefined {
  return result.runs.reduce<BenchmarkResult['runs'][number] | undefined>((a, b) => (a === undefined || b.medianMs < a.medianMs ? b : a), undefined);
}

function workers(n: number): string {
  return n === 1 ? '1 worker' : `${n} workers`;
}

/** Whether the run advises against a pool (results saved before keepSerial was reported say it only in the verdict). */
function keepsSerial(result: BenchmarkResult): boolean {
  return result.suggestion.keepSerial || /keep it serial/i.test(result.verdict);
}

/** The condensed sentence and its tone, from the fields the verdict is built from. */
function condensed(result: BenchmarkResult): Omit<Headline, 'detail'> {
  if (result.failure !== null) {
    const text = result.failure === 'inputs-failed' ? 'Most inputs failed: fix the inputs' : result.failedInputs > 0 ? 'Nothing could be measured: fix the inputs' : 'Nothing could be measured';
    return { text, tone: 'warn' };
  }
  const best = fastestRun(result);
  if (result.cancelled) {
    if (best === undefined || result.serial.trials === 0) return { text: 'Cancelled before a pool size finished', tone: 'neutral' };
    if (!result.runs.some((run) => run.workers > 1)) return { text: 'Cancelled after 1 worker: larger pools not measured', tone: 'neutral' };
    return keepsSerial(result)
      ? { text: 'Cancelled: no pool size beat serial so far', tone: 'neutral' }
      : { text: `Cancelled: ${best.speedup.toFixed(1)}× faster on ${workers(best.workers)} so far`, tone: 'neutral' };
  }
  if (result.mismatch !== null) return { text: 'Parallel results differ from serial: do not trust the speedup', tone: 'warn' };
  if (best === undefined || result.serial.trials === 0) return { text: 'Nothing to compare: no pool size finished', tone: 'neutral' };
  const async = result.cpuBound !== null && result.cpuBound.verdict !== 'cpu'
    ? result.asyncRuns.reduce<BenchmarkResult['asyncRuns'][number] | undefined>((a, b) => (a === undefined || b.medianMs < a.medianMs ? b : a), undefined)
    : undefined;
  // A function that waits is told to use async concurrency; the headline leads with that when it won.
  if (async !== undefined && async.speedup > best.speedup) {
    return { text: `Use async concurrency: ${async.concurrency} calls at once ran ${async.speedup.toFixed(1)}× faster`, tone: 'good' };
  }
  if (keepsSerial(result)) {
    const figure = `${best.speedup.toFixed(2)}× on ${workers(best.workers)}`;
    return { text: best.speedup < 1 ? `Keep it serial: every pool was slower (best ${figure})` : `Keep it serial: ${figure} is not worth a pool`, tone: 'serial' };
  }
  return { text: `${best.speedup.toFixed(1)}× faster on ${workers(best.workers)}`, tone: 'good' };
}

/** The headline of a result: the verdict itself when it is one short sentence, else the condensed one. */
export function headlineFor(result: BenchmarkResult): Headline {
  const { tone, text } = condensed(result);
  const verdict = result.verdict.trim();
  const oneSentence = !/\.\s/.test(verdict);
  if ((verdict.length <= shortVerdictChars && oneSentence) || verdict === text) return { text: verdict, tone, detail: null };
  return { text, tone, detail: verdict };
}
