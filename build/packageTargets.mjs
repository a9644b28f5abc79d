// Writes one .vsix per platform VS Code installs extensions on, each with exactly its own esbuild
// binary (esbuild bundles the user's function at run time, and its binary is native):
//   node build/packageTargets.mjs                       parallelize-<target>.vsix for every target
//   node build/packageTargets.mjs --targets a,b         only those targets
//   node build/packageTargets.mjs --host --out x.vsix   only this machine's target, from node_modules
// Each target is staged in out/package/<target>/ (the production bundles, the README with its
// images inlined, the run-time packages) and packed there by vsce with --target, so nothing of
// another platform can slip in. The esbuild platform packages come from the npm registry
// (`npm pack @esbuild/<platform>@<the installed esbuild's version>`), cached in out/package/cache.
// piscina's optional native addon @napi-rs/nice is left out everywhere: piscina's worker only
// imports it when a pool sets niceIncrement (we never do), and a failed import is caught.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVSIX } from '@vscode/vsce';
import { inlineLocalImages } from './readmeForVsix.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, 'out', 'package');

/**
 * VS Code's target → the esbuild package whose binary runs there. esbuild picks its package by
 * platform and CPU only (its Linux binaries are static Go executables, the same on musl), so
 * Alpine gets the linux-x64 binary; esbuild.exe sits at the package root on Windows.
 */
export const targets = {
  'linux-x64': { esbuild: '@esbuild/linux-x64', binary: 'bin/esbuild' },
  'linux-arm64': { esbuild: '@esbuild/linux-arm64', binary: 'bin/esbuild' },
  'darwin-x64': { esbuild: '@esbuild/darwin-x64', binary: 'bin/esbuild' },
  'darwin-arm64': { esbuild: '@esbuild/darwin-arm64', binary: 'bin/esbuild' },
  'win32-x64': { esbuild: '@esbuild/win32-x64', binary: 'esbuild.exe' },
  'alpine-x64': { esbuild: '@esbuild/linux-x64', binary: 'bin/esbuild' },
};

/** The files of the repository every package ships besides dist/ (the .vscodeignore allow-list picks from them). */
const shipped = ['LICENSE', 'CHANGELOG.md', '.vscodeignore', 'media', 'docs'];

const log = (line) => process.stderr.write(`[package] ${line}\n`);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** This machine's VS Code target (musl Linux is alpine), or undefined where we build none. */
export function hostTarget() {
  const musl = process.platform === 'linux' && !process.report?.getReport().header.glibcVersionRuntime;
  const target = `${musl ? 'alpine' : process.platform}-${process.arch}`;
  return target in targets ? target : undefined;
}

/** Unpacked copies of the esbuild platform packages `names` at `version`: from node_modules when installed there, else the npm registry. */
function esbuildPackages(names, version) {
  const cache = path.join(work, 'cache', `esbuild-${version}`);
  const dirs = new Map();
  const missing = [];
  for (const name of names) {
    const installed = path.join(root, 'node_modules', name);
    const cached = path.join(cache, name.replace('/', '+'));
    if (existsSync(installed) && readJson(path.join(installed, 'package.json')).version === version) dirs.set(name, installed);
    else if (existsSync(path.join(cached, 'package.json'))) dirs.set(name, cached);
    else missing.push(name);
  }
  if (missing.length > 0) {
    mkdirSync(cache, { recursive: true });
    log(`npm pack ${missing.map((n) => `${n}@${version}`).join(' ')}`);
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', cache, ...missing.map((n) => `${n}@${version}`)], { cwd: cache, encoding: 'utf8', shell: process.platform === 'win32' }));
    for (const { name, filename } of packed) {
      const dir = path.join(cache, name.replace('/', '+'));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      execFileSync('tar', ['-xzf', path.join(cache, path.basename(filename)), '-C', dir, '--strip-components=1']);
      dirs.set(name, dir);
    }
  }
  for (const [name, dir] of dirs) {
    const manifest = readJson(path.join(dir, 'package.json'));
    if (manifest.name !== name || manifest.version !== version) throw new Error(`${dir} holds ${manifest.name}@${manifest.version}, not ${name}@${version}`);
  }
  return dirs;
}

