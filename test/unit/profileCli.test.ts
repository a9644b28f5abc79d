/** `parallelize profile` as a user runs it: a real process, real workers, a .cpuprofile a viewer can open. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ProfileResult } from '../../protocol/profile';
import { parseProfileArgs } from '../../server/cli/parseProfileArgs';
import { CpuProfile } from '../../server/worker/messages';
import { buildWorker } from './engineRun';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'profile');
const out = mkdtempSync(path.join(tmpdir(), 'parallelize-cli-profile-'));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'cli', 'main.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

void describe('parallelize profile', () => {
  before(buildWorker);
  after(() => rmSync(out, { recursive: true, force: true }));

  void it('prints the profile as JSON and writes a .cpuprofile whose nodes point at the .ts files', () => {
    const file = path.join(out, 'checksum.cpuprofile');
    const run = cli('profile', 'test/fixtures/profile/withHelper.ts#checksumAll', '--inputs', '[200000, 300000]', '--json', '--cpuprofile', file);
    assert.equal(run.status, 0, run.stderr);
    const result = ProfileResult.parse(JSON.parse(run.stdout));
    assert.equal(result.target.file, path.join(fixtures, 'withHelper.ts'));
    assert.ok(result.functions.some((fn) => fn.name === 'slowChecksum' && fn.file === path.join(fixtures, 'lib', 'checksum.ts')));

    const profile = CpuProfile.parse(JSON.parse(readFileSync(file, 'utf8')));
    assert.ok(profile.samples.length > 0);
    assert.equal(profile.samples.length, profile.timeDeltas.length);
    const ids = new Set(profile.nodes.map((node) => node.id));
    assert.ok(profile.samples.every((id) => ids.has(id)), 'every sample names a node');
    assert.ok(profile.nodes.every((node) => (node.children ?? []).every((id) => ids.has(id))), 'every child is a node');
    const files = new Set(profile.nodes.filter((node) => node.callFrame.url.startsWith('file:')).map((node) => fileURLToPath(node.callFrame.url)));
    assert.ok(files.has(path.join(fixtures, 'withHelper.ts')), [...files].join(', '));
    assert.ok([...files].every((f) => !/parallelize-[^/\\]+[/\\]bundle\.m?js$/.test(f)), 'no frame points at the temporary bundle');
    const own = profile.nodes.find((node) => node.callFrame.functionName === 'checksumAll');
    assert.equal(own?.callFrame.lineNumber, 3, 'line 4 of withHelper.ts, 0-based as the format wants');
  });

  void it('prints the hot lines and functions as tables', () => {
    const run = cli('profile', 'test/fixtures/profile/withHelper.ts#checksumAll', '--inputs', '[200000, 300000]');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^checksumAll in test\/fixtures\/profile\/withHelper\.ts:4$/m);
    assert.match(run.stdout, /^hot lines +self ms +self$/m);
    assert.match(run.stdout, /^test\/fixtures\/profile\/lib\/checksum\.ts:4 +[\d.]+ +\d+%$/m);
    assert.match(run.stdout, /^slowChecksum +test\/fixtures\/profile\/lib\/checksum\.ts:2 /m);
  });

  void it('is listed by --help, and a bad command line exits 2 with one line', () => {
    const help = cli('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /parallelize profile <file\.ts>#<name> \[--inputs "<expr>"\] \[--json\] \[--cpuprofile out\.cpuprofile\]/);
    const missing = cli('profile', 'test/fixtures/profile/nowhere.ts#f');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^parallelize: cannot read .*nowhere\.ts/);
    assert.throws(() => parseProfileArgs(['a.ts#f', '--budget-ms', '5'], '/ws'), /bad value for --budget-ms/);
    assert.throws(() => parseProfileArgs(['a.ts'], '/ws'), /name the function after a #/);
    const parsed = parseProfileArgs(['a.ts#f', '--budget-ms', '2000', '--interval-us', '250', '--cpuprofile', 'p.cpuprofile'], '/ws');
    assert.deepEqual([parsed.file, parsed.settings.profileBudgetMs, parsed.intervalUs, parsed.cpuProfile], ['/ws/a.ts', 2000, 250, '/ws/p.cpuprofile']);
  });
});
