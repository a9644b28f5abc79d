/**
 * Parameter and return types that cannot cross a worker boundary. Inputs and results travel by
 * structured clone: functions, symbols, Promises, WeakMaps and DOM nodes throw `DataCloneError`,
 * and a class instance arrives as a plain object without its methods. Found with the type checker.
 */
import * as ts from 'typescript';
import type { CheckContext, SafetyFinding } from './safetyFinding';

/** Past this depth of fields and elements, a type is taken as cloneable: deep types are rare and slow to walk. */
const maxDepth = 4;

/** Built-in types structured clone refuses, by their symbol's name. */
const refusedBuiltins: Record<string, string> = {
  Promise: 'a Promise',
  PromiseLike: 'a Promise',
  WeakMap: 'a WeakMap',
  WeakSet: 'a WeakSet',
  WeakRef: 'a WeakRef',
  FinalizationRegistry: 'a FinalizationRegistry',
  Function: 'a function',
  SharedWorker: 'a worker',
  Worker: 'a worker',
  MessagePort: 'a MessagePort (transfer it instead)',
};

/** DOM types, for projects that include the DOM lib: nodes and windows cannot be cloned. */
const domTypes = new Set(['Node', 'Element', 'HTMLElement', 'SVGElement', 'Document', 'DocumentFragment', 'Window', 'Text', 'Event', 'EventTarget', 'CanvasRenderingContext2D']);

function isFromLib(program: ts.Program, symbol: ts.Symbol | undefined): boolean {
  const decls = symbol?.declarations ?? [];
  return decls.length > 0 && decls.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()) || d.getSourceFile().isDeclarationFile);
}

/** Why a type cannot cross, or undefined when it can (or cannot be told). */
function uncloneable(context: CheckContext, type: ts.Type, depth: number, seen: Set<ts.Type>): string | undefined {
  const { checker, program } = context;
  if (depth > maxDepth || seen.has(type)) return undefined;
  seen.add(type);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return undefined;
  if (type.flags & ts.TypeFlags.ESSymbolLike) return 'a symbol';
  if (type.isUnionOrIntersection()) {
    for (const member of type.types) {
      const why = uncloneable(context, member, depth, seen);
      if (why) return why;
    }
    return undefined;
  }
  if (!(type.flags & ts.TypeFlags.Object)) return undefined;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return 'a function';
  const symbol = type.aliasSymbol && isFromLib(program, type.aliasSymbol) ? type.aliasSymbol : type.getSymbol();
  const name = symbol?.getName() ?? '';
  if (isFromLib(program, symbol)) {
    if (refusedBuiltins[name]) return refusedBuiltins[name];
    if (domTypes.has(name)) return `a DOM \`${name}\``;
  }
  if (checker.isArrayType(type) || checker.isTupleType(type) || ((name === 'Map' || name === 'Set' || name === 'ReadonlyMap' || name === 'ReadonlySet') && isFromLib(program, symbol))) {
    for (const argument of checker.getTypeArguments(type as ts.TypeReference)) {
      const why = uncloneable(context, argument, depth + 1, seen);
      if (why) return `${checker.isArrayType(type) || checker.isTupleType(type) ? 'elements that are' : `a ${name} holding`} ${why}`;
    }
    return undefined;
  }
  // Lib types that are not refused (Date, RegExp, typed arrays, Error, …) clone as they are.
  if (isFromLib(program, symbol)) return undefined;
  if (symbol && symbol.flags & ts.SymbolFlags.Class) {
    const method = checker.getPropertiesOfType(type).find((p) => p.flags & ts.SymbolFlags.Method);
    if (method) return `an instance of class \`${name}\`, which arrives as a plain object without its methods (\`${method.getName()}\` is lost)`;
  }
  for (const property of checker.getPropertiesOfType(type)) {
    if (property.flags & ts.SymbolFlags.Method) return `an object with method \`${property.getName()}\``;
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) continue;
    const why = uncloneable(context, checker.getTypeOfSymbolAtLocation(property, declaration), depth + 1, seen);
    if (why) return `an object whose \`${property.getName()}\` is ${why}`;
  }
  return undefined;
}

/** Where to report a function's return: its annotation, else its name, else its first token. */
function returnSite(context: CheckContext): ts.Node {
  const { fn } = context;
  if (fn.type) return fn.type;
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name;
  const holder = fn.parent;
  if (ts.isVariableDeclaration(holder)) return holder.name;
  return fn.getFirstToken(context.sourceFile) ?? fn;
}

/** Parameters and results that structured clone cannot carry to or from a worker. */
export function checkBoundaryTypes(context: CheckContext): SafetyFinding[] {
  const { checker, sourceFile, fn, functionName } = context;
  const findings: SafetyFinding[] = [];
  for (const parameter of fn.parameters) {
    const why = uncloneable(context, checker.getTypeAtLocation(parameter), 0, new Set());
    if (!why) continue;
    const site = parameter.type ?? parameter.name;
    findings.push({
      code: 'uncloneable-parameter',
      start: site.getStart(sourceFile),
      end: site.end,
      severity: 'error',
      functionName,
      message: `Parameter \`${parameter.name.getText(sourceFile)}\` is ${why}: inputs reach a worker by structured clone, which cannot carry it. Pass plain data (numbers, strings, arrays, plain objects, typed arrays) and rebuild the rest inside the function.`,
      fixes: [],
    });
  }
  const signature = checker.getSignatureFromDeclaration(fn);
  if (signature) {
    // The worker awaits a returned Promise, so what crosses back is the awaited value.
    const returned = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
    const why = returned && uncloneable(context, returned, 0, new Set());
    if (why) {
      const site = returnSite(context);
      findings.push({
        code: 'uncloneable-return',
        start: site.getStart(sourceFile),
        end: site.end,
        severity: 'error',
        functionName,
        message: `\`${functionName}\` returns ${why}: results come back from a worker by structured clone, which cannot carry it. Return plain data instead.`,
        fixes: [],
      });
    }
  }
  return findings;
}
