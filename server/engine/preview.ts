/** Short one-line renderings of values, for mismatch reports. */
import { inspect } from 'node:util';

/** A value as one line of at most `maxLength` characters. */
export function previewValue(value: unknown, maxLength = 80): string {
  const text = inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 8, maxStringLength: maxLength });
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
