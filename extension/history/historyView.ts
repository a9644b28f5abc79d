/**
 * The Parallelize view in the Explorer: each benchmarked function with its last result, and under
 * it every kept run, newest first. Clicking a run opens it in the benchmark panel.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome, RunSummary } from '../../protocol/history';
import type { RunStore } from './runStore';
import { runDescription } from './runSummary';
import { formatRunTime } from '../../webview/shared/format';

/** The view's id, as package.json declares it. */
export const historyViewId = 'parallelize.history';

/** A function and its runs, newest first (never empty). */
export interface FunctionNode {
  kind: 'function';
  key: string;
  runs: RunSummary[];
}

/** One kept run. */
export interface RunNode {
  kind: 'run';
  run: RunSummary;
}

/** What the view's tree holds. */
export type HistoryNode = FunctionNode | RunNode;

/** A plain copy of what the view shows, for the integration tests (through the API). */
export interface HistoryTreeSnapshot {
  label: string;
  description: string;
  icon: string;
  /** Each run, its tooltip as read (Markdown's escapes taken out). */
  runs: { id: string; label: string; description: string; icon: string; tooltip: string }[];
}

const outcomeIcons: Record<RunOutcome, [string, string]> = {
  speedup: ['rocket', 'charts.green'],
  serial: ['circle-slash', 'charts.yellow'],
  failed: ['error', 'charts.red'],
  cancelled: ['debug-stop', 'disabledForeground'],
};

/** The tree data of the view, re-read whenever the store changes. */
export class HistoryTree implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly stopListening: () => void;

  constructor(private readonly store: RunStore) {
    this.stopListening = store.onDidChange(() => this.changeEmitter.fire(undefined));
  }

  /** The functions, the one run most recently first; or a function's runs. */
  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (node?.kind === 'run') return [];
    if (node?.kind === 'function') return node.runs.map((run) => ({ kind: 'run', run }));
    return functionNodes(await this.store.list());
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    return node.kind === 'function' ? functionItem(node) : runItem(node.run);
  }

  /** The view as the user sees it, labels and descriptions included. */
  async snapshot(): Promise<HistoryTreeSnapshot[]> {
    const functions = (await this.getChildren()).filter((n): n is FunctionNode => n.kind === 'function');
    return functions.map((fn) => {
      const item = functionItem(fn);
      return {
        label: labelText(item),
        description: String(item.description),
        icon: iconName(item),
        runs: fn.runs.map((run) => {
          const r = runItem(run);
          return { id: run.id, label: labelText(r), description: String(r.description), icon: iconName(r), tooltip: tooltipText(r) };
        }),
      };
    });
  }

  dispose(): void {
    this.stopListening();
    this.changeEmitter.dispose();
  }
}

/** Groups runs (newest first) by function, the function run most recently first. */
export function functionNodes(runs: RunSummary[]): FunctionNode[] {
  const byKey = new Map<string, RunSummary[]>();
  for (const run of runs) byKey.set(run.functionKey, [...(byKey.get(run.functionKey) ?? []), run]);
  return [...byKey].map(([key, list]) => ({ kind: 'function', key, runs: list }));
}

function functionItem(node: FunctionNode): vscode.TreeItem {
  const last = node.runs[0]!;
  const item = new vscode.TreeItem(last.function.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `function:${node.key}`;
  item.description = `${last.short} · ${basename(last.function.file)}`;
  item.iconPath = outcomeIcon(last.outcome);
  item.contextValue = 'parallelize.historyFunction';
  item.tooltip = new vscode.MarkdownString(
    `**${escape(last.function.name)}** in \`${escape(last.function.file)}:${last.function.line}\`\n\n`
      + `Last run ${formatRunTime(last.startedAt)}: ${escape(last.verdict)}\n\n${clusterLine(last)}${node.runs.length} run${node.runs.length === 1 ? '' : 's'} kept`,
  );
  return item;
}

function runItem(run: RunSummary): vscode.TreeItem {
  const item = new vscode.TreeItem(formatRunTime(run.startedAt), vscode.TreeItemCollapsibleState.None);
  item.id = `run:${run.id}`;
  item.description = runDescription(run);
  item.iconPath = outcomeIcon(run.outcome);
  item.contextValue = 'parallelize.historyRun';
  item.command = { command: 'parallelize.openRun', title: 'Open Run', arguments: [{ kind: 'run', run } satisfies RunNode] };
  const inputs = run.inputs.length > 200 ? `${run.inputs.slice(0, 199)}…` : run.inputs;
  item.tooltip = new vscode.MarkdownString(
    `**${escape(run.verdict)}**\n\n`
      + `Serial median ${run.serialMedianMs.toFixed(run.serialMedianMs < 10 ? 2 : 0)} ms over ${run.inputCount.toLocaleString('en-US')} inputs\n\n`
      + `${clusterLine(run)}Inputs: \`${inputs.replace(/`/g, "'")}\`\n\n${new Date(run.startedAt).toLocaleString()}`,
  );
  return item;
}

/** The cluster's sentence as a paragraph of a tooltip, or nothing without a cluster. */
function clusterLine(run: RunSummary): string {
  return run.cluster ? `${escape(run.cluster.sentence)}\n\n` : '';
}

function outcomeIcon(outcome: RunOutcome): vscode.ThemeIcon {
  const [name, colour] = outcomeIcons[outcome];
  return new vscode.ThemeIcon(name, new vscode.ThemeColor(colour));
}

function labelText(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** The tooltip as read: Markdown's escapes taken out. */
function tooltipText(item: vscode.TreeItem): string {
  return item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value.replace(/\\(.)/g, '$1') : item.tooltip ?? '';
}

function iconName(item: vscode.TreeItem): string {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '';
}

/** Markdown's special characters in user text (a path, a verdict) taken literally. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
