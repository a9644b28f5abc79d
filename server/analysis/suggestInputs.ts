/**
 * A starting input list for a function, derived from its parameter types, so that the input box
 * opens with something that runs. Users edit it; it is remembered per function.
 */
import type { FunctionParameter } from '../../protocol/lsp';

const itemCount = 32;

/** An expression for the i-th value of a parameter of this declared type (`i` is in scope). */
function valueFor(type: string): string {
  const t = type.replace(/\s+/g, '');
  if (t === 'number') return '100_000 + i * 1_000';
  if (t === 'bigint') return 'BigInt(100_000 + i * 1_000)';
  if (t === 'string') return "'input-' + i";
  if (t === 'boolean') return 'i % 2 === 0';
  if (t === 'number[]' || t === 'Array<number>' || t === 'readonlynumber[]' || t === 'ReadonlyArray<number>') {
    return 'Array.from({ length: 10_000 }, (_, j) => (i * 7919 + j * 104_729) % 1_000_003)';
  }
  if (t === 'string[]' || t === 'Array<string>') return "Array.from({ length: 1_000 }, (_, j) => 'word-' + ((i + j) % 97))";
  if (t === 'Float64Array') return 'Float64Array.from({ length: 10_000 }, (_, j) => Math.sin(i + j))';
  if (t === 'Uint8Array') return 'Uint8Array.from({ length: 65_536 }, (_, j) => (i + j) & 0xff)';
  // Anything else has no obvious generator: a placeholder that runs, and says what to replace.
  return `i /* replace with a ${type.replace(/\*\//g, '* /')} */`;
}

/** An inputs expression: one argument per item, or an argument tuple when there are several parameters. */
export function suggestInputs(parameters: readonly FunctionParameter[]): string {
  if (parameters.length === 0) return `Array.from({ length: ${itemCount} }, () => [] as [])`;
  const values = parameters.map((p) => valueFor(p.type));
  const item = values.length === 1 ? values[0] : `[${values.join(', ')}]`;
  return `Array.from({ length: ${itemCount} }, (_, i) => ${item})`;
}
