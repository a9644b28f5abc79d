/**
 * The run history in the editor: keeps every finished benchmark, shows the Parallelize view, and
 * owns its commands (open, compare with previous, compare selected, export, delete). After a
 * re-run of a function that ran before, it offers the before/after comparison.
 */
import * as vscode from 'vscode';
import type { Comparison, RunSummary, StoredRun } from '../../protocol/history';
import type { BenchmarkResult, FunctionRef } from '../../protocol/results';
import type { FinishedRun } from '../commands/parallelizeFunction';
import type { BenchmarkPanel } from '../panels/benchmarkPanel';
import { ComparePanel } from '../panels/comparePanel';
import { compareRuns } from './compareRuns';
import { HistoryTree, historyViewId, type HistoryNode, type HistoryTreeSnapshot, type RunNode } from './historyView';
import { storedClusterSettings } from './runCluster';
import { RunStore } from './runStore';
import { functionKey, runDescription } from './runSummary';
import { formatRunTime } from '../../webview/shared/format';

/**
 * What `parallelize.compareWithPrevious` accepts: a node of the view, a run id, or a function (the
 * benchmark panel's toolbar passes the result it shows: `{ file, name, startedAt }`). With nothing,
 * the most recent run that has a previous one.
 */
export type CompareWithPreviousArg = HistoryNode | { runId: string } | (Pick<FunctionRef, 'file' | 'name'> & { startedAt?: number }) | undefined;

/** The history's part of the extension. */
export class History implements vscode.Disposable {
  readonly store: RunStore;
  private readonly tree: HistoryTree;
  private readonly comparePanel: ComparePanel;
  private readonly view: vscode.TreeView<HistoryNode>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Saves still being written, so the API can wait for them. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(storageRoot: vscode.Uri, extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, private readonly benchmarkPanel: BenchmarkPanel) {
    this.store = new RunStore(vscode.Uri.joinPath(storageRoot, 'history').fsPath, log);
    this.tree = new HistoryTree(this.store);
    this.comparePanel = new ComparePanel(extensionUri, log);
    const view = vscode.window.createTreeView(historyViewId, { treeDataProvider: this.tree, canSelectMany: true, showCollapseAll: true });
    this.view = view;
    const stopListening = this.store.onDidChange(() => void this.updateContext());
    this.disposables.push(
      this.tree,
      this.comparePanel,
      view,
      { dispose: stopListening },
      vscode.commands.registerCommand('parallelize.openRun', (node?: HistoryNode) => this.guard(this.open(node))),
      vscode.commands.registerCommand('parallelize.compareWithPrevious', (arg?: CompareWithPreviousArg) => this.guard(this.compareWithPrevious(arg))),
      vscode.commands.registerCommand('parallelize.compareRuns', (node?: HistoryNode, selected?: HistoryNode[]) => this.guard(this.compareSelected(node, selected))),
      // From the view the second argument is the selection; a caller (a test, a keybinding) may pass where to save instead of asking.
      vscode.commands.registerCommand('parallelize.exportRun', (node?: HistoryNode, target?: unknown) => this.guard(this.exportRun(node, target instanceof vscode.Uri ? target : undefined))),
      vscode.commands.registerCommand('parallelize.deleteRun', (node?: HistoryNode, selected?: HistoryNode[]) => this.guard(this.delete(node, selected))),
    );
    void this.updateContext();
  }

  /** The newest kept result of each function, for the lenses after a reload. */
  async lastResults(): Promise<BenchmarkResult[]> {
    const newest = new Map<string, string>();
    for (const run of await this.store.list()) if (!newest.has(run.functionKey)) newest.set(run.functionKey, run.id);
    const runs = await Promise.all([...newest.values()].map((id) => this.store.read(id)));
    return runs.flatMap((run) => (run ? [run.result] : []));
  }

  /** Keeps a finished run, then offers before/after when the function ran before. */
  record(finished: FinishedRun): void {
    const saving = this.keep(finished);
    this.pending = this.pending.then(() => saving);
  }

  /** Resolves once every run recorded so far is on disk. */
  settled(): Promise<void> {
    return this.pending.then(() => undefined);
  }

  /** The comparison the compare panel shows, if any. */
  get lastComparison(): Comparison | undefined {
    return this.comparePanel.last;
  }

