/**
 * Where a run's tasks execute. The engine's phases ask an executor to run tasks and never know
 * whether the threads are in this process, in a run host of their own, or elsewhere.
 */
import type { ProfileTask, RunTask, WorkerReply } from '../worker/messages';

/** Options of one task: the input indices of its items (to name the input a fault hit) and buffers to move. */
export interface TaskOptions {
  indices?: readonly number[];
  transfer?: ArrayBuffer[];
}

/**
 * A pool of task workers; `destroy` must be called, and is safe to call twice. `run` rejects with
 * PoolFault or Cancelled, never with a raw error.
 */
export interface Executor {
  run(task: RunTask | ProfileTask | { kind: 'inputs' }, where: string, options?: TaskOptions): Promise<WorkerReply>;
  destroy(): Promise<void>;
  /** Workers replaced so far after recycleAfterTasks tasks. */
  readonly recycled: number;
  /** Resident memory of the processes running the workers, before the first task and now (null where unknown). */
  memory(): { baselineRssBytes: number | null; rssBytes: number | null };
}
