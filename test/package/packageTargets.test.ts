/**
 * The platform packages, as `npm run package:targets` writes them: each .vsix lists exactly its own
 * esbuild binary (checked by its executable format and CPU), the details page's files, and nothing
 * of another platform, no sources, tests or source maps of ours.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RunBenchmarkRequest } from '../../protocol/lsp';
import { BenchmarkResult } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { redisOnPath } from '../../server/executors/cluster/localRedis';
import { findFunctionAt, startLspServer } from '../server/lspServer';
import { zipEntries, type ZipEntry } from './zip.mjs';

const root = path.resolve(__dirname, '..', '..');

/** Each target, its esbuild package and what its binary must be. */
const expected = {
  'linux-x64': { esbuild: 'linux-x64', binary: 'bin/esbuild', format: 'ELF x86-64' },
  'linux-arm64': { esbuild: 'linux-arm64', binary: 'bin/esbuild', format: 'ELF AArch64' },
  'darwin-x64': { esbuild: 'darwin-x64', binary: 'bin/esbuild', format: 'Mach-O x86-64' },
  'darwin-arm64': { esbuild: 'darwin-arm64', binary: 'bin/esbuild', format: 'Mach-O arm64' },
  'win32-x64': { esbuild: 'win32-x64', binary: 'esbuild.exe', format: 'PE x86-64' },
  // esbuild's Linux binaries are static: Alpine (musl) runs the linux-x64 one.
  'alpine-x64': { esbuild: 'linux-x64', binary: 'bin/esbuild', format: 'ELF x86-64' },
} as const;

/** The executable format and CPU of a native binary, from its header. */
function binaryFormat(bytes: Buffer): string {
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes.readUInt16LE(18);
    return `ELF ${machine === 0x3e ? 'x86-64' : machine === 0xb7 ? 'AArch64' : `machine ${machine}`}`;
  }
  if (bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = bytes.readUInt32LE(4);
    return `Mach-O ${cpu === 0x01000007 ? 'x86-64' : cpu === 0x0100000c ? 'arm64' : `cpu ${cpu}`}`;
  }
  if (bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    assert.equal(bytes.toString('latin1', pe, pe + 4), 'PE\0\0');
    const machine = bytes.readUInt16LE(pe + 4);
    return `PE ${machine === 0x8664 ? 'x86-64' : machine === 0xaa64 ? 'arm64' : `machine ${machine}`}`;
  }
  return 'unknown';
}

interface Manifest {
  icon: string;
  extensionKind: string[];
  scripts?: unknown;
  devDependencies?: unknown;
  contributes: { walkthroughs: { steps: { media: { image?: string; markdown?: string } }[] }[] };
}

const packages = new Map<string, ZipEntry[]>();
let took = 0;
/** What a cluster run loads, and ships with every package: BullMQ, ioredis and their dependencies, as build/packageTargets.mjs finds them. */
let clusterPackages: string[] = [];

/** Writes the package's files to a folder, modes kept, as VS Code installs it; returns its extension/ folder. */
function unpack(entries: readonly ZipEntry[], dir: string): string {
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const file = path.join(dir, entry.name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, entry.read());
    if (entry.mode !== 0) chmodSync(file, entry.mode & 0o777);
  }
  return path.join(dir, 'extension');
}

