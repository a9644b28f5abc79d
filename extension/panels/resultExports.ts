/**
 * A benchmark result in the formats the panel's Export menu writes: CSV (one row per
 * configuration with its statistics) and a Markdown summary for an issue or a pull request.
 * Pure (no 'vscode'), so both are unit-tested; the figures are formatted as the panel shows them.
 */
import type { BenchmarkResult, TimingStats } from '../../protocol/results';
import { clusterFigures, clusterRowLabel, clusterWorkers } from '../../protocol/clusterText';
import { headlineFor } from '../../webview/benchmark/headline';
import { formatCount, formatFraction, formatMs, formatRangeMs, formatSpeedup, workersLabel } from '../../webview/shared/format';

/** One configuration of a run: serial, a pool size, or the async alternative. */
interface Row {
  configuration: string;
  kind: 'serial' | 'pool' | 'async' | 'cluster';
  workers: number | null;
  concurrency: number | null;
  stats: TimingStats;
  speedup: number;
  efficiency: number | null;
}

/** The cluster's row as the panel's table has it: labelled, and marked when it stopped or its results differ. */
function clusterRow(result: BenchmarkResult): Row[] {
  const cluster = result.cluster;
  const figures = clusterFigures(cluster);
  if (cluster === null || figures === null) return [];
  return [{ configuration: clusterRowLabel(cluster), kind: 'cluster', workers: clusterWorkers(cluster), concurrency: null, ...figures }];
}

/** The rows in the panel's table order. */
function rows(result: BenchmarkResult): Row[] {
  return [
    { configuration: 'serial', kind: 'serial', workers: null, concurrency: null, stats: result.serial, speedup: 1, efficiency: null },
    ...result.runs.map((run): Row => ({ configuration: workersLabel(run.workers), kind: 'pool', workers: run.workers, concurrency: null, stats: run, speedup: run.speedup, efficiency: run.efficiency })),
    ...result.asyncRuns.map((run): Row => ({ configuration: `async, ${run.concurrency} at once`, kind: 'async', workers: 1, concurrency: run.concurrency, stats: run, speedup: run.speedup, efficiency: null })),
    ...clusterRow(result),
  ];
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Raw numbers (milliseconds, ratios) rather than the panel's rounded text, so a spreadsheet can compute with them. */
export function resultCsv(result: BenchmarkResult): string {
  const header = ['configuration', 'kind', 'workers', 'concurrency', 'trials', 'median_ms', 'min_ms', 'max_ms', 'q1_ms', 'q3_ms', 'speedup', 'efficiency', 'samples_ms'];
  // A failed run's timings time its errors: its rows carry no speedup to read.
  const usable = result.failure === null;
  const lines = rows(result).map((row) => [
    row.configuration, row.kind, row.workers, row.concurrency, row.stats.trials,
    row.stats.medianMs, row.stats.minMs, row.stats.maxMs, row.stats.q1Ms, row.stats.q3Ms,
    usable ? row.speedup : null, usable ? row.efficiency : null, row.stats.samplesMs.join(' '),
  ].map(csvField).join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** A table cell's text with the pipes Markdown would split on escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** What the suggestion card says, in one line. */
function suggestionLine(result: BenchmarkResult): string {
  const s = result.suggestion;
  return s.keepSerial ? '**Suggestion:** keep it serial, no pool suggested.' : `**Suggested pool size:** ${s.poolSize} ${s.poolSize === 1 ? 'worker' : 'workers'} (limited by ${s.limitedBy}).`;
}

/**
 * The headline, the verdict, what ran on what machine, and the statistics table: what a reader
 * of an issue needs to trust the figure. Code spans use as many backticks as the text needs.
 */
export function resultMarkdown(result: BenchmarkResult): string {
  const { function: fn, resources } = result;
  const headline = headlineFor(result);
  const fence = '`'.repeat(Math.max(1, ...Array.from(result.inputs.expression.matchAll(/`+/g), (m) => m[0].length + 1)));
  const expression = result.inputs.expression.length > 200 ? `${result.inputs.expression.slice(0, 199)}…` : result.inputs.expression;
  const match = result.resultsMatch ? 'parallel results match serial' : result.mismatch ? `**parallel results differ from serial** (input #${result.mismatch.inputIndex})` : 'results not compared';
  const lines = [
    `### ${fn.name}: ${headline.text}`,
    '',
    ...(headline.detail === null ? [] : [/[.!?]$/.test(headline.detail) ? headline.detail : `${headline.detail}.`, '']),
    `\`${fn.file.split(/[\\/]/).pop() ?? fn.file}:${fn.line}\` · ${formatCount(result.inputs.count)} inputs from ${fence}${fence.length > 1 ? ' ' : ''}${expression}${fence.length > 1 ? ' ' : ''}${fence} · ${match} · chunk size ${formatCount(result.chunkSize)}`,
    `${resources.cores} cores (${resources.cpuBrand}), ${result.serial.trials} ${result.serial.trials === 1 ? 'trial' : 'trials'} per configuration, ${new Date(result.startedAt).toISOString()}`,
    '',
  ];
  if (result.failure === null) {
    lines.push('| configuration | median | min–max | speedup | efficiency |', '| --- | ---: | ---: | ---: | ---: |');
    for (const row of rows(result)) {
      lines.push(`| ${cell(row.configuration)} | ${formatMs(row.stats.medianMs)} | ${formatRangeMs(row.stats.minMs, row.stats.maxMs)} | ${formatSpeedup(row.speedup)} | ${row.efficiency === null ? '—' : formatFraction(row.efficiency)} |`);
    }
    lines.push('');
  }
  lines.push(suggestionLine(result), '');
  return lines.join('\n');
}
