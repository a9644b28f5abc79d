/**
 * What the generator needs to know about a function beyond its FunctionTarget: how other modules
 * reach it (its export), whether it is async, and how its parameters map to one input.
 * Syntax only, like the finder.
 */
import * as ts from 'typescript';
import { identifierFromFile } from './codegenNames';

/** How the generated worker imports the function's binding from its module. */
export type ExportStyle =
  /** `export function f` or `export { f as name }`: `import { name }`. */
  | { kind: 'named'; name: string }
  /** `export default function f`: `import f`. */
  | { kind: 'default' }
  /** Not exported: the code action adds `export` at these offsets (each overload needs it). */
  | { kind: 'none'; insertExportAt: number[] };

/** A function as the generator sees it. */
export interface CodegenTarget {
  /** The name the finder reports: `f` or `Class.method`. */
  name: string;
  /** The module-level binding to import: the function, or the class of a static method. */
  binding: string;
  /** `.method` for a static method, else empty. */
  member: string;
  exportStyle: ExportStyle;
  /** One input is the argument itself; otherwise each input is the argument tuple. */
  singleParameter: boolean;
  /** `async`, or declared to return a Promise: the worker awaits each call. */
  returnsPromise: boolean;
}

type FunctionLike = ts.FunctionLikeDeclaration;

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** `export { name }` or `export { name as alias }` at the top level, without a module specifier. */
function exportListName(sf: ts.SourceFile, binding: string): string | undefined {
  for (const statement of sf.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || statement.isTypeOnly) continue;
    const clause = statement.exportClause;
    if (!clause || !ts.isNamedExports(clause)) continue;
    for (const spec of clause.elements) {
      if ((spec.propertyName ?? spec.name).getText(sf) === binding) return spec.name.getText(sf);
    }
  }
  return undefined;
}

function isDefaultExported(sf: ts.SourceFile, binding: string): boolean {
  return sf.statements.some((s) => ts.isExportAssignment(s) && !s.isExportEquals && ts.isIdentifier(s.expression) && s.expression.text === binding);
}

function exportStyle(sf: ts.SourceFile, binding: string, declarations: ts.Statement[]): ExportStyle {
  const first = declarations[0];
  if (first && hasModifier(first, ts.SyntaxKind.ExportKeyword)) {
    return hasModifier(first, ts.SyntaxKind.DefaultKeyword) ? { kind: 'default' } : { kind: 'named', name: binding };
  }
  const listed = exportListName(sf, binding);
  if (listed) return listed === 'default' ? { kind: 'default' } : { kind: 'named', name: listed };
  if (isDefaultExported(sf, binding)) return { kind: 'default' };
  return { kind: 'none', insertExportAt: declarations.map((d) => d.getStart(sf)) };
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/** The declarations of a top-level binding (every overload of a function) and its implementation. */
function findBinding(sf: ts.SourceFile, binding: string): { declarations: ts.Statement[]; fn?: FunctionLike; cls?: ts.ClassDeclaration } {
  const declarations: ts.Statement[] = [];
  let fn: FunctionLike | undefined;
  let cls: ts.ClassDeclaration | undefined;
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === binding) {
      declarations.push(statement);
      if (statement.body) fn = statement;
    } else if (ts.isClassDeclaration(statement) && statement.name?.text === binding) {
      declarations.push(statement);
      cls = statement;
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || decl.name.text !== binding || !decl.initializer) continue;
        const init = unwrap(decl.initializer);
        declarations.push(statement);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fn = init;
      }
    }
  }
  return { declarations, ...(fn ? { fn } : {}), ...(cls ? { cls } : {}) };
}

/** An anonymous `export default function (…) {…}` or `export default (…) => …`. */
function anonymousDefault(sf: ts.SourceFile): FunctionLike | undefined {
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && !statement.name && statement.body && hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) return statement;
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const value = unwrap(statement.expression);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
    }
  }
  return undefined;
}

function staticMethod(cls: ts.ClassDeclaration, member: string): FunctionLike | undefined {
  return cls.members.find((m): m is ts.MethodDeclaration =>
    ts.isMethodDeclaration(m) && !!m.body && ts.isIdentifier(m.name) && m.name.text === member && hasModifier(m, ts.SyntaxKind.StaticKeyword));
}

/** The generator's view of `name` (`f` or `Class.method`) in a file, or why it cannot generate for it. */
export function codegenTarget(fileName: string, text: string, name: string): { ok: true; value: CodegenTarget } | { ok: false; message: string } {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  if (name === 'default') {
    const fn = anonymousDefault(sf);
    if (!fn) return { ok: false, message: `No anonymous default export in ${fileName}.` };
    return { ok: true, value: describeTarget(sf, fn, { name, binding: identifierFromFile(fileName), member: '', exportStyle: { kind: 'default' } }) };
  }
  const [binding = '', member] = name.split('.');
  const found = findBinding(sf, binding);
  const fn = member === undefined ? found.fn : found.cls && staticMethod(found.cls, member);
  if (!fn) return { ok: false, message: `No top-level function \`${name}\` in ${fileName}.` };
  return {
    ok: true,
    value: describeTarget(sf, fn, { name, binding, member: member === undefined ? '' : `.${member}`, exportStyle: exportStyle(sf, binding, found.declarations) }),
  };
}

function describeTarget(sf: ts.SourceFile, fn: FunctionLike, where: Pick<CodegenTarget, 'name' | 'binding' | 'member' | 'exportStyle'>): CodegenTarget {
  const params = fn.parameters.filter((p) => p.name.getText(sf) !== 'this');
  const returnType = fn.type?.getText(sf) ?? '';
  return {
    ...where,
    singleParameter: params.length === 1 && !params[0]?.dotDotDotToken,
    returnsPromise: hasModifier(fn, ts.SyntaxKind.AsyncKeyword) || /^(Promise|PromiseLike)\s*</.test(returnType),
  };
}
