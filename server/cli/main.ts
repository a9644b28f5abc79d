/**
 * The `parallelize` command: benchmark a TypeScript function from a terminal or a CI job, with the
 * same engine the extension uses.
 */
import { writeFile } from 'node:fs/promises';
import { renderStandaloneReport } from '../report/standaloneReport';
import { benchmarkFunction } from './benchmarkFunction';
import { CliError } from './cliError';
import { runDemo } from './demo';
import { exitCodeFor, interruptedExitCode } from './exitCode';
import { formatProfile } from './formatProfile';
import { formatResult } from './formatResult';
import { painter, wantsColour } from './paint';
import { parseProfileArgs, profileUsage } from './parseProfileArgs';
import { parseRunArgs, runUsage } from './parseRunArgs';
import { profileFromCli } from './profileFunctionCli';
import { workerCommand, workerUsage } from './workerCommand';

const usage = [
  'usage:',
  `  ${runUsage}`,
  `  ${profileUsage}`,
  `  ${workerUsage}`,
  '  parallelize demo',
  '',
  'run  benchmarks <name> in <file.ts> serially and on worker pools; without --inputs it uses inputs',
  '     suggested from the parameter types. Ctrl-C stops and prints what was measured. Exits 1 when',
  '     nothing could be measured or most inputs failed (with --fail-on-error: when any input failed).',
  'profile  samples <name> with V8\'s profiler over its inputs (after a warm-up, until 1,000 samples fell',
  '     inside it or --budget-ms is spent) and prints the hot lines and functions, mapped to TypeScript;',
  '     --json prints the whole profile model, --cpuprofile writes a file VS Code and Chrome DevTools open.',
  'worker  takes jobs of cluster runs (run --cluster redis://…) from that Redis, on N worker threads.',
  'demo runs the example functions in examples/ and prints their tables.',
].join('\n');

/** An AbortSignal that Ctrl-C triggers for as long as `work` runs; a second Ctrl-C exits at once. */
async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

async function runCommand(args: readonly string[]): Promise<number> {
  const request = parseRunArgs(args, process.cwd());
  const result = await interruptible((signal) => benchmarkFunction(request, signal));
  if (request.report !== undefined) {
    await writeFile(request.report, renderStandaloneReport(result, __dirname));
  }
  if (request.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const paint = painter(wantsColour(process.stdout));
    for (const line of formatResult(result, paint)) process.stdout.write(`${line}\n`);
    if (request.report !== undefined) process.stdout.write(`report: ${request.report}\n`);
  }
  return exitCodeFor(result, request.failOnError);
}

async function profileCommand(args: readonly string[]): Promise<number> {
  const request = parseProfileArgs(args, process.cwd());
  const { result, cpuProfile } = await interruptible((signal) => profileFromCli(request, signal));
  if (request.cpuProfile !== undefined) await writeFile(request.cpuProfile, JSON.stringify(cpuProfile));
  if (request.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const paint = painter(wantsColour(process.stdout));
    for (const line of formatProfile(result, paint, process.cwd())) process.stdout.write(`${line}\n`);
    if (request.cpuProfile !== undefined) process.stdout.write(`cpuprofile: ${request.cpuProfile}\n`);
  }
  return 0;
}

async function demoCommand(args: readonly string[]): Promise<number> {
  if (args.length > 0) throw new CliError('demo takes no arguments');
  const paint = painter(wantsColour(process.stdout));
  const results = await interruptible((signal) => runDemo(paint, signal, (line) => process.stdout.write(`${line}\n`)));
  return results.some((result) => result.cancelled) ? interruptedExitCode : 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'run') return runCommand(rest);
  if (command === 'profile') return profileCommand(rest);
  if (command === 'demo') return demoCommand(rest);
  if (command === 'worker') return workerCommand(rest);
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  throw new CliError(`${command === undefined ? 'no command' : `unknown command "${command}"`}; try parallelize run <file.ts>#<name>, parallelize profile <file.ts>#<name>, parallelize demo or parallelize --help`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`parallelize: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`parallelize: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
