/**
 * Whether the user's file runs as an ES module or as CommonJS, the way Node decides it: the
 * extension (.mts/.mjs, .cts/.cjs), else the nearest package.json's "type". A file Node would
 * run as CommonJS may still need ES-module features (import.meta, top-level await), which only the
 * bundler can tell: then the format is not `fixed`, and bundleFunction looks.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The format to bundle as, and whether nothing but the file's own code could change it. */
export interface ModuleFormat {
  format: 'esm' | 'cjs';
  /** True when the extension or package.json decided: a CommonJS file that is not fixed may turn out to need ESM. */
  fixed: boolean;
  /** Why, for messages: `the .mts extension`, `package.json "type": "module"`. */
  reason: string;
}

function packageType(dir: string): { type: unknown; file: string } | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const file = path.join(current, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        return { type: (JSON.parse(text) as { type?: unknown }).type, file };
      } catch {
        // Node refuses a malformed package.json too; bundling as CommonJS lets esbuild say what breaks.
        return { type: undefined, file };
      }
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** How Node would load `file`. */
export function moduleFormat(file: string): ModuleFormat {
  const ext = path.extname(file);
  if (ext === '.mts' || ext === '.mjs') return { format: 'esm', fixed: true, reason: `the ${ext} extension` };
  if (ext === '.cts' || ext === '.cjs') return { format: 'cjs', fixed: true, reason: `the ${ext} extension` };
  const pkg = packageType(path.dirname(file));
  if (pkg?.type === 'module') return { format: 'esm', fixed: true, reason: `"type": "module" in ${pkg.file}` };
  if (pkg?.type === 'commonjs') return { format: 'cjs', fixed: true, reason: `"type": "commonjs" in ${pkg.file}` };
  return { format: 'cjs', fixed: false, reason: pkg ? `no "type" in ${pkg.file}` : 'no package.json' };
}
