/**
 * Finds the top-level function the engine can run: at a cursor position (editor) or by name (CLI).
 * Works on the syntax tree only, so it is fast on large files and needs no Program.
 */
import * as ts from 'typescript';
import { pathToFileURL } from 'node:url';
import type { FunctionParameter, FunctionTarget } from '../../protocol/lsp';
import type { Reply, RunError } from '../../protocol/results';
import { suggestInputs } from './suggestInputs';

type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;

/** A runnable function found in a file, before it is turned into a FunctionTarget. */
interface Candidate {
  name: string;
  kind: FunctionTarget['kind'];
  /** The node whose range is reported (the declaration statement). */
  node: ts.Node;
  fn: FunctionLike;
}

const supported =
  'Supported: a top-level function declaration (`export default` too), `const f = (…) => …` or `const f = function (…) {…}`, `export default (…) => …`, or a static class method.';

// The reasons a function the finder sees is refused, shared by the cursor and the by-name lookups.
const thisReason =
  'it depends on `this`, which a worker does not have. Make it `static` (passing what it needs as parameters) or move it to a top-level function.';
function closureReason(outer: string): string {
  return `it can use \`${outer}\`'s variables, which a worker cannot share`;
}

function fail(code: RunError['code'], message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}

function parse(fileName: string, text: string): ts.SourceFile {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
}

/** The parser's own errors; not in the public typings, but it is what the language service reads too. */
function syntaxErrors(sf: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

function syntaxFailure(sf: ts.SourceFile): Reply<never> | undefined {
  const first = syntaxErrors(sf)[0];
  if (!first) return undefined;
  const { line, character } = sf.getLineAndCharacterOfPosition(first.start);
  const text = ts.flattenDiagnosticMessageText(first.messageText, ' ');
  return fail('SYNTAX_ERROR', `${sf.fileName} has a syntax error at line ${line + 1}:${character + 1}: ${text}. Fix it first.`);
}

/** Strips wrappers that keep a function a function: parentheses, `as`, `satisfies`, `!`. */
function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) {
    e = e.expression;
  }
  return e;
}

/** Every runnable top-level function of a file, with overloads resolved to their implementation. */
function candidates(sf: ts.SourceFile): Candidate[] {
  const found: Candidate[] = [];
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body && (statement.name || isDefaultExport(statement))) {
      // An anonymous `export default function` is reached through the module's default export.
      found.push({ name: statement.name?.text ?? 'default', kind: 'declaration', node: statement, fn: statement });
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const value = unwrap(statement.expression);
      if (ts.isArrowFunction(value)) found.push({ name: 'default', kind: 'arrow', node: statement, fn: value });
      if (ts.isFunctionExpression(value)) found.push({ name: 'default', kind: 'expression', node: statement, fn: value });
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const init = decl.initializer && unwrap(decl.initializer);
        if (!ts.isIdentifier(decl.name) || !init) continue;
        if (ts.isArrowFunction(init)) found.push({ name: decl.name.text, kind: 'arrow', node: statement, fn: init });
        if (ts.isFunctionExpression(init)) found.push({ name: decl.name.text, kind: 'expression', node: statement, fn: init });
      }
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      for (const member of statement.members) {
        if (ts.isMethodDeclaration(member) && member.body && ts.isIdentifier(member.name) && isStatic(member)) {
          found.push({ name: `${statement.name.text}.${member.name.text}`, kind: 'staticMethod', node: member, fn: member });
        }
      }
    }
  }
  return found;
}

function isDefaultExport(statement: ts.FunctionDeclaration): boolean {
  const flags = ts.getCombinedModifierFlags(statement);
  return (flags & ts.ModifierFlags.Export) !== 0 && (flags & ts.ModifierFlags.Default) !== 0;
}

function isStatic(member: ts.ClassElement): boolean {
  return (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) !== 0;
}

function parameters(fn: FunctionLike): FunctionParameter[] {
  return fn.parameters.map((p) => ({
    name: p.name.getText(),
    type: p.type ? p.type.getText() : p.initializer && !ts.isObjectBindingPattern(p.name) ? literalType(p.initializer) : patternType(p.name),
  }));
}

