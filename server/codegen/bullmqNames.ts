/** File names and identifiers of the generated BullMQ code, from the names the pool code uses. */
import * as path from 'node:path';
import type { CodegenNames } from './codegenNames';

/** Where the BullMQ files go and what their exports are called. */
export interface BullmqNames {
  stem: string;
  typeStem: string;
  /** `fib.distributed.ts`: the producer, `fibDistributed(inputs)`. */
  producerFile: string;
  /** `fib.bullmq-worker.ts`: the entry `node` runs on each machine. */
  workerFile: string;
  /** `fib.bullmq-processor.ts`: what the worker runs on its threads, one chunk per job. */
  processorFile: string;
  /** `fib.distributed.md`: how to run it all. */
  readmeFile: string;
  distributedName: string;
  closeName: string;
  /** `fibQueueName`, the exported constant, and `parallelize-fib`, its value. */
  queueConst: string;
  queueName: string;
  chunkConst: string;
}

/** The BullMQ names beside the pool's: same folder, stem and extension. */
export function bullmqNames(names: CodegenNames): BullmqNames {
  const dir = path.dirname(names.wrapperFile);
  const ext = path.extname(names.wrapperFile);
  const { stem, typeStem } = names;
  return {
    stem,
    typeStem,
    producerFile: path.join(dir, `${stem}.distributed${ext}`),
    workerFile: path.join(dir, `${stem}.bullmq-worker${ext}`),
    processorFile: path.join(dir, `${stem}.bullmq-processor${ext}`),
    readmeFile: path.join(dir, `${stem}.distributed.md`),
    distributedName: `${stem}Distributed`,
    closeName: `close${typeStem}Distributed`,
    queueConst: `${stem}QueueName`,
    queueName: `parallelize-${stem}`,
    chunkConst: `${stem}DistributedChunkSize`,
  };
}
