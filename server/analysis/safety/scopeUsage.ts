/**
 * What a function takes from where it is called or defined rather than from its parameters: `this`,
 * `arguments`, and variables captured from an enclosing function. A worker receives the function's
 * code and its inputs; none of these travel with them.
 */
import * as ts from 'typescript';
import { declarationOf, isReference, moduleLevelStatement, walkFunction, type CheckContext, type SafetyFinding } from './safetyFinding';

/** The function or class that a declaration is local to, if it is not at module level. */
function enclosingFunction(decl: ts.Node): ts.Node | undefined {
  for (let node = decl.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) return node;
  }
  return undefined;
}

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.getText();
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  return 'the enclosing function';
}

/** Uses of `this` and `arguments` that belong to this function, and variables captured from outer functions. */
export function checkScopeUsage(context: CheckContext): SafetyFinding[] {
  const { sourceFile, fn, functionName, checker } = context;
  const findings: SafetyFinding[] = [];
  const isStaticMethod = ts.isMethodDeclaration(fn) && (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Static) !== 0;
  const reported = new Set<ts.Declaration>();
  walkFunction(fn, (node, ownContext) => {
    const at = { start: node.getStart(sourceFile), end: node.end, functionName };
    if (node.kind === ts.SyntaxKind.ThisKeyword && ownContext && !isStaticMethod) {
      // A static method keeps its class as `this` (the engine calls it as `Class.method`); anything else loses it.
      const why = ts.isMethodDeclaration(fn)
        ? 'an instance method runs on a worker without its object'
        : ts.isArrowFunction(fn)
          ? 'an arrow function takes `this` from where it is defined, which a worker does not have'
          : 'a worker calls the function without a receiver, so `this` is `undefined` there';
      findings.push({ ...at, code: 'this-usage', severity: 'warning', message: `\`this\` depends on how the function is called: ${why}. Pass what it needs as parameters, or make it a static method.`, fixes: [] });
      return;
    }
    if (!ts.isIdentifier(node) || !isReference(node)) return;
    if (node.text === 'arguments' && ownContext && !declarationOf(checker, node)) {
      const arrow = ts.isArrowFunction(fn);
      findings.push({
        ...at,
        code: 'arguments-usage',
        severity: arrow ? 'warning' : 'information',
        message: arrow
          ? '`arguments` in an arrow function is not its own: at the top level of a bundled module it is the module wrapper\'s (require, module, …), on every worker. Use a rest parameter (`...args`).'
          : '`arguments` hides which inputs the function takes: the engine passes each input as the argument list, so declare them as parameters (a rest parameter `...args` if their number varies).',
        fixes: [],
      });
      return;
    }
    const decl = declarationOf(checker, node);
    if (!decl || decl.getSourceFile() !== sourceFile || moduleLevelStatement(decl, sourceFile)) return;
    if (decl.pos >= fn.pos && decl.end <= fn.end) return;
    const owner = enclosingFunction(decl);
    if (!owner || reported.has(decl)) return;
    reported.add(decl);
    findings.push({
      ...at,
      code: 'captured-variable',
      severity: 'warning',
      message: `\`${node.text}\` is captured from \`${nameOf(owner)}\`: a worker gets this function's code without the variables around it. Move the function to the top level and pass \`${node.text}\` as a parameter.`,
      fixes: [],
    });
  });
  return findings;
}
