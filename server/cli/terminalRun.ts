/** What the CLI's run and profile commands share: finding the function by name, and a run's hooks on a terminal. */
import { readFile } from 'node:fs/promises';
import { findPlaceholder } from '../../protocol/inputPlaceholder';
import type { FunctionTarget, InputChoices } from '../../protocol/lsp';
import { findFunctionByName } from '../analysis/findFunction';
import { inputChoices } from '../analysis/inputChoices';
import { ProjectServices } from '../analysis/projectServices';
import type { RunHooks } from '../engine/runContext';
import { CliError } from './cliError';

/** A progress line that rewrites itself on a terminal and stays silent elsewhere. */
export function progressLine(stream: NodeJS.WriteStream): { update: (text: string) => void; clear: () => void } {
  if (stream.isTTY !== true) return { update: () => undefined, clear: () => undefined };
  const width = Math.max(20, (stream.columns || 80) - 1);
  return {
    update: (text) => stream.write(`\r\u001b[K${text.slice(0, width)}`),
    clear: () => stream.write('\r\u001b[K'),
  };
}

/** `name` in `file`, or a CliError saying why it cannot be run. */
export async function findTarget(file: string, name: string): Promise<FunctionTarget> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${file}: check the path`);
  }
  const found = findFunctionByName(file, text, name);
  if (!found.ok) throw new CliError(found.error.message);
  return found.value;
}

/**
 * The inputs a command runs when it was given none: sample values the type checker builds from the
 * parameter types (the picker's suggestion). A CliError (exit 2) when a parameter needs a value
 * only the user can give, naming the module's exports that fit, if any.
 */
export function defaultInputs(target: FunctionTarget): string {
  const projects = new ProjectServices({ get: () => undefined });
  let choices: InputChoices | undefined;
  try {
    const reply = inputChoices(projects, target);
    if (reply.ok) choices = reply.value;
  } catch {
    // The syntax-only suggestion below still serves.
  } finally {
    projects.dispose();
  }
  const inputs = choices?.suggestedInputs ?? target.suggestedInputs;
  const type = findPlaceholder(inputs);
  if (type === undefined) return inputs;
  const fitting = choices?.candidates.map((c) => `${c.expression}${c.count === null ? '' : ` (${c.count} inputs)`}`) ?? [];
  const hint = fitting.length > 0 ? `, or one of the exports that fit: ${fitting.join(', ')}` : '';
  throw new CliError(`no sample value can be built for a parameter of type ${type} of ${target.name}: pass --inputs "<expression>"${hint}`, 2);
}

/** Hooks that show progress on stderr's terminal line; `dispose` clears that line. */
export function terminalHooks(signal: AbortSignal): RunHooks & { dispose: () => void } {
  const progress = progressLine(process.stderr);
  return {
    signal,
    onProgress: ({ message, fraction }) => progress.update(`  ${Math.round(fraction * 100)}%  ${message}`),
    log: () => undefined,
    // The function's own output goes to stderr, never into stdout (which may be --json).
    output: ({ line }) => {
      progress.clear();
      process.stderr.write(`${line}\n`);
    },
    dispose: () => progress.clear(),
  };
}
