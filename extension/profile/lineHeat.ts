/**
 * From a ProfileResult to what the editor draws on each line: a heat bucket, an end-of-line note
 * and a hover. Pure (no 'vscode'), so that the mapping is unit-tested; profileDecorations.ts
 * only hands these to VS Code.
 */
import * as path from 'node:path';
import type { FunctionCost, LineCost, ProfileResult } from '../../protocol/profile';

/**
 * Lower bounds of the heat buckets, as shares of the profiled function's time. Under the first
 * a line stays undecorated: a sea of faint lines would hide the few that matter.
 */
export const heatBuckets = [0.01, 0.05, 0.15, 0.4] as const;

/** Below this many samples inside the function a share is uncertain by more than about ±1.5 points. */
export const confidentSamples = 1000;

/** What one line gets: 1-based line as the profile has it, the bucket (index into heatBuckets), the note and the hover. */
export interface LineHeat {
  line: number;
  bucket: number;
  selfMs: number;
  selfShare: number;
  /** The end-of-line note: `38% · 412 ms`. */
  note: string;
  /** The hover, as Markdown (theme icons allowed, no command links). */
  hover: string;
}

/** Why a file's figures may no longer match its text, said in its hovers. */
export type FileState = 'asProfiled' | 'editedSince' | 'dirtyWhenProfiled';

/** The bucket of a share, or undefined under 1 % (undecorated). */
export function bucketOf(share: number): number | undefined {
  let bucket: number | undefined;
  heatBuckets.forEach((bound, i) => { if (share >= bound) bucket = i; });
  return bucket;
}

/** `38%`, `4.2%`, `0.4%`: whole points from 10 % up, one decimal below. */
export function formatShare(share: number): string {
  const percent = share * 100;
  return percent >= 9.95 ? `${Math.round(percent)}%` : `${percent.toFixed(1)}%`;
}

/** `412 ms`, `38.5 ms`, `3.25 ms`, `0.41 ms`, `85 µs`: about three significant digits. */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${Math.round(ms).toLocaleString('en-US')} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 0.1) return `${ms.toFixed(2)} ms`;
  return `${Math.round(ms * 1000)} µs`;
}

/** One standard error of a share measured from `samples` samples, in points: √(p(1−p)/n). */
export function samplingErrorPoints(share: number, samples: number): number {
  if (samples <= 0) return 100;
  return Math.sqrt((share * (1 - share)) / samples) * 100;
}

/**
 * A path as a map key: normalised, and on Windows with the drive letter lower-cased, since
 * VS Code's `Uri.fsPath` lower-cases it while the server's paths may not.
 */
export function fileKey(file: string, platform: NodeJS.Platform = process.platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const normal = p.normalize(file);
  return platform === 'win32' ? normal.replace(/^[A-Z]:/, (drive) => drive.toLowerCase()) : normal;
}

/** The end-of-line note of a line. */
export function lineNote(line: Pick<LineCost, 'selfMs' | 'selfShare'>): string {
  return `${formatShare(line.selfShare)} · ${formatMs(line.selfMs)}`;
}

/** A code span that survives backticks in a name (Markdown takes a longer fence for those). */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.includes('`') ? ` ${text} ` : text}${fence}`;
}

/** The name the profiled function's time is a share of. */
function targetName(profile: ProfileResult): string {
  return profile.functions[profile.tree[0]?.fn ?? -1]?.name ?? profile.target.name;
}

function functionLine(fn: FunctionCost): string {
  return `${code(fn.name || '(anonymous)')}: self ${formatMs(fn.selfMs)} (${formatShare(fn.selfShare)}), total ${formatMs(fn.totalMs)} (${formatShare(fn.totalShare)})`;
}

/** The hover of one line: its self time and share, the functions defined on it, and how far to trust the figures. */
export function lineHover(profile: ProfileResult, line: LineCost, here: readonly FunctionCost[], state: FileState = 'asProfiled'): string {
  const name = targetName(profile);
  const error = samplingErrorPoints(line.selfShare, profile.samples);
  const parts = [
    `**Parallelize profile of ${code(name)}** · line ${line.line}`,
    `Self time ${formatMs(line.selfMs)}: **${formatShare(line.selfShare)}** of the time in ${code(name)} (± ${error.toFixed(1)} points of sampling error).`,
  ];
  if (here.length > 0) parts.push(`Defined on this line:\n\n${here.map((fn) => `- ${functionLine(fn)}`).join('\n')}`);
  const passes = profile.passes === 1 ? '1 pass' : `${profile.passes} passes`;
  parts.push(`${profile.samples.toLocaleString('en-US')} samples every ${profile.intervalUs} µs over ${passes} of ${profile.inputs.count} inputs: ${formatMs(profile.durationMs)} inside ${code(name)}.`);
  if (profile.lowConfidence) {
    parts.push(`$(warning) Low confidence: fewer than ${confidentSamples.toLocaleString('en-US')} samples fell inside ${code(name)}, so shares may be off by several points. Profile more or longer inputs.`);
  }
  if (state === 'editedSince') parts.push('$(edit) This file was edited after the profile: the figures are of the code as it was profiled.');
  if (state === 'dirtyWhenProfiled') parts.push('$(edit) This file had unsaved changes when it was profiled: the figures are of the saved file.');
  return parts.join('\n\n');
}

/**
 * Every decorated line of the profile, by file (keyed with fileKey), in line order. Lines under
 * 1 % are left out; `state` says, per file key, whether the text may have moved on.
 */
export function lineHeat(profile: ProfileResult, state: (key: string) => FileState = () => 'asProfiled'): Map<string, LineHeat[]> {
  const byFile = new Map<string, LineHeat[]>();
  for (const line of profile.lines) {
    const bucket = bucketOf(line.selfShare);
    if (bucket === undefined) continue;
    const key = fileKey(line.file);
    const here = profile.functions.filter((fn) => fn.file !== undefined && fn.line === line.line && fileKey(fn.file) === key);
    const heat: LineHeat = {
      line: line.line,
      bucket,
      selfMs: line.selfMs,
      selfShare: line.selfShare,
      note: lineNote(line),
      hover: lineHover(profile, line, here, state(key)),
    };
    const list = byFile.get(key);
    if (list) list.push(heat);
    else byFile.set(key, [heat]);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.line - b.line);
  return byFile;
}

/** The shape of a text change that matters here (VS Code's TextDocumentContentChangeEvent has it). */
export interface TextChange {
  range: { start: { line: number }; end: { line: number } };
  text: string;
}

/** Whether an edit moves lines: it removes a line break or inserts one, so later lines' numbers change. */
export function shiftsLines(changes: readonly TextChange[]): boolean {
  return changes.some((c) => c.range.start.line !== c.range.end.line || /[\r\n]/.test(c.text));
}
