// Builds every entry of the extension: one esbuild context per process it runs in.
//   node esbuild.mjs [--watch] [--production] [--tests] [--outdir <dir>]
// Types are checked separately (`npm run typecheck`); esbuild only strips them.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
// Packaging builds into a folder of its own, so that it never rewrites the dist/ tests run from.
const outIndex = process.argv.indexOf('--outdir');
const dist = outIndex === -1 ? 'dist' : process.argv[outIndex + 1];

/** Reports in the `[watch]` format that VS Code's esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => { if (watch) console.log('[watch] build started'); });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [problemMatcher],
  // esbuild ships a native binary and piscina loads its own worker file by path: both stay
  // node_modules packages at run time (and in the .vsix) instead of being inlined. So do BullMQ and
  // ioredis, which cluster runs load only when asked for one.
  external: ['vscode', 'esbuild', 'piscina', 'bullmq', 'ioredis'],
};

const browser = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: production ? false : 'inline',
  minify: production,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

const contexts = [
  { ...node, entryPoints: { extension: 'extension/extension.ts' }, outdir: dist },
  { ...node, entryPoints: { server: 'server/server.ts' }, outdir: dist },
  { ...node, entryPoints: { worker: 'server/worker/taskWorker.ts' }, outdir: dist },
  { ...node, entryPoints: { runHost: 'server/executors/threads/runHost.ts' }, outdir: dist },
  { ...node, entryPoints: { cli: 'server/cli/main.ts' }, outdir: dist, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { clusterWorker: 'server/cli/clusterWorkerMain.ts' }, outdir: dist },
  {
    ...browser,
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
    outdir: `${dist}/webview`,
  },
];

if (tests) {
  // The integration suite runs inside the extension host: it imports 'vscode' and mocha at run time.
  // suite/ runs in a trusted workspace, untrusted/ (runTests.mjs --untrusted) in one that is not.
  for (const dir of ['suite', 'untrusted']) {
    const entries = readdirSync(`test/integration/${dir}`).filter((f) => f.endsWith('.ts')).map((f) => `test/integration/${dir}/${f}`);
    contexts.push({ ...node, sourcemap: true, entryPoints: entries, outdir: `out/test/integration/${dir}`, external: [...node.external, 'mocha'] });
  }
}

mkdirSync(`${dist}/webview`, { recursive: true });
// Codicons are a font plus its stylesheet; the webviews load both from dist/ under the CSP.
cpSync('node_modules/@vscode/codicons/dist/codicon.css', `${dist}/webview/codicon.css`);
cpSync('node_modules/@vscode/codicons/dist/codicon.ttf', `${dist}/webview/codicon.ttf`);

// The language server's type checker reads TypeScript's lib declarations from beside its bundle.
for (const file of readdirSync('node_modules/typescript/lib').filter((f) => /^lib(\.[\w.]+)?\.d\.ts$/.test(f))) {
  cpSync(`node_modules/typescript/lib/${file}`, `${dist}/${file}`);
}

const built = await Promise.all(contexts.map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(built.map((ctx) => ctx.watch()));
} else {
  const results = await Promise.allSettled(built.map((ctx) => ctx.rebuild()));
  await Promise.all(built.map((ctx) => ctx.dispose()));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
