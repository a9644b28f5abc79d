/**
 * Where each function of the bundle begins and ends, parsed from the bundle's own text. V8 files a
 * sample taken in code it inlined under the function it was inlined into, but names the inlined
 * function's line in positionTicks: a tick on a line of another function is that function's time
 * (a helper in another file, folded into its caller), and this table says which function that is.
 */
import * as ts from 'typescript';

/** One function of the bundle: its text range and where its name is. */
export interface BundleFunction {
  /** Offset of the function's first token and just past its last. */
  start: number;
  end: number;
  /** Offset of V8's start position for it: the `(` of its parameters (or a lone arrow parameter, or `async`). */
  anchor: number;
  /** Offset of its name (declaration, variable, property or method name), if it has one. */
  nameAt?: number;
  /** That name as written in the bundle. */
  name?: string;
}

function nameOf(node: ts.SignatureDeclaration): ts.Node | undefined {
  if (node.name !== undefined) return node.name;
  const parent = node.parent as ts.Node | undefined;
  if (parent === undefined) return undefined;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name;
  return undefined;
}

/** Where V8 says the function starts: the open paren, or for `x => …` the parameter, or for `async x => …` the keyword. */
function anchorOf(node: ts.SignatureDeclaration, file: ts.SourceFile): number {
  if (ts.isArrowFunction(node)) {
    const isAsync = node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) === true;
    if (isAsync) return node.getStart(file);
    const open = node.getChildren(file).find((child) => child.kind === ts.SyntaxKind.OpenParenToken);
    return open?.getStart(file) ?? node.getStart(file);
  }
  const open = node.getChildren(file).find((child) => child.kind === ts.SyntaxKind.OpenParenToken);
  return open?.getStart(file) ?? node.getStart(file);
}

/** The bundle's functions, innermost last among those that overlap, with offset ↔ line arithmetic. */
export class BundleFunctions {
  private readonly functions: BundleFunction[] = [];
  private readonly lineStarts: readonly number[];

  constructor(private readonly text: string) {
    const file = ts.createSourceFile('bundle.js', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    this.lineStarts = file.getLineStarts();
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const name = nameOf(node);
        this.functions.push({
          start: node.getStart(file),
          end: node.end,
          anchor: anchorOf(node, file),
          ...(name === undefined ? {} : { nameAt: name.getStart(file), name: name.getText(file) }),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  /** The offset of a 0-based line and column. */
  offsetOf(line0: number, column: number): number {
    return (this.lineStarts[line0] ?? this.text.length) + column;
  }

  /** The 0-based line and column of an offset. */
  positionOf(offset: number): { line0: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line0: low, column: offset - (this.lineStarts[low] ?? 0) };
  }

  /** The first offset at or after `offset` that is not blank, on the same line. */
  firstCodeAt(offset: number): number {
    let at = offset;
    while (at < this.text.length && (this.text[at] === ' ' || this.text[at] === '\t')) at++;
    return at;
  }

  /** The innermost function holding an offset. */
  at(offset: number): BundleFunction | undefined {
    let inner: BundleFunction | undefined;
    for (const fn of this.functions) {
      if (fn.start <= offset && offset < fn.end && (inner === undefined || fn.start >= inner.start)) inner = fn;
    }
    return inner;
  }

  /**
   * The function a 1-based line's code belongs to: the innermost one holding its last character
   * (`const f = (x) => {` belongs to the arrow, `return xs.map((x) => x * 2);` to the outer
   * function). Undefined for top-level code.
   */
  ownerOfLine(line1: number): BundleFunction | undefined {
    const start = this.lineStarts[line1 - 1];
    if (start === undefined) return undefined;
    let last = (this.lineStarts[line1] ?? this.text.length) - 1;
    while (last > start && /\s/.test(this.text[last] ?? '')) last--;
    return this.at(last);
  }
}
