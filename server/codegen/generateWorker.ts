/** The text of the generated piscina worker file: it imports the function and maps it over a chunk. */
import { generatedByMarker, type CodegenNames } from './codegenNames';
import type { CodegenTarget } from './codegenTarget';

/** How a generated module reaches the function: the import line (the expression to call is `binding` + `member`). */
export function importLine(target: CodegenTarget, specifier: string): string {
  const style = target.exportStyle;
  if (style.kind === 'default') return `import ${target.binding} from '${specifier}';`;
  const name = style.kind === 'named' ? style.name : target.binding;
  return `import { ${name === target.binding ? name : `${name} as ${target.binding}`} } from '${specifier}';`;
}

/** The exported `<Stem>Input` and `<Stem>Output` types of a generated module that imports the function. */
export function inputOutputTypes(target: CodegenTarget, typeStem: string): string[] {
  const fn = `${target.binding}${target.member}`;
  const input = target.singleParameter ? `Parameters<typeof ${fn}>[0]` : `Parameters<typeof ${fn}>`;
  const inputDoc = target.singleParameter ? 'its argument' : 'its arguments, as a tuple';
  return [
    `/** One input of \`${target.name}\`: ${inputDoc}. */`,
    `export type ${typeStem}Input = ${input};`,
    '',
    `/** What \`${target.name}\` gives for one input. */`,
    `export type ${typeStem}Output = Awaited<ReturnType<typeof ${fn}>>;`,
  ];
}

/** The worker module for `target`, importing it with `sourceSpecifier` (relative to the worker). */
export function generateWorker(target: CodegenTarget, names: CodegenNames, sourceSpecifier: string, sourceLabel: string): string {
  const fn = `${target.binding}${target.member}`;
  const { typeStem } = names;
  const call = target.singleParameter ? `items.map((item) => ${fn}(item))` : `items.map((args) => ${fn}(...args))`;
  const body = target.returnsPromise
    ? [
      `export default async function runChunk({ items }: ${typeStem}Task): Promise<${typeStem}Output[]> {`,
      `  return Promise.all(${call});`,
      '}',
    ]
    : [
      `export default function runChunk({ items }: ${typeStem}Task): ${typeStem}Output[] {`,
      `  return ${call};`,
      '}',
    ];
  return [
    '/**',
    ` * Piscina worker for \`${target.name}\` (${sourceLabel}), ${generatedByMarker}: each task is a chunk`,
    ' * of inputs, answered with their results in the same order. ./' + names.stem + '.parallel owns the pool.',
    ` * Each worker thread loads ${sourceLabel} once, top-level code included.`,
    ' */',
    importLine(target, sourceSpecifier),
    '',
    ...inputOutputTypes(target, typeStem),
    '',
    '/** One task: consecutive inputs in one message, so that short calls are not drowned by messaging. */',
    `export interface ${typeStem}Task {`,
    `  items: ${typeStem}Input[];`,
    '}',
    '',
    `/** Runs \`${target.name}\` on each input of the chunk; piscina calls the default export. */`,
    ...body,
    '',
  ].join('\n');
}
