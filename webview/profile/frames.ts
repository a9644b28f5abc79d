/**
 * How a profile's functions are named and located in every view of the panel: workspace files
 * relative to the profile's own folder, `node_modules` code by package, Node.js internals by their
 * `node:` module, and V8's own frames marked native. Pure: no DOM.
 */
import type { FrameKind, FunctionCost, ProfileResult } from '../../protocol/profile';
import { formatFraction } from '../shared/format';

/** A function as the panel shows it. */
export interface FrameInfo {
  name: string;
  /** `lib/checksum.ts:2`, `lodash`, `node:buffer:296`, or `native`. */
  location: string;
  /** The full path and line where there is one, for a title. */
  detail: string;
  kind: FrameKind;
  /** The profiled function's own file, drawn apart from other workspace files. */
  ownFile: boolean;
  /** Where clicking reveals, when the frame has a source line. */
  reveal: { file: string; line: number } | undefined;
}

/** What the chart and tables say a kind of frame is, and the codicon that marks it. */
export const kindLabels: Record<FrameKind, { text: string; icon: string }> = {
  workspace: { text: 'workspace', icon: 'symbol-method' },
  package: { text: 'package', icon: 'package' },
  node: { text: 'Node.js', icon: 'server-process' },
  native: { text: 'native', icon: 'chip' },
};

/** The CSS class that colours a frame: the profiled file, other workspace files, packages, Node.js, native. */
export function kindClass(info: FrameInfo | undefined): string {
  if (!info) return 'kind-native';
  return info.kind === 'workspace' && info.ownFile ? 'kind-own' : `kind-${info.kind}`;
}

/** Names and locations for every function of a profile, in `functions` order. */
export function describeFrames(result: ProfileResult): FrameInfo[] {
  const base = profileFolder(result);
  return result.functions.map((fn) => describe(fn, base, result.target.file));
}

/** The folder workspace paths are shown relative to: the deepest one holding every workspace file of the profile. */
export function profileFolder(result: ProfileResult): string {
  return commonFolder(result.functions.filter((f) => f.kind === 'workspace' && f.file).map((f) => f.file ?? '').concat(result.target.file));
}

/** A source line as the hot-lines table names it: `lib/checksum.ts:5`, `lodash · _baseClone.js:120`, `node:buffer:430`. */
export function lineLocation(file: string, line: number, base: string): string {
  const pkg = packageOf(file);
  if (pkg) return `${pkg} · ${file.split(/[\\/]/).pop() ?? file}:${line}`;
  if (file.startsWith('node:')) return `${file}:${line}`;
  return `${relative(file, base)}:${line}`;
}

function describe(fn: FunctionCost, base: string, targetFile: string): FrameInfo {
  const name = fn.name.trim() || '(anonymous)';
  const at = fn.line === undefined ? '' : `:${fn.line}`;
  const reveal = fn.file && fn.line !== undefined && fn.kind !== 'native' && !fn.file.startsWith('node:') ? { file: fn.file, line: fn.line } : undefined;
  const detail = fn.file ? `${fn.file}${at}` : '';
  switch (fn.kind) {
    case 'workspace':
      return { name, location: fn.file ? `${relative(fn.file, base)}${at}` : '', detail, kind: fn.kind, ownFile: fn.file === targetFile, reveal };
    case 'package':
      return { name, location: fn.packageName ?? packageOf(fn.file ?? '') ?? 'package', detail, kind: fn.kind, ownFile: false, reveal };
    case 'node':
      return { name, location: fn.file ? `${fn.file}${at}` : 'Node.js', detail, kind: fn.kind, ownFile: false, reveal };
    case 'native':
      return { name, location: 'native', detail: detail || 'V8 or native code, no source', kind: fn.kind, ownFile: false, reveal: undefined };
  }
}

/** The package a node_modules path belongs to (`@scope/pkg` or `pkg`), from the last node_modules in it. */
export function packageOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  const first = parts[at + 1];
  if (at < 0 || !first) return undefined;
  return first.startsWith('@') && parts[at + 2] ? `${first}/${parts[at + 2]}` : first;
}

/** The deepest folder holding every one of `files` ('' when they share none). */
export function commonFolder(files: readonly string[]): string {
  const split = files.map((f) => f.split(/(?<=[\\/])/).slice(0, -1));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++;
  return first.slice(0, n).join('');
}

function relative(file: string, base: string): string {
  return base && file.startsWith(base) ? file.slice(base.length) : file.split(/[\\/]/).pop() ?? file;
}

/** `ms` as a share of `ofMs`: "87%", or "<1%" where a rounded "0%" would hide that it took time at all. */
export function formatShare(ms: number, ofMs: number): string {
  if (ofMs <= 0) return '—';
  const fraction = ms / ofMs;
  return fraction > 0 && fraction < 0.005 ? '<1%' : formatFraction(fraction);
}
