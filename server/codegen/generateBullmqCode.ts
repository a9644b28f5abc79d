/** Generates the BullMQ version of one function: producer, worker entry, processor and README; the code action's content, and what the BullMQ codegen tests compile and run. */
import * as path from 'node:path';
import { bullmqNames, type BullmqNames } from './bullmqNames';
import { codegenNames, emittedName, importSpecifier } from './codegenNames';
import { codegenTarget, type CodegenTarget } from './codegenTarget';
import { generateBullmqProcessor } from './generateBullmqProcessor';
import { generateBullmqReadme } from './generateBullmqReadme';
import { generateBullmqWorker } from './generateBullmqWorker';
import type { PoolCodeRequest } from './generatePoolCode';
import { generateProducer } from './generateProducer';
import { measuredChunk } from './measuredChunk';

/** What to generate for: as for the pool version (the last benchmark's chunking and cost per input size the jobs). */
export type BullmqCodeRequest = PoolCodeRequest;

/** One generated file. */
export interface GeneratedFile {
  file: string;
  text: string;
}

/** The generated files, and what the code action needs to wire them in. */
export interface BullmqCode {
  names: BullmqNames;
  target: CodegenTarget;
  producer: GeneratedFile;
  worker: GeneratedFile;
  processor: GeneratedFile;
  readme: GeneratedFile;
}

/** The four generated files for a function, or why there are none. */
export function generateBullmqCode(req: BullmqCodeRequest): { ok: true; value: BullmqCode } | { ok: false; message: string } {
  const found = codegenTarget(req.sourceFile, req.sourceText, req.name);
  if (!found.ok) return found;
  const target = found.value;
  const names = bullmqNames(codegenNames(req.sourceFile, req.name));
  const kind = req.moduleKind.kind;
  const sourceLabel = `./${path.basename(req.sourceFile)}`;
  const defaults = measuredChunk(req.name, req.result);
  const processorSpecifier = (from: string): string => importSpecifier(from, names.processorFile, kind);
  const producer = generateProducer(target, {
    names,
    defaults,
    processorSpecifier: processorSpecifier(names.producerFile),
    sourceLabel,
    generatedOn: req.now.toISOString().slice(0, 10),
  });
  const worker = generateBullmqWorker(req.name, {
    names,
    moduleKind: req.moduleKind,
    producerSpecifier: importSpecifier(names.workerFile, names.producerFile, kind),
    processorSpecifier: processorSpecifier(names.workerFile),
    processorEmitted: emittedName(names.processorFile),
    sourceLabel,
  });
  const processor = generateBullmqProcessor(target, names, importSpecifier(names.processorFile, req.sourceFile, kind), sourceLabel);
  return {
    ok: true,
    value: {
      names,
      target,
      producer: { file: names.producerFile, text: producer },
      worker: { file: names.workerFile, text: worker },
      processor: { file: names.processorFile, text: processor },
      readme: { file: names.readmeFile, text: generateBullmqReadme(req.name, names, defaults, sourceLabel) },
    },
  };
}
