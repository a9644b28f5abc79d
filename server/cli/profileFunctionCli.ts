/** Finds a function by name in a file and profiles it, with progress on a terminal's stderr. */
import { readFile } from 'node:fs/promises';
import { findFunctionByName } from '../analysis/findFunction';
import { profileFunction, type Profiled } from '../engine/profileFunction';
import { progressLine, usageCodes } from './benchmarkFunction';
import { CliError } from './cliError';
import type { ProfileArgs } from './parseProfileArgs';

/** Profiles `name` in `file`; throws CliError when there is no profile to show. */
export async function profileFromCli(request: ProfileArgs, signal: AbortSignal): Promise<Profiled> {
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
    const reply = await profileFunction(
      { target: found.value, inputs: request.inputs ?? found.value.suggestedInputs, settings: request.settings, ...(request.intervalUs === undefined ? {} : { intervalUs: request.intervalUs }) },
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
    if (!reply.ok) {
      const stack = reply.error.stack === undefined ? '' : `\n${reply.error.stack}`;
      throw new CliError(`${reply.error.code}: ${reply.error.message}${stack}`, usageCodes.has(reply.error.code) ? 2 : 1);
    }
    return reply.value;
  } finally {
    progress.clear();
  }
}
