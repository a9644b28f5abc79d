/**
 * What one worker costs in memory, from two readings: the worker's own heap after a task (V8 heap,
 * external and malloced memory, read inside it) and the process's RSS growth per worker over a
 * warmed pool, which also counts the thread's stack, its isolate and the loaded bundle.
 */

/** The readings and the figure the pool size is planned with: the larger of the two. */
export interface WorkerMemory {
  heapBytes: number | null;
  rssBytes: number | null;
  /** Null when neither was measured. */
  perWorkerBytes: number | null;
}

/**
 * RSS is read from the largest pool, where growth divided by the worker count is least disturbed
 * by the main thread's own allocations.
 */
export function workerMemory(heapBytes: number, pools: ReadonlyArray<{ workers: number; rssPerWorkerBytes: number | null }>): WorkerMemory {
  const heap = heapBytes > 0 ? heapBytes : null;
  const measured = pools.filter((p) => p.rssPerWorkerBytes !== null && p.rssPerWorkerBytes > 0);
  const largest = measured.reduce<(typeof measured)[number] | undefined>((a, b) => (a === undefined || b.workers > a.workers ? b : a), undefined);
  const rss = largest?.rssPerWorkerBytes ?? null;
  const values = [heap, rss].filter((v): v is number => v !== null);
  return { heapBytes: heap, rssBytes: rss, perWorkerBytes: values.length > 0 ? Math.max(...values) : null };
}
