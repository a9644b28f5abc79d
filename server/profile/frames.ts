/**
 * What each call frame of a profile is, in the user's terms: a function of a workspace file (its
 * TypeScript file and line, through the bundle's source map), of a package in node_modules (under
 * the package's name), of Node's own JavaScript, or native (V8 builtins, `(garbage collector)`).
 */
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { FrameKind } from '../../protocol/profile';
import type { BundleFunction, BundleFunctions } from './bundleFunctions';
import type { BundleMap } from './bundleSourceMap';
import type { CallFrame } from './cpuProfile';

/** One function as the model lists it. */
export interface FunctionInfo {
  name: string;
  file?: string;
  line?: number;
  kind: FrameKind;
  packageName?: string;
}

/** A frame resolved to its function; `key` is the same for every frame of one function. */
export interface ResolvedFrame {
  key: string;
  info: FunctionInfo;
  /** The bundle function it is, for frames in the bundle. */
  own?: BundleFunction;
}

/** Where a tick line of a frame goes: its source line, and the function it belongs to when that is not the frame's own (inlined code). */
export interface ResolvedTick {
  line?: { file: string; line: number };
  owner?: ResolvedFrame;
}

/** The package a path inside node_modules belongs to (`marked`, `@scope/pkg`). */
export function packageOf(file: string): string | undefined {
  const normalized = file.replace(/\\/g, '/');
  const at = normalized.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = normalized.slice(at + '/node_modules/'.length).split('/');
  const [first, second] = parts;
  if (first === undefined || first === '') return undefined;
  return first.startsWith('@') && second !== undefined ? `${first}/${second}` : first;
}

/** workspace or package, by where the file is. */
function sourceInfo(name: string, file: string, line: number): FunctionInfo {
  const packageName = packageOf(file);
  return packageName === undefined ? { name, file, line, kind: 'workspace' } : { name, file, line, kind: 'package', packageName };
}

function displayName(frame: CallFrame): string {
  return frame.functionName === '' ? '(anonymous)' : frame.functionName;
}

/** Resolves frames of one profile taken of one bundle; memoized, since a profile repeats frames in every node. */
export class FrameResolver {
  private readonly bundleUrl: string;
  private readonly frames = new Map<string, ResolvedFrame>();
  private readonly byFunction = new Map<BundleFunction, ResolvedFrame>();

  constructor(private readonly bundleFile: string, private readonly map: BundleMap, private readonly functions: BundleFunctions) {
    this.bundleUrl = pathToFileURL(bundleFile).href;
  }

  /** Whether a frame runs code of the bundle (the user's module and everything it imported). */
  inBundle(frame: CallFrame): boolean {
    return frame.url === this.bundleUrl || frame.url === this.bundleFile;
  }

  /** The function a frame is. */
  frame(frame: CallFrame): ResolvedFrame {
    const memoKey = `${frame.scriptId}:${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${frame.functionName}`;
    let resolved = this.frames.get(memoKey);
    if (resolved === undefined) {
      resolved = this.resolve(frame);
      this.frames.set(memoKey, resolved);
    }
    return resolved;
  }

  /** Where the samples a node took on a 1-based line of its script go. */
  tick(frame: CallFrame, line1: number): ResolvedTick {
    if (this.inBundle(frame)) {
      const line = this.map.lineOf(line1);
      const own = this.frame(frame).own;
      const owner = this.ownerOf(line1, own);
      return { ...(line === undefined ? {} : { line }), ...(owner === undefined ? {} : { owner: this.ofFunction(owner, undefined) }) };
    }
    if (frame.url.startsWith('file:')) return { line: { file: fileURLToPath(frame.url), line: line1 } };
    return {};
  }

