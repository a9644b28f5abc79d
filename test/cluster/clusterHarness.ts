/** Shared by the cluster tests: a real local cluster (redis-server and worker processes) with a real bundle on it. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundleFunction } from '../../server/engine/bundleFunction';
import { ClusterExecutor } from '../../server/executors/cluster/clusterExecutor';
import { connectionFor } from '../../server/executors/cluster/clusterWorker';
import { type LocalCluster, startLocalCluster } from '../../server/executors/cluster/localCluster';
import { publishBundle } from '../../server/executors/cluster/signedBundle';
import type { PrintedOutput } from '../../server/worker/messages';
import { fixtureTarget } from '../unit/engineRun';

export const root = path.resolve(__dirname, '..', '..');

/** Whether a process is still alive (a zombie counts as gone: it has exited). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A cluster, a bundle of `file#name` published on it, and an executor; `close` ends everything. */
export interface Harness {
  cluster: LocalCluster;
  executor: ClusterExecutor;
  logs: string[];
  output: Array<{ output: readonly PrintedOutput[]; indices: readonly number[] }>;
  controller: AbortController;
  bundleFile: string;
  close(): Promise<void>;
}

/** Starts a local cluster of `processes` × 1 thread and publishes `file#name` (a fixture under test/fixtures/). */
export async function startHarness(fixture: string, name: string, options: { processes?: number; lockMs?: number; taskTimeoutMs?: number; memoryLimitMb?: number } = {}): Promise<Harness> {
  const logs: string[] = [];
  const log = (line: string): void => void logs.push(line);
  const target = { ...fixtureTarget('x.ts', name), file: path.join(root, 'test', 'fixtures', fixture) };
  const bundle = await bundleFunction(target, '[]');
  if (!bundle.ok) throw new Error(bundle.error.message);
  const cluster = await startLocalCluster({ processes: options.processes ?? 2, threadsPerProcess: 1, lockMs: options.lockMs ?? 5000, log });
  const redis = connectionFor(cluster.redisUrl);
  const controller = new AbortController();
  const output: Harness['output'] = [];
  const published = await publishBundle(redis, bundle.value.file, cluster.key);
  const executor = await ClusterExecutor.open({
    redisUrl: cluster.redisUrl, bundle: published.hash, taskTimeoutMs: options.taskTimeoutMs ?? 30_000, memoryLimitMb: options.memoryLimitMb ?? 1024,
    signal: controller.signal, log, lost: cluster.lost, onOutput: (printed, indices) => void output.push({ output: printed, indices }),
  }, redis);
  return {
    cluster, executor, logs, output, controller, bundleFile: bundle.value.file,
    close: async () => {
      await executor.destroy();
      redis.disconnect();
      await cluster.stop();
      await bundle.value.dispose();
    },
  };
}

/** A run task over `items` for an executor (the cluster's processes choose their own slot). */
export function runTask(items: unknown[]): { kind: 'run'; items: unknown[]; spread: false; slot: 0 } {
  return { kind: 'run', items, spread: false, slot: 0 };
}
