/** The `parallelize profile` command line: `<file.ts>#<name>`, the inputs, and where the profile goes. */
import * as path from 'node:path';
import { RunSettings, defaultRunSettings } from '../../protocol/settings';
import { maxIntervalUs, minIntervalUs } from '../engine/profileFunction';
import { parseFlags, type FlagOptions } from './cliFlags';
import { CliError } from './cliError';

/** What `parallelize profile` was asked to do. */
export interface ProfileArgs {
  file: string;
  name: string;
  /** The inputs expression, or undefined to use the suggested one. */
  inputs: string | undefined;
  json: boolean;
  /** Where to write the .cpuprofile, if anywhere. */
  cpuProfile: string | undefined;
  /** The sampling interval asked for, instead of the one fitted to the work. */
  intervalUs: number | undefined;
  settings: RunSettings;
}

/** The usage text of `parallelize profile`. */
export const profileUsage =
  'parallelize profile <file.ts>#<name> [--inputs "<expr>"] [--json] [--cpuprofile out.cpuprofile] [--budget-ms N] [--interval-us N] [--task-timeout-ms N] [--worker-memory-limit-mb N] [--initializer <export>]';

/** The numeric flags and the setting each one sets. */
const numericFlags = {
  'budget-ms': 'profileBudgetMs',
  'task-timeout-ms': 'taskTimeoutMs',
  'worker-memory-limit-mb': 'workerMemoryLimitMb',
} as const satisfies Record<string, keyof RunSettings>;

function parseInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new CliError(`--${flag} needs a whole number, not "${text}"`);
  return Number(text);
}

/** Parses the arguments after `profile`; throws CliError (exit 2) on anything malformed. */
export function parseProfileArgs(args: readonly string[], cwd: string): ProfileArgs {
  const options: FlagOptions = {
    inputs: { type: 'string' }, json: { type: 'boolean' }, cpuprofile: { type: 'string' }, 'interval-us': { type: 'string' }, initializer: { type: 'string' },
  };
  for (const flag of Object.keys(numericFlags)) options[flag] = { type: 'string' };
  const parsed = parseFlags(args, options, profileUsage);
  const [spec, ...extra] = parsed.positionals;
  if (spec === undefined) throw new CliError(`which function? usage: ${profileUsage}`);
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"; usage: ${profileUsage}`);
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || hash === spec.length - 1) throw new CliError(`name the function after a #, as in ${spec.replace(/#$/, '')}#countPrimes`);

  const { values } = parsed;
  const settings: Record<string, number | boolean | string> = { ...defaultRunSettings };
  for (const [flag, key] of Object.entries(numericFlags)) {
    const text = values[flag];
    if (typeof text === 'string') settings[key] = parseInteger(flag, text);
  }
  if (typeof values.initializer === 'string') settings.initializer = values.initializer.trim();
  const checked = RunSettings.safeParse(settings);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const flag = Object.entries(numericFlags).find(([, k]) => k === key)?.[0] ?? key;
    throw new CliError(`bad value for --${flag}: ${issue?.message ?? 'out of range'}`);
  }
  let intervalUs: number | undefined;
  if (typeof values['interval-us'] === 'string') {
    intervalUs = parseInteger('interval-us', values['interval-us']);
    if (intervalUs < minIntervalUs / 10 || intervalUs > maxIntervalUs * 10) throw new CliError(`--interval-us must be between ${minIntervalUs / 10} and ${maxIntervalUs * 10}`);
  }
  const inputs = values.inputs;
  if (typeof inputs === 'string' && inputs.trim() === '') throw new CliError('--inputs is empty: give an expression such as "[1, 2, 3]"');
  const cpuProfile = values.cpuprofile;
  if (cpuProfile === '') throw new CliError('--cpuprofile needs a file name, such as out.cpuprofile');
  return {
    file: path.resolve(cwd, spec.slice(0, hash)),
    name: spec.slice(hash + 1),
    inputs: typeof inputs === 'string' ? inputs : undefined,
    json: values.json === true,
    cpuProfile: typeof cpuProfile === 'string' ? path.resolve(cwd, cpuProfile) : undefined,
    intervalUs,
    settings: checked.data,
  };
}