  /**
   * The frame as a .cpuprofile viewer should show it: at its TypeScript file, line and column,
   * with its original name. Frames outside the bundle are left as V8 gave them; bundle code the
   * map does not cover (the bundler's glue) loses its temporary file.
   */
  sourceFrame(frame: CallFrame): CallFrame {
    if (!this.inBundle(frame)) return frame;
    const resolved = this.frame(frame);
    const position = this.map.positionAt(Math.max(0, frame.lineNumber), Math.max(0, frame.columnNumber));
    if (position === undefined) return { ...frame, url: '', lineNumber: -1, columnNumber: -1 };
    return { ...frame, functionName: resolved.info.name, url: pathToFileURL(position.file).href, lineNumber: position.line - 1, columnNumber: position.column };
  }

  /**
   * The bundle function a tick line belongs to, when it is not the frame's own: a helper V8
   * inlined into the frame's function (the line lies wholly outside it), or a closure of the
   * frame's function whose body holds the whole line. Undefined keeps the tick with the frame:
   * a line that shares any code with the frame's function (`xs.map((x) => x * 2)`) is its own.
   */
  private ownerOf(line1: number, own: BundleFunction | undefined): BundleFunction | undefined {
    if (own === undefined) return undefined;
    const lineStart = this.functions.offsetOf(line1 - 1, 0);
    const lineEnd = this.functions.offsetOf(line1, 0);
    const owner = this.functions.ownerOfLine(line1);
    if (owner === undefined || owner === own) return undefined;
    const overlaps = lineStart < own.end && own.start < lineEnd;
    if (!overlaps) return owner;
    const nested = owner.start > own.start && owner.end <= own.end;
    return nested && owner.start <= this.functions.firstCodeAt(lineStart) ? owner : undefined;
  }

  private resolve(frame: CallFrame): ResolvedFrame {
    if (this.inBundle(frame)) {
      const offset = this.functions.offsetOf(Math.max(0, frame.lineNumber), Math.max(0, frame.columnNumber));
      const own = this.functions.at(offset);
      if (own !== undefined) return this.ofFunction(own, frame);
      const position = this.map.positionAt(Math.max(0, frame.lineNumber), Math.max(0, frame.columnNumber));
      const name = displayName(frame);
      if (position === undefined) return { key: `glue:${frame.lineNumber}:${frame.columnNumber}:${name}`, info: { name, kind: 'node' } };
      return { key: `bundle:${position.file}:${position.line}:${name}`, info: sourceInfo(name, position.file, position.line) };
    }
    const name = displayName(frame);
    if (frame.url === '' || frame.lineNumber < 0) return { key: `native:${name}`, info: { name, kind: 'native' } };
    if (frame.url.startsWith('node:')) return { key: `node:${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${name}`, info: { name, kind: 'node' } };
    if (frame.url.startsWith('file:')) {
      const file = fileURLToPath(frame.url);
      return { key: `file:${file}:${frame.lineNumber}:${frame.columnNumber}`, info: sourceInfo(name, file, frame.lineNumber + 1) };
    }
    return { key: `other:${frame.url}:${frame.lineNumber}:${name}`, info: { name, kind: 'native' } };
  }

  /** The function a bundle function is, its name and line taken through the source map. */
  private ofFunction(fn: BundleFunction, frame: CallFrame | undefined): ResolvedFrame {
    const known = this.byFunction.get(fn);
    if (known !== undefined) return known;
    const anchor = this.functions.positionOf(fn.anchor);
    const position = this.map.positionAt(anchor.line0, anchor.column);
    const at = fn.nameAt === undefined ? undefined : this.functions.positionOf(fn.nameAt);
    // esbuild names a renamed binding (`slow2`) after the original in the map; else the bundle's own name is the user's.
    const renamed = at === undefined ? undefined : this.map.nameAt(at.line0, at.column);
    const name = renamed ?? fn.name ?? (frame === undefined ? '(anonymous)' : displayName(frame));
    const resolved: ResolvedFrame = position === undefined
      ? { key: `glue:${fn.anchor}`, info: { name, kind: 'node' }, own: fn }
      : { key: `fn:${fn.anchor}`, info: sourceInfo(name, position.file, position.line), own: fn };
    this.byFunction.set(fn, resolved);
    return resolved;
  }
}
