/** Shared by the engine tests: fixture targets, a run with fast settings, and the worker build. */
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FunctionTarget } from '../../protocol/lsp';
import { BenchmarkResult, type Reply } from '../../protocol/results';
import { defaultRunSettings, type RunSettings } from '../../protocol/settings';
import { runBenchmark, type RunHooks } from '../../server/engine/runBenchmark';
import { runHostPath, workerPath } from '../../server/engine/workerPath';

const root = path.resolve(__dirname, '..', '..');

/** test/fixtures/engine/. */
export const engineFixtures = path.join(root, 'test', 'fixtures', 'engine');

/** A target in a fixture file, as the function finder would give it. */
export function fixtureTarget(file: string, name: string, parameterCount = 1): FunctionTarget {
  return {
    uri: `file://${path.join(engineFixtures, file)}`,
    file: path.join(engineFixtures, file),
    name,
    kind: 'declaration',
    range: { start: { line: 1, character: 0 }, end: { line: 5, character: 1 } },
    parameters: Array.from({ length: parameterCount }, (_, i) => ({ name: `p${i}`, type: 'number' })),
    suggestedInputs: '[1, 2, 3]',
  };
}

/** One trial, at most 2 workers: enough to exercise every path quickly. */
export const fastSettings: RunSettings = { ...defaultRunSettings, trials: 1, maxWorkers: 2 };

/** Runs a fixture function with fast settings plus `settings`. */
export function runFixture(file: string, name: string, inputs: string, settings: Partial<RunSettings> = {}, hooks: Partial<RunHooks> = {}): Promise<Reply<BenchmarkResult>> {
  return runBenchmark(
    { target: fixtureTarget(file, name), inputs, settings: { ...fastSettings, ...settings } },
    { signal: new AbortController().signal, onProgress: () => undefined, log: () => undefined, ...hooks },
  );
}

/** The result of a successful reply, checked against the schema. */
export function resultOf(reply: Reply<BenchmarkResult>): BenchmarkResult {
  assert.ok(reply.ok, reply.ok ? '' : `${reply.error.code}: ${reply.error.message}`);
  BenchmarkResult.parse(reply.value);
  return reply.value;
}

/** Builds dist/worker.js and dist/runHost.js from source, so the tests run the worker and host they see. */
export async function buildWorker(): Promise<void> {
  const entries: Array<[string, string]> = [
    [path.join(root, 'server', 'worker', 'taskWorker.ts'), workerPath()],
    [path.join(root, 'server', 'executors', 'threads', 'runHost.ts'), runHostPath()],
  ];
  await Promise.all(entries.map(([entry, outfile]) => esbuild.build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, external: ['piscina'], outfile, logLevel: 'warning',
  })));
}
