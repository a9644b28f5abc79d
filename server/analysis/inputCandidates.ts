/**
 * The module's exports that can be a function's inputs as they are: exported consts (and exported
 * functions of no arguments, declared or arrow) whose type is an array whose elements the type checker finds
 * assignable to the parameter, or for several parameters, tuples of them. The inputs expression
 * runs inside the module, so it names each one as the module does (`tiles`, `makeTiles()`).
 */
import * as ts from 'typescript';
import type { InputCandidate } from '../../protocol/lsp';

/** Exported names of the module, resolved to their declarations in the module itself. */
function localExports(checker: ts.TypeChecker, sourceFile: ts.SourceFile): ts.Symbol[] {
  const module = checker.getSymbolAtLocation(sourceFile);
  if (!module) return [];
  const local: ts.Symbol[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    // A re-export from elsewhere has no name in this module's scope: the expression could not reach it.
    if (symbol.valueDeclaration?.getSourceFile() !== sourceFile) continue;
    if (!local.includes(symbol)) local.push(symbol);
  }
  return local;
}

/** The element types an array or tuple holds (one per tuple position), or undefined when it is neither. */
function elementsOf(checker: ts.TypeChecker, type: ts.Type): ts.Type[] | undefined {
  if (checker.isArrayType(type)) return checker.getTypeArguments(type as ts.TypeReference).slice(0, 1);
  if (checker.isTupleType(type)) return [...checker.getTypeArguments(type as ts.TypeReference)];
  return undefined;
}

/** Whether one element can be one call's input: itself for one parameter, an argument tuple for several. */
function fits(checker: ts.TypeChecker, element: ts.Type, parameters: readonly ts.Type[], required: number): boolean {
  if (parameters.length === 1) return checker.isTypeAssignableTo(element, parameters[0]!);
  const args = elementsOf(checker, element);
  if (args === undefined || args.length === 0) return false;
  if (checker.isArrayType(element)) {
    // `number[][]` for (a: number, b: number): each element fills every position.
    return parameters.every((p) => checker.isTypeAssignableTo(args[0]!, p));
  }
  if (args.length < required || args.length > parameters.length) return false;
  return args.every((arg, n) => checker.isTypeAssignableTo(arg, parameters[n]!));
}

function unwrap(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/** How many inputs a const holds, where its source says: `[a, b, c]`, `Array.from({ length: 32 }, …)`, a tuple type. */
function countOf(checker: ts.TypeChecker, type: ts.Type, declaration: ts.Declaration): number | null {
  if (checker.isTupleType(type)) {
    const target = (type as ts.TupleTypeReference).target;
    if (!target.hasRestElement) return target.fixedLength;
  }
  const initializer = ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : undefined;
  if (initializer === undefined) return null;
  if (ts.isArrayLiteralExpression(initializer)) return initializer.elements.some(ts.isSpreadElement) ? null : initializer.elements.length;
  if (ts.isCallExpression(initializer) && initializer.expression.getText() === 'Array.from') {
    const [source] = initializer.arguments;
    const length = source && ts.isObjectLiteralExpression(unwrap(source))
      ? (unwrap(source) as ts.ObjectLiteralExpression).properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'length')
      : undefined;
    const value = length && unwrap(length.initializer);
    if (value && ts.isNumericLiteral(value)) return Number(value.text.replace(/_/g, ''));
  }
  return null;
}

/** Whether every parameter of a signature may be left out. */
function callableWithoutArguments(signature: ts.Signature): boolean {
  return signature.getParameters().every((p) => {
    const declaration = p.valueDeclaration;
    return declaration !== undefined && ts.isParameter(declaration) && (declaration.questionToken !== undefined || declaration.initializer !== undefined || declaration.dotDotDotToken !== undefined);
  });
}

/**
 * The exports of `sourceFile` whose elements fit `parameters` (the target's own function left
 * out), consts first, in source order.
 */
export function inputCandidates(checker: ts.TypeChecker, sourceFile: ts.SourceFile, parameters: readonly ts.Type[], required: number, target: ts.Node): InputCandidate[] {
  if (parameters.length === 0) return [];
  const consts: InputCandidate[] = [];
  const calls: InputCandidate[] = [];
  const typeText = (type: ts.Type): string => checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
  const holdsFitting = (type: ts.Type): boolean => {
    const elements = elementsOf(checker, type);
    return elements !== undefined && elements.length > 0 && elements.every((e) => fits(checker, e, parameters, required));
  };
  for (const symbol of localExports(checker, sourceFile)) {
    const declaration = symbol.valueDeclaration!;
    if (declaration === target || declaration.parent === target || target.parent === declaration) continue;
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    if (ts.isVariableDeclaration(declaration) && holdsFitting(type)) {
      const count = countOf(checker, type, declaration);
      // An empty array would fail the run with INPUTS_EMPTY: not a choice.
      if (count !== 0) consts.push({ expression: symbol.name, type: typeText(type), count });
      continue;
    }
    if (!(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable))) continue;
    // The inputs expression is awaited, so a function returning a Promise of an array works too.
    const signature = checker.getSignaturesOfType(type, ts.SignatureKind.Call).find(callableWithoutArguments);
    const returned = signature && checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
    if (returned && holdsFitting(returned)) calls.push({ expression: `${symbol.name}()`, type: typeText(returned), count: checker.isTupleType(returned) ? countOf(checker, returned, declaration) : null });
  }
  return [...consts, ...calls];
}
