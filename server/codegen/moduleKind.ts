/**
 * Whether generated code will run as an ES module or as CommonJS once tsc compiles it: that
 * decides how the wrapper finds its worker file (`import.meta.url` or `__dirname`) and whether
 * relative imports carry a `.js` extension.
 */
import * as ts from 'typescript';
import * as path from 'node:path';

/** The module system of a generated file, with the evidence, for the generated comment. */
export interface ModuleKind {
  kind: 'esm' | 'cjs';
  /** Where the kind came from, e.g. `tsconfig.json "module": "commonjs"`. */
  reason: string;
}

/** Reads a file, or undefined when it cannot; injectable so that tests and the server share the logic. */
export type ReadText = (fileName: string) => string | undefined;

const esmModules = /^(es2015|es6|es2020|es2022|esnext|preserve)$/i;
const cjsModules = /^(commonjs|umd|amd|system|none)$/i;
/** With these, tsc picks each file's format from the nearest package.json, as Node does. */
const nodeModules = /^node\d*$|^nodenext$/i;

function nearest(dir: string, name: string, read: ReadText): { file: string; text: string } | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const file = path.join(current, name);
    const text = read(file);
    if (text !== undefined) return { file, text };
    if (path.dirname(current) === current) return undefined;
  }
}

/** The `compilerOptions.module` of a tsconfig, following relative `extends` (a few levels, no cycles). */
function tsconfigModule(file: string, text: string, read: ReadText, depth = 0): string | undefined {
  const parsed = ts.parseConfigFileTextToJson(file, text);
  const config = parsed.config as { compilerOptions?: { module?: unknown }; extends?: unknown } | undefined;
  if (!config) return undefined;
  if (typeof config.compilerOptions?.module === 'string') return config.compilerOptions.module;
  // Package-name bases (`@tsconfig/node20`) are left out: they set `module` rarely enough not to resolve packages here.
  const bases = (Array.isArray(config.extends) ? config.extends : [config.extends]).filter((e): e is string => typeof e === 'string' && e.startsWith('.'));
  for (const base of bases.reverse()) {
    if (depth > 4) break;
    const baseFile = path.resolve(path.dirname(file), base.endsWith('.json') ? base : `${base}.json`);
    const baseText = read(baseFile);
    const found = baseText === undefined ? undefined : tsconfigModule(baseFile, baseText, read, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function packageType(dir: string, read: ReadText): ModuleKind {
  const pkg = nearest(dir, 'package.json', read);
  let type: unknown;
  try {
    type = pkg ? (JSON.parse(pkg.text) as { type?: unknown }).type : undefined;
  } catch {
    type = undefined;
  }
  if (type === 'module') return { kind: 'esm', reason: 'package.json has "type": "module"' };
  return { kind: 'cjs', reason: pkg ? 'package.json has no "type": "module"' : 'no package.json, so CommonJS by default' };
}

/** The module kind of a TypeScript file at `fileName`: its extension, then the nearest tsconfig's `module`, then package.json `type`. */
export function detectModuleKind(fileName: string, read: ReadText): ModuleKind {
  if (/\.mts$/.test(fileName)) return { kind: 'esm', reason: 'the .mts extension' };
  if (/\.cts$/.test(fileName)) return { kind: 'cjs', reason: 'the .cts extension' };
  const dir = path.dirname(fileName);
  const tsconfig = nearest(dir, 'tsconfig.json', read);
  const module = tsconfig && tsconfigModule(tsconfig.file, tsconfig.text, read);
  if (module && esmModules.test(module)) return { kind: 'esm', reason: `tsconfig.json has "module": "${module}"` };
  if (module && cjsModules.test(module)) return { kind: 'cjs', reason: `tsconfig.json has "module": "${module}"` };
  const byPackage = packageType(dir, read);
  return module && nodeModules.test(module) ? { ...byPackage, reason: `tsconfig.json has "module": "${module}" and ${byPackage.reason}` } : byPackage;
}
