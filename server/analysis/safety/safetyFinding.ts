/**
 * What a parallel-safety check reports, and the walk every check shares: the function's own code,
 * with where `this` and `arguments` still belong to it.
 */
import * as ts from 'typescript';
import type { SafetyCode } from './safetyCodes';

/** A function the checks can analyse. */
export type AnalysedFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;

/** A text edit by offsets into the analysed document. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix a finding carries, ready to apply. */
export interface SafetyFix {
  title: string;
  edits: OffsetEdit[];
}

/** One problem: its code, the exact text it is about, and why it matters. */
export interface SafetyFinding {
  code: SafetyCode;
  start: number;
  end: number;
  message: string;
  /** `information` for what is only a hint; everything else warns, or errors when a run would fail. */
  severity: 'error' | 'warning' | 'information';
  /** The function it was found in, as the user knows it. */
  functionName: string;
  fixes: SafetyFix[];
}

/** What each check gets. */
export interface CheckContext {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
  program: ts.Program;
  fn: AnalysedFunction;
  functionName: string;
}

/** A check: the findings it makes in one function. */
export type SafetyCheck = (context: CheckContext) => SafetyFinding[];

/** Whether a node gives `this` and `arguments` a meaning of its own (an arrow does not). */
function ownsThis(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isAccessor(node) ||
    ts.isClassLike(node)
  );
}

/**
 * Visits every node of the function (parameters and body). `ownContext` is false inside a nested
 * non-arrow function or class, where `this` and `arguments` are that function's.
 */
export function walkFunction(fn: AnalysedFunction, visit: (node: ts.Node, ownContext: boolean) => void): void {
  const walk = (node: ts.Node, ownContext: boolean): void => {
    visit(node, ownContext);
    const inner = ownContext && !ownsThis(node);
    ts.forEachChild(node, (child) => walk(child, inner));
  };
  ts.forEachChild(fn, (child) => walk(child, true));
}

/** The declaration of the symbol an identifier refers to, looking through shorthand properties. */
export function declarationOf(checker: ts.TypeChecker, id: ts.Identifier): ts.Declaration | undefined {
  const symbol = ts.isShorthandPropertyAssignment(id.parent) ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

/** Whether an identifier is a name being declared or a property name, not a reference to a binding. */
export function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent) || ts.isBindingElement(parent) || ts.isClassDeclaration(parent)) && parent.name === id) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent)) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  return true;
}

/** The top-level statement a declaration belongs to, when it is declared at module level. */
export function moduleLevelStatement(decl: ts.Node, sourceFile: ts.SourceFile): ts.Statement | undefined {
  let node: ts.Node = decl;
  while (node.parent && node.parent !== sourceFile) {
    if (ts.isFunctionLike(node.parent) || ts.isClassLike(node.parent) || ts.isBlock(node.parent) || ts.isModuleBlock(node.parent)) return undefined;
    node = node.parent;
  }
  return node.parent === sourceFile ? (node as ts.Statement) : undefined;
}

/** Whether a declaration lives in a .d.ts (a global from a lib or @types), not in the user's code. */
export function isAmbient(decl: ts.Node | undefined): boolean {
  return decl === undefined || decl.getSourceFile().isDeclarationFile;
}

/** The module an imported binding comes from (`node:fs/promises` gives `fs`), through `import` or `require`. */
export function importedFrom(decl: ts.Node | undefined): string | undefined {
  if (!decl) return undefined;
  let specifier: ts.Expression | undefined;
  if (ts.isImportSpecifier(decl)) specifier = decl.parent.parent.parent.moduleSpecifier;
  else if (ts.isNamespaceImport(decl)) specifier = decl.parent.parent.moduleSpecifier;
  else if (ts.isImportClause(decl)) specifier = decl.parent.moduleSpecifier;
  else if (ts.isImportEqualsDeclaration(decl) && ts.isExternalModuleReference(decl.moduleReference)) specifier = decl.moduleReference.expression;
  else if (ts.isVariableDeclaration(decl) || ts.isBindingElement(decl)) {
    const holder = ts.isBindingElement(decl) ? decl.parent.parent : decl;
    const init = ts.isVariableDeclaration(holder) ? holder.initializer : undefined;
    if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require') specifier = init.arguments[0];
  }
  if (!specifier || !ts.isStringLiteralLike(specifier)) return undefined;
  return specifier.text.replace(/^node:/, '');
}

/** The leftmost identifier of `a.b.c` or `a[b].c`, if there is one. */
export function rootIdentifier(e: ts.Expression): ts.Identifier | undefined {
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e : undefined;
}