void describe('npm run package:targets', () => {
  before(() => {
    const started = Date.now();
    const built = spawnSync(process.execPath, ['build/packageTargets.mjs'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    assert.equal(built.status, 0, `${built.stdout}\n${built.stderr}`);
    took = Date.now() - started;
    const listed = spawnSync(process.execPath, ['--input-type=module', '-e', 'console.log(JSON.stringify((await import("./build/packageTargets.mjs")).clusterPackages()))'], { cwd: root, encoding: 'utf8' });
    clusterPackages = JSON.parse(listed.stdout) as string[];
    for (const target of Object.keys(expected)) packages.set(target, zipEntries(readFileSync(path.join(root, `parallelize-${target}.vsix`))));
  });

  void it('writes one package per target, each marked for its target', () => {
    console.log(`# packaged ${packages.size} targets in ${(took / 1000).toFixed(1)} s`);
    for (const [target, entries] of packages) {
      const manifest = entries.find((e) => e.name === 'extension.vsixmanifest')?.read().toString('utf8') ?? '';
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`), target);
    }
  });

  void it('each carries exactly its own esbuild binary, executable, of its platform\'s format and CPU', () => {
    for (const [target, entries] of packages) {
      const want = expected[target as keyof typeof expected];
      const names = entries.map((e) => e.name);
      const platformFiles = names.filter((n) => n.startsWith('extension/node_modules/@esbuild/'));
      assert.deepEqual(platformFiles.sort(), [`extension/node_modules/@esbuild/${want.esbuild}/${want.binary}`, `extension/node_modules/@esbuild/${want.esbuild}/package.json`].sort(), target);
      const binary = entries.find((e) => e.name === `extension/node_modules/@esbuild/${want.esbuild}/${want.binary}`);
      assert.ok(binary);
      const bytes = binary.read();
      assert.equal(binaryFormat(bytes), want.format, `${target}: ${want.binary}`);
      if (want.binary === 'bin/esbuild') assert.equal(binary.mode & 0o111, 0o111, `${target}: bin/esbuild keeps its executable bits`);
      const esbuildVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules/esbuild/package.json'), 'utf8')) as { version: string }).version;
      const platformManifest = JSON.parse(entries.find((e) => e.name === `extension/node_modules/@esbuild/${want.esbuild}/package.json`)?.read().toString('utf8') ?? '{}') as { version?: string };
      assert.equal(platformManifest.version, esbuildVersion, `${target}: the binary matches the esbuild its JavaScript API was built with`);
      assert.ok(names.includes('extension/node_modules/esbuild/lib/main.js'), target);
      assert.ok(names.includes('extension/node_modules/piscina/dist/main.js'), target);
      assert.deepEqual(names.filter((n) => n.includes('@napi-rs')), [], `${target}: piscina's optional nice addon stays out`);
    }
  });

  void it('each carries what a cluster run loads: dist/clusterWorker.js for the worker processes (not the whole CLI), BullMQ, ioredis and their dependencies, without native or optional ones', () => {
    assert.ok(clusterPackages.includes('bullmq') && clusterPackages.includes('ioredis') && clusterPackages.includes('msgpackr'), clusterPackages.join(', '));
    for (const [target, entries] of packages) {
      const names = entries.map((e) => e.name);
      assert.ok(names.includes('extension/dist/clusterWorker.js'), target);
      // The CLI is the npm package's; the extension's server forks the worker entry.
      assert.ok(!names.includes('extension/dist/cli.js'), target);
      for (const name of clusterPackages) assert.ok(names.includes(`extension/node_modules/${name}/package.json`), `${target}: ${name}`);
      assert.ok(names.includes('extension/node_modules/bullmq/dist/cjs/index.js'), target);
      assert.deepEqual(names.filter((n) => /msgpackr-extract|\.node$/.test(n)), [], `${target}: msgpackr's native addon stays out (msgpackr runs without it)`);
      const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')?.read().toString('utf8') ?? '{}') as { dependencies?: Record<string, string> };
      assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), ['bullmq', 'esbuild', 'ioredis', 'piscina']);
    }
    const vsix = statSync(path.join(root, 'parallelize-linux-x64.vsix')).size;
    const bytes = (prefix: string): number => (packages.get('linux-x64') ?? []).filter((e) => e.name.startsWith(prefix)).reduce((sum, e) => sum + e.read().length, 0);
    const cluster = clusterPackages.reduce((sum, name) => sum + bytes(`extension/node_modules/${name}/`), 0);
    console.log(`# linux-x64 .vsix ${(vsix / 1e6).toFixed(2)} MB; the cluster packages ${(cluster / 1e6).toFixed(2)} MB unpacked, dist/clusterWorker.js ${(bytes('extension/dist/clusterWorker.js') / 1e6).toFixed(2)} MB`);
  });

  void it('the packaged server loads bullmq and ioredis, and runs a local cluster on its own worker entry, outside the repository', { skip: process.platform === 'linux' && process.arch === 'x64' ? false : 'runs the linux-x64 package', timeout: 180_000 }, async () => {
    const temp = mkdtempSync(path.join(os.tmpdir(), 'parallelize-vsix-'));
    try {
      const extension = unpack(packages.get('linux-x64') ?? [], temp);
      // Resolved from the server bundle's own place, as its import('../executors/cluster/clusterPhase') chunk does.
      const load = spawnSync(process.execPath, ['-e', 'const load = require("node:module").createRequire(process.argv[1]); Promise.all([import(load.resolve("bullmq")), import(load.resolve("ioredis"))]).then(([b, i]) => console.log(typeof b.Queue, typeof b.Worker, typeof i.Redis))', path.join(extension, 'dist', 'server.js')], { cwd: temp, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      assert.equal(load.status, 0, load.stderr);
      assert.equal(load.stdout.trim(), 'function function function');
      if (!redisOnPath()) return;
      writeFileSync(path.join(temp, 'spin.ts'), 'export function spin(n: number): number {\n  let x = 0;\n  for (let i = 0; i < n * 100_000; i++) x = (x + i) % 1_000_003;\n  return x;\n}\n');
      // As VS Code runs it with parallelize.cluster.mode local: the packaged server, over LSP.
      const server = await startLspServer({ serverPath: path.join(extension, 'dist', 'server.js'), rootUri: pathToFileURL(temp).href });
      try {
        const target = await findFunctionAt(server.connection, pathToFileURL(path.join(temp, 'spin.ts')).href, 2, 4);
        const cluster = { mode: 'local', processes: 2, threadsPerProcess: 1, lockMs: 5000 } as const;
        const reply = await server.connection.sendRequest(RunBenchmarkRequest.type, { runId: 'packaged-cluster', target, inputs: '[20, 21, 22, 23]', settings: { ...defaultRunSettings, trials: 1, maxWorkers: 2 }, cluster });
        assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
        const result = BenchmarkResult.parse(reply.value);
        assert.equal(result.cluster?.stopped, null);
        assert.equal(result.cluster?.processes, 2);
        assert.equal(result.cluster?.resultsMatch, true);
      } finally {
        server.stop();
      }
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  void it('ship no sources, tests, examples or source maps of ours, and no development packages', () => {
    for (const [target, entries] of packages) {
      const shipped = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
      const forbidden = shipped.filter((n) => /^(src|test|examples|extension|server|webview|protocol|bench|build|out)\//.test(n)
        || /\.map$/.test(n) || (/\.ts$/.test(n) && !/^dist\/lib(\.[\w.]+)?\.d\.ts$/.test(n))
        || /^node_modules\/(?!esbuild\/|@esbuild\/|piscina\/)/.test(n) && !clusterPackages.some((name) => n.startsWith(`node_modules/${name}/`)));
      assert.deepEqual(forbidden, [], target);
      const stray = entries.map((e) => e.name).filter((n) => !n.startsWith('extension/') && !['extension.vsixmanifest', '[Content_Types].xml'].includes(n));
      assert.deepEqual(stray, [], target);
    }
  });

  void it('carry the details page: icon, README with every image inlined, CHANGELOG, walkthrough media', () => {
    for (const [target, entries] of packages) {
      const byName = new Map(entries.map((e) => [e.name.replace(/^extension\//, ''), e]));
      const manifest = JSON.parse(byName.get('package.json')?.read().toString('utf8') ?? '{}') as Manifest;
      assert.deepEqual(manifest.extensionKind, ['workspace']);
      assert.equal(manifest.scripts, undefined, `${target}: no scripts in the shipped manifest`);
      assert.equal(manifest.devDependencies, undefined, `${target}: no devDependencies in the shipped manifest`);
      const icon = byName.get(manifest.icon)?.read();
      assert.ok(icon, `${target}: ${manifest.icon}`);
      assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [256, 256], `${target}: a 256×256 PNG icon`);
      const readme = byName.get('readme.md')?.read().toString('utf8') ?? '';
      const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
      assert.ok(images.length >= 5, `${target}: the README keeps its screenshots`);
      for (const src of images) assert.match(src, /^data:image\/png;base64,/, `${target}: a README image the details page can load`);
      assert.match(byName.get('changelog.md')?.read().toString('utf8') ?? '', /^# Changelog/);
      const media = manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.image ?? s.media.markdown ?? ''));
      assert.equal(media.length, 4);
      for (const file of media) assert.ok(byName.has(file), `${target}: walkthrough media ${file}`);
    }
  });
});
