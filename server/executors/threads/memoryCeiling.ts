/**
 * The resident memory a run host may reach. Worker heap limits are best effort in Node and do not
 * count off-heap memory (Buffers, typed arrays) at all, so the host's whole RSS is what is bounded.
 */
import * as os from 'node:os';

/** What the host process itself takes: Node, piscina and the main thread's buffers. */
export const hostBaseBytes = 256 * 1024 ** 2;

/** Each worker may use this many times its heap limit in all: heap plus off-heap buffers. */
export const perWorkerFactor = 2;

/** Share of the machine's free memory a host without a heap limit may take. */
export const unlimitedShare = 0.75;

const megabyte = 1024 ** 2;

/**
 * The ceiling for `workers` workers of `memoryLimitMb` heap each (0: Node's default, then a share
 * of free memory); never above that share either, so a run cannot push the machine into swap.
 */
export function rssCeilingBytes(workers: number, memoryLimitMb: number, freeBytes = os.freemem()): number {
  const machine = Math.max(hostBaseBytes, freeBytes * unlimitedShare);
  if (memoryLimitMb <= 0) return machine;
  return Math.min(machine, hostBaseBytes + workers * perWorkerFactor * memoryLimitMb * megabyte);
}
