import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRunSettings } from '../../protocol/settings';
import { CliError } from '../../server/cli/cliError';
import { parseRunArgs } from '../../server/cli/parseRunArgs';

function failure(args: string[]): CliError {
  try {
    parseRunArgs(args, '/ws');
  } catch (error) {
    assert.ok(error instanceof CliError);
    return error;
  }
  assert.fail(`parsed ${args.join(' ')}`);
}

void describe('parseRunArgs', () => {
  void it('splits file#name, resolves the file, and keeps the defaults', () => {
    const args = parseRunArgs(['examples/primes.ts#countPrimes'], '/ws');
    assert.equal(args.file, '/ws/examples/primes.ts');
    assert.equal(args.name, 'countPrimes');
    assert.equal(args.inputs, undefined);
    assert.equal(args.json, false);
    assert.deepEqual(args.settings, defaultRunSettings);
  });

  void it('reads every flag into its setting', () => {
    const args = parseRunArgs([
      'a.ts#Geometry.area', '--inputs', '[1, 2]', '--json', '--report', 'out.html', '--trials', '5', '--max-workers', '4',
      '--task-timeout-ms', '1000', '--chunk-size', '8', '--worker-memory-limit-mb', '0',
      '--ordered', 'false', '--initializer', 'setup', '--recycle-after-tasks', '10',
    ], '/ws');
    assert.equal(args.name, 'Geometry.area');
    assert.equal(args.inputs, '[1, 2]');
    assert.equal(args.json, true);
    assert.equal(args.report, '/ws/out.html');
    assert.deepEqual(args.settings, { trials: 5, maxWorkers: 4, taskTimeoutMs: 1000, chunkSize: 8, workerMemoryLimitMb: 0, ordered: false, initializer: 'setup', recycleAfterTasks: 10 });
  });

  void it('takes --unordered as --ordered false, and refuses a bad boolean or initializer name', () => {
    assert.equal(parseRunArgs(['a.ts#f', '--unordered'], '/ws').settings.ordered, false);
    assert.equal(parseRunArgs(['a.ts#f', '--ordered', 'true'], '/ws').settings.ordered, true);
    assert.match(failure(['a.ts#f', '--ordered', 'maybe']).message, /--ordered needs true or false/);
    assert.match(failure(['a.ts#f', '--ordered', 'true', '--unordered']).message, /contradicts/);
    assert.match(failure(['a.ts#f', '--initializer', 'set up()']).message, /bad value for --initializer/);
    assert.match(failure(['a.ts#f', '--recycle-after-tasks', '-1']).message, /--recycle-after-tasks/);
  });

  void it('refuses a missing #name, bad numbers and unknown flags with exit code 2', () => {
    assert.match(failure(['a.ts']).message, /name the function after a #/);
    assert.match(failure(['a.ts#']).message, /name the function after a #/);
    assert.match(failure(['a.ts#f', '--trials', 'x']).message, /--trials needs a whole number/);
    assert.match(failure(['a.ts#f', '--trials', '0']).message, /bad value for --trials/);
    assert.match(failure(['a.ts#f', '--task-timeout-ms', '5']).message, /bad value for --task-timeout-ms/);
    assert.match(failure(['a.ts#f', '--nope']).message, /nope/);
    assert.match(failure([]).message, /which function/);
    assert.equal(failure(['a.ts']).exitCode, 2);
    for (const args of [['a.ts'], ['a.ts#f', '--trials', 'x'], []]) assert.doesNotMatch(failure(args).message, /\n/, 'one line');
  });

  void it('reads --cluster with its process and thread counts, and refuses them alone or malformed', () => {
    assert.equal(parseRunArgs(['a.ts#f'], '/ws').cluster, undefined);
    assert.deepEqual(parseRunArgs(['a.ts#f', '--cluster', 'local', '--cluster-processes', '3', '--cluster-threads', '2'], '/ws').cluster, { mode: 'local', processes: 3, threadsPerProcess: 2, lockMs: 5000 });
    assert.equal(parseRunArgs(['a.ts#f', '--cluster', 'redis://10.0.0.5:6379'], '/ws').cluster?.mode, 'redis://10.0.0.5:6379');
    assert.match(failure(['a.ts#f', '--cluster-processes', '2']).message, /need --cluster local or --cluster redis:/);
    assert.match(failure(['a.ts#f', '--cluster', 'remote']).message, /^bad value for --cluster: give local or a redis:\/\/ URL$/);
    assert.match(failure(['a.ts#f', '--cluster', 'local', '--cluster-processes', '0']).message, /^bad value for --cluster-processes/);
  });
});
