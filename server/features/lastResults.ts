/** The last benchmark of each function, kept by the server for CodeLens titles and generated pool defaults. */
import * as path from 'node:path';
import type { BenchmarkResult } from '../../protocol/results';

/** Results keyed by (absolute file path, function name); in memory only, for this session. */
export class LastResults {
  private readonly byFunction = new Map<string, BenchmarkResult>();

  /** Remembers the result of a run that completed (a cancelled or failed one is shown as such). */
  record(file: string, name: string, result: BenchmarkResult): void {
    this.byFunction.set(key(file, name), result);
  }

  /** The last result of `name` in `file`, if it ran this session. */
  get(file: string, name: string): BenchmarkResult | undefined {
    return this.byFunction.get(key(file, name));
  }
}

function key(file: string, name: string): string {
  return `${path.resolve(file)}#${name}`;
}
