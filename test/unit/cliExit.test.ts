/** The CLI's exit status, run as a user runs it (a real process, real workers): 1 when the figures cannot be used. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { parseRunArgs } from '../../server/cli/parseRunArgs';
import { buildWorker, engineFixtures } from './engineRun';

const root = path.resolve(__dirname, '..', '..');

function cli(spec: string, inputs: string, ...flags: string[]): { status: number | null; stdout: string; stderr: string } {
  const args = ['--import', 'tsx', path.join(root, 'server', 'cli', 'main.ts'), 'run', path.join(engineFixtures, spec), '--inputs', inputs, '--trials', '1', '--max-workers', '2', ...flags];
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

void describe('parallelize run exit status', () => {
  before(buildWorker);

  void it('exits 1 when every input throws, and still prints the result as JSON', () => {
    const run = cli('failing.ts#alwaysThrows', '[1, 2, 3]', '--json');
    assert.equal(run.status, 1, run.stderr);
    const result = BenchmarkResult.parse(JSON.parse(run.stdout));
    assert.equal(result.failure, 'nothing-measured');
    assert.equal(result.suggestion.keepSerial, true);
  });

  void it('exits 0 for one failed input of six, and 1 with --fail-on-error', () => {
    const inputs = '[0, 1, 2, 3, 4, 5]';
    const lenient = cli('faulty.ts#faulty', inputs);
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.match(lenient.stdout, /^1 error:$/m);
    const strict = cli('faulty.ts#faulty', inputs, '--fail-on-error');
    assert.equal(strict.status, 1, strict.stderr);
  });

  void it('parses --fail-on-error, off by default', () => {
    assert.equal(parseRunArgs(['a.ts#f'], '/ws').failOnError, false);
    assert.equal(parseRunArgs(['a.ts#f', '--fail-on-error'], '/ws').failOnError, true);
  });
});
