/** The human-readable report of a benchmark: plain aligned text, coloured on a terminal. */
import * as path from 'node:path';
import type { BenchmarkResult, PoolRun, PoolTimeline, RunError, TimingStats } from '../../protocol/results';
import { formatBytes } from '../../protocol/formatBytes';
import { describeAmdahl, describePrediction } from '../engine/amdahl';
import { formatShortMs } from '../engine/chunkSize';
import { describeCounts, firstInputError } from '../engine/runFailure';
import { clusterFigures, clusterLabel, clusterRowLabel } from '../../protocol/clusterText';
import { clusterLines } from './formatCluster';
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

function figuresRow(label: string, stats: Pick<TimingStats, 'medianMs' | 'minMs' | 'maxMs'>, speedup: number, efficiency: number): string[] {
  return [label, ms(stats.medianMs), `${ms(stats.minMs)}–${ms(stats.maxMs)}`, `${speedup.toFixed(2)}×`, `${Math.round(efficiency * 100)}%`];
}

function runRow(run: PoolRun): string[] {
  return figuresRow(`${run.workers}`, run, run.speedup, run.efficiency);
}

/** "cluster 2×1" beside the pool sizes, when the cluster finished a trial, tagged as the panel tags a row in doubt. */
export function clusterRows(result: BenchmarkResult): string[][] {
  const figures = clusterFigures(result.cluster);
  if (result.cluster === null || figures === null) return [];
  return [figuresRow(clusterRowLabel(result.cluster), figures.stats, figures.speedup, figures.efficiency)];
}

function errorLines(error: RunError, paint: Paint, wholeStack: boolean): string[] {
  const where = error.inputIndex === undefined ? '' : ` input ${error.inputIndex}`;
  const lines = [`  ${paint('red', error.code)}${where}: ${error.message}`];
  const frames = error.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')) ?? [];
  // The first frame is where the user's code threw: enough to jump to it, unless this is the error to fix.
  for (const frame of wholeStack ? frames : frames.slice(0, 1)) lines.push(paint('dim', `      ${frame.trim()}`));
  return lines;
}

/** "32 errors (TASK_THREW ×32), 20 listed:", or "1 error:" when every one is listed. */
function errorsHeading(result: BenchmarkResult): string {
  const counted = Object.values(result.errorCounts).reduce((sum, count) => sum + count, 0);
  // Results saved before the counts were kept have only the list.
  const total = Math.max(counted, result.errors.length);
  const noun = `${total} error${total === 1 ? '' : 's'}`;
  return total > result.errors.length ? `${noun} (${describeCounts(result.errorCounts)}), ${result.errors.length} listed:` : `${noun}:`;
}

/** Whether the parallel results agree with the serial ones, or why that is not known. */
function matchLine(result: BenchmarkResult, paint: Paint): string[] {
  if (result.resultsMatch) {
    const compared = result.comparedInputs === null ? '' : ` (${result.comparedInputs} input${result.comparedInputs === 1 ? '' : 's'} compared)`;
    return [`results: every parallel result equals the serial one${compared}`];
  }
  if (result.mismatch !== null) {
    const { inputIndex, serial: expected, parallel, workers } = result.mismatch;
    return [
      paint('red', `results differ: input ${inputIndex} gave ${expected} serially but ${parallel} on ${workers} worker${workers === 1 ? '' : 's'}`),
      paint('red', '  the function is not deterministic or shares state between calls (module variables, randomness, time): parallel results cannot be trusted'),
    ];
  }
  // A cancelled run stopped before it could say; it says it was cancelled instead.
  if (result.cancelled || result.runs.length === 0) return [];
  const why = result.comparedInputs === 0 ? 'no input gave a value to compare' : 'most inputs failed';
  return [paint('yellow', `results: not compared: ${why}`)];
}

/** Every trial's time, one group per configuration: "each trial (ms): serial 90 91 95; 2w 51 51 52; cluster 2×1 60 58". */
function trialLines(result: BenchmarkResult): string {
  const trials = (samples: readonly number[]): string => samples.map(ms).join(' ');
  const groups = [`serial ${trials(result.serial.samplesMs)}`, ...result.runs.map((run) => `${run.workers}w ${trials(run.samplesMs)}`)];
  const cluster = result.cluster;
  if (cluster !== null && cluster.samplesMs.length > 0) groups.push(`${clusterLabel(cluster)} ${trials(cluster.samplesMs)}`);
  return `each trial (ms): ${groups.join('; ')}`;
}

