/**
 * The parallel-safety checks' stable codes, each with the README section that explains it. Codes
 * never change meaning: ignore comments and tests name them.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Every code a parallel-safety diagnostic can carry. */
export const safetyCodes = [
  'module-state',
  'this-usage',
  'arguments-usage',
  'captured-variable',
  'io-bound',
  'uncloneable-parameter',
  'uncloneable-return',
  'impure-global',
] as const;

/** One parallel-safety check's code. */
export type SafetyCode = (typeof safetyCodes)[number];

/** Whether a string is one of the codes (ignore comments and diagnostics' data come back as text). */
export function isSafetyCode(text: string): text is SafetyCode {
  return (safetyCodes as readonly string[]).includes(text);
}

/** The README beside the server bundle (dist/../README.md) or above this source file in tests. */
function readme(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'README.md');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

const readmeUrl = ((): string => {
  const file = readme();
  return pathToFileURL(file ?? path.join(__dirname, 'README.md')).href;
})();

/** The "learn why" link of a code: its section of the README, whose headings are the codes. */
export function learnWhyHref(code: SafetyCode): string {
  return `${readmeUrl}#${code}`;
}
