/**
 * A starting input list for a function, derived from its parameter types, so that the input box
 * opens with something that runs. Users edit it; it is remembered per function.
 */
import * as ts from 'typescript';
import { inputPlaceholder } from '../../protocol/inputPlaceholder';
import type { FunctionParameter } from '../../protocol/lsp';

const itemCount = 32;
/** Object fields and array elements nest; past this depth a placeholder is clearer than a wall of code. */
const maxDepth = 3;

/** Generators for the common whole-parameter types, kept large enough for the work to be measurable. */
export const wholeTypes: Record<string, string> = {
  number: '100_000 + i * 1_000',
  bigint: 'BigInt(100_000 + i * 1_000)',
  string: "'input-' + i",
  boolean: 'i % 2 === 0',
  'number[]': 'Array.from({ length: 10_000 }, (_, j) => (i * 7919 + j * 104_729) % 1_000_003)',
  'Array<number>': 'Array.from({ length: 10_000 }, (_, j) => (i * 7919 + j * 104_729) % 1_000_003)',
  'readonlynumber[]': 'Array.from({ length: 10_000 }, (_, j) => (i * 7919 + j * 104_729) % 1_000_003)',
  'ReadonlyArray<number>': 'Array.from({ length: 10_000 }, (_, j) => (i * 7919 + j * 104_729) % 1_000_003)',
  'string[]': "Array.from({ length: 1_000 }, (_, j) => 'word-' + ((i + j) % 97))",
  'Array<string>': "Array.from({ length: 1_000 }, (_, j) => 'word-' + ((i + j) % 97))",
  Float64Array: 'Float64Array.from({ length: 10_000 }, (_, j) => Math.sin(i + j))',
  Uint8Array: 'Uint8Array.from({ length: 65_536 }, (_, j) => (i + j) & 0xff)',
};

const placeholder = inputPlaceholder;

/** Parses a type's text with the TypeScript parser (no checker: the text is all a parameter gives). */
function parseType(type: string): ts.TypeNode | undefined {
  const sf = ts.createSourceFile('type.ts', `type T = ${type};`, ts.ScriptTarget.Latest, true);
  const [statement] = sf.statements;
  return statement && ts.isTypeAliasDeclaration(statement) ? statement.type : undefined;
}

function arrayElement(node: ts.TypeNode): ts.TypeNode | undefined {
  if (ts.isArrayTypeNode(node)) return node.elementType;
  if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return arrayElement(node.type);
  if (ts.isTypeReferenceNode(node) && ['Array', 'ReadonlyArray'].includes(node.typeName.getText()) && node.typeArguments?.length === 1) {
    return node.typeArguments[0];
  }
  return undefined;
}

function propertyKey(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.getText() : `[${name.getText()}]`;
}

/** A value expression for a parsed type, with `i` (the item index) in scope. */
function generate(node: ts.TypeNode, depth: number): string {
  const text = node.getText();
  const known = depth === 0 ? wholeTypes[text.replace(/\s+/g, '')] : small(text);
  if (known !== undefined) return known;
  if (depth >= maxDepth) return placeholder(text);
  if (ts.isParenthesizedTypeNode(node)) return generate(node.type, depth);
  if (ts.isLiteralTypeNode(node)) return text;
  if (ts.isUnionTypeNode(node)) {
    // The first member that is a value: `'a' | 'b'` gives `'a'`, `number | undefined` gives a number.
    const member = node.types.find((t) => !['undefined', 'null', 'void'].includes(t.getText()));
    return member ? generate(member, depth) : 'undefined';
  }
  if (ts.isTypeLiteralNode(node)) {
    const fields = node.members.filter(ts.isPropertySignature).filter((m) => m.type !== undefined);
    if (fields.length !== node.members.length) return placeholder(text);
    return `{ ${fields.map((m) => `${propertyKey(m.name)}: ${generate(m.type!, depth + 1)}`).join(', ')} }`;
  }
  if (ts.isTupleTypeNode(node)) {
    return `[${node.elements.map((e) => generate(ts.isNamedTupleMember(e) ? e.type : e, depth + 1)).join(', ')}]`;
  }
  const element = arrayElement(node);
  if (element) return `Array.from({ length: 100 }, (_, j) => ${generate(element, depth + 1).replace(/\bi\b/g, '(i + j)')})`;
  return placeholder(text);
}

/** Inside objects and arrays a plain scalar reads better than the large whole-parameter generators. */
function small(type: string): string | undefined {
  return ({ number: 'i', bigint: 'BigInt(i)', string: "'input-' + i", boolean: 'i % 2 === 0' } as Record<string, string>)[type];
}

/** An expression for the i-th value of a parameter of this declared type (`i` is in scope). */
function valueFor(type: string): string {
  const whole = wholeTypes[type.replace(/\s+/g, '')];
  if (whole !== undefined) return whole;
  const node = parseType(type);
  // Anything else has no obvious generator: a placeholder that runs, and says what to replace.
  return node ? generate(node, 0) : placeholder(type);
}

/** An inputs expression: one argument per item, or an argument tuple when there are several parameters. */
export function suggestInputs(parameters: readonly FunctionParameter[]): string {
  if (parameters.length === 0) return `Array.from({ length: ${itemCount} }, () => [] as [])`;
  const values = parameters.map((p) => valueFor(p.type));
  const item = values.length === 1 ? values[0]! : `[${values.join(', ')}]`;
  // An arrow body starting with `{` is a block, not an object: parenthesize it.
  return item.startsWith('{') ? `Array.from({ length: ${itemCount} }, (_, i) => (${item}))` : `Array.from({ length: ${itemCount} }, (_, i) => ${item})`;
}
