/** The `parallelize run` command line: `<file.ts>#<name>` and flags named after the settings. */
import * as path from 'node:path';
import { ClusterSettings } from '../../protocol/cluster';
import { RunSettings, defaultRunSettings } from '../../protocol/settings';
import { parseFlags, type FlagOptions, type ParsedFlags } from './cliFlags';
import { CliError } from './cliError';

/** What `parallelize run` was asked to do. */
export interface RunArgs {
  /** Absolute path of the module. */
  file: string;
  name: string;
  /** The inputs expression, or undefined to use the suggested one. */
  inputs: string | undefined;
  json: boolean;
  /** Where to write the HTML report, if anywhere. */
  report: string | undefined;
  /** Exit 1 when any input failed, not only when the figures cannot be used. */
  failOnError: boolean;
  settings: RunSettings;
  /** --cluster local|redis://…: also run on BullMQ workers; undefined without the flag. */
  cluster: ClusterSettings | undefined;
}

/** The numeric flags and the setting each one sets. */
const numericFlags = {
  trials: 'trials',
  'max-workers': 'maxWorkers',
  'task-timeout-ms': 'taskTimeoutMs',
  'chunk-size': 'chunkSize',
  'worker-memory-limit-mb': 'workerMemoryLimitMb',
  'recycle-after-tasks': 'recycleAfterTasks',
} as const satisfies Record<string, keyof RunSettings>;

/** The other flags named after settings, by the setting they set. */
const otherFlags = { ordered: 'ordered', initializer: 'initializer' } as const satisfies Record<string, keyof RunSettings>;

/** The usage text of `parallelize run`. */
export const runUsage =
  'parallelize run <file.ts>#<name> [--inputs "<expr>"] [--json] [--report out.html] [--trials N] [--max-workers N] [--task-timeout-ms N] [--chunk-size N] [--worker-memory-limit-mb N] [--ordered true|false | --unordered] [--initializer <export>] [--recycle-after-tasks N] [--fail-on-error] [--cluster local|redis://host:port [--cluster-processes K] [--cluster-threads N]]';

function parseInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new CliError(`--${flag} needs a whole number, not "${text}"`);
  return Number(text);
}

function parseBoolean(flag: string, text: string): boolean {
  const value = text.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new CliError(`--${flag} needs true or false, not "${text}"`);
}

function parseRunFlags(args: readonly string[]): ParsedFlags {
  const options: FlagOptions = {
    inputs: { type: 'string' }, json: { type: 'boolean' }, report: { type: 'string' }, unordered: { type: 'boolean' }, ordered: { type: 'string' }, initializer: { type: 'string' },
    'fail-on-error': { type: 'boolean' }, cluster: { type: 'string' }, 'cluster-processes': { type: 'string' }, 'cluster-threads': { type: 'string' },
  };
  for (const flag of Object.keys(numericFlags)) options[flag] = { type: 'string' };
  return parseFlags(args, options, runUsage);
}

/** The cluster flags, checked together: the process and thread counts mean nothing without --cluster. */
function parseCluster(values: Record<string, string | boolean | undefined>): ClusterSettings | undefined {
  const mode = values.cluster;
  const processes = values['cluster-processes'];
  const threads = values['cluster-threads'];
  if (typeof mode !== 'string') {
    if (typeof processes === 'string' || typeof threads === 'string') throw new CliError('--cluster-processes and --cluster-threads need --cluster local or --cluster redis://host:port');
    return undefined;
  }
  const checked = ClusterSettings.safeParse({
    mode: mode.trim(),
    ...(typeof processes === 'string' ? { processes: parseInteger('cluster-processes', processes) } : {}),
    ...(typeof threads === 'string' ? { threadsPerProcess: parseInteger('cluster-threads', threads) } : {}),
  });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const flag = { mode: 'cluster', processes: 'cluster-processes', threadsPerProcess: 'cluster-threads' }[String(issue?.path[0] ?? 'mode')] ?? 'cluster';
    throw new CliError(`bad value for --${flag}: ${flag === 'cluster' ? 'give local or a redis:// URL' : (issue?.message ?? 'out of range')}`);
  }
  return checked.data;
}

/** Parses the arguments after `run`; throws CliError (exit 2) on anything malformed. */
export function parseRunArgs(args: readonly string[], cwd: string): RunArgs {
  const parsed = parseRunFlags(args);
  const [spec, ...extra] = parsed.positionals;
  if (spec === undefined) throw new CliError(`which function? usage: ${runUsage}`);
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"; usage: ${runUsage}`);
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || hash === spec.length - 1) throw new CliError(`name the function after a #, as in ${spec.replace(/#$/, '')}#countPrimes`);

  const values = parsed.values;
  const settings: Record<string, number | boolean | string> = { ...defaultRunSettings };
  for (const [flag, key] of Object.entries(numericFlags)) {
    const text = values[flag];
    if (typeof text === 'string') settings[key] = parseInteger(flag, text);
  }
  if (typeof values.ordered === 'string') settings.ordered = parseBoolean('ordered', values.ordered);
  if (values.unordered === true) {
    if (settings.ordered === true && typeof values.ordered === 'string') throw new CliError('--unordered contradicts --ordered true: give one of them');
    settings.ordered = false;
  }
  if (typeof values.initializer === 'string') settings.initializer = values.initializer.trim();
  const checked = RunSettings.safeParse(settings);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const flag = [...Object.entries(numericFlags), ...Object.entries(otherFlags)].find(([, k]) => k === key)?.[0] ?? key;
    throw new CliError(`bad value for --${flag}: ${issue?.message ?? 'out of range'}`);
  }
  const inputs = values.inputs;
  if (typeof inputs === 'string' && inputs.trim() === '') throw new CliError('--inputs is empty: give an expression such as "[1, 2, 3]"');
  const report = values.report;
  return {
    cluster: parseCluster(values),
    file: path.resolve(cwd, spec.slice(0, hash)),
    name: spec.slice(hash + 1),
    inputs: typeof inputs === 'string' ? inputs : undefined,
    json: values.json === true,
    report: typeof report === 'string' ? path.resolve(cwd, report) : undefined,
    failOnError: values['fail-on-error'] === true,
    settings: checked.data,
  };
}
