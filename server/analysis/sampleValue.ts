/**
 * A sample value for a parameter, built from its type as the type checker resolves it: named
 * interfaces, type aliases, enums, unions of literals and nested objects become a real value that
 * varies with the item index `i` (`{ x: i % 17, y: (i * 7) % 13, label: 'label-' + i }`), so the
 * suggested inputs run as they are. A placeholder (which a run refuses) is left only where no
 * value can be built: functions, class instances, symbols, bare type parameters.
 *
 * The expression is appended to the user's module, which may be JavaScript: it uses TypeScript
 * syntax (`as const`) only in a TypeScript file.
 */
import * as ts from 'typescript';
import { inputPlaceholder } from '../../protocol/inputPlaceholder';
import { wholeTypes } from './suggestInputs';

/** Objects nest; past this depth an optional field is left out and a required one is a placeholder. */
const maxDepth = 4;
/** Elements of an array nested inside an input: enough to be work, few enough to read. */
const nestedLength = 8;
/** Elements of an array that is the whole input: large enough for the work to be measurable. */
const wholeLength = 100;
/** The index variables of nested Array.from callbacks, outermost first. */
const indexNames = ['j', 'k', 'm', 'n'];
/** Numbers that vary differently field after field, so that fields of one object are not all equal. */
const numberForms = [(x: string) => `${x} % 17`, (x: string) => `(${x} * 7) % 13`, (x: string) => `(${x} * 31) % 101`, (x: string) => `(${x} * 3) % 11 + 1`];
const typedArrays = new Set(['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array']);

/** Where a sample is built: the checker, and the module whose scope the expression runs in. */
export interface SampleScope {
  checker: ts.TypeChecker;
  /** The file the expression is appended to: an enum is named when it is in scope there, else its values are written out. */
  sourceFile: ts.SourceFile;
}

/** Where in the value a sample sits. */
interface Place {
  /** The index expression the value varies with: `i`, then `(i + j)` inside an array. */
  index: string;
  /** Objects and arrays entered so far. */
  depth: number;
  /** Array.from callbacks entered so far (each names its own index variable). */
  arrays: number;
  /** Which field of its object this is, so sibling numbers differ. */
  field: number;
  /** The property name, for strings (`'label-' + i`). */
  name: string | undefined;
  /** Types on the way here, so a recursive type ends instead of looping. */
  path: readonly ts.Type[];
}

/** An expression for the `i`-th value of `type` as a whole parameter (`i` is in scope). */
export function sampleFor(scope: SampleScope, type: ts.Type): string {
  return sample(scope, type, { index: 'i', depth: 0, arrays: 0, field: 0, name: undefined, path: [] });
}

/** An inputs expression: 32 items, each one argument or, for several parameters, an argument tuple. */
export function sampleInputs(scope: SampleScope, parameterTypes: readonly ts.Type[]): string {
  if (parameterTypes.length === 0) return 'Array.from({ length: 32 }, () => [])';
  const values = parameterTypes.map((t) => sampleFor(scope, t));
  const item = values.length === 1 ? values[0]! : `[${values.join(', ')}]`;
  // An arrow body starting with `{` is a block, not an object: parenthesize it.
  return `Array.from({ length: 32 }, (_, i) => ${item.startsWith('{') ? `(${item})` : item})`;
}

function typeText(scope: SampleScope, type: ts.Type): string {
  return scope.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
}

function isJavaScript(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.fileName);
}

function isNullish(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) !== 0;
}

