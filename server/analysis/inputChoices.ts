/**
 * What the input picker offers for a function, from the project's type checker: the exports that
 * fit its parameters and sample values built from their types.
 */
import * as ts from 'typescript';
import type { FunctionTarget, InputChoices } from '../../protocol/lsp';
import type { Reply } from '../../protocol/results';
import { inputCandidates } from './inputCandidates';
import type { ProjectServices } from './projectServices';
import { sampleInputs } from './sampleValue';

type FunctionNode = ts.FunctionLikeDeclaration & { body: ts.Node };

/** The outermost function with a body inside the target's range: the implementation findFunction found. */
function functionAt(sourceFile: ts.SourceFile, target: FunctionTarget): FunctionNode | undefined {
  const start = sourceFile.getPositionOfLineAndCharacter(target.range.start.line, target.range.start.character);
  const end = sourceFile.getPositionOfLineAndCharacter(target.range.end.line, target.range.end.character);
  let found: FunctionNode | undefined;
  const visit = (node: ts.Node): void => {
    if (node.end < start || node.getStart(sourceFile) > end) return;
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body !== undefined && node.getStart(sourceFile) >= start && node.end <= end) {
      found = node as FunctionNode;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The choices for `target`, as the editor's text has it now. */
export function inputChoices(projects: ProjectServices, target: FunctionTarget): Reply<InputChoices> {
  const found = projects.programFor(target.file);
  if (!found) return { ok: false, error: { code: 'FILE_NOT_FOUND', message: `cannot read ${target.file}: check that the file exists` } };
  const { program, sourceFile } = found;
  const fn = functionAt(sourceFile, target);
  if (!fn) return { ok: false, error: { code: 'FUNCTION_NOT_FOUND', message: `\`${target.name}\` is no longer where it was: find the function again` } };
  const checker = program.getTypeChecker();
  const parameters = fn.parameters.map((p) => checker.getTypeAtLocation(p));
  const required = fn.parameters.filter((p) => p.questionToken === undefined && p.initializer === undefined && p.dotDotDotToken === undefined).length;
  return {
    ok: true,
    value: {
      candidates: inputCandidates(checker, sourceFile, parameters, required, fn),
      suggestedInputs: sampleInputs({ checker, sourceFile }, parameters),
    },
  };
}
