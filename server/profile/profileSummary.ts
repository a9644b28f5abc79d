/**
 * The one sentence that ties a profile to the parallel decision: where the time of one call goes,
 * which is what a pool divides when it runs the calls on several workers.
 */
import * as path from 'node:path';
import type { FunctionCost, ProfileResult } from '../../protocol/profile';

/** A callee this large names the sentence: the function's own lines are not where the time is. */
const dominantCallee = 0.5;
/** A line this large is named as the hot spot. */
const hotLine = 0.25;
/** Garbage collection this large is named beside it: allocating less helps serial and parallel alike. */
const heavyGc = 0.2;

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** `line 26`, or `checksum.ts:5` when the line is in another file than the function's. */
function where(file: string, line: number, home: string): string {
  return file === home ? `line ${line}` : `${path.basename(file)}:${line}`;
}

function calleeName(fn: FunctionCost, home: string): string {
  if (fn.kind === 'package') return `${fn.name} (package ${fn.packageName ?? '?'})`;
  if (fn.kind === 'native' && fn.name === '(garbage collector)') return 'garbage collection';
  if (fn.file === undefined || fn.line === undefined) return fn.name;
  return `${fn.name} (${where(fn.file, fn.line, home)})`;
}

/**
 * Whether a line is the function's: in its file, from its first line to the next function seen in
 * that file (the profile knows where functions start, not where they end).
 */
function linesOf(result: ProfileResult, fn: FunctionCost): (file: string, line: number) => boolean {
  if (fn.file === undefined || fn.line === undefined) return () => false;
  const start = fn.line;
  const next = Math.min(...result.functions.filter((other) => other.file === fn.file && other.line !== undefined && other.line > start).map((other) => other.line as number));
  return (file, line) => file === fn.file && line >= start && line < next;
}

/** Why a share cannot be trusted to the point, when it cannot. */
function confidenceNote(result: ProfileResult): string {
  if (!result.lowConfidence) return '';
  const p = result.lines[0]?.selfShare ?? 0.5;
  const error = Math.sqrt((p * (1 - p)) / Math.max(1, result.samples)) * 100;
  return ` (low confidence: ${result.samples} samples, shares ±${error.toFixed(0)} points)`;
}

/** The summary sentence of a built profile. */
export function profileSummary(result: ProfileResult): string {
  const name = result.target.name;
  const home = result.target.file;
  if (result.samples === 0) return `no sample fell inside ${name}: it runs too briefly to profile; give it more inputs or larger ones`;
  const self = result.functions[(result.tree[0]?.fn ?? 0)];
  const callees = result.functions.filter((_, i) => i !== (result.tree[0]?.fn ?? 0));
  const top = callees[0];
  const line = result.lines[0];
  const gc = callees.find((fn) => fn.kind === 'native' && fn.name === '(garbage collector)');
  const note = `${gc !== undefined && gc !== top && gc.totalShare >= heavyGc ? ` (garbage collection another ${percent(gc.totalShare)}: each worker collects its own heap)` : ''}${confidenceNote(result)}`;
  if (top !== undefined && top.totalShare >= dominantCallee) {
    const inTop = result.lines.find((candidate) => linesOf(result, top)(candidate.file, candidate.line));
    const detail = inTop !== undefined && inTop.selfShare >= hotLine ? `, ${where(inTop.file, inTop.line, home)} alone ${percent(inTop.selfShare)}` : '';
    return `${calleeName(top, home)} is ${percent(top.totalShare)} of the work${detail}: each worker runs it for its own inputs, so that is what the pool divides${note}`;
  }
  if (line !== undefined && line.selfShare >= hotLine) {
    return `${where(line.file, line.line, home)} is ${percent(line.selfShare)} of the work: that is what the pool divides${note}`;
  }
  const own = self === undefined ? 0 : self.selfShare;
  return `the time is spread (${name} itself ${percent(own)}${line === undefined ? '' : `, hottest ${where(line.file, line.line, home)} ${percent(line.selfShare)}`}): the pool divides the calls, not a hot spot${note}`;
}
