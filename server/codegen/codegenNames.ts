/** File names, import specifiers and identifiers of the generated worker-pool code. */
import * as path from 'node:path';

/** Where the generated files go and what they are called. */
export interface CodegenNames {
  /** `fib`, or `geometryArea` for `Geometry.area`: the stem of every generated name. */
  stem: string;
  /** `Fib`: for type names. */
  typeStem: string;
  workerFile: string;
  wrapperFile: string;
  /** The wrapper's main export, `fibParallel`. */
  parallelName: string;
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** A camelCase identifier from a file name (`hash-text.ts` gives `hashText`): the local name of an anonymous default export. */
export function identifierFromFile(fileName: string): string {
  const words = path.basename(fileName).replace(/\..*$/, '').split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? lowerFirst(w) : upperFirst(w))).join('');
  return /^[A-Za-z_$]/.test(joined) ? joined : `fn${upperFirst(joined)}`;
}

/** TypeScript extension of generated files, following the source's (.tsx gives .ts: no JSX in them). */
function tsExtension(sourceFile: string): string {
  const ext = path.extname(sourceFile);
  return ext === '.mts' || ext === '.cts' ? ext : '.ts';
}

/** The names for function `name` (`f`, `Class.method`, or `default` when anonymous) of `sourceFile`. */
export function codegenNames(sourceFile: string, name: string): CodegenNames {
  const [first = name, member] = name === 'default' ? [identifierFromFile(sourceFile)] : name.split('.');
  const stem = member === undefined ? first : `${lowerFirst(first)}${upperFirst(member)}`;
  const dir = path.dirname(sourceFile);
  const ext = tsExtension(sourceFile);
  return {
    stem,
    typeStem: upperFirst(stem),
    workerFile: path.join(dir, `${stem}.worker${ext}`),
    wrapperFile: path.join(dir, `${stem}.parallel${ext}`),
    parallelName: `${stem}Parallel`,
  };
}

/** The JavaScript file tsc emits for a TypeScript file name. */
export function emittedName(fileName: string): string {
  return path.basename(fileName).replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs').replace(/\.tsx?$/, '.js');
}

/**
 * The specifier that imports `target` from `fromFile`: relative, with the emitted `.js` extension
 * for ES modules (Node requires it; tsc maps it back to the .ts file) and without for CommonJS,
 * except for .cts/.mts targets, whose .cjs/.mjs output `require` would not find without it.
 */
export function importSpecifier(fromFile: string, target: string, kind: 'esm' | 'cjs'): string {
  const dir = path.relative(path.dirname(fromFile), path.dirname(target)).split(path.sep).join('/');
  const base = kind === 'esm' || /\.[cm]ts$/.test(target) ? emittedName(target) : path.basename(target).replace(/\.(d\.)?[cm]?tsx?$/, '');
  const joined = dir ? `${dir}/${base}` : base;
  return joined.startsWith('.') ? joined : `./${joined}`;
}
