/** The human-readable report of a benchmark: plain aligned text, coloured on a terminal. */
import * as path from 'node:path';
import type { BenchmarkResult, PoolRun, RunError } from '../../protocol/results';
import { formatBytes } from '../resources/formatBytes';
import { describeAmdahl } from '../engine/amdahl';
import { worthwhileSpeedup } from '../engine/verdict';
import type { Colour } from './paint';

type Paint = (colour: Colour, text: string) => string;

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** Lays out rows as columns: the first left-aligned, the others right-aligned. */
function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('   ').trimEnd(),
  );
}

function runRow(run: PoolRun): string[] {
  return [`${run.workers}`, ms(run.medianMs), `${ms(run.minMs)}–${ms(run.maxMs)}`, `${run.speedup.toFixed(2)}×`, `${Math.round(run.efficiency * 100)}%`];
}

function errorLines(error: RunError, paint: Paint): string[] {
  const where = error.inputIndex === undefined ? '' : ` input ${error.inputIndex}`;
  const lines = [`  ${paint('red', error.code)}${where}: ${error.message}`];
  // The first frame is where the user's code threw: enough to jump to it.
  const frame = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  if (frame !== undefined) lines.push(paint('dim', `      ${frame.trim()}`));
  return lines;
}

/** Every trial's time, one group per configuration: "each trial (ms): serial 90 91 95; 2 workers 51 51 52". */
function trialLines(result: BenchmarkResult): string {
  const trials = (samples: readonly number[]): string => samples.map(ms).join(' ');
  const groups = [`serial ${trials(result.serial.samplesMs)}`, ...result.runs.map((run) => `${run.workers}w ${trials(run.samplesMs)}`)];
  return `each trial (ms): ${groups.join('; ')}`;
}

/** Amdahl fit, CPU-bound verdict, async runs and delivery: one line each, only those that apply. */
function figureLines(result: BenchmarkResult): string[] {
  const lines: string[] = [];
  if (result.chunking !== undefined) lines.push(`chunk size ${result.chunking.chunkSize}: ${result.chunking.reason}`);
  if (result.amdahl !== null) {
    const predicted = result.amdahl.predicted.map((p) => `${p.workers}: ${p.speedup.toFixed(1)}×`).join(', ');
    lines.push(`Amdahl fit: ${describeAmdahl(result.amdahl)}${predicted === '' ? '' : ` (${predicted})`}`);
  }
  if (result.cpuBound !== null) {
    const clock = result.cpuBound.method === 'threadCpuUsage' ? 'thread CPU time' : 'event-loop utilization';
    const label = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'mixed CPU and I/O' }[result.cpuBound.verdict];
    // The advice itself is in the verdict when it changes what to do; here, the measurement.
    lines.push(`${label}: ${Math.round(result.cpuBound.cpuShare * 100)}% of each input's time computing (${clock})`);
  }
  if (result.asyncRuns.length > 0) {
    lines.push(`async on one worker: ${result.asyncRuns.map((run) => `${run.concurrency} at once ${ms(run.medianMs)} ms (${run.speedup.toFixed(2)}×)`).join(', ')}`);
  }
  const first = result.runs[result.runs.length - 1];
  const delivery = result.ordered ? 'in input order' : 'as they landed (unordered)';
  const firstResult = first?.firstResultMs != null ? `, first after ${ms(first.firstResultMs)} ms on ${first.workers} worker${first.workers === 1 ? '' : 's'}` : '';
  const recycled = result.recycledWorkers > 0 ? `; ${result.recycledWorkers} worker${result.recycledWorkers === 1 ? '' : 's'} recycled` : '';
  if (result.runs.length > 0) lines.push(`results delivered ${delivery}${firstResult}${recycled}`);
  return lines;
}

/** The report's lines: machine, suggestion with its reasoning, the timing table, verdict, match and errors. */
export function formatResult(result: BenchmarkResult, paint: Paint, cwd = process.cwd()): string[] {
  const { resources, suggestion, serial } = result;
  const lines: string[] = [];
  const file = path.relative(cwd, result.function.file) || result.function.file;
  lines.push(paint('bold', `${file}#${result.function.name}`) + paint('dim', `  ${result.inputs.count} inputs: ${result.inputs.expression}`));
  const memoryLimit = resources.memory.constrainedBytes === null ? '' : `, limit ${formatBytes(resources.memory.constrainedBytes)}`;
  lines.push(`machine: ${resources.cores} cores (${resources.cpuBrand}), load ${resources.loadPercent.toFixed(0)}%, ${formatBytes(resources.memory.freeBytes)} free${memoryLimit}`);
  lines.push(`suggested pool size: ${paint('bold', String(suggestion.poolSize))}`);
  for (const reason of suggestion.reasoning) lines.push(paint('dim', `  · ${reason}`));
  lines.push('');

  if (serial.trials > 0) {
    const rows = [
      ['workers', 'median ms', 'min–max ms', 'speedup', 'efficiency'],
      ['serial', ms(serial.medianMs), `${ms(serial.minMs)}–${ms(serial.maxMs)}`, '1.00×', '—'],
      ...result.runs.map(runRow),
    ];
    const [header, ...body] = table(rows);
    lines.push(paint('dim', header ?? ''), ...body);
    const messages = result.runs.length === 0 ? '' : `, ${result.chunkSize} input${result.chunkSize === 1 ? '' : 's'} per message`;
    lines.push(paint('dim', `${serial.trials} trial${serial.trials === 1 ? '' : 's'} each, median shown; ${ms(serial.perItemMs)} ms per input${messages}`));
    lines.push(paint('dim', trialLines(result)));
    lines.push(...figureLines(result));
    lines.push('');
  }

  const best = result.runs.find((run) => run.workers === result.bestWorkers);
  const good = best !== undefined && best.workers > 1 && best.speedup >= worthwhileSpeedup;
  lines.push(paint(good ? 'green' : 'yellow', result.verdict));
  if (result.cancelled) lines.push(paint('yellow', 'cancelled: the figures above are what was measured before it stopped'));
  if (result.runs.length > 0) {
    if (result.resultsMatch) {
      lines.push('results: every parallel result equals the serial one');
    } else if (result.mismatch !== null) {
      const { inputIndex, serial: expected, parallel, workers } = result.mismatch;
      lines.push(paint('red', `results differ: input ${inputIndex} gave ${expected} serially but ${parallel} on ${workers} worker${workers === 1 ? '' : 's'}`));
      lines.push(paint('red', '  the function is not deterministic or shares state between calls (module variables, randomness, time): parallel results cannot be trusted'));
    }
  }
  if (result.errors.length > 0) {
    lines.push(paint('red', `${result.errors.length} error${result.errors.length === 1 ? '' : 's'}:`));
    for (const error of result.errors) lines.push(...errorLines(error, paint));
  }
  return lines;
}
