/** The compare panel: two runs of a function side by side, as the history computed them. */
import * as vscode from 'vscode';
import type { Comparison } from '../../protocol/history';
import { PanelHost } from './panelHost';

/** Opens the compare panel beside the editor and keeps it showing the latest comparison. */
export class ComparePanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private comparison: Comparison | undefined;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    this.host = new PanelHost('compare', 'Parallelize: Compare', extensionUri, log, {
      onMessage: (message) => {
        // A webview is a boundary: it may only open the compared function's file.
        if (message.type === 'openFunction' && message.file === this.comparison?.function.file) void openAt(message.file, message.line, log);
        else log.warn(`Ignored a ${message.type} request from the compare panel`);
      },
    });
  }

  /** The comparison the panel shows, if any. */
  get last(): Comparison | undefined {
    return this.comparison;
  }

  /** Shows a comparison, opening the panel if needed. */
  show(comparison: Comparison): void {
    this.comparison = comparison;
    this.host.show();
    this.host.post({ type: 'compare', comparison });
  }

  dispose(): void {
    this.host.dispose();
  }
}

async function openAt(file: string, line: number, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const position = new vscode.Position(Math.min(line - 1, document.lineCount - 1), 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  } catch (error) {
    // The run may be older than the file: moved or deleted since.
    log.warn(`Could not open ${file}:${line} from the compare panel: ${error instanceof Error ? error.message : String(error)}`);
  }
}
