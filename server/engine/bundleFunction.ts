/**
 * Bundles the user's module with esbuild so a worker can load it with one require (or, for an ES
 * module, one import()): the target and the inputs expression are appended to the module itself,
 * so they see every module-level name, exported or not, and imports resolve from the workspace's
 * own node_modules. The bundle keeps the module's format, so what runs under Node runs here.
 */
import * as esbuild from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionTarget } from '../../protocol/lsp';
import type { Reply } from '../../protocol/results';
import { moduleFormat } from './moduleFormat';

/** A bundle on disk; `dispose` removes its temporary directory. */
export interface Bundle {
  /** `bundle.mjs` for an ES module (the worker imports it), else `bundle.js` (it requires it). */
  file: string;
  format: 'esm' | 'cjs';
  dispose(): Promise<void>;
}

const loaders: Record<string, esbuild.Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The receiver of `Class.method` (`Class`), so a static method keeps its `this`. */
function receiverOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : 'undefined';
}

/**
 * How the appended code reaches the target. `default` is no binding: the module imports itself
 * (esbuild links the cycle to its own default export), on the same line so line numbers hold.
 */
function reach(name: string, file: string): string {
  if (name !== 'default') return `;export const __parallelizeTarget = () => (${name});`;
  return `;import * as __parallelizeSelf from ${JSON.stringify(file)}; export const __parallelizeTarget = () => (__parallelizeSelf.default);`;
}

/** The lines appended to the module; the inputs expression comes last, from line `originalLines + 3` on. */
function appendix(name: string, file: string, inputs: string, initializer: string): string {
  // On the receiver's line, so the inputs expression's line numbers hold with or without it.
  // The getter lets the worker check it is a function; the call is made here, where `(Table.load)()`
  // keeps `this` as a dotted initializer needs.
  const init = initializer === '' ? '' : ` export const __parallelizeInitializer = () => (${initializer}); export const __parallelizeCallInitializer = () => (${initializer})();`;
  return [
    '',
    reach(name, file),
    `export const __parallelizeReceiver = () => (${receiverOf(name)});${init}`,
    // On lines of its own, so a trailing `// comment` in the expression cannot swallow the paren.
    'export const __parallelizeInputs = async () => (',
    inputs,
    ');',
    '',
  ].join('\n');
}

/**
 * The text the editor holds for its open files, by absolute path: a bundle reads these instead of
 * the disk, so a run runs the unsaved edits. Lines stay where the editor shows them, so stack traces
 * and the profile's source map point at the lines the user sees.
 */
export type EditorTexts = ReadonlyMap<string, string>;

/** esbuild's words for top-level await in a CommonJS bundle. */
const topLevelAwaitInCjs = /Top-level await is currently not supported with the "cjs" output format/;

/**
 * The options for one format. Either way `process.argv` is what `node file.ts` would give, and the
 * module's own location (`__dirname`, `import.meta.url`…) is the user's file, not the temporary
 * bundle, so `new URL('./data.json', import.meta.url)` finds the file beside it, and `require`
 * resolves from there. An ES bundle gets a `require` of its own: CommonJS dependencies inside it call one.
 */
function formatOptions(format: 'esm' | 'cjs', file: string): esbuild.BuildOptions {
  const argv = `process.argv = [process.execPath, ${JSON.stringify(file)}];`;
  const dirname = JSON.stringify(path.dirname(file));
  const url = JSON.stringify(pathToFileURL(file).href);
  if (format === 'cjs') {
    // Requires esbuild leaves to run time (a computed name, require.resolve) resolve from the user's file too.
    const require = `require = require('node:module').createRequire(${JSON.stringify(file)});`;
    return { format, banner: { js: `${require} ${argv}` }, define: { __dirname: dirname, __filename: JSON.stringify(file) } };
  }
  return {
    format,
    banner: { js: `import { createRequire as __parallelizeCreateRequire } from 'node:module'; const require = __parallelizeCreateRequire(${url}); ${argv}` },
    define: { 'import.meta.url': url, 'import.meta.dirname': dirname, 'import.meta.filename': JSON.stringify(file) },
  };
}

/** Whether a CommonJS build met ES-module code in the user's own file (import.meta), or anywhere (top-level await). */
function needsEsm(file: string, result: { warnings?: esbuild.Message[]; errors?: esbuild.Message[] }): boolean {
  const own = (message: esbuild.Message): boolean => message.location !== null && path.resolve(message.location.file) === file;
  return (result.errors ?? []).some((message) => topLevelAwaitInCjs.test(message.text))
    || (result.warnings ?? []).some((message) => message.id === 'empty-import-meta' && own(message));
}

function describeLocation(location: esbuild.Location | null): string {
  return location ? ` (${location.file}:${location.line}:${location.column + 1})` : '';
}

