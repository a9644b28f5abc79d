/** Node's parseArgs, with the CLI's own words for a flag it does not know or a flag without its value. */
import { parseArgs } from 'node:util';
import { CliError } from './cliError';

/** The flags of one command, as parseArgs takes them. */
export type FlagOptions = Record<string, { type: 'string' | 'boolean' }>;

/** The parsed flags and positionals of one command. */
export interface ParsedFlags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Whether the arguments ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** Parses `args`; a CliError (exit 2) carrying `usage` names the flag that is wrong, never Node's wording. */
export function parseFlags(args: readonly string[], options: FlagOptions, usage: string): ParsedFlags {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(flagProblem(error, options), 2, `usage: ${usage}\n(add --help for what each flag does)`);
  }
}

function flagProblem(error: unknown, options: FlagOptions): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // parseArgs names the flag in quotes: '--nope', '--trials <value>'.
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  const name = flag.replace(/^--?/, '');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown flag ${flag || message}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && options[name] !== undefined) {
    if (options[name].type === 'boolean') return `${flag} takes no value`;
    if (/ambiguous/.test(message)) return `${flag} needs a value (for one that starts with "-", write ${flag}=<value>)`;
    return `${flag} needs a value`;
  }
  return message.split('\n')[0] ?? message;
}
