/** Generates the worker file and the wrapper module for one function: the code action's content, and what the codegen tests compile and run. */
import * as path from 'node:path';
import type { BenchmarkResult } from '../../protocol/results';
import { codegenNames, emittedName, importSpecifier, type CodegenNames } from './codegenNames';
import { codegenTarget, type CodegenTarget } from './codegenTarget';
import { generateWorker } from './generateWorker';
import { generateWrapper } from './generateWrapper';
import { measuredPool } from './measuredPool';
import type { ModuleKind } from './moduleKind';

/** What to generate for. */
export interface PoolCodeRequest {
  sourceFile: string;
  sourceText: string;
  /** `f` or `Class.method`, as the finder names it. */
  name: string;
  moduleKind: ModuleKind;
  /** The function's last benchmark, whose best pool size and chunk size become the defaults. */
  result?: BenchmarkResult;
  now: Date;
}

/** The generated files, and what the code action needs to wire them in. */
export interface PoolCode {
  names: CodegenNames;
  target: CodegenTarget;
  worker: { file: string; text: string };
  wrapper: { file: string; text: string };
}

/** The two generated files for a function, or why there are none. */
export function generatePoolCode(req: PoolCodeRequest): { ok: true; value: PoolCode } | { ok: false; message: string } {
  const found = codegenTarget(req.sourceFile, req.sourceText, req.name);
  if (!found.ok) return found;
  const target = found.value;
  const names = codegenNames(req.sourceFile, req.name);
  const kind = req.moduleKind.kind;
  const sourceLabel = `./${path.basename(req.sourceFile)}`;
  const worker = generateWorker(target, names, importSpecifier(names.workerFile, req.sourceFile, kind), sourceLabel);
  const wrapper = generateWrapper(target, {
    names,
    moduleKind: req.moduleKind,
    defaults: measuredPool(req.name, req.result),
    workerSpecifier: importSpecifier(names.wrapperFile, names.workerFile, kind),
    workerEmitted: emittedName(names.workerFile),
    sourceLabel,
    generatedOn: req.now.toISOString().slice(0, 10),
  });
  return { ok: true, value: { names, target, worker: { file: names.workerFile, text: worker }, wrapper: { file: names.wrapperFile, text: wrapper } } };
}
