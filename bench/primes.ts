/**
 * examples/primes.ts countPrimes on worker threads (the Parallelize engine, piscina) beside the
 * same algorithm on Python's multiprocessing.Pool.map, same inputs, same trials. Figures only.
 *
 *   npm run bench              (builds dist/worker.js first)
 *   node --import tsx bench/primes.ts --trials 5
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { BenchmarkResult } from '../protocol/results';
import { defaultRunSettings } from '../protocol/settings';
import { findFunctionByName } from '../server/analysis/findFunction';
import { runBenchmark } from '../server/engine/runBenchmark';
import { summarize } from '../server/engine/statistics';
import { formatBytes } from '../protocol/formatBytes';

const root = path.resolve(__dirname, '..');
const primesFile = path.join(root, 'examples', 'primes.ts');
// The inputs the finder suggests for a `number` parameter: small enough for Python to finish in seconds.
const inputs = Array.from({ length: 32 }, (_, i) => 100_000 + i * 1_000);

/** What primes.py prints. */
interface PythonFigures {
  serialMs: number[];
  pools: Record<string, number[]>;
  results: number[];
}

async function runNode(trials: number, inputsExpression = JSON.stringify(inputs)): Promise<BenchmarkResult> {
  const found = findFunctionByName(primesFile, await readFile(primesFile, 'utf8'), 'countPrimes');
  if (!found.ok) throw new Error(found.error.message);
  const reply = await runBenchmark(
    { target: found.value, inputs: inputsExpression, settings: { ...defaultRunSettings, trials } },
    { signal: new AbortController().signal, onProgress: () => undefined, log: () => undefined },
  );
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

async function runPython(trials: number, sizes: number[]): Promise<PythonFigures> {
  const { stdout } = await promisify(execFile)('python3', [
    path.join(root, 'bench', 'primes.py'), '--inputs', JSON.stringify(inputs), '--trials', String(trials), '--sizes', sizes.join(','),
  ], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as PythonFigures;
}

function cells(medianMs: number, serialMs: number, workers: number): string[] {
  const speedup = serialMs / medianMs;
  return [medianMs.toFixed(1), `${speedup.toFixed(2)}×`, workers === 0 ? '—' : `${Math.round((speedup / workers) * 100)}%`];
}

function printTable(rows: string[][]): void {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('   '));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '3' } } });
  const trials = Number(values.trials);
  console.log(`countPrimes on ${inputs.length} limits ${inputs[0]}…${inputs.at(-1)}, ${trials} trials each, medians in ms`);
  const node = await runNode(trials);
  const sizes = node.runs.map((run) => run.workers);
  const python = await runPython(trials, sizes);
  const { resources } = node;
  console.log(`machine: ${resources.cores} cores (${resources.cpuBrand}), load ${resources.loadPercent.toFixed(0)}% at start, ${formatBytes(resources.memory.freeBytes)} free`);
  console.log(`node ${process.version} worker_threads (piscina), chunk size ${node.chunkSize}; python3 multiprocessing.Pool.map, default chunksize`);
  console.log('');
  const pythonSerial = summarize(python.serialMs).medianMs;
  printTable([
    ['', 'node ms', 'speedup', 'efficiency', 'python ms', 'speedup', 'efficiency'],
    ['serial', ...cells(node.serial.medianMs, node.serial.medianMs, 0), ...cells(pythonSerial, pythonSerial, 0)],
    ...node.runs.map((run) => {
      const pythonMs = summarize(python.pools[String(run.workers)] ?? []).medianMs;
      return [`${run.workers} worker${run.workers === 1 ? '' : 's'}`, ...cells(run.medianMs, node.serial.medianMs, run.workers), ...cells(pythonMs, pythonSerial, run.workers)];
    }),
  ]);
  console.log('');
  console.log(`node: ${node.verdict}; pool results equal serial ones: ${node.resultsMatch} (primes.py checks its own)`);
  console.log(`node serial is ${(pythonSerial / node.serial.medianMs).toFixed(1)}× faster than python serial on the same algorithm`);

  // Node's run above is ~20× shorter than Python's, so fixed costs weigh more in its efficiency. The
  // example's own demoInputs give each Node task about the time a Python task takes above.
  const heavy = await runNode(trials, 'demoInputs');
  console.log('');
  console.log(`node on examples/primes.ts demoInputs (${heavy.inputs.count} inputs, tasks ${heavy.serial.perItemMs.toFixed(1)} ms each, like python's above):`);
  printTable([
    ['', 'node ms', 'speedup', 'efficiency'],
    ['serial', ...cells(heavy.serial.medianMs, heavy.serial.medianMs, 0)],
    ...heavy.runs.map((run) => [`${run.workers} worker${run.workers === 1 ? '' : 's'}`, ...cells(run.medianMs, heavy.serial.medianMs, run.workers)]),
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
