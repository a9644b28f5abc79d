/**
 * Captures what user code prints in this worker, so that it travels in the task's reply instead of
 * reaching the process's stdout (the LSP stream of a server started with --stdio, the CLI's
 * --json). Every console method writes through process.stdout/stderr.write, so replacing those
 * two catches console.log/info/debug/warn/error/trace/table/dir alike.
 *
 * Nothing is allocated until something is printed: the hot loop only stores the running item's
 * position (see `OutputSites`), and this module reads it when a write happens.
 */
import type { PrintedOutput } from './messages';

/** Where a write is attributed: an item's position in its task, or a phase with no item. */
export type OutputSite = PrintedOutput['at'];

/** Characters kept per item (or phase) in one task; the rest is cut with a note. */
export const perSiteChars = 8 * 1024;

/** Characters kept per task, over all its items. */
export const perTaskChars = 64 * 1024;

interface Captured {
  entries: PrintedOutput[];
  chars: number;
  /** Characters kept per site; Infinity once its cut was noted. */
  bySite: Map<OutputSite, number>;
  /** The task's cap was reached and noted: everything else is dropped. */
  full: boolean;
}

let captured: Captured | undefined;
let siteNow: () => OutputSite = () => 'outside';

function textOf(chunk: unknown, encoding: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) {
    const enc = typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8';
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(enc);
  }
  return String(chunk);
}

function append(into: Captured, at: OutputSite, stream: PrintedOutput['stream'], text: string): void {
  const last = into.entries[into.entries.length - 1];
  // Consecutive writes of one call to one stream are one entry: console.log writes once per line.
  if (last !== undefined && last.at === at && last.stream === stream) last.text += text;
  else into.entries.push({ at, stream, text });
}

function record(stream: PrintedOutput['stream'], text: string): void {
  if (text.length === 0) return;
  const at = siteNow();
  const into = (captured ??= { entries: [], chars: 0, bySite: new Map<OutputSite, number>(), full: false });
  if (into.full) return;
  const used = into.bySite.get(at) ?? 0;
  if (used === Infinity) return;
  const room = Math.max(0, Math.min(perSiteChars - used, perTaskChars - into.chars));
  const kept = text.length > room ? text.slice(0, room) : text;
  if (kept.length > 0) append(into, at, stream, kept);
  into.chars += kept.length;
  into.bySite.set(at, used + kept.length);
  if (kept.length === text.length) return;
  into.full = into.chars >= perTaskChars;
  const limit = into.full ? `${perTaskChars / 1024} KB per task` : `${perSiteChars / 1024} KB per input`;
  append(into, at, stream, `${kept === '' || kept.endsWith('\n') ? '' : '\n'}…truncated (output is kept up to ${limit})\n`);
  into.bySite.set(at, Infinity);
}

function replaceWrite(stream: PrintedOutput['stream'], target: NodeJS.WriteStream): void {
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    record(stream, textOf(chunk, encoding));
    // Callers that wait for the write to flush (`write(text, cb)`) still hear back.
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
  target.write = write;
}

/** Starts capturing this thread's stdout and stderr for good; `site` says what is running when a write happens. */
export function captureOutput(site: () => OutputSite): void {
  siteNow = site;
  replaceWrite('stdout', process.stdout);
  replaceWrite('stderr', process.stderr);
}

/** What was printed since the last call, in order, or undefined when nothing was. */
export function takeOutput(): PrintedOutput[] | undefined {
  const taken = captured;
  captured = undefined;
  return taken?.entries;
}
