/**
 * What user code sees of its process in a worker: an allow-listed environment (a secret set in the
 * engine's process stays out) and the argv `node file.ts` would give it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Outcome } from '../../server/engine/runTrial';
import { workerEnv } from '../../server/engine/workerEnv';
import { buildWorker, fixtureTarget, resultOf, runFixture } from './engineRun';

const secret = 'PARALLELIZE_TEST_SECRET_TOKEN';

/** Every value the function returned over the run (serial and pools are compared, so one suffices). */
async function valuesOf(name: string, inputs: string): Promise<unknown[]> {
  const outcomes: Outcome[] = [];
  resultOf(await runFixture('environment.ts', name, inputs, {}, { onItem: ({ outcome }) => outcomes.push(outcome) }));
  assert.ok(outcomes.length > 0, 'onItem saw the pool results');
  return outcomes.map((outcome) => (outcome.kind === 'value' ? outcome.value : outcome.thrown.message));
}

void describe('worker sandbox', () => {
  before(async () => {
    process.env[secret] = 's3cr3t';
    process.env.LC_TIME = 'C';
    await buildWorker();
  });
  after(() => {
    delete process.env[secret];
    delete process.env.LC_TIME;
  });

  void it('keeps a secret of the engine\'s environment from the function, and passes the allow-listed names', async () => {
    assert.deepEqual(new Set(await valuesOf('envVar', JSON.stringify([secret]))), new Set(['(unset)']));
    assert.deepEqual(new Set(await valuesOf('envVar', '["PATH"]')), new Set([process.env.PATH]));
    assert.deepEqual(new Set(await valuesOf('envVar', '["LC_TIME"]')), new Set(['C']));
  });

  void it('gives the function the argv of `node <its file>`', async () => {
    const [argv] = await valuesOf('argv', '[1]');
    assert.deepEqual(argv, [process.execPath, fixtureTarget('environment.ts', 'argv').file]);
  });

  void it('allow-lists by name, LC_ by prefix, and on Windows without case', () => {
    const env = { PATH: '/bin', HOME: '/h', LC_ALL: 'C', GITHUB_TOKEN: 't', AWS_SECRET_ACCESS_KEY: 'k', NODE_OPTIONS: '--inspect', path: 'lower' };
    assert.deepEqual(workerEnv(env, 'linux'), { PATH: '/bin', HOME: '/h', LC_ALL: 'C' });
    assert.deepEqual(workerEnv({ Path: 'C:\\Windows', SYSTEMROOT: 'C:\\Windows', windir: 'C:\\Windows', APPDATA: 'x' }, 'win32'), { Path: 'C:\\Windows', SYSTEMROOT: 'C:\\Windows', windir: 'C:\\Windows' });
  });
});