/** `{ a = 1, b = 'x' }` with no annotation reads as `{ a: number; b: string }`, from its defaults. */
function patternType(name: ts.BindingName): string {
  if (!ts.isObjectBindingPattern(name) || name.elements.length === 0) return 'unknown';
  const fields = name.elements.map((e) => {
    const key = e.propertyName ? e.propertyName.getText() : e.name.getText();
    return `${key}: ${e.initializer ? literalType(e.initializer) : 'unknown'}`;
  });
  return `{ ${fields.join('; ')} }`;
}

function literalType(e: ts.Expression): string {
  if (ts.isNumericLiteral(e)) return 'number';
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return 'string';
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (ts.isBigIntLiteral(e)) return 'bigint';
  return 'unknown';
}

function toTarget(sf: ts.SourceFile, c: Candidate): FunctionTarget {
  const start = sf.getLineAndCharacterOfPosition(c.node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(c.node.getEnd());
  const params = parameters(c.fn);
  return {
    uri: pathToFileURL(sf.fileName).href,
    file: sf.fileName,
    name: c.name,
    kind: c.kind,
    range: { start, end },
    parameters: params,
    suggestedInputs: suggestInputs(params),
  };
}

function contains(node: ts.Node, sf: ts.SourceFile, offset: number): boolean {
  return node.getStart(sf) <= offset && offset <= node.getEnd();
}

/** A short description of the innermost node at the cursor, for "found X" messages. */
function describe(node: ts.Node): string {
  if (ts.isImportDeclaration(node)) return 'an import';
  if (ts.isClassDeclaration(node)) return `class \`${node.name?.text ?? '(anonymous)'}\``;
  if (ts.isInterfaceDeclaration(node)) return `interface \`${node.name.text}\``;
  if (ts.isTypeAliasDeclaration(node)) return `type \`${node.name.text}\``;
  if (ts.isEnumDeclaration(node)) return `enum \`${node.name.text}\``;
  if (ts.isVariableStatement(node)) {
    const built = node.declarationList.declarations.find((d) => d.initializer && ts.isCallExpression(unwrap(d.initializer)));
    if (built) {
      // `const f = makeCounter()` may well be a function, but one closed over the factory's variables.
      return `\`${built.name.getText()}\`, the result of a call: if it is a function, it is a closure over variables of the function that made it, which a worker cannot share. Write it as a top-level function that takes those values as parameters`;
    }
    const names = node.declarationList.declarations.map((d) => d.name.getText()).join(', ');
    return `variable \`${names}\`, which is not a function`;
  }
  if (ts.isFunctionDeclaration(node) && !node.body) return `an overload signature of \`${node.name?.text ?? 'default'}\` with no implementation in this file`;
  if (ts.isExpressionStatement(node)) return 'a top-level statement';
  return `a ${ts.SyntaxKind[node.kind]}`;
}

function isFunctionLike(n: ts.Node): n is FunctionLike {
  return ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n);
}

/** The innermost function around the offset, skipping anonymous callbacks (they are part of their function). */
function innermostNamedFunction(sf: ts.SourceFile, offset: number): ts.Node | undefined {
  let inner: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (!contains(node, sf, offset)) return;
    if (isFunctionLike(node) && !isAnonymousCallback(node)) inner = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return inner;
}

function isAnonymousCallback(fn: FunctionLike): boolean {
  const holder = skipWrappersUp(fn);
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !ts.isVariableDeclaration(holder) && !ts.isExportAssignment(holder);
}

function skipWrappersUp(node: ts.Node): ts.Node {
  let p = node.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p)) p = p.parent;
  return p;
}

function functionName(fn: ts.Node): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.getText();
  const decl = skipWrappersUp(fn);
  if (ts.isExportAssignment(decl) || (ts.isFunctionDeclaration(fn) && !fn.name)) return 'default';
  return ts.isVariableDeclaration(decl) ? decl.name.getText() : '(anonymous)';
}

