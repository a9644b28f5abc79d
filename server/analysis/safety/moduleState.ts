/**
 * Module-level mutable state: every worker loads its own copy of the module, so a write made on one
 * worker is invisible to the others and to the serial run, and reads see diverging copies.
 */
import * as ts from 'typescript';
import { declarationOf, isReference, moduleLevelStatement, rootIdentifier, walkFunction, type CheckContext, type SafetyFinding, type SafetyFix } from './safetyFinding';

/** Methods that change the object they are called on (arrays, maps, sets, and the like). */
const mutators = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin',
  'set', 'delete', 'clear', 'add',
]);

const assignments = new Set([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken,
  ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.CaretEqualsToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/** A module-level variable: its declaration, its statement, and whether it is `let`/`var`. */
interface ModuleVariable {
  decl: ts.VariableDeclaration;
  statement: ts.VariableStatement;
  mutable: boolean;
}

function moduleVariable(context: CheckContext, id: ts.Identifier): ModuleVariable | undefined {
  const decl = declarationOf(context.checker, id);
  if (!decl || !ts.isVariableDeclaration(decl) || decl.getSourceFile() !== context.sourceFile) return undefined;
  const statement = moduleLevelStatement(decl, context.sourceFile);
  if (!statement || !ts.isVariableStatement(statement)) return undefined;
  const mutable = (decl.parent.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing)) === 0;
  return { decl, statement, mutable };
}

/** The expression a statement mutates through, if it mutates: `x.push(…)` gives `x.push`, `o.k = …` gives `o.k`. */
function mutation(node: ts.Node): ts.Expression | undefined {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && mutators.has(node.expression.name.text)) return node.expression;
  if (ts.isBinaryExpression(node) && assignments.has(node.operatorToken.kind) && (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left))) return node.left;
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
    return ts.isPropertyAccessExpression(node.operand) || ts.isElementAccessExpression(node.operand) ? node.operand : undefined;
  }
  if (ts.isDeleteExpression(node)) return node.expression;
  return undefined;
}

/** Whether every reference to the variable in the file is inside the function, so it can move in. */
function usedOnlyIn(context: CheckContext, variable: ModuleVariable): boolean {
  const name = variable.decl.name;
  if (!ts.isIdentifier(name)) return false;
  let outside = false;
  const visit = (node: ts.Node): void => {
    if (outside) return;
    if (ts.isIdentifier(node) && node.text === name.text && node !== name && isReference(node) && declarationOf(context.checker, node) === variable.decl) {
      if (node.pos < context.fn.pos || node.end > context.fn.end) outside = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  return !outside;
}

/** "Move `cache` into `f`": the declaration becomes the body's first statement, one per call, as on a worker. */
function moveInto(context: CheckContext, variable: ModuleVariable): SafetyFix | undefined {
  const { sourceFile, fn } = context;
  const body = fn.body;
  const exported = ts.getCombinedModifierFlags(variable.decl) & ts.ModifierFlags.Export;
  if (!body || !ts.isBlock(body) || exported || variable.statement.declarationList.declarations.length !== 1) return undefined;
  if (!usedOnlyIn(context, variable)) return undefined;
  const text = sourceFile.text;
  const start = variable.statement.getStart(sourceFile);
  const lineStart = sourceFile.getPositionOfLineAndCharacter(sourceFile.getLineAndCharacterOfPosition(start).line, 0);
  const after = text.indexOf('\n', variable.statement.end);
  const removeStart = text.slice(lineStart, start).trim() === '' ? lineStart : start;
  const removeEnd = after === -1 ? variable.statement.end : after + 1;
  const firstLine = body.statements[0] ? sourceFile.getLineAndCharacterOfPosition(body.statements[0].getStart(sourceFile)) : undefined;
  const indent = firstLine ? text.slice(sourceFile.getPositionOfLineAndCharacter(firstLine.line, 0), body.statements[0]!.getStart(sourceFile)) : '  ';
  const statement = text.slice(start, variable.statement.end);
  const name = variable.decl.name.getText(sourceFile);
  return {
    title: `Move \`${name}\` into \`${context.functionName}\` (one per call, as each worker would have)`,
    edits: [
      { start: body.getStart(sourceFile) + 1, end: body.getStart(sourceFile) + 1, newText: `\n${indent}${statement}` },
      { start: removeStart, end: removeEnd, newText: '' },
    ],
  };
}

/** Reads and writes of module-level `let`/`var`, and mutations of module-level objects. */
export function checkModuleState(context: CheckContext): SafetyFinding[] {
  const findings: SafetyFinding[] = [];
  const { sourceFile, functionName } = context;
  walkFunction(context.fn, (node) => {
    if (ts.isIdentifier(node) && isReference(node)) {
      const variable = moduleVariable(context, node);
      if (variable?.mutable) {
        const kind = variable.statement.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var';
        const fix = moveInto(context, variable);
        findings.push({
          code: 'module-state',
          start: node.getStart(sourceFile),
          end: node.end,
          severity: 'warning',
          functionName,
          message: `\`${node.text}\` is a module-level \`${kind}\`: each worker has its own copy, so what one call writes the others never see, and results can differ from the serial run. Pass it in as a parameter, return what changes, or declare it inside the function.`,
          fixes: fix ? [fix] : [],
        });
      }
      return;
    }
    const target = mutation(node);
    const root = target && rootIdentifier(target);
    const variable = root && moduleVariable(context, root);
    if (!target || !root || !variable || variable.mutable) return;
    const fix = moveInto(context, variable);
    findings.push({
      code: 'module-state',
      start: target.getStart(sourceFile),
      end: target.end,
      severity: 'warning',
      functionName,
      message: `\`${target.getText(sourceFile)}\` changes module-level \`${root.text}\`: each worker changes its own copy, so the change is lost between calls on different workers and results can differ from the serial run. Keep the state inside the function or return it.`,
      fixes: fix ? [fix] : [],
    });
  });
  return findings;
}
