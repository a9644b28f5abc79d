/**
 * Which modules use a function, and the import of its generated `<name>Parallel` to add to each.
 * Syntax only: a module uses the function when it imports it from the function's module (or, for
 * the function's own module, calls it outside its own body).
 */
import * as ts from 'typescript';
import * as path from 'node:path';
import type { CodegenTarget } from './codegenTarget';

/** An insertion into a caller's text. */
export interface TextInsertion {
  offset: number;
  text: string;
}

const sourceExtension = /\.(d\.)?[cm]?[jt]sx?$/;

/** Whether a relative specifier written in `fromFile` names `sourceFile` (with or without extension, or as its folder's index). */
function namesModule(fromFile: string, specifier: string, sourceFile: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const resolved = path.resolve(path.dirname(fromFile), specifier).replace(sourceExtension, '');
  const wanted = sourceFile.replace(sourceExtension, '');
  return resolved === wanted || path.join(resolved, 'index') === wanted;
}

/** The name `target` is exported under, as importers see it. */
function exportedName(target: CodegenTarget): string | undefined {
  const style = target.exportStyle;
  return style.kind === 'named' ? style.name : style.kind === 'default' ? 'default' : undefined;
}

/** Whether an import declaration of `sf` brings in the function (or, for a static method, its class). */
function importsTarget(sf: ts.SourceFile, sourceFile: string, target: CodegenTarget): boolean {
  const exported = exportedName(target);
  if (!exported) return false;
  return sf.statements.some((s) => {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.importClause?.isTypeOnly) return false;
    if (!namesModule(sf.fileName, s.moduleSpecifier.text, sourceFile)) return false;
    const clause = s.importClause;
    if (!clause) return false;
    if (exported === 'default' && clause.name) return true;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) return true;
    return !!bindings && bindings.elements.some((e) => !e.isTypeOnly && (e.propertyName ?? e.name).text === exported);
  });
}

/** Whether the function's own module refers to it outside its declarations (recursion is not a use). */
function usedInOwnModule(sf: ts.SourceFile, target: CodegenTarget): boolean {
  if (target.name === 'default') return false;
  const member = target.member.slice(1);
  let used = false;
  const visit = (node: ts.Node, insideOwn: boolean): void => {
    if (used) return;
    const own = insideOwn || isOwnDeclaration(node, target.binding);
    if (!own && ts.isIdentifier(node) && node.text === target.binding && !isDeclarationName(node) && !ts.isExportSpecifier(node.parent)) {
      used = member === '' || (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node && node.parent.name.text === member);
    }
    ts.forEachChild(node, (child) => visit(child, own));
  };
  visit(sf, false);
  return used;
}

function isOwnDeclaration(node: ts.Node, binding: string): boolean {
  if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name?.text === binding) return true;
  return ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === binding;
}

function isDeclarationName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent)) && parent.name === node;
}

/** Where a new import goes: after the last top-level import, else before the first statement. */
function importOffset(sf: ts.SourceFile): { offset: number; before: boolean } {
  const imports = sf.statements.filter(ts.isImportDeclaration);
  const last = imports[imports.length - 1];
  if (last) return { offset: last.getEnd(), before: false };
  const first = sf.statements[0];
  if (!first) return { offset: sf.getEnd(), before: false };
  // The start of the first statement's line keeps a file's header comment above the import.
  return { offset: sf.getLineStarts()[sf.getLineAndCharacterOfPosition(first.getStart(sf)).line] ?? 0, before: true };
}

/** What to import into a caller. */
export interface CallerImport {
  /** The wrapper's export, `fibParallel`. */
  parallelName: string;
  /** The specifier from the caller to the wrapper, `./fib.parallel` or `./fib.parallel.js`. */
  specifier: string;
}

/**
 * The insertion that imports `fibParallel` into a module that uses the function, or undefined when
 * the module does not use it or already imports the wrapper.
 */
export function callerImport(file: string, text: string, sourceFile: string, target: CodegenTarget, what: CallerImport): TextInsertion | undefined {
  if (!text.includes(target.binding) && !text.includes(exportedName(target) ?? target.binding)) return undefined;
  if (text.includes(what.parallelName)) return undefined;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const uses = path.resolve(file) === path.resolve(sourceFile) ? usedInOwnModule(sf, target) : importsTarget(sf, sourceFile, target);
  if (!uses) return undefined;
  const line = `import { ${what.parallelName} } from '${what.specifier}'; // ${target.name} on a worker pool, results in input order`;
  const at = importOffset(sf);
  return { offset: at.offset, text: at.before ? `${line}\n` : `\n${line}` };
}
