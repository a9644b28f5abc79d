// The input picker's choices, from the project's real type checker on fixture modules: the exports
// whose elements fit the parameters, and sample values expanded from named types. Every suggested
// expression is type-checked against the function's parameters, appended to the module the way a
// run appends it, so a sample that does not fit its type fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { findFunctionAt } from '../../server/analysis/findFunction';
import { inputChoices } from '../../server/analysis/inputChoices';
import { ProjectServices } from '../../server/analysis/projectServices';
import { findPlaceholder, placeholderProblem } from '../../protocol/inputPlaceholder';
import { CliError } from '../../server/cli/cliError';
import { defaultInputs } from '../../server/cli/terminalRun';
import type { FunctionTarget, InputChoices } from '../../protocol/lsp';

const file = path.resolve(__dirname, '../fixtures/inputs/shapes.ts');
const source = readFileSync(file, 'utf8');
/** The fixture's text as an editor would hold it, by file name; tests put unsaved text here. */
const open = new Map<string, { text: string; version: number }>();
const projects = new ProjectServices({ get: (fileName) => open.get(fileName) });

function target(name: string): FunctionTarget {
  const found = findFunctionAt(file, source, source.search(new RegExp(`function ${name}[<(]`)) + 'function '.length);
  assert.ok(found.ok, found.ok ? '' : found.error.message);
  return found.value;
}

function choices(name: string): InputChoices {
  const reply = inputChoices(projects, target(name));
  assert.ok(reply.ok, reply.ok ? '' : reply.error.message);
  return reply.value;
}

/** The type errors of `inputs` as the function's argument list, appended to the module as a run appends it. */
function typeErrors(name: string, inputs: string, parameters: number): string[] {
  const item = parameters === 1 ? `Parameters<typeof ${name}>[0]` : `Parameters<typeof ${name}>`;
  const text = `${source}\nexport const __inputs: ${item}[] = (\n${inputs}\n);\n`;
  open.set(file, { text, version: open.size + Date.now() });
  try {
    const found = projects.programFor(file);
    assert.ok(found);
    return found.program.getSemanticDiagnostics(found.sourceFile).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    open.delete(file);
  }
}

test('exports whose elements fit a named interface: consts with their counts, then functions of no arguments', () => {
  const { candidates } = choices('area');
  assert.deepEqual(candidates, [
    { expression: 'tiles', type: 'Tile[]', count: 32 },
    { expression: 'fewTiles', type: '{ x: number; y: number; label: string; }[]', count: 2 },
    { expression: 'makeTiles()', type: 'Tile[]', count: null },
    // Awaited, as the inputs expression is.
    { expression: 'loadTiles()', type: 'Tile[]', count: null },
  ]);
});

test('assignability is structural: a Tile fits a readonly Point, and a readonly array fits too', () => {
  const expressions = choices('norm').candidates.map((c) => `${c.expression} (${c.count})`);
  assert.deepEqual(expressions, ['tiles (32)', 'fewTiles (2)', 'points (1)', 'makeTiles() (null)', 'loadTiles() (null)']);
});

test('a const tuple of literals fits a number parameter, with its length as the count; strings and scalars do not', () => {
  assert.deepEqual(choices('square').candidates, [{ expression: 'limits', type: 'readonly [10, 20, 30]', count: 3 }]);
});

test('several parameters take arrays of argument tuples', () => {
  assert.deepEqual(choices('label').candidates, [{ expression: 'pairs', type: '[number, string][]', count: 3 }]);
});

test('an interface expands into an object whose fields vary with i', () => {
  assert.equal(choices('area').suggestedInputs, "Array.from({ length: 32 }, (_, i) => ({ x: i % 17, y: (i * 7) % 13, label: 'label-' + i }))");
});

test('nested objects, readonly arrays of interfaces, unions of literals and booleans; optional fields left out', () => {
  assert.equal(
    choices('render').suggestedInputs,
    "Array.from({ length: 32 }, (_, i) => ({ name: 'name-' + i, origin: { x: i % 17, y: (i * 7) % 13 }, tiles: Array.from({ length: 8 }, (_, j) => ({ x: (i + j) % 17, y: ((i + j) * 7) % 13, label: 'label-' + (i + j) })), size: i % 3 === 0 ? 'small' : i % 3 === 1 ? 'medium' : 'large', visible: i % 2 === 0 }))",
  );
});

