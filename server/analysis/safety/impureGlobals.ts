/**
 * Impure globals: randomness and clocks give a different value on every call, so the parallel
 * results cannot equal the serial ones and Parallelize will report a mismatch.
 */
import * as ts from 'typescript';
import { declarationOf, importedFrom, isAmbient, walkFunction, type CheckContext, type SafetyFinding } from './safetyFinding';

/** `object.member` pairs that are impure, when `object` is the global (or `crypto`/`perf_hooks` imported). */
const impureMembers: Record<string, readonly string[]> = {
  Math: ['random'],
  Date: ['now'],
  crypto: ['randomUUID', 'getRandomValues', 'randomBytes', 'randomInt', 'randomFillSync'],
  performance: ['now'],
  process: ['hrtime', 'uptime', 'cpuUsage', 'memoryUsage'],
};

/** Named imports that are impure, by module. */
const impureImports: Record<string, readonly string[]> = {
  crypto: ['randomUUID', 'getRandomValues', 'randomBytes', 'randomInt', 'randomFillSync'],
  perf_hooks: ['performance'],
};

function isGlobalOrImported(context: CheckContext, id: ts.Identifier, module: string): boolean {
  const decl = declarationOf(context.checker, id);
  return isAmbient(decl) || importedFrom(decl) === module;
}

/** The impure expression at a node, if it is one: `Math.random`, `Date.now`, `new Date()`, an imported `randomUUID`. */
function impureAt(context: CheckContext, node: ts.Node): ts.Node | undefined {
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    const members = impureMembers[node.expression.text];
    const module = node.expression.text === 'performance' ? 'perf_hooks' : node.expression.text;
    if (members?.includes(node.name.text) && isGlobalOrImported(context, node.expression, module)) return node;
  }
  if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') {
    // `new Date(x)` is pure; `new Date()` and `Date()` read the clock.
    if ((node.arguments?.length ?? 0) === 0 && isAmbient(declarationOf(context.checker, node.expression))) return node;
  }
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    const from = importedFrom(declarationOf(context.checker, node.expression));
    const decl = declarationOf(context.checker, node.expression);
    const imported = decl && ts.isImportSpecifier(decl) ? (decl.propertyName ?? decl.name).text : undefined;
    if (from && imported && impureImports[from]?.includes(imported)) return node.expression;
  }
  return undefined;
}

/** Uses of randomness and clocks. */
export function checkImpureGlobals(context: CheckContext): SafetyFinding[] {
  const { sourceFile, functionName } = context;
  const findings: SafetyFinding[] = [];
  walkFunction(context.fn, (node) => {
    const impure = impureAt(context, node);
    if (!impure) return;
    const text = impure.getText(sourceFile);
    findings.push({
      code: 'impure-global',
      start: impure.getStart(sourceFile),
      end: impure.end,
      severity: 'warning',
      functionName,
      message: `\`${text}\` gives a different value on every call: parallel results will not match the serial ones, and the run will report a mismatch. Pass the value (or a seed) in as a parameter, or mark it as known-impure.`,
      fixes: [],
    });
  });
  return findings;
}
