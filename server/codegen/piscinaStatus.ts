/**
 * Whether the generated code's `import { Piscina } from 'piscina'` will resolve from the function's
 * project, and if not, the command that adds it with the project's own package manager (read from
 * the `packageManager` field or the lockfile, as Corepack and the managers themselves do).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PackageManager, PiscinaStatus } from '../../protocol/codegen';

const dependencyFields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** Lockfiles in the order they are tried when a folder holds several. */
const lockfiles: ReadonlyArray<[file: string, manager: PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

const installArgs: Record<PackageManager, string[]> = {
  npm: ['npm', 'install', 'piscina'],
  pnpm: ['pnpm', 'add', 'piscina'],
  yarn: ['yarn', 'add', 'piscina'],
  bun: ['bun', 'add', 'piscina'],
};

/** A package.json's fields, or undefined when the file is missing or not JSON. */
function readPackageJson(dir: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `dir` and each folder above it, up to the file-system root. */
function* ancestors(dir: string): Generator<string> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    yield current;
    if (path.dirname(current) === current) return;
  }
}

/** The folder of the nearest package.json at or above `dir`. */
export function nearestProject(dir: string): string | undefined {
  for (const folder of ancestors(dir)) if (existsSync(path.join(folder, 'package.json'))) return folder;
  return undefined;
}

/** `pnpm@9.1.0+sha512…` gives pnpm; a manager Parallelize does not know gives undefined. */
function fromPackageManagerField(value: unknown): PackageManager | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.split('@')[0];
  return lockfiles.find(([, manager]) => manager === name)?.[1];
}

/**
 * The package manager of the project at `dir`: the nearest folder (at or above it) that says,
 * by its package.json's `packageManager` field (which wins) or else by a lockfile; npm when none does.
 */
export function detectPackageManager(dir: string): { manager: PackageManager; reason: string } {
  for (const folder of ancestors(dir)) {
    const declared = fromPackageManagerField(readPackageJson(folder)?.packageManager);
    if (declared) return { manager: declared, reason: `the packageManager field of ${path.join(folder, 'package.json')}` };
    const lock = lockfiles.find(([file]) => existsSync(path.join(folder, file)));
    if (lock) return { manager: lock[1], reason: path.join(folder, lock[0]) };
  }
  return { manager: 'npm', reason: 'no lockfile' };
}

/** Whether Node would resolve `piscina` from `dir`: a node_modules/piscina in it or any folder above. */
function installedAbove(dir: string): boolean {
  for (const folder of ancestors(dir)) if (existsSync(path.join(folder, 'node_modules', 'piscina', 'package.json'))) return true;
  return false;
}

/** Whether code generated beside `sourceFile` can import piscina, else how to add it. */
export function piscinaStatus(sourceFile: string): PiscinaStatus {
  const dir = path.dirname(sourceFile);
  const projectDir = nearestProject(dir);
  const pkg = projectDir === undefined ? undefined : readPackageJson(projectDir);
  const listed = dependencyFields.some((field) => {
    const deps = pkg?.[field];
    return typeof deps === 'object' && deps !== null && 'piscina' in deps;
  });
  if (listed || installedAbove(dir)) return { found: true };
  const { manager, reason } = detectPackageManager(projectDir ?? dir);
  return { found: false, projectDir: projectDir ?? null, manager, managerReason: reason, install: installArgs[manager] };
}
