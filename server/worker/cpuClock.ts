/**
 * A per-thread CPU clock for telling computing from waiting. process.threadCpuUsage() (Node ≥ 23.9)
 * reads the thread's own CPU time; before that, the worker's event-loop utilization stands in: its
 * `active` time excludes what the loop spent idle waiting for timers and I/O.
 */
import { performance } from 'node:perf_hooks';

type ThreadCpuUsage = () => { user: number; system: number };

// Feature-detected: @types/node for Node 20 does not declare it.
const threadCpuUsage = (process as unknown as { threadCpuUsage?: ThreadCpuUsage }).threadCpuUsage;

/** Which clock this Node provides. */
export const cpuMethod: 'threadCpuUsage' | 'eventLoopUtilization' = typeof threadCpuUsage === 'function' ? 'threadCpuUsage' : 'eventLoopUtilization';

/** Milliseconds of CPU (or event-loop active) time this thread has used so far. */
export function cpuNowMs(): number {
  if (threadCpuUsage !== undefined) {
    const usage = threadCpuUsage.call(process);
    return (usage.user + usage.system) / 1000;
  }
  return performance.eventLoopUtilization().active;
}
