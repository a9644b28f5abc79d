/**
 * The `parallelize` command: benchmark a TypeScript function from a terminal or a CI job, with the
 * same engine the extension uses.
 */
import { writeFile } from 'node:fs/promises';
import { renderStandaloneReport } from '../report/standaloneReport';
import { benchmarkFunction } from './benchmarkFunction';
import { CliError, exitWith } from './cliError';
import { runDemo } from './demo';
import { exitCodeFor, interruptedExitCode } from './exitCode';
import { formatProfile } from './formatProfile';
import { formatResult } from './formatResult';
import { painter, wantsColour } from './paint';
import { wantsHelp } from './cliFlags';
import { parseProfileArgs } from './parseProfileArgs';
import { parseRunArgs } from './parseRunArgs';
import { profileFromCli } from './profileFunctionCli';
import { mainHelp, profileHelp, runHelp } from './usage';

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

function printHelp(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const help = { run: runHelp, profile: profileHelp, demo: mainHelp }[command ?? ''];
  if (help !== undefined && wantsHelp(rest)) return printHelp(help);
  if (command === 'run') return runCommand(rest);
  if (command === 'profile') return profileCommand(rest);
  if (command === 'demo') return demoCommand(rest);
  // Loaded only for a worker: every other command starts without the Redis client.
  if (command === 'worker') return (await import('./workerCommand')).workerCommand(rest);
  if (command === 'help' || command === '--help' || command === '-h') return printHelp(mainHelp);
  throw new CliError(`${command === undefined ? 'no command' : `unknown command "${command}"`}; try parallelize run <file.ts>#<name>, parallelize profile <file.ts>#<name>, parallelize worker --redis <url> or parallelize demo`, 2, mainHelp);
}

exitWith(main(process.argv.slice(2)));
