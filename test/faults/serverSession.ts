/** The real language server (dist/server.js --stdio) in its own process, driven over LSP for the fault matrix. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ResourcesRequest, RunBenchmarkRequest } from '../../protocol/lsp';
import type { BenchmarkResult, Reply } from '../../protocol/results';
import { defaultRunSettings, type RunSettings } from '../../protocol/settings';
import { findFunctionByName } from '../../server/analysis/findFunction';
import { startLspServer } from '../server/lspServer';
import { faultFixtures } from './cliRun';

export interface ServerSession {
  run(file: string, name: string, inputs: string, settings?: Partial<RunSettings>): Promise<Reply<BenchmarkResult>>;
  /** Sends a run request with whatever params, as a broken or hostile client might. */
  raw(params: unknown): Promise<Reply<BenchmarkResult>>;
  /** True when a resources request is answered within 10 s. */
  resources(): Promise<boolean>;
  exitCode(): number | null;
  stop(): void;
}

let runs = 0;

export async function startServer(): Promise<ServerSession> {
  const lsp = await startLspServer({ quiet: true });
  const { connection } = lsp;
  const settings = { ...defaultRunSettings, trials: 1, maxWorkers: 2, taskTimeoutMs: 5000 };
  const raw = (params: unknown): Promise<Reply<BenchmarkResult>> => connection.sendRequest<Reply<BenchmarkResult>>(RunBenchmarkRequest.method, params);
  return {
    run: (file, name, inputs, overrides = {}) => {
      const fileName = path.join(faultFixtures, file);
      const found = findFunctionByName(fileName, readFileSync(fileName, 'utf8'), name);
      if (!found.ok) throw new Error(found.error.message);
      return raw({ runId: `fault-${++runs}`, target: found.value, inputs, settings: { ...settings, ...overrides } });
    },
    raw,
    resources: async () => {
      const answer = connection.sendRequest(ResourcesRequest.type, { maxWorkers: 0 }).then(() => true, () => false);
      const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref());
      return Promise.race([answer, late]);
    },
    exitCode: () => lsp.process.exitCode,
    stop: () => lsp.stop(),
  };
}
