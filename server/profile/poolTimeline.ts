/**
 * The pool timeline: a trial's task spans (sent, started, finished, received, on the clock every
 * thread and process shares) turned into one row per worker, with each worker's share of the
 * trial's wall time spent computing, messaging and idle, and the last chunk that held the trial up.
 * Built once here; the panel, the HTML report and the CLI only draw it.
 */
import type { PoolTimeline, TimelineBar, TimelineRow } from '../../protocol/results';
import type { TaskSpan } from '../engine/runTrial';

/**
 * Bars a timeline keeps in all: enough to see every chunk of a run at any sensible chunk size,
 * small enough for every message. Beyond it, consecutive chunks of a worker share one bar (the
 * shares are computed from every chunk first).
 */
export const maxBars = 1000;

/** What a timeline is built from: a pass's start on the shared clock, its wall time and its spans. */
export interface TimelineTrial {
  startedAt: number;
  ms: number;
  spans: readonly TaskSpan[];
}

type Interval = readonly [number, number];

/** Total length covered by the intervals, overlaps counted once. */
export function coveredMs(intervals: readonly Interval[]): number {
  const sorted = intervals.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

/**
 * The shift that puts a worker's stamps inside the engine's: no task may start before it was sent
 * nor finish after its reply arrived, so the worker clock's offset lies between the largest
 * (finished − received) and the smallest (started − sent). Usually 0 fits: the clocks agree to
 * about 0.05 ms. But each process reads the wall clock once, when it starts, so a wall clock
 * stepped between the engine's start and its run host's shows as an offset (19 ms once on the
 * bench VM): then the middle of the bounds, which errs by at most half the quickest round trip.
 */
export function clockOffset(spans: readonly TaskSpan[]): number {
  // Loops, not Math.max(...): a run of chunk size 1 may have more spans than a call takes arguments.
  let lowest = Number.NEGATIVE_INFINITY;
  let highest = Number.POSITIVE_INFINITY;
  for (const s of spans) {
    lowest = Math.max(lowest, s.finishedAt - s.receivedAt);
    highest = Math.min(highest, s.startedAt - s.sentAt);
  }
  return lowest <= 0 && highest >= 0 ? 0 : (lowest + highest) / 2;
}

/** A span in ms since the trial began, the worker's stamps shifted by `offset` and kept between send and receipt. */
function toBar(span: TaskSpan, zero: number, offset: number): TimelineBar {
  const sentMs = span.sentAt - zero;
  const receivedMs = Math.max(sentMs, span.receivedAt - zero);
  const startMs = Math.min(receivedMs, Math.max(sentMs, span.startedAt - offset - zero));
  const endMs = Math.min(receivedMs, Math.max(startMs, span.finishedAt - offset - zero));
  const firstInput = span.indices[0] ?? 0;
  return { firstInput, lastInput: span.indices[span.indices.length - 1] ?? firstInput, items: span.indices.length, chunks: 1, sentMs, startMs, endMs, receivedMs };
}

/** Consecutive bars of one worker drawn as one, `every` at a time. */
function mergeBars(bars: readonly TimelineBar[], every: number): TimelineBar[] {
  if (every <= 1) return [...bars];
  const merged: TimelineBar[] = [];
  for (let i = 0; i < bars.length; i += every) {
    const group = bars.slice(i, i + every);
    const first = group[0] as TimelineBar;
    const last = group[group.length - 1] as TimelineBar;
    merged.push({
      firstInput: first.firstInput, lastInput: last.lastInput, items: group.reduce((sum, bar) => sum + bar.items, 0), chunks: group.reduce((sum, bar) => sum + bar.chunks, 0),
      sentMs: first.sentMs, startMs: first.startMs, endMs: last.endMs, receivedMs: last.receivedMs,
    });
  }
  return merged;
}

/**
 * Compute and messaging time of one worker's bars: messaging is the time a chunk was in transit
 * (sent → started, finished → received) while its worker computed nothing, so a chunk sent ahead
 * costs only the moments its worker waited for it. A bar spans sent → received in all.
 */
function timeOf(bars: readonly TimelineBar[]): { computeMs: number; messagingMs: number } {
  const computeMs = coveredMs(bars.map((bar): Interval => [bar.startMs, bar.endMs]));
  const busyMs = coveredMs(bars.map((bar): Interval => [bar.sentMs, bar.receivedMs]));
  return { computeMs, messagingMs: Math.max(0, busyMs - computeMs) };
}

/** Milliseconds to the microsecond: the stamps are no finer, and the result stays small. */
function micros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function rounded(bar: TimelineBar): TimelineBar {
  return { ...bar, sentMs: micros(bar.sentMs), startMs: micros(bar.startMs), endMs: micros(bar.endMs), receivedMs: micros(bar.receivedMs) };
}

function share(part: number, whole: number): number {
  return whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;
}

/**
 * The timeline of one trial on `workers` threads, or null when it has no span (no task finished,
 * or the replies carried no stamps).
 */
export function buildTimeline(trial: TimelineTrial, workers: number, trialNumber = 1): PoolTimeline | null {
  if (trial.spans.length === 0) return null;
  const byThread = new Map<number, TaskSpan[]>();
  let wallMs = trial.ms;
  for (const span of trial.spans) {
    const spans = byThread.get(span.threadId);
    if (spans === undefined) byThread.set(span.threadId, [span]);
    else spans.push(span);
    wallMs = Math.max(wallMs, span.receivedAt - trial.startedAt);
  }
  let clockCorrectionMs = 0;
  const threads = [...byThread].map(([threadId, spans]) => {
    const offset = clockOffset(spans);
    clockCorrectionMs = Math.max(clockCorrectionMs, Math.abs(offset));
    const bars = spans.map((span) => toBar(span, trial.startedAt, offset)).sort((a, b) => a.startMs - b.startMs);
    return { threadId, bars, ...timeOf(bars) };
  });
  threads.sort((a, b) => (a.bars[0]?.startMs ?? 0) - (b.bars[0]?.startMs ?? 0) || a.threadId - b.threadId);
  const every = Math.ceil(trial.spans.length / maxBars);
  const rows: TimelineRow[] = threads.map((thread, i) => {
    const compute = share(thread.computeMs, wallMs);
    const messaging = Math.min(1 - compute, share(thread.messagingMs, wallMs));
    return {
      worker: i + 1, threadId: thread.threadId, items: thread.bars.reduce((sum, bar) => sum + bar.items, 0), chunkCount: thread.bars.length,
      compute, messaging, idle: Math.max(0, 1 - compute - messaging), bars: mergeBars(thread.bars, every).map(rounded),
    };
  });
  // Workers that never got a chunk were idle throughout: they count in the pool's shares.
  const seats = Math.max(workers, rows.length) * wallMs;
  const compute = share(threads.reduce((sum, t) => sum + t.computeMs, 0), seats);
  const messaging = Math.min(1 - compute, share(threads.reduce((sum, t) => sum + t.messagingMs, 0), seats));
  return {
    workers, trial: trialNumber, wallMs, rows, compute, messaging, idle: Math.max(0, 1 - compute - messaging),
    lastChunk: lastChunkOf(threads, workers), clockCorrectionMs,
  };
}

/** The chunk whose reply came last, and how long its worker was the only one busy before it. */
function lastChunkOf(threads: ReadonlyArray<{ bars: TimelineBar[] }>, workers: number): PoolTimeline['lastChunk'] {
  const ends = threads.map((thread) => thread.bars.reduce((latest, bar) => Math.max(latest, bar.receivedMs), 0));
  const row = ends.indexOf(Math.max(...ends));
  const bars = threads[row]?.bars ?? [];
  const last = bars.reduce<TimelineBar | undefined>((latest, bar) => (latest === undefined || bar.receivedMs > latest.receivedMs ? bar : latest), undefined);
  if (last === undefined) return null;
  // A worker that never got a chunk was never busy beside it.
  const othersDone = Math.max(0, ...ends.filter((_, i) => i !== row));
  return {
    worker: row + 1, firstInput: last.firstInput, lastInput: last.lastInput, items: last.items,
    computeMs: last.endMs - last.startMs, aloneMs: workers > 1 ? Math.max(0, last.receivedMs - othersDone) : 0,
  };
}
