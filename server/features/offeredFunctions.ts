/**
 * Which functions Parallelize offers itself on (the CodeLenses and "Generate worker-pool version"):
 * the one rule, so that the lens and the light bulb never disagree. A function is offered when a
 * user would map it over inputs: it takes at least one parameter, and it lives in the user's own
 * code, not in a declaration file nor in pool code Parallelize generated.
 */
import type { FunctionTarget } from '../../protocol/lsp';
import { listFunctions } from '../analysis/findFunction';
import { isGeneratedPoolFile } from '../codegen/codegenNames';

/** Whether a file can hold functions worth offering: not a `.d.ts`, not generated pool code. */
export function offersInFile(fileName: string, text: string): boolean {
  return !/\.d\.[cm]?ts$/.test(fileName) && !isGeneratedPoolFile(fileName, text);
}

/** Whether one function, found in a file that offersInFile, is worth offering: it has something to map over. */
export function offersFunction(target: Pick<FunctionTarget, 'parameters'>): boolean {
  return target.parameters.length > 0;
}

/** The functions of a file that get a lens. */
export function offeredFunctions(fileName: string, text: string): FunctionTarget[] {
  return offersInFile(fileName, text) ? listFunctions(fileName, text).filter(offersFunction) : [];
}
