/**
 * What the benchmark panel's toolbar does in the host: run the same function with the same inputs
 * again, profile it, save the result (JSON, CSV, the standalone HTML report) where the user picks,
 * or copy a Markdown summary. The panel is a boundary: every action works on the result the host
 * holds, and only when the page names that very result.
 */
import * as vscode from 'vscode';
import type { BenchmarkResult } from '../../protocol/results';
import type { BenchmarkAction } from '../../protocol/webview';
import { renderStandaloneReport } from '../../server/report/standaloneReport';
import type { ParallelizeFunctionArgs } from '../api';
import { resultCsv, resultMarkdown } from './resultExports';

/** What an action needs from the extension. */
export interface ActionContext {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
}

/** The save formats: file extension, dialog filter and the text to write. */
const saves = {
  exportJson: { ext: 'json', filter: 'JSON', what: 'result', text: (r: BenchmarkResult) => `${JSON.stringify(r, null, 2)}\n` },
  exportCsv: { ext: 'csv', filter: 'CSV', what: 'statistics', text: (r: BenchmarkResult) => resultCsv(r) },
  exportHtml: { ext: 'html', filter: 'HTML report', what: 'report', text: null },
} as const;

/**
 * Where the function is now: its declaration line, at its first non-blank character (a static
 * method is indented). The result names the line it was measured at; the finder resolves the
 * function around that position, so an edit above it since the run is the user's to see.
 */
async function positionOf(result: BenchmarkResult): Promise<ParallelizeFunctionArgs> {
  const uri = vscode.Uri.file(result.function.file);
  const document = await vscode.workspace.openTextDocument(uri);
  const line = Math.min(result.function.line - 1, document.lineCount - 1);
  return { uri: uri.toString(), line, character: document.lineAt(line).firstNonWhitespaceCharacterIndex, inputs: result.inputs.expression };
}

async function save(action: keyof typeof saves, result: BenchmarkResult, ctx: ActionContext): Promise<void> {
  const format = saves[action];
  const source = vscode.Uri.file(result.function.file);
  const folder = vscode.workspace.getWorkspaceFolder(source)?.uri ?? vscode.Uri.joinPath(source, '..');
  const name = result.function.name.replace(/[^\w.-]+/g, '-');
  const uri = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, `${name}.benchmark.${format.ext}`),
    filters: { [format.filter]: [format.ext] },
    title: `Export the ${format.what} of ${result.function.name}`,
  });
  if (uri === undefined) return;
  // The report is the CLI's --report page: the panel's own bundle from dist/, inlined.
  const text = format.text === null ? renderStandaloneReport(result, vscode.Uri.joinPath(ctx.extensionUri, 'dist').fsPath) : format.text(result);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  ctx.log.info(`Exported the ${format.what} of ${result.function.name} to ${uri.fsPath}`);
  void vscode.window.showInformationMessage(`Saved the ${format.what} of ${result.function.name} to ${uri.fsPath}.`, 'Open').then((choice) => {
    if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', uri);
  });
}

/** Runs a toolbar action on `shown`, the result the panel holds; a click on a result it no longer shows is ignored. */
export async function performBenchmarkAction(action: BenchmarkAction, startedAt: number, shown: BenchmarkResult | undefined, ctx: ActionContext): Promise<void> {
  if (shown === undefined || shown.startedAt !== startedAt) {
    ctx.log.warn(`Ignored ${action} from the benchmark panel: it names a result the panel no longer shows`);
    return;
  }
  try {
    switch (action) {
      case 'runAgain':
        await vscode.commands.executeCommand('parallelize.parallelizeFunction', await positionOf(shown));
        return;
      case 'profile':
        await vscode.commands.executeCommand('parallelize.profileFunction', await positionOf(shown));
        return;
      case 'copyMarkdown':
        await vscode.env.clipboard.writeText(resultMarkdown(shown));
        void vscode.window.showInformationMessage(`Copied a Markdown summary of ${shown.function.name} to the clipboard.`);
        return;
      default:
        await save(action, shown, ctx);
    }
  } catch (error) {
    // The function's file may be gone, or the chosen folder read-only: say so rather than fail silently.
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.error(`Benchmark panel ${action} failed: ${message}`);
    void vscode.window.showErrorMessage(`Parallelize could not ${actionText[action]}: ${message}`);
  }
}

const actionText: Record<BenchmarkAction, string> = {
  runAgain: 'run the function again',
  profile: 'profile the function',
  exportJson: 'export the result as JSON',
  exportCsv: 'export the statistics as CSV',
  exportHtml: 'export the HTML report',
  copyMarkdown: 'copy the Markdown summary',
};