/** The runnable function enclosing a cursor offset, or a message naming what is there instead. */
export function findFunctionAt(fileName: string, text: string, offset: number): Reply<FunctionTarget> {
  const sf = parse(fileName, text);
  const broken = syntaxFailure(sf);
  if (broken) return broken;
  const line = sf.getLineAndCharacterOfPosition(offset).line + 1;
  const all = candidates(sf);
  const outer = all.find((c) => contains(c.fn, sf, offset) || contains(c.node, sf, offset));
  const inner = innermostNamedFunction(sf, offset);
  if (outer && inner && inner !== outer.fn) {
    return fail(
      'UNSUPPORTED_FUNCTION',
      `Line ${line} is inside \`${functionName(inner)}\`, a function nested in \`${outer.name}\`: ${closureReason(outer.name)}. Move it to the top level, or put the cursor in \`${outer.name}\` to measure that.`,
    );
  }
  if (outer) {
    // An overload signature line points at its implementation.
    return { ok: true, value: toTarget(sf, outer) };
  }
  const statement = sf.statements.find((s) => contains(s, sf, offset));
  if (statement && ts.isFunctionDeclaration(statement) && statement.name && !statement.body) {
    const impl = all.find((c) => c.name === statement.name?.text);
    if (impl) return { ok: true, value: toTarget(sf, impl) };
  }
  if (inner && ts.isMethodDeclaration(inner)) {
    return fail(
      'UNSUPPORTED_FUNCTION',
      `Line ${line} is in instance method \`${functionName(inner)}\`: ${thisReason}`,
    );
  }
  if (inner) {
    return fail('UNSUPPORTED_FUNCTION', `Line ${line} is in \`${functionName(inner)}\`, which is not a top-level function. ${supported}`);
  }
  const what = statement ? describe(statement) : 'no code';
  return fail('NOT_A_FUNCTION', `No function at line ${line}: found ${what}. ${supported}`);
}

/** The name of the nearest named function around a node (callbacks are part of theirs), if any. */
function enclosingFunctionName(node: ts.Node): string | undefined {
  let anonymous = false;
  for (let p = node.parent; !ts.isSourceFile(p); p = p.parent) {
    if (!isFunctionLike(p)) continue;
    if (!isAnonymousCallback(p)) return functionName(p);
    anonymous = true;
  }
  return anonymous ? '(anonymous)' : undefined;
}

/**
 * Why a name that is not runnable is refused, when the file holds it as an instance method
 * (`Class.method`, or `method` alone) or as a function nested in another; undefined when the name
 * is not there at all.
 */
function refusedByName(sf: ts.SourceFile, name: string): string | undefined {
  const [className, methodName] = name.includes('.') ? name.split('.', 2) : [undefined, name];
  let reason: string | undefined;
  const visit = (node: ts.Node): void => {
    if (reason !== undefined) return;
    if (ts.isMethodDeclaration(node) && node.body && node.name.getText() === methodName && ts.isClassLike(node.parent) && !isStatic(node)) {
      const owner = node.parent.name?.text;
      if (className === undefined || className === owner) {
        reason = `is an instance method${owner === undefined ? '' : ` of \`${owner}\``}: ${thisReason}`;
        return;
      }
    }
    if (className === undefined && isFunctionLike(node) && !ts.isMethodDeclaration(node) && !isAnonymousCallback(node) && functionName(node) === name) {
      const outerName = enclosingFunctionName(node);
      if (outerName !== undefined) {
        reason = `is a function nested in \`${outerName}\`: ${closureReason(outerName)}. Move it to the top level and pass those values as parameters.`;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return reason;
}

/** A runnable function by name (`countPrimes` or `Class.method`), for the CLI. */
export function findFunctionByName(fileName: string, text: string, name: string): Reply<FunctionTarget> {
  const sf = parse(fileName, text);
  const broken = syntaxFailure(sf);
  if (broken) return broken;
  const all = candidates(sf);
  const match = all.find((c) => c.name === name);
  if (match) return { ok: true, value: toTarget(sf, match) };
  const refused = refusedByName(sf, name);
  if (refused !== undefined) return fail('UNSUPPORTED_FUNCTION', `\`${name}\` in ${fileName} ${refused}`);
  const names = all.map((c) => c.name);
  const available = names.length ? `Functions in this file: ${names.join(', ')}.` : `This file has no runnable function. ${supported}`;
  return fail('FUNCTION_NOT_FOUND', `No top-level function \`${name}\` in ${fileName}. ${available}`);
}

/** Every runnable top-level function, for CodeLens. */
export function listFunctions(fileName: string, text: string): FunctionTarget[] {
  const sf = parse(fileName, text);
  return candidates(sf).map((c) => toTarget(sf, c));
}
