/**
 * The parallel-safety analysis of a file: which functions to check (those tagged `@parallelize`
 * and those the user parallelized) and every check's findings for them, ignore comments applied.
 */
import * as ts from 'typescript';
import { checkBoundaryTypes } from './boundaryTypes';
import { ignoreFix, isIgnored } from './ignoreComments';
import { checkImpureGlobals } from './impureGlobals';
import { checkIoBound } from './ioBound';
import { checkModuleState } from './moduleState';
import type { AnalysedFunction, CheckContext, SafetyCheck, SafetyFinding } from './safetyFinding';
import { checkScopeUsage } from './scopeUsage';

const checks: readonly SafetyCheck[] = [checkModuleState, checkScopeUsage, checkIoBound, checkBoundaryTypes, checkImpureGlobals];

/** The JSDoc tag that asks for the checks on a function. */
export const parallelizeTag = 'parallelize';

function isAnalysable(node: ts.Node): node is AnalysedFunction {
  return (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.body !== undefined;
}

/** The name a user knows a function by: its own, its variable's, `Class.method`, or `default`. */
export function nameOfFunction(fn: AnalysedFunction): string {
  if (ts.isMethodDeclaration(fn)) {
    const owner = ts.isClassLike(fn.parent) && fn.parent.name ? `${fn.parent.name.text}.` : '';
    return `${owner}${fn.name.getText()}`;
  }
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  let holder: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (ts.isExportAssignment(holder) || ts.isFunctionDeclaration(fn)) return 'default';
  return '(anonymous)';
}

/** Functions to check: tagged with `@parallelize`, or named in `names` (as FunctionTarget.name spells them). */
export function functionsToCheck(sourceFile: ts.SourceFile, names: ReadonlySet<string>): AnalysedFunction[] {
  const found: AnalysedFunction[] = [];
  const tagged = sourceFile.text.includes(`@${parallelizeTag}`);
  const visit = (node: ts.Node): void => {
    if (isAnalysable(node)) {
      const isTagged = tagged && ts.getJSDocTags(node).some((tag) => tag.tagName.text === parallelizeTag);
      if (isTagged || (names.size > 0 && names.has(nameOfFunction(node)) && isTopLevel(node, sourceFile))) found.push(node);
    }
    // Tagged functions may be nested; named ones are top-level, so the walk can stop early without tags.
    if (tagged || node === sourceFile || ts.isClassDeclaration(node) || ts.isVariableStatement(node) || ts.isVariableDeclarationList(node) || ts.isVariableDeclaration(node) || ts.isExportAssignment(node) || ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
      ts.forEachChild(node, visit);
    }
  };
  visit(sourceFile);
  return found;
}

function isTopLevel(fn: AnalysedFunction, sourceFile: ts.SourceFile): boolean {
  for (let node = fn.parent; node !== sourceFile; node = node.parent) {
    if (ts.isFunctionLike(node) || ts.isBlock(node)) return false;
  }
  return true;
}

/** Every finding in the file's checked functions, in source order, each with its quick fixes. */
export function checkSafety(program: ts.Program, sourceFile: ts.SourceFile, names: ReadonlySet<string> = new Set()): SafetyFinding[] {
  const functions = functionsToCheck(sourceFile, names);
  if (functions.length === 0) return [];
  const checker = program.getTypeChecker();
  const findings: SafetyFinding[] = [];
  for (const fn of functions) {
    const context: CheckContext = { sourceFile, checker, program, fn, functionName: nameOfFunction(fn) };
    for (const check of checks) {
      for (const finding of check(context)) {
        if (isIgnored(sourceFile, finding)) continue;
        findings.push({ ...finding, fixes: [...finding.fixes, ignoreFix(sourceFile, finding)] });
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
