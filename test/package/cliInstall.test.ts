/**
 * The CLI outside this repository, as a user gets it: `npm pack`, then `npm install -g` of the
 * tarball into a temporary prefix, then `parallelize run` on a file in a temporary folder. The
 * install takes esbuild and piscina from the npm cache where it can (--prefer-offline).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';

const root = path.resolve(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let temp = '';
let tarball = '';
let packed: string[] = [];
let bin = '';

function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000, shell: process.platform === 'win32' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

void describe('the CLI installed from its npm tarball', () => {
  before(() => {
    temp = mkdtempSync(path.join(os.tmpdir(), 'parallelize-cli-'));
    const pack = run(npm, ['pack', '--json', '--pack-destination', temp], root);
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    assert.ok(info);
    tarball = path.join(temp, info.filename);
    packed = info.files.map((f) => f.path);
    const prefix = path.join(temp, 'prefix');
    const started = Date.now();
    const install = run(npm, ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], temp);
    assert.equal(install.status, 0, install.stderr);
    console.log(`# npm install -g of the tarball: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    bin = process.platform === 'win32' ? path.join(prefix, 'parallelize.cmd') : path.join(prefix, 'bin', 'parallelize');
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  void it('packs the CLI, the bundles it loads beside it and the examples, and nothing else', () => {
    const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/(cli|clusterWorker|worker|runHost)\.js$/, /^dist\/webview\/(benchmark\.(js|css)|codicon\.(css|ttf))$/, /^examples\/\w+\.ts$/];
    assert.deepEqual(packed.filter((file) => !allowed.some((re) => re.test(file))), []);
    for (const needed of ['dist/cli.js', 'dist/clusterWorker.js', 'dist/worker.js', 'dist/runHost.js', 'dist/webview/benchmark.js', 'examples/primes.ts']) assert.ok(packed.includes(needed), needed);
  });

  void it('runs a function in a folder outside the repository, with esbuild and piscina installed as its dependencies', () => {
    const installed = path.join(path.dirname(path.dirname(bin)), 'lib', 'node_modules', 'parallelize');
    if (process.platform !== 'win32') {
      for (const dependency of ['esbuild', 'piscina']) assert.ok(existsSync(path.join(installed, 'node_modules', dependency, 'package.json')), dependency);
    }
    const work = path.join(temp, 'work');
    mkdirSync(path.join(work, 'some', 'other', 'dir'), { recursive: true });
    writeFileSync(path.join(work, 'some', 'other', 'dir', 'collatz.ts'), [
      'export function longestChain(limit: number): number {',
      '  let best = 0;',
      '  for (let n = 1; n < limit; n++) {',
      '    let steps = 0;',
      '    for (let x = n; x !== 1; x = x % 2 === 0 ? x / 2 : 3 * x + 1) steps++;',
      '    if (steps > best) best = steps;',
      '  }',
      '  return best;',
      '}',
      '',
    ].join('\n'));
    const result = run(bin, ['run', 'some/other/dir/collatz.ts#longestChain', '--inputs', 'Array.from({ length: 8 }, (_, i) => 20_000 + i * 1_000)', '--trials', '1', '--max-workers', '2', '--json'], work);
    assert.equal(result.status, 0, result.stderr);
    const parsed = BenchmarkResult.parse(JSON.parse(result.stdout));
    assert.equal(parsed.function.name, 'longestChain');
    assert.equal(parsed.function.file, path.join(work, 'some', 'other', 'dir', 'collatz.ts'));
    assert.equal(parsed.inputs.count, 8);
    assert.equal(parsed.comparedInputs, 8);
    assert.equal(parsed.resultsMatch, true);
    assert.deepEqual(parsed.runs.map((r) => r.workers), [1, 2]);
  });

  void it('answers --help with its own text', () => {
    const help = run(bin, ['--help'], temp);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^ {2}parallelize run <file\.ts>#<name> /m);
  });
});
