/** The human-readable report of a profile: the summary, the hot lines and the functions, as aligned text. */
import * as path from 'node:path';
import type { FunctionCost, ProfileResult } from '../../protocol/profile';
import type { Colour } from './paint';

type Paint = (colour: Colour, text: string) => string;

/** Rows shown per table: the rest is in --json. */
const shownRows = 12;

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;
}

/** Lays out rows as columns: the first two left-aligned, the others right-aligned. */
function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('   ').trimEnd());
}

function shortPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}

function whereOf(fn: FunctionCost, cwd: string): string {
  if (fn.kind === 'package') return `${fn.packageName ?? 'package'}${fn.file === undefined ? '' : ` ${path.basename(fn.file)}:${fn.line ?? '?'}`}`;
  if (fn.file === undefined) return fn.kind === 'native' ? '(native)' : '(node)';
  return `${shortPath(fn.file, cwd)}:${fn.line ?? '?'}`;
}

/** The report's lines; `cwd` shortens the file names. */
export function formatProfile(result: ProfileResult, paint: Paint, cwd: string): string[] {
  const { target } = result;
  const confidence = result.lowConfidence ? paint('yellow', ' (low confidence: fewer than 1,000 samples)') : '';
  const out = [
    paint('bold', `${target.name} in ${shortPath(target.file, cwd)}:${target.line}`),
    `${result.samples.toLocaleString('en-US')} samples inside it over ${result.passes} pass${result.passes === 1 ? '' : 'es'} of ${result.inputs.count} input${result.inputs.count === 1 ? '' : 's'}, ${ms(result.durationMs)} ms, sampled every ${result.intervalUs} µs${confidence}`,
    paint('cyan', result.summary),
    '',
  ];
  if (result.lines.length > 0) {
    const rows = [['hot lines', '', 'self ms', 'self'], ...result.lines.slice(0, shownRows).map((line) => [`${shortPath(line.file, cwd)}:${line.line}`, '', ms(line.selfMs), percent(line.selfShare)])];
    out.push(...table(rows), '');
  }
  const fnRows = [['functions', 'where', 'self ms', 'total ms', 'self', 'total'], ...result.functions.slice(0, shownRows).map((fn) => [fn.name, whereOf(fn, cwd), ms(fn.selfMs), ms(fn.totalMs), percent(fn.selfShare), percent(fn.totalShare)])];
  out.push(...table(fnRows));
  const more = Math.max(0, result.lines.length - shownRows) + Math.max(0, result.functions.length - shownRows);
  if (more > 0) out.push(paint('dim', `(${more} more rows in --json)`));
  if (result.errors !== undefined && result.errors.length > 0) {
    out.push('', `${result.errors.length} input${result.errors.length === 1 ? '' : 's'} failed while profiled:`);
    for (const error of result.errors) out.push(`  ${paint('red', error.code)}${error.inputIndex === undefined ? '' : ` input ${error.inputIndex}`}: ${error.message}`);
  }
  return out;
}
