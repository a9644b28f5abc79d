/**
 * The bundle's inline source map, read back from the bundle itself: what turns a position in the
 * bundle (where V8's samples are) into the TypeScript file and line the user wrote. Node applies
 * no source maps to profiles, so every frame and every line of positionTicks goes through here.
 */
import { decodedMappings, TraceMap, traceSegment } from '@jridgewell/trace-mapping';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A position in an original source: absolute file, 1-based line, 0-based column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** The original name at that position, when the bundler renamed it (esbuild's `slow2` for `slow`). */
  name?: string;
}

const mapComment = '//# sourceMappingURL=data:application/json;';

/** A bundle's source map with its sources resolved to absolute paths. */
export class BundleMap {
  private readonly files: string[];
  private readonly lineMemo = new Map<number, { file: string; line: number } | null>();

  private constructor(private readonly map: TraceMap, bundleFile: string) {
    const dir = path.dirname(bundleFile);
    this.files = map.sources.map((source) => {
      if (source === null) return '';
      if (source.startsWith('file:')) return fileURLToPath(source);
      return path.resolve(dir, map.sourceRoot ?? '', source);
    });
  }

  /** The map inlined at the end of `text` (the bundle at `bundleFile`), or undefined when it has none. */
  static fromBundle(bundleFile: string, text: string): BundleMap | undefined {
    const at = text.lastIndexOf(mapComment);
    if (at < 0) return undefined;
    const data = text.slice(at + mapComment.length).trim();
    const comma = data.indexOf('base64,');
    if (comma < 0) return undefined;
    try {
      const json = Buffer.from(data.slice(comma + 'base64,'.length), 'base64').toString('utf8');
      return new BundleMap(new TraceMap(JSON.parse(json) as ConstructorParameters<typeof TraceMap>[0]), bundleFile);
    } catch {
      return undefined;
    }
  }

  /** The original source text of `file` as the map carries it (esbuild's sourcesContent). */
  sourceContent(file: string): string | undefined {
    const index = this.files.indexOf(file);
    return index < 0 ? undefined : (this.map.sourcesContent?.[index] ?? undefined);
  }

  /** The original position of a bundle position (0-based line and column), nearest at or before it on its line, else after it. */
  positionAt(line0: number, column: number): SourcePosition | undefined {
    const segment = traceSegment(this.map, line0, column) ?? (decodedMappings(this.map)[line0] ?? []).find((candidate) => candidate.length > 1);
    if (segment === undefined || segment.length === 1) return undefined;
    const name = segment.length === 5 ? this.map.names[segment[4]] : undefined;
    return { file: this.files[segment[1]] ?? '', line: segment[2] + 1, column: segment[3], ...(name === undefined ? {} : { name }) };
  }

  /** The original name of the identifier starting exactly at a bundle position, when the bundler renamed it. */
  nameAt(line0: number, column: number): string | undefined {
    const segment = traceSegment(this.map, line0, column);
    if (segment?.length !== 5 || segment[0] !== column) return undefined;
    return this.map.names[segment[4]] ?? undefined;
  }

  /**
   * The original line a 1-based bundle line stands for. positionTicks name a line, not a column,
   * so all the segments of that line are read and the original line most of them map to wins
   * (esbuild reprints code, but one generated line rarely mixes original lines).
   */
  lineOf(line1: number): { file: string; line: number } | undefined {
    const memo = this.lineMemo.get(line1);
    if (memo !== undefined) return memo ?? undefined;
    const votes = new Map<string, { file: string; line: number; count: number }>();
    for (const segment of decodedMappings(this.map)[line1 - 1] ?? []) {
      if (segment.length === 1) continue;
      const file = this.files[segment[1]] ?? '';
      const line = segment[2] + 1;
      const key = `${segment[1]}:${line}`;
      const vote = votes.get(key) ?? { file, line, count: 0 };
      vote.count++;
      votes.set(key, vote);
    }
    let best: { file: string; line: number; count: number } | undefined;
    for (const vote of votes.values()) if (best === undefined || vote.count > best.count) best = vote;
    const found = best === undefined ? undefined : { file: best.file, line: best.line };
    this.lineMemo.set(line1, found ?? null);
    return found;
  }
}
