// The parallel-safety quick fixes (applied to the text, the result re-checked), the diagnostics'
// shape (code, source, "learn why" link, data round trip), and one language service reused across edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver/node';
import { ProjectServices } from '../../server/analysis/projectServices';
import { checkSafety } from '../../server/analysis/safety/checkSafety';
import { toDiagnostic } from '../../server/features/diagnostics';
import { safetyQuickFixes } from '../../server/features/safetyQuickFixes';

const file = '/parallelize-virtual/fixes/sample.ts';
const uri = 'file:///parallelize-virtual/fixes/sample.ts';
let document = TextDocument.create(uri, 'typescript', 1, '');
const projects = new ProjectServices({ get: (f) => (f === file ? { text: document.getText(), version: document.version } : undefined) });

function open(text: string): TextDocument {
  document = TextDocument.create(uri, 'typescript', document.version + 1, text);
  return document;
}

function diagnostics(text: string) {
  const doc = open(text);
  const found = projects.programFor(file);
  assert.ok(found);
  return checkSafety(found.program, found.sourceFile).map((f) => toDiagnostic(doc, f));
}

/** Applies the quick fix titled like `title` for the first diagnostic, as the client would. */
function applyFix(text: string, title: RegExp): string {
  const all = diagnostics(text);
  assert.ok(all.length > 0, 'no diagnostics');
  const actions = safetyQuickFixes({ textDocument: { uri }, range: all[0]!.range, context: { diagnostics: [all[0]!] } });
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no fix like ${title}: ${actions.map((a) => a.title).join(', ')}`);
  return TextDocument.applyEdits(document, action.edit?.changes?.[uri] ?? []);
}

const impure = `/** @parallelize */
export function roll(n: number): number {
  return n + Math.random();
}
`;

test('a diagnostic carries its code, source, severity, exact range and a "learn why" link', () => {
  const [d] = diagnostics(impure);
  assert.ok(d);
  assert.equal(d.code, 'impure-global');
  assert.equal(d.source, 'parallelize');
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(d.range, { start: { line: 2, character: 13 }, end: { line: 2, character: 24 } });
  assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*README\.md#impure-global$/);
  assert.match(d.message, /in `roll`/);
});

test('"Mark as known-impure" adds the ignore comment, and the diagnostic goes away', () => {
  const fixed = applyFix(impure, /^Mark as known-impure/);
  assert.equal(fixed, impure.replace('  return n + Math.random();', '  // parallelize-ignore impure-global\n  return n + Math.random();'));
  assert.deepEqual(diagnostics(fixed), []);
});

test('"Move `cache` into the function" when only this function uses it', () => {
  const source = `const cache = new Map<number, number>();
/** @parallelize */
export function memo(n: number): number {
  cache.set(n, n * n);
  return cache.get(n) ?? 0;
}
`;
  const fixed = applyFix(source, /^Move `cache` into `memo`/);
  assert.equal(fixed, `/** @parallelize */
export function memo(n: number): number {
  const cache = new Map<number, number>();
  cache.set(n, n * n);
  return cache.get(n) ?? 0;
}
`);
  assert.deepEqual(diagnostics(fixed), []);
});

test('no move fix when another function uses the state too', () => {
  const source = `const seen: number[] = [];
/** @parallelize */
export function track(n: number): number { seen.push(n); return n; }
export function count(): number { return seen.length; }
`;
  const [d] = diagnostics(source);
  const titles = safetyQuickFixes({ textDocument: { uri }, range: d!.range, context: { diagnostics: [d!] } }).map((a) => a.title);
  assert.deepEqual(titles, ['Ignore for this line: add `// parallelize-ignore module-state`']);
});

test('other sources\' diagnostics, bad data and other kinds get no actions', () => {
  const [d] = diagnostics(impure);
  const base = { textDocument: { uri }, range: d!.range };
  assert.deepEqual(safetyQuickFixes({ ...base, context: { diagnostics: [{ ...d!, source: 'eslint' }] } }), []);
  assert.deepEqual(safetyQuickFixes({ ...base, context: { diagnostics: [{ ...d!, data: { fixes: 'nope' } }] } }), []);
  assert.deepEqual(safetyQuickFixes({ ...base, context: { diagnostics: [d!], only: [CodeActionKind.Refactor] } }), []);
  assert.equal(safetyQuickFixes({ ...base, context: { diagnostics: [d!], only: [CodeActionKind.QuickFix] } }).length, 1);
});

test('one language service across edits: unchanged files are reused, not re-parsed', () => {
  diagnostics(impure);
  const before = projects.programFor(file)!.program;
  const lib = before.getSourceFiles().find((sf) => sf.fileName.includes('lib.es5'));
  assert.ok(lib);
  diagnostics(impure.replace('n + Math', 'n * 2 + Math'));
  const after = projects.programFor(file)!.program;
  assert.notEqual(after, before);
  assert.equal(after.getSourceFile(lib.fileName), lib);
});
