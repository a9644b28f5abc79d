/**
 * CPU- or I/O-bound: the share of each input's wall time its worker spent computing. Threads help
 * only the computing part; a function that mostly waits runs faster with async concurrency.
 */
import type { AsyncRun, BenchmarkResult, CpuBound, PoolRun } from '../../protocol/results';

/** At or above this CPU share the function computes: threads are the tool. */
export const cpuBoundShare = 0.8;

/** At or below this CPU share the function mostly waits: async concurrency is the tool. */
export const ioBoundShare = 0.3;

/** Concurrency limits the async alternative is measured with. */
export const asyncConcurrencies = [8, 32] as const;

/** Summed over the serial trials' inputs. */
export interface CpuSample {
  cpuMs: number;
  wallMs: number;
  method: CpuBound['method'];
}

/**
 * Classifies the function from its CPU and wall time; null when nothing was timed. `keepSerial`
 * says the run found no pool worth it: the advice then must not promise that threads help.
 */
export function classifyCpuBound(sample: CpuSample, keepSerial = false): CpuBound | null {
  if (!(sample.wallMs > 0)) return null;
  const cpuShare = Math.min(1, Math.max(0, sample.cpuMs / sample.wallMs));
  const percent = `${Math.round(cpuShare * 100)}%`;
  if (cpuShare >= cpuBoundShare) {
    const threads = keepSerial ? 'yet threads did not pay off on this run (see the verdict)' : 'so worker threads can speed it up';
    return { verdict: 'cpu', cpuShare, method: sample.method, advice: `CPU-bound: ${percent} of each input's time is computation, ${threads}` };
  }
  if (cpuShare <= ioBoundShare) {
    return {
      verdict: 'io',
      cpuShare,
      method: sample.method,
      advice: `I/O-bound: only ${percent} of each input's time is computation, the rest is waiting — use async concurrency (Promise.all with a limit) instead of threads`,
    };
  }
  return {
    verdict: 'mixed',
    cpuShare,
    method: sample.method,
    advice: `Mixed: ${percent} of each input's time is computation — threads help the computing part; async concurrency overlaps the waiting`,
  };
}

/** The async run with the lowest median, or undefined when none ran. */
export function bestAsyncRun(runs: readonly AsyncRun[]): AsyncRun | undefined {
  let best: AsyncRun | undefined;
  for (const run of runs) if (best === undefined || run.medianMs < best.medianMs) best = run;
  return best;
}

/**
 * The sentence added to the verdict of a function that waits: the advice, with the async
 * alternative's measured speedup beside the best pool's. Undefined for CPU-bound functions.
 */
export function asyncAdvice(result: Pick<BenchmarkResult, 'cpuBound' | 'asyncRuns' | 'runs'>): string | undefined {
  const { cpuBound } = result;
  if (cpuBound === null || cpuBound.verdict === 'cpu') return undefined;
  const best = bestAsyncRun(result.asyncRuns);
  if (best === undefined) return cpuBound.advice;
  const threads = result.runs.reduce<PoolRun | undefined>((a, b) => (a === undefined || b.medianMs < a.medianMs ? b : a), undefined);
  const beside = threads === undefined ? '' : ` (threads: ${threads.speedup.toFixed(1)}× on ${threads.workers} worker${threads.workers === 1 ? '' : 's'})`;
  return `${cpuBound.advice}: ${best.concurrency} calls at once on one thread ran ${best.speedup.toFixed(1)}× faster than serial${beside}`;
}
