/**
 * Draws the current profile in every visible editor of a file it covers: a whole-line background
 * per heat bucket, an end-of-line note and a hover (decorations rather than a CodeLens per line,
 * which would push the code around). Lines come from lineHeat.ts; this file only talks to VS Code.
 */
import * as vscode from 'vscode';
import type { ProfileResult } from '../../protocol/profile';
import { fileKey, heatBuckets, lineHeat, shiftsLines, type FileState, type LineHeat } from './lineHeat';
import type { ProfileStore } from './profileStore';

/** A decorated line as the API reports it (for tests): 1-based, as the profile has it. */
export interface AppliedLine {
  line: number;
  bucket: number;
  note: string;
  hover: string;
}

/** The theme colours package.json contributes, one background per bucket. */
const heatColors = heatBuckets.map((_, i) => `parallelize.profile.heat${i + 1}Background`);

function decorationType(bucket: number): vscode.TextEditorDecorationType {
  // Only the two hottest buckets mark the scrollbar: it should point at the few lines worth a look.
  const hot = bucket >= 2;
  const ruler = hot ? { overviewRulerColor: new vscode.ThemeColor('parallelize.profile.overviewRuler'), overviewRulerLane: vscode.OverviewRulerLane.Right } : {};
  return vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor(heatColors[bucket] ?? heatColors[0]!),
    // The backgrounds stay pale so that code stays readable on them: a hot line also gets a solid
    // left mark in every theme; the cooler ones a border only in high contrast themes, where a
    // faint background alone is not enough.
    borderColor: new vscode.ThemeColor(hot ? 'parallelize.profile.hotLineMark' : 'parallelize.profile.hotLineBorder'),
    borderStyle: 'solid',
    borderWidth: hot ? '0 0 0 3px' : '0 0 0 2px',
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    ...ruler,
  });
}

/** Keeps the decorations in step with the profile store, the visible editors and edits. */
export class ProfileDecorations implements vscode.Disposable {
  private readonly types = heatBuckets.map((_, i) => decorationType(i));
  private readonly subscriptions: vscode.Disposable[] = [];
  private profile: ProfileResult | undefined;
  private heat = new Map<string, LineHeat[]>();
  /** Files whose lines moved since the profile: left undecorated until the next one. */
  private readonly shifted = new Set<string>();
  private readonly states = new Map<string, FileState>();
  private readonly applied = new Map<string, AppliedLine[]>();

  constructor(store: ProfileStore, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      store.onDidProfile((profile) => this.show(profile)),
      store.onDidClear(() => this.show(undefined)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.applyAll()),
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
    );
  }

  /** The lines decorated now in the visible editors of `uri` (empty when none is visible or the profile is cleared). */
  linesOf(uri: string): AppliedLine[] {
    return this.applied.get(uri) ?? [];
  }

  private show(profile: ProfileResult | undefined): void {
    this.profile = profile;
    this.shifted.clear();
    this.states.clear();
    if (profile) {
      // The engine bundles from disk: an open file with unsaved changes was profiled as saved.
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.isDirty && doc.uri.scheme === 'file') this.states.set(fileKey(doc.uri.fsPath), 'dirtyWhenProfiled');
      }
    }
    this.rebuild();
  }

  private rebuild(): void {
    this.heat = this.profile ? lineHeat(this.profile, (key) => this.states.get(key) ?? 'asProfiled') : new Map<string, LineHeat[]>();
    this.applyAll();
  }

  private edited(e: vscode.TextDocumentChangeEvent): void {
    if (!this.profile || e.contentChanges.length === 0 || e.document.uri.scheme !== 'file') return;
    const key = fileKey(e.document.uri.fsPath);
    if (!this.heat.has(key) || this.shifted.has(key)) return;
    if (shiftsLines(e.contentChanges)) {
      // Decorations would now sit on the wrong lines: drop them rather than mislead.
      this.shifted.add(key);
      this.log.info(`Profile decorations cleared in ${e.document.uri.fsPath}: an edit moved its lines. Profile again to see them.`);
      this.applyAll();
    } else if (this.states.get(key) !== 'editedSince') {
      this.states.set(key, 'editedSince');
      this.rebuild();
    }
  }

  private applyAll(): void {
    this.applied.clear();
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor);
  }

  private apply(editor: vscode.TextEditor): void {
    const document = editor.document;
    const key = document.uri.scheme === 'file' ? fileKey(document.uri.fsPath) : undefined;
    const lines = key !== undefined && !this.shifted.has(key) ? (this.heat.get(key) ?? []) : [];
    const byBucket = this.types.map((): vscode.DecorationOptions[] => []);
    const applied: AppliedLine[] = [];
    for (const heat of lines) {
      // A profile of an older, longer version of the file may name lines it no longer has.
      if (heat.line > document.lineCount) continue;
      const range = document.lineAt(heat.line - 1).range;
      const hover = new vscode.MarkdownString(heat.hover, true);
      byBucket[heat.bucket]?.push({
        range,
        hoverMessage: hover,
        renderOptions: { after: { contentText: heat.note, color: new vscode.ThemeColor('parallelize.profile.noteForeground'), margin: '0 0 0 3em' } },
      });
      applied.push({ line: heat.line, bucket: heat.bucket, note: heat.note, hover: heat.hover });
    }
    this.types.forEach((type, i) => editor.setDecorations(type, byBucket[i] ?? []));
    if (applied.length > 0) this.applied.set(document.uri.toString(), applied);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const t of this.types) t.dispose();
  }
}
