/** The text of the generated `parallelMap`-style wrapper: a lazily started shared piscina pool and `<name>Parallel`. */
import { generatedByMarker, type CodegenNames } from './codegenNames';
import type { CodegenTarget } from './codegenTarget';
import type { PoolDefaults } from './measuredPool';
import type { ModuleKind } from './moduleKind';

/** What the wrapper text depends on besides the function. */
export interface WrapperContext {
  names: CodegenNames;
  moduleKind: ModuleKind;
  defaults: PoolDefaults;
  /** `./fib.worker` or `./fib.worker.js`, for the type import. */
  workerSpecifier: string;
  /** `fib.worker.js`: the compiled worker file beside the compiled wrapper. */
  workerEmitted: string;
  /** `./work.ts`, for comments. */
  sourceLabel: string;
  /** YYYY-MM-DD, for the header. */
  generatedOn: string;
}

function workerLocation(kind: ModuleKind['kind'], emitted: string): string {
  return kind === 'esm' ? `new URL('./${emitted}', import.meta.url).href` : `path.resolve(__dirname, '${emitted}')`;
}

/** The serial call the wrapper replaces: `inputs.map(fib)`, or with the argument tuples spread. */
function serialForm(target: CodegenTarget): string {
  const fn = `${target.binding}${target.member}`;
  const map = target.singleParameter ? `inputs.map(${fn})` : `inputs.map((args) => ${fn}(...args))`;
  return target.returnsPromise ? `await Promise.all(${map})` : map;
}

/** The wrapper module for `target`. */
export function generateWrapper(target: CodegenTarget, c: WrapperContext): string {
  const { stem, typeStem, parallelName } = c.names;
  const measured = c.defaults.poolSize !== undefined;
  const esm = c.moduleKind.kind === 'esm';
  const imports = [
    ...(esm ? [] : ["import * as path from 'node:path';"]),
    ...(measured ? [] : ["import { availableParallelism } from 'node:os';"]),
    "import { Piscina } from 'piscina';",
    `import type { ${typeStem}Input, ${typeStem}Output, ${typeStem}Task } from '${c.workerSpecifier}';`,
  ];
  const found = esm
    ? `ES module (${c.moduleKind.reason}): the pool finds ${c.workerEmitted} beside this file's compiled output through import.meta.url.`
    : `CommonJS (${c.moduleKind.reason}): the pool finds ${c.workerEmitted} beside this file's compiled output through __dirname.`;
  const poolSize = measured
    ? [`/** Worker threads in the pool: the best size measured. */`, `export const ${stem}PoolSize = ${c.defaults.poolSize};`]
    : [`/** Worker threads in the pool: one per core, as nothing was measured yet. */`, `export const ${stem}PoolSize = Math.max(1, availableParallelism());`];
  const chunkSize = measured
    ? [`/** Inputs per message to a worker: the chunk size of the measured run. */`, `export const ${stem}ChunkSize = ${c.defaults.chunkSize ?? 0};`]
    : [`/** Inputs per message to a worker; 0 splits the inputs into about four chunks per worker, as nothing was measured yet. */`, `export const ${stem}ChunkSize = 0;`];
  return [
    '/**',
    ` * \`${target.name}\` (${c.sourceLabel}) mapped over a piscina worker pool, ${generatedByMarker} on ${c.generatedOn}.`,
    ` * Where the code has \`${serialForm(target)}\`, write \`await ${parallelName}(inputs)\`: the same results, in order.`,
    ' *',
    ...c.defaults.provenance.map((line) => ` * ${line}`),
    ' *',
    ` * ${found}`,
    ` * Compile it with tsc together with ./${stem}.worker: the worker runs as compiled JavaScript.`,
    " * (piscina's own typings need skipLibCheck or resolveJsonModule.) Idle workers do not keep the process",
    ' * alive; destroyPool() ends them early, a running chunk included.',
    ' */',
    ...imports,
    '',
    ...poolSize,
    '',
    ...chunkSize,
    '',
    `/** Options of \`${parallelName}\`. */`,
    `export interface ${typeStem}ParallelOptions {`,
    `  /** Inputs per message to a worker (0: about four chunks per worker); defaults to \`${stem}ChunkSize\`. */`,
    '  chunkSize?: number;',
    '  /** Aborts the chunks not yet finished; the returned promise then rejects. */',
    '  signal?: AbortSignal;',
    '}',
    '',
    `let pool: Piscina<${typeStem}Task, ${typeStem}Output[]> | undefined;`,
    '',
    '/** The shared pool, started on first use so that importing this module costs nothing. */',
    `function sharedPool(): Piscina<${typeStem}Task, ${typeStem}Output[]> {`,
    `  pool ??= new Piscina<${typeStem}Task, ${typeStem}Output[]>({`,
    `    filename: ${workerLocation(c.moduleKind.kind, c.workerEmitted)},`,
    `    minThreads: ${stem}PoolSize,`,
    `    maxThreads: ${stem}PoolSize,`,
    '  });',
    '  return pool;',
    '}',
    '',
    `/** \`${target.name}\` of every input on the worker pool, in input order: what \`inputs.map(…)\` gives serially. */`,
    `export async function ${parallelName}(inputs: readonly ${typeStem}Input[], options: ${typeStem}ParallelOptions = {}): Promise<${typeStem}Output[]> {`,
    '  if (inputs.length === 0) return []; // No reason to start the workers.',
    `  const requested = Math.floor(options.chunkSize ?? ${stem}ChunkSize);`,
    `  const chunkSize = requested > 0 ? requested : Math.max(1, Math.ceil(inputs.length / (${stem}PoolSize * 4)));`,
    '  const workers = sharedPool();',
    `  const results = new Array<${typeStem}Output>(inputs.length);`,
    '  const chunks: Promise<void>[] = [];',
    '  for (let start = 0; start < inputs.length; start += chunkSize) {',
    '    const items = inputs.slice(start, start + chunkSize);',
    '    const task = workers.run({ items }, options.signal ? { signal: options.signal } : {});',
    '    // Each chunk writes its own slice, so results keep input order whatever order chunks finish in.',
    '    chunks.push(task.then((out) => out.forEach((value, i) => { results[start + i] = value; })));',
    '  }',
    '  await Promise.all(chunks);',
    '  return results;',
    '}',
    '',
    '/** Terminates the pool\'s workers (a running chunk included); the next call starts a new pool. */',
    'export async function destroyPool(): Promise<void> {',
    '  const current = pool;',
    '  pool = undefined;',
    '  await current?.destroy();',
    '}',
    '',
  ].join('\n');
}