  /** The view's tree as the user sees it. */
  snapshot(): Promise<HistoryTreeSnapshot[]> {
    return this.tree.snapshot();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private async keep({ result, settings, source, cluster }: FinishedRun): Promise<void> {
    let saved: StoredRun;
    try {
      saved = await this.store.save({ result, settings, source, cluster: storedClusterSettings(cluster) });
    } catch (error) {
      // A full disk or a read-only storage folder costs the history, never the run.
      this.log.error(`History: could not keep the run of ${result.function.name}: ${describe(error)}`);
      return;
    }
    const previous = await this.store.previous(saved.id);
    if (!previous || result.cancelled) return;
    const before = await this.store.read(previous.id);
    const changed = before?.source && source && before.source.text !== source.text;
    const question = changed ? `${result.function.name} changed since its last run: compare before and after?` : `Compare ${result.function.name} with its previous run?`;
    void vscode.window.showInformationMessage(question, 'Compare').then((pick) => pick && this.guard(this.compareIds(previous.id, saved.id)));
  }

  private async open(node: HistoryNode | undefined): Promise<void> {
    const run = node?.kind === 'run' ? await this.store.read(node.run.id) : undefined;
    if (!run) {
      void vscode.window.showInformationMessage('Pick a run in the Parallelize view to open it.');
      return;
    }
    this.benchmarkPanel.showResult(run.result);
  }

  private async compareWithPrevious(arg: CompareWithPreviousArg): Promise<Comparison | undefined> {
    const after = await this.resolveRun(arg);
    if (!after) {
      void vscode.window.showInformationMessage('No kept run to compare yet: benchmark a function with Parallelize: Parallelize Function.');
      return undefined;
    }
    const previous = await this.store.previous(after.id);
    if (!previous) {
      void vscode.window.showInformationMessage(`${after.function.name} has only one kept run: run it again (after an edit, say) to compare before and after.`);
      return undefined;
    }
    return this.compareIds(previous.id, after.id);
  }

  /** The run an argument names; with none, the newest run that has a previous one. */
  private async resolveRun(arg: CompareWithPreviousArg): Promise<RunSummary | undefined> {
    const all = await this.store.list();
    if (!arg) {
      const counts = new Map<string, number>();
      for (const run of all) counts.set(run.functionKey, (counts.get(run.functionKey) ?? 0) + 1);
      return all.find((run) => (counts.get(run.functionKey) ?? 0) > 1) ?? all[0];
    }
    if ('kind' in arg) return arg.kind === 'run' ? arg.run : arg.runs[0];
    if ('runId' in arg) return all.find((run) => run.id === arg.runId);
    const key = functionKey(arg);
    return all.find((run) => run.functionKey === key && (arg.startedAt === undefined || run.startedAt === arg.startedAt));
  }

  private async compareSelected(node: HistoryNode | undefined, selected: HistoryNode[] | undefined): Promise<Comparison | undefined> {
    // From the view's title bar no node comes with the command: the view's selection is what the user picked.
    const nodes = selected ?? (node ? [node] : [...this.view.selection]);
    const runs = nodes.filter((n): n is RunNode => n.kind === 'run').map((n) => n.run);
    const picked = runs.length === 2 ? runs : await this.pickTwo();
    if (!picked) return undefined;
    const [older, newer] = [...picked].sort((a, b) => a.startedAt - b.startedAt);
    return this.compareIds(older!.id, newer!.id);
  }

  /** Asks for two runs when the command came from the palette or with the wrong selection. */
  private async pickTwo(): Promise<RunSummary[] | undefined> {
    const all = await this.store.list();
    if (all.length < 2) {
      void vscode.window.showInformationMessage('Comparing needs two kept runs: benchmark a function twice (after an edit, say).');
      return undefined;
    }
    const picks = await vscode.window.showQuickPick(
      all.map((run) => ({ label: run.function.name, description: `${formatRunTime(run.startedAt)} · ${runDescription(run)}`, detail: run.inputs.slice(0, 120), run })),
      { canPickMany: true, title: 'Parallelize: pick two runs to compare', placeHolder: 'Select exactly two runs' },
    );
    if (!picks) return undefined;
    if (picks.length !== 2) {
      void vscode.window.showWarningMessage(`Pick exactly two runs to compare (${picks.length} picked).`);
      return undefined;
    }
    return picks.map((p) => p.run);
  }

  private async compareIds(beforeId: string, afterId: string): Promise<Comparison | undefined> {
    const [before, after] = await Promise.all([this.store.read(beforeId), this.store.read(afterId)]);
    if (!before || !after) {
      void vscode.window.showWarningMessage('That run is no longer kept (deleted, or its file could not be read: see the log).');
      return undefined;
    }
    const comparison = compareRuns(before, after);
    this.comparePanel.show(comparison);
    return comparison;
  }

  private async exportRun(node: HistoryNode | undefined, to: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
    const summary = node?.kind === 'run' ? node.run : node?.runs[0];
    const run = summary && (await this.store.read(summary.id));
    if (!run) {
      void vscode.window.showInformationMessage('Pick a run in the Parallelize view to export it.');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${run.result.function.name.replace(/[^\w-]+/g, '_')}-${run.id}.json`;
    const target = to ?? await vscode.window.showSaveDialog({
      title: 'Export Parallelize run',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { JSON: ['json'] },
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${JSON.stringify(run, null, 2)}\n`));
    this.log.info(`History: exported run ${run.id} of ${run.result.function.name} to ${target.fsPath}`);
    return target;
  }

  private async delete(node: HistoryNode | undefined, selected: HistoryNode[] | undefined): Promise<void> {
    const nodes = selected?.length ? selected : node ? [node] : [];
    const ids = [...new Set(nodes.flatMap((n) => (n.kind === 'run' ? [n.run.id] : n.runs.map((r) => r.id))))];
    if (ids.length === 0) return;
    const fn = nodes.find((n) => n.kind === 'function');
    const what = fn?.kind === 'function' && nodes.length === 1 ? `all ${ids.length} kept run${ids.length === 1 ? '' : 's'} of ${fn.runs[0]?.function.name ?? 'this function'}` : ids.length === 1 ? 'this run' : `${ids.length} runs`;
    const pick = await vscode.window.showWarningMessage(`Delete ${what}?`, { modal: true, detail: 'Their JSON files are removed from the workspace storage.' }, 'Delete');
    if (pick !== 'Delete') return;
    await this.store.delete(ids);
  }

  private async updateContext(): Promise<void> {
    const count = (await this.store.list()).length;
    await vscode.commands.executeCommand('setContext', 'parallelize.hasHistory', count > 0);
  }

  /** Commands report their failures instead of dropping them. */
  private guard<T>(work: Promise<T>): Promise<T | undefined> {
    return work.catch((error: unknown) => {
      this.log.error(`History: ${describe(error)}`);
      void vscode.window.showErrorMessage(`Parallelize history: ${describe(error)}`);
      return undefined;
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