/** "96%", or "2.4%" under 10%, where a tenth of a point is still worth reading. */
function share(fraction: number): string {
  const percent = fraction * 100;
  return `${percent >= 10 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/**
 * "timeline (2 workers, trial 1, 652 ms): compute 96%, messaging 2.0%, idle 2.0%; slowest last
 * chunk: inputs 22–23 on worker 2, 54 ms, alone for its last 30 ms".
 */
export function timelineLine(timeline: PoolTimeline): string {
  const workers = `${timeline.workers} worker${timeline.workers === 1 ? '' : 's'}`;
  const head = `timeline (${workers}, trial ${timeline.trial}, ${ms(timeline.wallMs)} ms): compute ${share(timeline.compute)}, messaging ${share(timeline.messaging)}, idle ${share(timeline.idle)}`;
  // A wall clock stepped between the engine's start and its run host's shows as an offset, corrected.
  const clocks = timeline.clockCorrectionMs >= 1 ? `; the workers' clock was ${ms(timeline.clockCorrectionMs)} ms off the engine's, corrected` : '';
  const last = timeline.lastChunk;
  if (last === null) return `${head}${clocks}`;
  const inputs = last.items === 1 ? `input ${last.firstInput}` : `inputs ${last.firstInput}–${last.lastInput}`;
  if (timeline.workers === 1) return `${head}; last chunk: ${inputs}, ${ms(last.computeMs)} ms${clocks}`;
  return `${head}; slowest last chunk: ${inputs} on worker ${last.worker}, ${ms(last.computeMs)} ms, alone for its last ${ms(last.aloneMs)} ms${clocks}`;
}

/** Amdahl fit, CPU-bound verdict, async runs and delivery: one line each, only those that apply. */
function figureLines(result: BenchmarkResult): string[] {
  const lines: string[] = [];
  if (result.chunking !== undefined) lines.push(`chunk size ${result.chunking.chunkSize}: ${result.chunking.reason}`);
  if (result.amdahl !== null) {
    const predicted = result.amdahl.predicted.map((p) => `${p.workers}: ${describePrediction(p)}`).join(', ');
    const caveat = result.amdahl.reliable && result.amdahl.caveat !== null ? `; ${result.amdahl.caveat}` : '';
    lines.push(`Amdahl fit: ${describeAmdahl(result.amdahl)}${predicted === '' ? '' : ` (${predicted})`}${caveat}`);
  }
  if (result.moduleLoad !== null) {
    lines.push(`module load: ${formatShortMs(result.moduleLoad.ms)}, ${formatBytes(result.moduleLoad.heapBytes)} per worker`);
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
  if (result.timeline !== null) lines.push(timelineLine(result.timeline));
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
  // "Suggested pool size 1" beside "keep it serial" would be advice to use a pool.
  lines.push(suggestion.keepSerial ? `suggestion: ${paint('bold', 'keep it serial')}, no pool` : `suggested pool size: ${paint('bold', String(suggestion.poolSize))}`);
  for (const reason of suggestion.reasoning) lines.push(paint('dim', `  · ${reason}`));
  lines.push('');

  // Timings of a run whose inputs mostly failed time the errors: no table, so no speedup to read.
  if (serial.trials > 0 && result.failure === null) {
    const rows = [
      ['workers', 'median ms', 'min–max ms', 'speedup', 'efficiency'],
      ['serial', ms(serial.medianMs), `${ms(serial.minMs)}–${ms(serial.maxMs)}`, '1.00×', '—'],
      ...result.runs.map(runRow),
      ...clusterRows(result),
    ];
    const [header, ...body] = table(rows);
    lines.push(paint('dim', header ?? ''), ...body);
    const messages = result.runs.length === 0 ? '' : `, ${result.chunkSize} input${result.chunkSize === 1 ? '' : 's'} per message`;
    lines.push(paint('dim', `${serial.trials} trial${serial.trials === 1 ? '' : 's'} each, median shown; ${ms(serial.perItemMs)} ms per input${messages}`));
    if (serial.transferMs !== null) {
      lines.push(paint('dim', `serial is the function's own time in one thread; moving its inputs and results to a worker and back took ${ms(serial.transferMs)} ms more, which only the pools pay`));
    }
    lines.push(paint('dim', trialLines(result)));
    lines.push(...figureLines(result));
    lines.push(...clusterLines(result, paint));
    lines.push('');
  }

  lines.push(paint(suggestion.keepSerial ? 'yellow' : 'green', result.verdict));
  if (result.cancelled) lines.push(paint('yellow', 'cancelled: the figures above are what was measured before it stopped'));
  lines.push(...matchLine(result, paint));
  if (result.errors.length > 0) {
    lines.push(paint('red', errorsHeading(result)));
    // When the inputs are what to fix, the first error's whole stack leads there.
    const first = result.failure === null ? undefined : firstInputError(result.errors);
    for (const error of result.errors) lines.push(...errorLines(error, paint, error === first));
  }
  return lines;
}