function sample(scope: SampleScope, type: ts.Type, at: Place): string {
  const { checker } = scope;
  const flags = type.flags;
  if (at.depth === 0) {
    const whole = wholeTypes[typeText(scope, type).replace(/\s+/g, '')];
    if (whole !== undefined) return whole;
  }
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return at.index;
  if (flags & ts.TypeFlags.Null) return 'null';
  if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return 'undefined';
  if (flags & ts.TypeFlags.Boolean) return `${at.index} % 2 === 0`;
  if (flags & ts.TypeFlags.EnumLiteral && !(flags & ts.TypeFlags.Union)) return enumMember(scope, type) ?? literal(type) ?? inputPlaceholder(typeText(scope, type));
  if (type.isLiteral() || flags & ts.TypeFlags.BooleanLiteral) return literal(type) ?? inputPlaceholder(typeText(scope, type));
  if (flags & ts.TypeFlags.Number) return numberForms[at.field % numberForms.length]!(at.index);
  if (flags & ts.TypeFlags.String) return `'${(at.name ?? 'input').replace(/[^\w$-]/g, '')}-' + ${at.index}`;
  if (flags & ts.TypeFlags.BigInt) return `BigInt(${at.index})`;
  if (type.isUnion()) return union(scope, type, at);
  if (type.isTypeParameter()) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint && constraint !== type && !(constraint.flags & ts.TypeFlags.Unknown) ? sample(scope, constraint, at) : inputPlaceholder(typeText(scope, type));
  }
  if (flags & ts.TypeFlags.NonPrimitive) return `{ value: ${at.index} }`;
  if (flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) return object(scope, type, at);
  return inputPlaceholder(typeText(scope, type));
}

