/** `parallelize demo`: benchmarks each example function on its own demo inputs, one after another. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchmarkResult } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { benchmarkFunction } from './benchmarkFunction';
import { formatResult } from './formatResult';
import type { Colour } from './paint';

/** The examples, in the order the demo runs them; each file exports `demoInputs`. */
const examples = [
  { file: 'primes.ts', name: 'countPrimes', what: 'count primes by trial division' },
  { file: 'mandelbrot.ts', name: 'mandelbrotRow', what: 'render Mandelbrot rows (uneven work)' },
  { file: 'keyStretch.ts', name: 'stretchKey', what: 'stretch passwords into keys' },
  { file: 'nQueens.ts', name: 'countQueens', what: 'count 13-queens solutions per first column' },
] as const;

/** examples/ beside dist/ (bundled) or at the repository root (from source). */
function examplesDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'examples'), path.resolve(__dirname, '..', '..', 'examples')];
  return candidates.find((dir) => existsSync(path.join(dir, 'primes.ts'))) ?? (candidates[0] as string);
}

/** Runs every example and prints its report, then a one-line-per-example summary. */
export async function runDemo(paint: (colour: Colour, text: string) => string, signal: AbortSignal, write: (line: string) => void): Promise<BenchmarkResult[]> {
  const dir = examplesDir();
  const results: BenchmarkResult[] = [];
  const started = Date.now();
  for (const [i, example] of examples.entries()) {
    if (signal.aborted) break;
    write(paint('cyan', `── ${i + 1}/${examples.length}  ${example.what} ──`));
    const result = await benchmarkFunction({ file: path.join(dir, example.file), name: example.name, inputs: 'demoInputs', settings: defaultRunSettings }, signal);
    results.push(result);
    for (const line of formatResult(result, paint)) write(line);
    write('');
  }
  write(paint('bold', 'summary'));
  for (const result of results) {
    const best = result.runs.find((run) => run.workers === result.bestWorkers);
    const figure = best === undefined ? '' : `serial ${result.serial.medianMs.toFixed(0)} ms, best ${best.medianMs.toFixed(0)} ms (${best.workers} worker${best.workers === 1 ? '' : 's'})  `;
    write(`  ${result.function.name.padEnd(14)} ${figure}${result.verdict}${result.mismatch === null ? '' : paint('red', ' (results differ)')}`);
  }
  write(paint('dim', `demo took ${((Date.now() - started) / 1000).toFixed(1)} s`));
  return results;
}
