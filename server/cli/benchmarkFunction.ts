/** Finds a function by name in a file and benchmarks it, with progress on a terminal's stderr. */
import { readFile } from 'node:fs/promises';
import { findFunctionByName } from '../analysis/findFunction';
import type { BenchmarkResult, ErrorCode } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import { runBenchmark } from '../engine/runBenchmark';
import { CliError } from './cliError';

/** Codes that mean the command asked for something wrong (exit 2) rather than a run that failed (exit 1). */
export const usageCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'FILE_NOT_FOUND', 'FUNCTION_NOT_FOUND', 'NOT_A_FUNCTION', 'UNSUPPORTED_FUNCTION', 'SYNTAX_ERROR',
  'BUNDLE_FAILED', 'INPUTS_FAILED', 'INPUTS_NOT_ARRAY', 'INPUTS_EMPTY', 'INPUTS_TOO_MANY',
]);

/** What to benchmark. */
export interface BenchmarkRequest {
  file: string;
  name: string;
  /** The inputs expression; undefined uses the one suggested from the parameter types. */
  inputs: string | undefined;
  settings: RunSettings;
}

/** A progress line that rewrites itself on a terminal and stays silent elsewhere. */
export function progressLine(stream: NodeJS.WriteStream): { update: (text: string) => void; clear: () => void } {
  if (stream.isTTY !== true) return { update: () => undefined, clear: () => undefined };
  const width = Math.max(20, (stream.columns || 80) - 1);
  return {
    update: (text) => stream.write(`\r\u001b[K${text.slice(0, width)}`),
    clear: () => stream.write('\r\u001b[K'),
  };
}

/** Benchmarks `name` in `file`; throws CliError when there is no result to show. */
export async function benchmarkFunction(request: BenchmarkRequest, signal: AbortSignal): Promise<BenchmarkResult> {
  let text: string;
  try {
    text = await readFile(request.file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${request.file}: check the path`);
  }
  const found = findFunctionByName(request.file, text, request.name);
  if (!found.ok) throw new CliError(found.error.message);
  const progress = progressLine(process.stderr);
  try {
    const reply = await runBenchmark(
      { target: found.value, inputs: request.inputs ?? found.value.suggestedInputs, settings: request.settings },
      {
        signal,
        onProgress: ({ message, fraction }) => progress.update(`  ${Math.round(fraction * 100)}%  ${message}`),
        log: () => undefined,
        // The function's own output goes to stderr, never into stdout (which may be --json).
        output: ({ line }) => {
          progress.clear();
          process.stderr.write(`${line}\n`);
        },
      },
    );
    if (!reply.ok) throw new CliError(reply.error.message, usageCodes.has(reply.error.code) ? 2 : 1);
    return reply.value;
  } finally {
    progress.clear();
  }
}