/** Bundles `target.file` with the appended target, inputs and initializer (if named) into a fresh temporary directory; open files from `editorTexts`. */
export async function bundleFunction(target: FunctionTarget, inputs: string, initializer = '', editorTexts: EditorTexts = new Map()): Promise<Reply<Bundle>> {
  let contents: string;
  try {
    contents = editorTexts.get(target.file) ?? await readFile(target.file, 'utf8');
  } catch {
    return { ok: false, error: { code: 'FILE_NOT_FOUND', message: `cannot read ${target.file}: check that the file exists` } };
  }
  const loader = loaders[path.extname(target.file)];
  if (loader === undefined) {
    return { ok: false, error: { code: 'BUNDLE_FAILED', message: `${path.basename(target.file)} is not a TypeScript or JavaScript file` } };
  }
  const originalLines = contents.split('\n').length;
  const decided = moduleFormat(target.file);
  const dir = await mkdtemp(path.join(tmpdir(), 'parallelize-'));
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const plugin: esbuild.Plugin = {
    name: 'parallelize-target',
    setup(build) {
      build.onLoad({ filter: new RegExp(`^${escapeRegExp(target.file)}$`) }, () => ({
        contents: contents + appendix(target.name, target.file, inputs, initializer),
        loader,
        resolveDir: path.dirname(target.file),
      }));
      // The files it imports that are open in the editor, as the editor holds them.
      const open = [...editorTexts.keys()].filter((file) => file !== target.file && loaders[path.extname(file)] !== undefined);
      if (open.length === 0) return;
      build.onLoad({ filter: new RegExp(`^(?:${open.map(escapeRegExp).join('|')})$`) }, (args) => {
        const text = editorTexts.get(args.path);
        return text === undefined ? undefined : { contents: text, loader: loaders[path.extname(args.path)], resolveDir: path.dirname(args.path) };
      });
    },
  };
  const build = async (format: 'esm' | 'cjs'): Promise<{ bundle: Bundle; warnings: esbuild.Message[] }> => {
    const file = path.join(dir, format === 'esm' ? 'bundle.mjs' : 'bundle.js');
    const { warnings } = await esbuild.build({
      // The profiler maps samples through this map, read back from the bundle (sourcesContent kept for it).
      entryPoints: [target.file], bundle: true, platform: 'node', target: 'node20', sourcemap: 'inline', sourcesContent: true, outfile: file, logLevel: 'silent', plugins: [plugin],
      ...formatOptions(format, target.file),
    });
    return { bundle: { file, format, dispose }, warnings };
  };
  try {
    if (decided.format === 'esm' || decided.fixed) return { ok: true, value: (await build(decided.format)).bundle };
    // Node would run it as CommonJS, unless its code needs an ES module: only esbuild can tell.
    try {
      const cjs = await build('cjs');
      if (!needsEsm(target.file, cjs)) return { ok: true, value: cjs.bundle };
    } catch (error) {
      if (!needsEsm(target.file, error as Partial<esbuild.BuildFailure>)) throw error;
    }
    return { ok: true, value: (await build('esm')).bundle };
  } catch (error) {
    await dispose();
    const first = (error as Partial<esbuild.BuildFailure>).errors?.[0];
    if (first === undefined) {
      return { ok: false, error: { code: 'BUNDLE_FAILED', message: `esbuild failed: ${error instanceof Error ? error.message : String(error)}` } };
    }
    if (topLevelAwaitInCjs.test(first.text)) {
      return { ok: false, error: { code: 'BUNDLE_FAILED', message: `top-level await needs an ES module, but ${decided.reason} makes ${path.basename(target.file)} CommonJS: rename it .mts, or move the await into a function${describeLocation(first.location)}` } };
    }
    const inOwnFile = first.location !== null && path.resolve(first.location.file) === target.file;
    if (inOwnFile && first.location !== null && first.location.line >= originalLines + 3) {
      // The closing paren is ours: an error found there means the expression ended too early.
      const closingLine = originalLines + 4 + inputs.split('\n').length;
      const text = first.location.line === closingLine ? first.text.replace(/ but found "\)"$/, ' before the end of the expression') : first.text;
      return { ok: false, error: { code: 'INPUTS_FAILED', message: `the inputs expression \`${inputs}\` does not parse: ${text}` } };
    }
    if (inOwnFile && first.location !== null && first.location.line > originalLines) {
      return { ok: false, error: { code: 'FUNCTION_NOT_FOUND', message: `\`${target.name}\` is not an expression that reaches a function: ${first.text}` } };
    }
    return { ok: false, error: { code: 'BUNDLE_FAILED', message: `esbuild could not bundle ${path.basename(target.file)}: ${first.text}${describeLocation(first.location)}` } };
  }
}
