/** The CLI's own help text: `parallelize --help`, `parallelize run --help`, `parallelize profile --help`. */
import { defaultProfileBudgetMs, defaultRunSettings as d } from '../../protocol/settings';
import { profileUsage } from './parseProfileArgs';
import { runUsage } from './parseRunArgs';
import { workerUsage } from './parseWorkerArgs';

/** Flags both commands take, with what each does and its default. */
const sharedFlags: [string, string][] = [
  ['--inputs "<expr>"', 'a TypeScript expression for the inputs, evaluated in the function\'s module (default: from the parameter types)'],
  ['--json', 'print the whole result as JSON on stdout; the function\'s own output goes to stderr'],
];
const runFlags: [string, string][] = [
  ...sharedFlags,
  ['--report out.html', 'also write the benchmark panel as one self-contained HTML page'],
  ['--trials N', `timed repetitions of the serial run and of each pool size (${d.trials})`],
  ['--max-workers N', `largest pool size to try; 0 tries every size up to the suggested one (${d.maxWorkers})`],
  ['--task-timeout-ms N', `an input running longer fails with TASK_TIMEOUT and its worker is replaced (${d.taskTimeoutMs})`],
  ['--chunk-size N', `inputs per message to a worker; 0 picks one from the measured costs (${d.chunkSize})`],
  ['--worker-memory-limit-mb N', `V8 heap limit of each worker; 0 keeps Node's default (${d.workerMemoryLimitMb})`],
  ['--ordered true|false', `deliver results in input order (Pool.map) or as they land (imap_unordered) (${String(d.ordered)})`],
  ['--unordered', 'the same as --ordered false'],
  ['--initializer <export>', 'an export of the module each worker runs once before its first task'],
  ['--recycle-after-tasks N', `replace a worker after this many tasks; 0 keeps it for the run (${d.recycleAfterTasks})`],
  ['--fail-on-error', 'exit 1 when any input failed, not only when nothing could be measured'],
  ['--cluster local|redis://host:port', 'also run the inputs as BullMQ jobs over Redis: local starts redis-server and K worker processes here'],
  ['--cluster-processes K', 'worker processes a local cluster starts (2)'],
  ['--cluster-threads N', 'worker threads in each of them (1)'],
];
const profileFlags: [string, string][] = [
  ...sharedFlags,
  ['--cpuprofile out.cpuprofile', 'also write V8\'s profile, frames mapped to the .ts files (VS Code and Chrome DevTools open it)'],
  ['--budget-ms N', `the longest it samples; it stops sooner at 1,000 samples inside the function (${defaultProfileBudgetMs})`],
  ['--interval-us N', 'the sampling interval (default: fitted to the work, 100–1000 µs)'],
  ['--task-timeout-ms N', `an input running longer is left out with TASK_TIMEOUT (${d.taskTimeoutMs})`],
  ['--worker-memory-limit-mb N', `V8 heap limit of the profiled worker; 0 keeps Node's default (${d.workerMemoryLimitMb})`],
  ['--initializer <export>', 'an export of the module the worker runs once before the function'],
];

function flagList(flags: readonly [string, string][]): string[] {
  const width = Math.max(...flags.map(([flag]) => flag.length));
  return flags.map(([flag, what]) => `  ${flag.padEnd(width)}  ${what}`);
}

const runAbout = [
  'Benchmarks <name> in <file.ts> serially and on worker pools of 1, 2, … workers, checks every',
  'parallel result against the serial one, and prints the speedup and the pool size to use.',
  'Ctrl-C stops and prints what was measured. Exit status: 0; 1 when nothing could be measured or',
  'most inputs failed (with --fail-on-error: when any input failed); 2 for a bad command line,',
  'path, function name or inputs expression.',
];
const profileAbout = [
  'Samples <name> with V8\'s profiler over its inputs (after a warm-up, until 1,000 samples fell',
  'inside it or --budget-ms is spent) and prints the hot lines and functions, mapped to TypeScript.',
];


/** `parallelize run --help`. */
export const runHelp = [`usage: ${runUsage}`, '', ...runAbout, '', 'flags:', ...flagList(runFlags)].join('\n');

/** `parallelize profile --help`. */
export const profileHelp = [`usage: ${profileUsage}`, '', ...profileAbout, '', 'flags:', ...flagList(profileFlags)].join('\n');

/** `parallelize --help`: every command with its flags. */
export const mainHelp = [
  'parallelize: measure whether a TypeScript or JavaScript function gets faster on a worker pool.',
  '',
  'usage:',
  `  ${runUsage}`,
  `  ${profileUsage}`,
  `  ${workerUsage}`,
  '  parallelize demo',
  '  parallelize --help | parallelize <command> --help',
  '',
  'commands:',
  ...['run      benchmark a function serially and on worker pools', 'profile  show where a function\'s time goes, line by line', 'worker   take the jobs of cluster runs (run --cluster redis://…) from that Redis, on N worker threads', 'demo     benchmark the bundled example functions'].map((line) => `  ${line}`),
  '',
  'run flags:',
  ...flagList(runFlags),
  '',
  'profile flags:',
  ...flagList(profileFlags),
].join('\n');
