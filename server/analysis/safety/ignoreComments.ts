/**
 * `// parallelize-ignore <code>` on a finding's line or the line above silences that code there;
 * with no code it silences every check. The quick fix that writes one lives here too.
 */
import type * as ts from 'typescript';
import type { SafetyFinding, SafetyFix } from './safetyFinding';

const marker = /\/\/\s*parallelize-ignore\b([^\n]*)/;

function lineText(sourceFile: ts.SourceFile, line: number): string {
  const starts = sourceFile.getLineStarts();
  if (line < 0 || line >= starts.length) return '';
  return sourceFile.text.slice(starts[line], starts[line + 1] ?? sourceFile.text.length);
}

function silences(text: string, code: string): boolean {
  const match = marker.exec(text);
  if (!match) return false;
  const codes = (match[1] ?? '').split(/[\s,]+/).filter((c) => /^[a-z-]+$/.test(c));
  return codes.length === 0 || codes.includes(code);
}

/** Whether an ignore comment silences this finding. */
export function isIgnored(sourceFile: ts.SourceFile, finding: SafetyFinding): boolean {
  const line = sourceFile.getLineAndCharacterOfPosition(finding.start).line;
  return silences(lineText(sourceFile, line), finding.code) || silences(lineText(sourceFile, line - 1), finding.code);
}

/** The fix that adds `// parallelize-ignore <code>` above the finding's line, indented like it. */
export function ignoreFix(sourceFile: ts.SourceFile, finding: SafetyFinding): SafetyFix {
  const line = sourceFile.getLineAndCharacterOfPosition(finding.start).line;
  const start = sourceFile.getLineStarts()[line] ?? 0;
  const indent = /^[ \t]*/.exec(lineText(sourceFile, line))?.[0] ?? '';
  const title = finding.code === 'impure-global'
    ? 'Mark as known-impure: add `// parallelize-ignore impure-global`'
    : `Ignore for this line: add \`// parallelize-ignore ${finding.code}\``;
  return { title, edits: [{ start, end: start, newText: `${indent}// parallelize-ignore ${finding.code}\n` }] };
}