/** Stages `target` in out/package/<target>/ and packs it into `out`. */
async function packageTarget(target, esbuildDir, dist, out) {
  const stage = path.join(work, target);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const entry of shipped) cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  cpSync(dist, path.join(stage, 'dist'), { recursive: true });
  writeFileSync(path.join(stage, 'README.md'), inlineLocalImages(readFileSync(path.join(root, 'README.md'), 'utf8'), root));
  // The manifest without the scripts (vsce would run vscode:prepublish, which builds from sources
  // the stage does not have) and without the development packages. Its dependencies are the
  // packages staged below: vsce's `npm list` refuses a listed dependency that is absent.
  const { scripts: _scripts, devDependencies: _dev, dependencies, ...manifest } = readJson(path.join(root, 'package.json'));
  const staged = Object.fromEntries(['esbuild', 'piscina', ...clusterRoots].map((name) => [name, dependencies[name]]));
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify({ ...manifest, dependencies: staged }, null, 2)}\n`);

  const modules = path.join(stage, 'node_modules');
  mkdirSync(path.join(modules, 'esbuild', 'lib'), { recursive: true });
  for (const file of ['package.json', 'lib/main.js']) cpSync(path.join(root, 'node_modules/esbuild', file), path.join(modules, 'esbuild', file));
  cpSync(path.join(root, 'node_modules/piscina'), path.join(modules, 'piscina'), { recursive: true });
  const { esbuild, binary } = targets[target];
  cpSync(esbuildDir, path.join(modules, esbuild), { recursive: true });
  // Unzipping keeps the mode vsce recorded: the binary must stay executable.
  if (binary !== 'esbuild.exe') chmodSync(path.join(modules, esbuild, binary), 0o755);
  // A cluster run (parallelize.cluster.mode) loads BullMQ and ioredis in the server and in the
  // worker processes (dist/clusterWorker.js): they ship with their dependencies, each allowed by name.
  const allowed = [];
  for (const name of clusterPackages()) {
    cpSync(path.join(root, 'node_modules', name), path.join(modules, name), { recursive: true, filter: (from) => !leftOut(name, path.relative(path.join(root, 'node_modules', name), from)) });
    allowed.push(`!node_modules/${name}/**`);
  }
  writeFileSync(path.join(stage, '.vscodeignore'), `${readFileSync(path.join(root, '.vscodeignore'), 'utf8').trimEnd()}\n# Added by build/packageTargets.mjs: BullMQ, ioredis and what they require.\n${allowed.join('\n')}\n`);

  await createVSIX({ cwd: stage, target, packagePath: out, rewriteRelativeLinks: false, allowMissingRepository: true, useYarn: false, dependencies: true });
}

/** The packages a cluster run loads, whose closure ships. */
const clusterRoots = ['bullmq', 'ioredis'];

/**
 * The cluster packages and everything they require, from node_modules (hoisted, as npm installs
 * them). Optional dependencies are left out: msgpackr's native msgpackr-extract is per platform
 * and msgpackr runs without it; BullMQ's optional peers (pg, redis, bullmq-otel) are never loaded.
 */
export function clusterPackages() {
  const found = new Set();
  const visit = (name) => {
    if (found.has(name)) return;
    const file = path.join(root, 'node_modules', name, 'package.json');
    if (!existsSync(file)) throw new Error(`${name} is not installed in node_modules (npm ci), and a cluster run needs it`);
    // A nested node_modules would hold another version with its own closure, which this does not follow.
    if (existsSync(path.join(root, 'node_modules', name, 'node_modules'))) throw new Error(`node_modules/${name} has a node_modules of its own: stage its packages too before shipping it`);
    found.add(name);
    for (const dependency of Object.keys(readJson(file).dependencies ?? {})) visit(dependency);
  };
  for (const name of clusterRoots) visit(name);
  return [...found].sort();
}

/** Files of a cluster package nothing loads at run time: types, source maps, docs, and BullMQ's ES module build (the server requires its CommonJS one). */
function leftOut(name, relative) {
  if (relative === '') return false;
  if (/\.(d\.[cm]?ts|map|md|ts)$/i.test(relative) && !/^license/i.test(path.basename(relative))) return true;
  return name === 'bullmq' && /^dist\/esm(\/|$)/.test(relative);
}

async function main(argv) {
  const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const host = argv.includes('--host');
  const chosen = host ? [hostTarget()] : (option('--targets')?.split(',') ?? Object.keys(targets));
  const unknown = chosen.filter((t) => t === undefined || !(t in targets));
  if (unknown.length > 0) throw new Error(`no package for ${host ? `this machine (${process.platform}-${process.arch})` : unknown.join(', ')}; targets: ${Object.keys(targets).join(', ')}`);
  if (host && option('--out') === undefined) throw new Error('--host needs --out <file.vsix>');

  const started = Date.now();
  const version = readJson(path.join(root, 'node_modules/esbuild/package.json')).version;
  const packages = esbuildPackages([...new Set(chosen.map((t) => targets[t].esbuild))], version);
  const dist = path.join(work, 'dist');
  rmSync(dist, { recursive: true, force: true });
  log('node esbuild.mjs --production');
  execFileSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', dist], { cwd: root, stdio: 'inherit' });
  for (const target of chosen) {
    const out = host ? path.resolve(root, option('--out')) : path.join(root, `parallelize-${target}.vsix`);
    await packageTarget(target, packages.get(targets[target].esbuild), dist, out);
    log(`${path.relative(root, out)} (${target})`);
  }
  log(`${chosen.length} package${chosen.length === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
