/**
 * Builds the webview bundles for the browser tests with the same options esbuild.mjs uses for
 * its browser entries, into a throwaway folder: the tests never depend on other entries building,
 * and parallel test files never race on dist/.
 */
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(__dirname, '..', '..');

/** Builds dist-like output (`<dir>/webview/*.js|css`, codicons) and returns `<dir>`. */
export async function buildWebviews(): Promise<string> {
  const distDir = mkdtempSync(join(tmpdir(), 'parallelize-webview-'));
  const outdir = join(distDir, 'webview');
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'warning',
    entryPoints: [
      { in: 'webview/benchmark/main.ts', out: 'benchmark' },
      { in: 'webview/benchmark/benchmark.css', out: 'benchmark' },
      { in: 'webview/resources/main.ts', out: 'resources' },
      { in: 'webview/resources/resources.css', out: 'resources' },
      { in: 'webview/profile/main.ts', out: 'profile' },
      { in: 'webview/profile/profile.css', out: 'profile' },
      { in: 'webview/compare/main.ts', out: 'compare' },
      { in: 'webview/compare/compare.css', out: 'compare' },
    ],
    outdir,
  });
  cpSync(join(repoRoot, 'node_modules/@vscode/codicons/dist/codicon.css'), join(outdir, 'codicon.css'));
  cpSync(join(repoRoot, 'node_modules/@vscode/codicons/dist/codicon.ttf'), join(outdir, 'codicon.ttf'));
  return distDir;
}
