/**
 * Publishes the parallel-safety diagnostics: for functions tagged `@parallelize`, as the document
 * changes (debounced), and for the function the user last parallelized in each document (the
 * client asks findFunction before every run, and the server tells this module).
 */
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FunctionTarget } from '../../protocol/lsp';
import type { ProjectServices } from '../analysis/projectServices';
import { checkSafety } from '../analysis/safety/checkSafety';
import { learnWhyHref } from '../analysis/safety/safetyCodes';
import type { SafetyFinding } from '../analysis/safety/safetyFinding';
import { fileNameOf } from './openFiles';
import { safetySource, type SafetyDiagnosticData } from './safetyQuickFixes';

/** Long enough to skip the keystrokes of a word, short enough to feel live. */
const debounceMs = 250;

const severities: Record<SafetyFinding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/** The handle server.ts keeps: tell it which function was parallelized. */
export interface SafetyDiagnostics {
  /** Checks this function of the document from now on (it replaces the previous one) and publishes soon. */
  track(uri: string, target: Pick<FunctionTarget, 'name'>): void;
  dispose(): void;
}

/** A finding as an LSP diagnostic on `document`, with its fixes and its "learn why" link. */
export function toDiagnostic(document: TextDocument, finding: SafetyFinding): Diagnostic {
  const data: SafetyDiagnosticData = {
    parallelize: 1,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText })),
    })),
  };
  return {
    range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
    severity: severities[finding.severity],
    source: safetySource,
    code: finding.code,
    codeDescription: { href: learnWhyHref(finding.code) },
    message: `${finding.message} (in \`${finding.functionName}\`)`,
    data,
  };
}

/** Wires the diagnostics to the documents' lifecycle; one language service per project (shared with the input picker) serves them all. */
export function registerDiagnostics(connection: Connection, documents: TextDocuments<TextDocument>, projects: ProjectServices): SafetyDiagnostics {
  const tracked = new Map<string, string>();
  const published = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();

  const publish = (uri: string, diagnostics: Diagnostic[]): void => {
    if (diagnostics.length === 0 && !published.has(uri)) return;
    if (diagnostics.length > 0) published.add(uri);
    else published.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics });
  };

  const analyse = (uri: string): void => {
    timers.delete(uri);
    const document = documents.get(uri);
    const fileName = fileNameOf(uri);
    if (!document || fileName === undefined) return;
    const name = tracked.get(uri);
    // Most files have neither a tag nor a parallelized function: they cost no Program at all.
    if (name === undefined && !document.getText().includes('@parallelize')) return publish(uri, []);
    try {
      const found = projects.programFor(fileName);
      if (!found) return publish(uri, []);
      const findings = checkSafety(found.program, found.sourceFile, new Set(name === undefined ? [] : [name]));
      publish(uri, findings.map((f) => toDiagnostic(document, f)));
    } catch (error) {
      connection.console.error(`Parallel-safety analysis of ${fileName} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };

  const schedule = (uri: string, delayMs = debounceMs): void => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => analyse(uri), delayMs));
  };

  const subscriptions = [
    documents.onDidChangeContent(({ document }) => schedule(document.uri)),
    documents.onDidClose(({ document }) => {
      clearTimeout(timers.get(document.uri));
      timers.delete(document.uri);
      tracked.delete(document.uri);
      const fileName = fileNameOf(document.uri);
      if (fileName !== undefined) projects.forget(fileName);
      publish(document.uri, []);
    }),
  ];

  return {
    track(uri, target) {
      tracked.set(uri, target.name);
      // On the next turn, so the findFunction reply goes out before a first Program is built.
      schedule(uri, 0);
    },
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    },
  };
}
