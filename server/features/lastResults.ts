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

  /** Takes a result kept from an earlier session, unless this one already has a newer result for that function. */
  recall(result: BenchmarkResult): boolean {
    const k = key(result.function.file, result.function.name);
    const known = this.byFunction.get(k);
    if (known && known.startedAt >= result.startedAt) return false;
    this.byFunction.set(k, result);
    return true;
  }

  /** The last result of `name` in `file`, from this session or recalled from the history. */
  get(file: string, name: string): BenchmarkResult | undefined {
    return this.byFunction.get(key(file, name));
  }
}

function key(file: string, name: string): string {
  return `${path.resolve(file)}#${name}`;
}
