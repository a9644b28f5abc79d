// Whether generated code can import piscina from the function's project, and the package manager
// that adds it: real folders in a temp directory, as a project on disk has them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { detectPackageManager, piscinaStatus } from '../../server/codegen/piscinaStatus';

const root = mkdtempSync(path.join(os.tmpdir(), 'parallelize-pm-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A project folder with these files (paths relative to it; a string is the file's text). */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const pkg = (fields: Record<string, unknown> = {}): string => JSON.stringify({ name: 'p', version: '1.0.0', ...fields });

void describe('detectPackageManager', () => {
  for (const [lockfile, manager] of [['package-lock.json', 'npm'], ['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['bun.lock', 'bun'], ['bun.lockb', 'bun']] as const) {
    void it(`${lockfile} gives ${manager}`, () => {
      const dir = project(`lock-${lockfile}`, { 'package.json': pkg(), [lockfile]: '' });
      assert.deepEqual(detectPackageManager(dir), { manager, reason: path.join(dir, lockfile) });
    });
  }

  void it('the packageManager field wins over a lockfile beside it', () => {
    const dir = project('field', { 'package.json': pkg({ packageManager: 'pnpm@9.12.0+sha512.abc' }), 'package-lock.json': '' });
    assert.equal(detectPackageManager(dir).manager, 'pnpm');
    assert.match(detectPackageManager(dir).reason, /packageManager field/);
  });

  void it('a package of a monorepo takes the manager of the root above it', () => {
    const monorepo = project('mono', { 'package.json': pkg({ workspaces: ['packages/*'] }), 'yarn.lock': '', 'packages/a/package.json': pkg() });
    assert.equal(detectPackageManager(path.join(monorepo, 'packages/a')).manager, 'yarn');
  });

  void it('npm when nothing says otherwise, and an unknown packageManager is passed over', () => {
    const dir = project('plain', { 'package.json': pkg({ packageManager: 'deno@2' }) });
    // The temp directory's parents hold no lockfile of their own on a sane machine.
    assert.equal(detectPackageManager(dir).manager, 'npm');
  });
});

void describe('piscinaStatus', () => {
  void it('found when the nearest package.json lists piscina in any dependency field', () => {
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      const dir = project(`listed-${field}`, { 'package.json': pkg({ [field]: { piscina: '^5.0.0' } }) });
      assert.deepEqual(piscinaStatus(path.join(dir, 'src/work.ts')), { found: true }, field);
    }
  });

  void it('found when node_modules/piscina is installed in a folder above, as Node resolves it', () => {
    const dir = project('installed', { 'package.json': pkg(), 'node_modules/piscina/package.json': pkg({ name: 'piscina' }) });
    assert.deepEqual(piscinaStatus(path.join(dir, 'src/deep/work.ts')), { found: true });
  });

  void it('missing: the project folder and the install command of its manager', () => {
    const dir = project('missing', { 'package.json': pkg({ dependencies: { zod: '^4' } }), 'pnpm-lock.yaml': '', 'src/work.ts': '' });
    assert.deepEqual(piscinaStatus(path.join(dir, 'src/work.ts')), {
      found: false, projectDir: dir, manager: 'pnpm', managerReason: path.join(dir, 'pnpm-lock.yaml'), install: ['pnpm', 'add', 'piscina'],
    });
    const npm = project('missing-npm', { 'package.json': pkg(), 'package-lock.json': '{}' });
    const status = piscinaStatus(path.join(npm, 'work.ts'));
    assert.ok(!status.found);
    assert.deepEqual(status.install, ['npm', 'install', 'piscina']);
  });

  void it('missing with no package.json at all: no project folder, npm', () => {
    const dir = project('bare', { 'work.ts': '' });
    const status = piscinaStatus(path.join(dir, 'work.ts'));
    assert.ok(!status.found);
    assert.equal(status.projectDir, null);
    assert.equal(status.manager, 'npm');
  });
});
