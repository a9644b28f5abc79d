/** The benchmark panel: charts and the table of the latest run. */
import * as vscode from 'vscode';
import type { BenchmarkResult } from '../../protocol/results';
import { performBenchmarkAction } from './benchmarkActions';
import { PanelHost } from './panelHost';

/** Opens the benchmark panel and keeps it showing the most recent result. */
export class BenchmarkPanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private result: BenchmarkResult | undefined;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    this.host = new PanelHost('benchmark', 'Parallelize: Benchmark', extensionUri, log, {
      onMessage: (message) => {
        // A webview is a boundary: it may only open the file of the result it shows, not any path.
        if (message.type === 'openFunction' && message.file === this.result?.function.file) void openAt(message.file, message.line);
        else if (message.type === 'openFunction') log.warn(`Ignored a request from the benchmark panel to open ${message.file}, which is not the measured function's file`);
        else if (message.type === 'benchmarkAction') void performBenchmarkAction(message.action, message.startedAt, this.result, { extensionUri, log });
      },
    });
  }

  get last(): BenchmarkResult | undefined {
    return this.result;
  }

  /** Shows a new result, opening the panel if needed. */
  showResult(result: BenchmarkResult): void {
    this.result = result;
    // The focus stays in the editor, as with a profile: the user reads the result beside the code,
    // and the function's CodeLens takes the result at once (VS Code drops a lens refresh when the
    // editor loses the focus while it waits).
    this.host.show({ preserveFocus: true });
    this.host.post({ type: 'benchmark', result });
  }

  /** Opens the panel with whatever it last showed (an empty state before any run). */
  show(): void {
    this.host.show();
  }

  dispose(): void {
    this.host.dispose();
  }
}

async function openAt(file: string, line: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const position = new vscode.Position(line - 1, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
}
