/**
 * Scratch projects for the generated-code tests (worker pool and BullMQ): one folder per module
 * kind holding the codegen fixtures, their generated files and the test's scripts, with a strict
 * tsconfig, compiled with the repository's real tsc.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { BenchmarkResult } from '../../protocol/results';
import type { CodegenTarget } from '../../server/codegen/codegenTarget';
import type { PoolCodeRequest } from '../../server/codegen/generatePoolCode';
import { detectModuleKind } from '../../server/codegen/moduleKind';

/** `execFile`, awaited. */
export const run = promisify(execFile);

/** The repository root. */
export const repoRoot = path.resolve(__dirname, '../..');

const fixtures = path.join(repoRoot, 'test/fixtures/codegen');
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');

/** What a project is built from. */
export interface ProjectSpec<C> {
  kind: 'cjs' | 'esm';
  /** The project's folder, created here. */
  dir: string;
  /** Its package.json name. */
  packageName: string;
  /** Compiler options beyond the strict set every project gets. */
  compilerOptions?: Record<string, boolean>;
  /** [fixture file, function, its last benchmark, …whatever else the test keeps per function]. */
  functions: readonly (readonly [string, string, BenchmarkResult | undefined, ...unknown[]])[];
  now: Date;
  /** The generator under test. */
  generate(req: PoolCodeRequest): { ok: true; value: C } | { ok: false; message: string };
  /** The files of one function's generated code. */
  files(code: C): readonly { file: string; text: string }[];
  /** The test's scripts by file stem (`check`), each given the import extension of the kind ('' or '.js'). */
  scripts: Record<string, (ext: string) => string>;
}

/** A built project and each function's generated code, by function name. */
export interface Project<C> {
  dir: string;
  code: Map<string, C>;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Applies the generator's `export` insertions, as the code action's edit does. */
function exported(text: string, target: CodegenTarget): string {
  const style = target.exportStyle;
  if (style.kind !== 'none') return text;
  return [...style.insertExportAt].sort((a, b) => b - a).reduce((t, at) => `${t.slice(0, at)}export ${t.slice(at)}`, text);
}

function writeProjectFiles(spec: ProjectSpec<unknown>): void {
  // Resolves piscina, bullmq and @types/node from the repository, as an installed project would.
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(spec.dir, 'node_modules'), 'dir');
  writeFileSync(path.join(spec.dir, 'package.json'), JSON.stringify({ name: spec.packageName, private: true, ...(spec.kind === 'esm' ? { type: 'module' } : {}) }));
  const compilerOptions = {
    module: spec.kind === 'esm' ? 'nodenext' : 'commonjs',
    target: 'es2022',
    // Strict, as a project that ships would be; unused imports or locals in generated code fail the build.
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    ...spec.compilerOptions,
    // As tsc --init sets it: piscina's own typings import its package.json, which needs resolveJsonModule otherwise.
    skipLibCheck: true,
    types: ['node'],
    rootDir: 'src',
    outDir: 'out',
  };
  writeFileSync(path.join(spec.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
}

/**
 * Writes the project (each fixture with the exports its generated code needs, the generated files,
 * the scripts), asserting that each fixture is of the project's module kind and generates, then
 * compiles it; a tsc error fails the test with tsc's output.
 */
export async function compiledProject<C extends { target: CodegenTarget }>(spec: ProjectSpec<C>): Promise<Project<C>> {
  const src = path.join(spec.dir, 'src');
  mkdirSync(src, { recursive: true });
  writeProjectFiles(spec);
  const code = new Map<string, C>();
  for (const [file, name, result] of spec.functions) {
    const sourceFile = path.join(src, file);
    const sourceText = readFileSync(path.join(fixtures, file), 'utf8');
    const moduleKind = detectModuleKind(sourceFile, readText);
    assert.equal(moduleKind.kind, spec.kind, moduleKind.reason);
    const generated = spec.generate({ sourceFile, sourceText, name, moduleKind, now: spec.now, ...(result ? { result } : {}) });
    assert.ok(generated.ok, generated.ok ? '' : generated.message);
    code.set(name, generated.value);
    writeFileSync(sourceFile, exported(sourceText, generated.value.target));
    for (const f of spec.files(generated.value)) writeFileSync(f.file, f.text);
  }
  const ext = spec.kind === 'esm' ? '.js' : '';
  for (const [stem, script] of Object.entries(spec.scripts)) writeFileSync(path.join(src, `${stem}.ts`), script(ext));
  try {
    await run(process.execPath, [tsc, '-p', spec.dir], { cwd: spec.dir });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    assert.fail(`tsc failed on the ${spec.kind} project:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  return { dir: spec.dir, code };
}
