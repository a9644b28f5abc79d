/** Runs the real CLI (dist/cli.js) in its own process, as a user or a CI job would. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { BenchmarkResult } from '../../protocol/results';

export const root = path.resolve(__dirname, '..', '..');
export const faultFixtures = path.join(root, 'test', 'fixtures', 'faults');

/** What a CLI run gave: its exit code, its output, the parsed --json result when stdout held one. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  result: BenchmarkResult | undefined;
  ms: number;
}

/** Fast settings: one trial, at most 2 workers, a short timeout. */
export const fastFlags = ['--trials', '1', '--max-workers', '2', '--task-timeout-ms', '1500'];

export function runCli(target: string, inputs: string, flags: string[] = [], options: { env?: NodeJS.ProcessEnv; interruptAfterMs?: number } = {}): Promise<CliRun> {
  const [file, name] = target.split('#') as [string, string];
  const args = [path.join(root, 'dist', 'cli.js'), 'run', `${path.join(faultFixtures, file)}#${name}`, '--inputs', inputs, '--json', ...fastFlags, ...flags];
  const started = Date.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
  child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  if (options.interruptAfterMs !== undefined) setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs);
  return new Promise((resolve) => child.on('close', (code, signal) => {
    let result: BenchmarkResult | undefined;
    try {
      result = BenchmarkResult.parse(JSON.parse(stdout));
    } catch {
      result = undefined;
    }
    resolve({ code, signal, stdout, stderr, result, ms: Date.now() - started });
  }));
}

/** `[code, inputIndex]` of each error, for compact assertions. */
export function errorsOf(run: CliRun): Array<[string, number | undefined]> {
  return (run.result?.errors ?? []).map((e) => [e.code, e.inputIndex]);
}