test('enums by member name, from this module and imported; a type-only import\'s union by its values', () => {
  assert.equal(choices('move').suggestedInputs, 'Array.from({ length: 32 }, (_, i) => [{ x: i % 17, y: (i * 7) % 13 }, i % 4 === 0 ? Direction.Up : i % 4 === 1 ? Direction.Down : i % 4 === 2 ? Direction.Left : Direction.Right])');
  assert.equal(choices('weigh').suggestedInputs, "Array.from({ length: 32 }, (_, i) => [i % 3 === 0 ? 'small' : i % 3 === 1 ? 'medium' : 'large', i % 2 === 0 ? Level.Low : Level.High, i % 2 === 0 ? 'light' : 'dark'])");
});

test('a recursive type ends at its null', () => {
  assert.equal(choices('depth').suggestedInputs, 'Array.from({ length: 32 }, (_, i) => ({ value: i % 17, next: null }))');
});

test('records, maps, sets, dates, typed arrays and generic arrays of a constrained type parameter', () => {
  const tally = choices('tally').suggestedInputs;
  assert.match(tally, /Object\.fromEntries\(/);
  assert.match(tally, /new Map\(/);
  assert.match(tally, /new Date\(Date\.UTC\(2024, 0, 1 \+ \(i % 365\)\)\)/);
  const pack = choices('pack').suggestedInputs;
  assert.match(pack, /new Set\(/);
  assert.match(pack, /Float64Array\.from\(\{ length: 10000 \}/);
  assert.equal(choices('first').suggestedInputs, 'Array.from({ length: 32 }, (_, i) => Array.from({ length: 100 }, (_, j) => ({ id: (i + j) % 17 })))');
  assert.equal(choices('maybe').suggestedInputs, 'Array.from({ length: 32 }, (_, i) => [i % 2 === 0, BigInt(100_000 + i * 1_000)])');
});

test('every suggestion without a placeholder type-checks as the function\'s arguments', () => {
  for (const [name, parameters] of [['area', 1], ['render', 1], ['move', 2], ['weigh', 3], ['depth', 1], ['tally', 3], ['pack', 3], ['first', 1], ['label', 2], ['maybe', 2], ['norm', 1], ['square', 1]] as const) {
    const { suggestedInputs } = choices(name);
    assert.equal(findPlaceholder(suggestedInputs), undefined, `${name}: ${suggestedInputs}`);
    assert.deepEqual(typeErrors(name, suggestedInputs, parameters), [], `${name}: ${suggestedInputs}`);
  }
  // The check itself catches a sample of the wrong type.
  assert.equal(typeErrors('area', "Array.from({ length: 32 }, (_, i) => ({ x: 'no', y: i, label: 'a' }))", 1).length, 1);
});

test('a function parameter gets a placeholder, which names the type to replace and is refused', () => {
  const { suggestedInputs } = choices('onClick');
  assert.equal(suggestedInputs, 'Array.from({ length: 32 }, (_, i) => i /* replace with a () => void */)');
  assert.equal(findPlaceholder(suggestedInputs), '() => void');
  assert.match(placeholderProblem(suggestedInputs) ?? '', /still holds a placeholder: replace `i \/\* replace with a \(\) => void \*\/` with a value of type \(\) => void/);
  assert.equal(placeholderProblem('tiles'), undefined);
});

test('the unsaved text is what the choices come from', () => {
  const edited = source.replace('export const words = [\'alpha\', \'beta\'];', 'export const words = [1, 2, 3, 4];');
  open.set(file, { text: edited, version: 1 });
  try {
    const reply = inputChoices(projects, target('square'));
    assert.ok(reply.ok);
    assert.deepEqual(reply.value.candidates.map((c) => `${c.expression} (${c.count})`), ['words (4)', 'limits (3)']);
  } finally {
    open.delete(file);
  }
});

test('the CLI runs the checker\'s sample values when given no inputs, and refuses a placeholder naming the exports that fit', () => {
  assert.equal(defaultInputs(target('area')), "Array.from({ length: 32 }, (_, i) => ({ x: i % 17, y: (i * 7) % 13, label: 'label-' + i }))");
  assert.throws(() => defaultInputs(target('onClick')), (error: unknown) => {
    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, 2);
    assert.equal(error.message, 'no sample value can be built for a parameter of type () => void of onClick: pass --inputs "<expression>"');
    return true;
  });
});

test('a class instance gets a placeholder (a worker would get a plain object without its methods); the CLI names the export that fits', () => {
  const { candidates, suggestedInputs } = choices('stroke');
  assert.deepEqual(candidates, [{ expression: 'brushes', type: 'Brush[]', count: 2 }]);
  assert.equal(findPlaceholder(suggestedInputs), 'Brush');
  assert.throws(() => defaultInputs(target('stroke')), /pass --inputs "<expression>", or one of the exports that fit: brushes \(2 inputs\)$/);
});
