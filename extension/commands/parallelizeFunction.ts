/**
 * "Parallelize Function": find the function at the cursor, ask for inputs, benchmark it in the
 * language server under a cancellable progress notification, and show the result.
 */
import * as vscode from 'vscode';
import type { ClusterSettings } from '../../protocol/cluster';
import type { FunctionSource } from '../../protocol/history';
import type { FunctionTarget } from '../../protocol/lsp';
import type { BenchmarkResult } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import type { ParallelizeFunctionArgs } from '../api';
import { runSettings } from '../config';
import { functionSource } from '../history/functionSource';
import type { BenchmarkPanel } from '../panels/benchmarkPanel';
import { clusterPartFor } from './clusterRun';
import { prepareRun, showRunError, type RunCommandDeps, type RunWording } from './runSteps';

/** Everything the command needs from the rest of the extension. */
export interface ParallelizeFunctionDeps extends RunCommandDeps {
  panel: BenchmarkPanel;
  /** Holds the cluster key (Parallelize: Set Cluster Key). */
  secrets: vscode.SecretStorage;
  /** Told of every result, with what the result does not record (the history keeps it). */
  onResult?(finished: FinishedRun): void;
}

/** A result with the code and settings it was measured with. */
export interface FinishedRun {
  result: BenchmarkResult;
  settings: RunSettings;
  source: FunctionSource | null;
  /** The cluster the run asked for (parallelize.cluster.*), key aside; undefined with the setting off. */
  cluster: ClusterSettings | undefined;
}

const wording: RunWording = { verb: 'benchmark', goal: 'parallelize', title: 'Parallelize' };

/**
 * Registers the command; with `inputs` in its arguments it asks nothing (CodeLens, tests,
 * keybindings). `started` gives what it needs once the language server is up (afterStart.ts).
 */
export function registerParallelizeFunction(started: () => Promise<ParallelizeFunctionDeps | undefined>): vscode.Disposable {
  return vscode.commands.registerCommand(
    'parallelize.parallelizeFunction',
    async (args?: ParallelizeFunctionArgs): Promise<BenchmarkResult | undefined> => {
      const deps = await started();
      if (deps === undefined) return undefined;
      const prepared = await prepareRun(deps, args, wording);
      return prepared && run(deps, prepared.target, prepared.inputs);
    },
  );
}

async function run(deps: ParallelizeFunctionDeps, target: FunctionTarget, inputs: string): Promise<BenchmarkResult | undefined> {
  const uri = vscode.Uri.parse(target.uri);
  const settings = runSettings(uri);
  const clusterPart = await clusterPartFor(uri, deps.secrets, deps);
  if (clusterPart === undefined) return undefined;
  const on = clusterPart.cluster === undefined ? '' : `, and on a cluster (${clusterPart.cluster.mode === 'local' ? `local, ${clusterPart.cluster.processes} × ${clusterPart.cluster.threadsPerProcess}` : 'a Redis URL'})`;
  deps.log.info(`Benchmarking ${target.name} in ${target.file} with inputs ${inputs}${on}`);
  // Read before the run: the user may edit while it runs.
  const source = functionSource(target);
  // The panel shows the run as it goes, and its Cancel ends it as the notification's does.
  const watcher = deps.panel.watch(target.name, (runId) => deps.runs.cancel(runId));
  const reply = await deps.runs.run(`Parallelize ${target.name}`, (runId, token) => deps.supervisor.runBenchmark({ runId, target, inputs, settings, ...clusterPart }, token), watcher);
  if (reply === undefined) return undefined;
  if (!reply.ok) {
    deps.panel.failLive(reply.error.message);
    showRunError(reply.error, deps);
    return undefined;
  }
  const result = reply.value;
  deps.panel.showResult(result);
  deps.onResult?.({ result, settings, source, cluster: clusterPart.cluster });
  deps.log.info(`${target.name}: ${result.verdict}`);
  if (result.errors.length > 0) {
    const first = result.errors[0]!;
    deps.log.error(result.errors.map((e) => `${e.code}${e.inputIndex === undefined ? '' : ` (input ${e.inputIndex})`}: ${e.message}\n${e.stack ?? ''}`).join('\n'));
    // The list keeps 20 of each code; errorCounts has them all.
    const total = Math.max(result.errors.length, Object.values(result.errorCounts).reduce((sum, count) => sum + count, 0));
    void vscode.window.showWarningMessage(`${target.name}: ${total} error(s). First: ${first.message}`, 'Show Log')
      .then((pick) => pick && deps.log.show());
  } else if (result.cancelled) {
    void vscode.window.showInformationMessage(`Parallelize ${target.name}: cancelled; the panel shows what was measured.`);
  }
  return result;
}
