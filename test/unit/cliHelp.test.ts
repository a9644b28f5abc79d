/** The CLI's help and its answer to a bad flag: its own text, listing commands and flags, never Node's parseArgs wording. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CliError } from '../../server/cli/cliError';
import { parseProfileArgs } from '../../server/cli/parseProfileArgs';
import { parseRunArgs as parseRun } from '../../server/cli/parseRunArgs';

const root = path.resolve(__dirname, '..', '..');
const parseRunArgs = (args: string[]): unknown => parseRun(args, '/ws');
const parseProfile = (args: string[]): unknown => parseProfileArgs(args, '/ws');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'cli', 'main.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Words of Node's own parseArgs errors, which must never reach a user. */
const nodeWording = /Unknown option|To specify a positional|argument missing|ERR_PARSE_ARGS/;

void describe('parallelize --help', () => {
  void it('--help and -h print every command and every flag on stdout and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const run = cli(flag);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, '');
      for (const word of ['parallelize run <file.ts>#<name>', 'parallelize profile <file.ts>#<name>', 'parallelize demo', 'run flags:', 'profile flags:']) {
        assert.ok(run.stdout.includes(word), `${flag}: ${word}`);
      }
      for (const each of ['--inputs', '--json', '--report', '--trials N', '--max-workers N', '--task-timeout-ms N', '--chunk-size N', '--worker-memory-limit-mb N', '--unordered', '--initializer', '--recycle-after-tasks N', '--fail-on-error', '--cpuprofile', '--budget-ms N', '--interval-us N']) {
        assert.match(run.stdout, new RegExp(`^ {2}${each.replace(/[-]/g, '\\-')}`, 'm'), `${flag} describes ${each} on a line of its own`);
      }
    }
  });

  void it('run --help and profile -h print that command\'s flags, even after other arguments, and run nothing', () => {
    const run = cli('run', 'no/such/file.ts#f', '--help');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^usage: parallelize run /);
    assert.match(run.stdout, /^ {2}--fail-on-error +exit 1 when any input failed/m);
    assert.doesNotMatch(run.stdout, /--cpuprofile/);
    const profile = cli('profile', '-h');
    assert.equal(profile.status, 0, profile.stderr);
    assert.match(profile.stdout, /^usage: parallelize profile /);
    assert.match(profile.stdout, /^ {2}--budget-ms N +the longest it samples/m);
  });

  void it('a bad flag names itself in the CLI\'s words and carries the command\'s usage', () => {
    const cases: [(args: string[]) => unknown, string[], string][] = [
      [parseRunArgs, ['a.ts#f', '--nope'], 'unknown flag --nope'],
      [parseRunArgs, ['a.ts#f', '-x'], 'unknown flag -x'],
      [parseRunArgs, ['a.ts#f', '--trials'], '--trials needs a value'],
      [parseRunArgs, ['a.ts#f', '--json=yes'], '--json takes no value'],
      [parseRunArgs, ['a.ts#f', '--inputs', '-1'], '--inputs needs a value (for one that starts with "-", write --inputs=<value>)'],
      [parseProfile, ['a.ts#f', '--trials', '3'], 'unknown flag --trials'],
    ];
    for (const [parse, args, expected] of cases) {
      const error = (() => {
        try {
          parse(args);
        } catch (thrown) {
          return thrown;
        }
        return assert.fail(`parsed ${args.join(' ')}`);
      })();
      assert.ok(error instanceof CliError);
      assert.equal(error.message, expected);
      assert.equal(error.exitCode, 2);
      assert.match(error.usage ?? '', parse === parseRunArgs ? /^usage: parallelize run <file\.ts>#<name> .*--fail-on-error/ : /^usage: parallelize profile <file\.ts>#<name> .*--budget-ms/);
    }
  });

  void it('prints a bad flag\'s message and then the usage on stderr, nothing on stdout, with exit status 2', () => {
    const run = cli('run', 'a.ts#f', '--nope');
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '', 'nothing on stdout, which may be --json');
    assert.match(run.stderr, /^parallelize: unknown flag --nope\n\nusage: parallelize run <file\.ts>#<name> /);
    assert.doesNotMatch(run.stderr, nodeWording);
  });

  void it('an unknown command prints the full help on stderr with exit status 2', () => {
    for (const args of [['frob']]) {
      const run = cli(...args);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^parallelize: (unknown command "frob"|no command);/);
      assert.match(run.stderr, /^run flags:$/m);
    }
  });
});