/** A literal type as source: `'a'`, `3`, `true`, `10n`. */
function literal(type: ts.Type): string | undefined {
  if (type.isStringLiteral()) return `'${type.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (type.isNumberLiteral()) return String(type.value);
  if (type.flags & ts.TypeFlags.BigIntLiteral) {
    const { value } = type as ts.BigIntLiteralType;
    return `${value.negative ? '-' : ''}${value.base10Value}n`;
  }
  if (type.flags & ts.TypeFlags.BooleanLiteral) return (type as ts.Type & { intrinsicName?: string }).intrinsicName === 'true' ? 'true' : 'false';
  return undefined;
}

/** `Color.Red` when `Color` names this enum in the module's scope, else undefined (the caller writes its value). */
function enumMember(scope: SampleScope, type: ts.Type): string | undefined {
  const member = type.getSymbol();
  const parent = member?.valueDeclaration?.parent;
  if (!member || !parent || !ts.isEnumDeclaration(parent)) return undefined;
  // Resolved from the end of the module, where the appended expression runs: an import or a declaration there.
  const named = scope.checker.resolveName(parent.name.text, scope.sourceFile.endOfFileToken, ts.SymbolFlags.Value, false);
  const resolved = named && named.flags & ts.SymbolFlags.Alias ? scope.checker.getAliasedSymbol(named) : named;
  if (!resolved?.declarations?.includes(parent)) return undefined;
  return `${parent.name.text}.${member.name}`;
}

function union(scope: SampleScope, type: ts.UnionType, at: Place): string {
  const members = type.types.filter((t) => !isNullish(t));
  const nullish = type.types.find(isNullish);
  // `Node | null` on the way back into Node: the null ends the recursion.
  const fresh = members.filter((t) => !at.path.includes(t));
  if (nullish && (fresh.length < members.length || at.depth >= maxDepth)) return sample(scope, nullish, at);
  if (members.length === 0) return nullish ? sample(scope, nullish, at) : inputPlaceholder(typeText(scope, type));
  // `true | false` is boolean, with or without undefined beside it.
  if (members.length === 2 && members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return `${at.index} % 2 === 0`;
  if (members.length === 1) return sample(scope, members[0]!, at);
  const literals = members.every((t) => t.isLiteral() || t.flags & (ts.TypeFlags.EnumLiteral | ts.TypeFlags.BooleanLiteral));
  if (literals || members.length <= 4) {
    // Each item takes the next member in turn: `i % 2 === 0 ? 'red' : 'green'` keeps each value's
    // literal type where TypeScript reads the expression; past four, `['a', …][i % 5]` reads better.
    const values = members.map((t, n) => sample(scope, t, { ...at, field: at.field + n }));
    const turn = `${at.index} % ${values.length}`;
    if (values.length > 4) return `${literals && !isJavaScript(scope.sourceFile) ? `([${values.join(', ')}] as const)` : `[${values.join(', ')}]`}[${turn}]`;
    return values.slice(0, -1).map((v, n) => `${turn} === ${n} ? ${v} : `).join('') + values[values.length - 1]!;
  }
  return sample(scope, members[0]!, at);
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function object(scope: SampleScope, type: ts.Type, at: Place): string {
  const { checker } = scope;
  const text = typeText(scope, type);
  if (at.path.includes(type) || at.depth >= maxDepth) return inputPlaceholder(text);
  const inner: Place = { ...at, depth: at.depth + 1, path: [...at.path, type], field: 0 };
  if (checker.isTupleType(type)) {
    const elements = checker.getTypeArguments(type as ts.TypeReference);
    const fixed = (type as ts.TupleTypeReference).target.fixedLength;
    return `[${elements.slice(0, fixed).map((t, n) => sample(scope, t, { ...inner, field: n })).join(', ')}]`;
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return element ? arrayOf(scope, element, inner, at.depth === 0 ? wholeLength : nestedLength) : inputPlaceholder(text);
  }
  const symbol = type.getSymbol();
  const name = symbol?.name;
  const builtIn = symbol?.declarations?.some((d) => /(^|[\\/])lib\.[\w.]*\.d\.ts$/.test(d.getSourceFile().fileName)) ?? false;
  if (name === 'Date' && builtIn) return `new Date(Date.UTC(2024, 0, 1 + (${at.index} % 365)))`;
  if (name !== undefined && builtIn && typedArrays.has(name)) {
    const j = indexNames[at.arrays] ?? `j${at.arrays}`;
    return `${name}.from({ length: ${at.depth === 0 ? 10_000 : 64} }, (_, ${j}) => (${at.index} + ${j}) % 251)`;
  }
  if ((name === 'Map' || name === 'ReadonlyMap' || name === 'Set' || name === 'ReadonlySet') && builtIn) {
    const [key, value] = checker.getTypeArguments(type as ts.TypeReference);
    if (name.endsWith('Set') && key) return `new Set(${arrayOf(scope, key, inner, nestedLength)})`;
    if (key && value) return `new Map(${entriesOf(scope, key, value, inner)})`;
    return inputPlaceholder(text);
  }
  // Functions and class instances cannot cross to a worker as they are: the user must decide.
  if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0 || (symbol && symbol.flags & ts.SymbolFlags.Class)) return inputPlaceholder(text);
  const fields: string[] = [];
  let field = 0;
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : checker.getTypeOfSymbol(property);
    if (property.flags & ts.SymbolFlags.Optional) continue;
    if (property.flags & ts.SymbolFlags.Method || checker.getSignaturesOfType(propertyType, ts.SignatureKind.Call).length > 0) return inputPlaceholder(text);
    fields.push(`${propertyKey(property.name)}: ${sample(scope, propertyType, { ...inner, field: field++, name: property.name })}`);
  }
  const indexed = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & (ts.TypeFlags.String | ts.TypeFlags.Number));
  if (fields.length === 0 && indexed) {
    // A record: a few keys, each with a value that varies with the item.
    const j = indexNames[at.arrays] ?? `j${at.arrays}`;
    const key = indexed.keyType.flags & ts.TypeFlags.Number ? j : `'key-' + ${j}`;
    const value = sample(scope, indexed.type, { ...inner, arrays: at.arrays + 1, index: `(${at.index} + ${j})`, name: 'value' });
    return `Object.fromEntries(Array.from({ length: 4 }, (_, ${j}) => [${key}, ${value}]))`;
  }
  return `{ ${fields.join(', ')} }`.replace('{  }', '{}');
}

function arrayOf(scope: SampleScope, element: ts.Type, at: Place, length: number): string {
  const j = indexNames[at.arrays] ?? `j${at.arrays}`;
  const value = sample(scope, element, { ...at, arrays: at.arrays + 1, index: `(${at.index} + ${j})`, field: 0 });
  return `Array.from({ length: ${length} }, (_, ${j}) => ${value.startsWith('{') ? `(${value})` : value})`;
}

/** A Map's entries: `Array.from({ length: 8 }, (_, j) => [key, value])`, both varying with the item. */
function entriesOf(scope: SampleScope, key: ts.Type, value: ts.Type, at: Place): string {
  const j = indexNames[at.arrays] ?? `j${at.arrays}`;
  const inner: Place = { ...at, arrays: at.arrays + 1, index: `(${at.index} + ${j})` };
  return `Array.from({ length: ${nestedLength} }, (_, ${j}) => [${sample(scope, key, { ...inner, field: 0, name: 'key' })}, ${sample(scope, value, { ...inner, field: 1, name: 'value' })}])`;
}
