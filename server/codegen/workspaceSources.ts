/** The TypeScript source files of the workspace folders, for finding the modules that use a function. */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';

/** Folders that hold no hand-written sources, or too many files to read on a code action. */
const skipped = new Set(['node_modules', 'dist', 'out', 'build', 'coverage']);
const typescript = /\.(c|m)?tsx?$/;

/** Up to `limit` TypeScript files (no .d.ts) under `folders`, skipping dependencies, build output and dot-folders. */
export async function workspaceSources(folders: readonly string[], limit = 5_000): Promise<string[]> {
  const found: string[] = [];
  const pending = [...folders];
  while (pending.length > 0 && found.length < limit) {
    const dir = pending.shift()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // A folder removed or unreadable since: nothing in it can use the function.
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || skipped.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && typescript.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  }
  return found.slice(0, limit);
}
