/** The profile panel: flame chart, top-down and bottom-up tables and hot lines of the latest profile. */
import * as vscode from 'vscode';
import type { ProfileResult } from '../../protocol/profile';
import { PanelHost } from './panelHost';

/** Opens the profile panel beside the editor and keeps it showing the most recent profile. */
export class ProfilePanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private result: ProfileResult | undefined;

  constructor(extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, state?: vscode.Memento) {
    this.host = new PanelHost('profile', 'Parallelize: Profile', extensionUri, log, {
      state,
      onMessage: (message) => {
        if (message.type === 'exportProfile') void vscode.commands.executeCommand('parallelize.exportProfile');
        if (message.type !== 'openFunction') return;
        // A webview is a boundary: it may only open the files of the profile it shows, not any path.
        if (this.result && profileFiles(this.result).has(message.file)) void this.reveal(message.file, message.line);
        else log.warn(`Ignored a request from the profile panel to open ${message.file}, which is not a file of the profile it shows`);
      },
    });
    // After a reload, the profile the panel showed before it (the editor's heat is not restored: the server's profiles went with it).
    const kept = this.host.state;
    if (kept?.type === 'profile') this.result = kept.result;
  }

  /** The profile the panel shows, if any. */
  get last(): ProfileResult | undefined {
    return this.result;
  }

  /**
   * Shows `result` (or, without one, whatever the panel last showed: an empty state before any
   * profile). After a profile the editor keeps the focus, so its heat stays in front of the user.
   */
  show(result?: ProfileResult): void {
    if (result) this.result = result;
    this.host.show({ preserveFocus: result !== undefined });
    if (result) this.host.post({ type: 'profile', result });
  }

  dispose(): void {
    this.host.dispose();
  }

  /** Opens a frame's line in the editor group that already shows its file, else in the active or a visible one, never over the panel. */
  private async reveal(file: string, line: number): Promise<void> {
    try {
      const uri = vscode.Uri.file(file);
      const document = await vscode.workspace.openTextDocument(uri);
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      const column = shown?.viewColumn ?? vscode.window.activeTextEditor?.viewColumn ?? vscode.window.visibleTextEditors[0]?.viewColumn ?? vscode.ViewColumn.One;
      const position = new vscode.Position(Math.min(line - 1, document.lineCount - 1), 0);
      const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(position, position) });
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
      // A profile can outlive its files (moved, deleted, or a package since uninstalled).
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(`Could not open ${file}:${line} from the profile panel: ${message}`);
      void vscode.window.showWarningMessage(`Parallelize could not open ${file}:${line}: ${message}`);
    }
  }
}

/** Every source file a profile names: the profiled function's, its callees' and its hot lines'. */
function profileFiles(result: ProfileResult): Set<string> {
  const files = new Set<string>([result.target.file]);
  for (const fn of result.functions) if (fn.file) files.add(fn.file);
  for (const line of result.lines) files.add(line.file);
  return files;
}
