/**
 * Messages between the engine and a run host, the child process that holds a pool's worker
 * threads. Both sides type with these schemas and the engine validates what the host sends: the
 * host runs user code, so its messages are a boundary.
 */
import { z } from 'zod';
import { RunError } from '../../../protocol/results';

/** How the host builds its pool (TaskPoolOptions without the signal, which cannot cross). */
export const HostPoolOptions = z.object({
  bundlePath: z.string(),
  workers: z.number().int().positive(),
  memoryLimitMb: z.number().nonnegative(),
  taskTimeoutMs: z.number().positive(),
  recycleAfterTasks: z.number().int().nonnegative().optional(),
  /** Resident memory the whole host may reach; past it the inputs running are OUT_OF_MEMORY. */
  rssCeilingBytes: z.number().positive(),
});
export type HostPoolOptions = z.infer<typeof HostPoolOptions>;

/** Engine → host. The task itself is validated by the worker's own schemas on the other side. */
export type ToHost =
  | { type: 'start'; options: HostPoolOptions }
  | { type: 'run'; id: number; task: unknown; where: string; indices?: readonly number[] }
  | { type: 'destroy' };

/** The input running on each busy slot (null: the inputs expression). */
export const Running = z.array(z.object({ slot: z.number().int().nonnegative(), input: z.number().int().nullable() }));
export type Running = z.infer<typeof Running>;

/** Host → engine. */
export const FromHost = z.discriminatedUnion('type', [
  /** The host is up and its pool built; `rss` is its resident memory before any task ran. */
  z.object({ type: z.literal('started'), rss: z.number().nonnegative() }),
  z.object({ type: z.literal('reply'), id: z.number().int(), reply: z.unknown(), rss: z.number().nonnegative(), recycled: z.number().int().nonnegative() }),
  z.object({ type: z.literal('fault'), id: z.number().int(), error: RunError, fatal: z.boolean() }),
  z.object({ type: z.literal('cancelled'), id: z.number().int() }),
  /**
   * Sent whenever the inputs running change (at most every few ms): if the host dies at once, as
   * V8 aborts a process on some allocations, this names the input that killed it.
   */
  z.object({ type: z.literal('running'), running: Running }),
  /** The host passed its memory ceiling and is exiting; the inputs running are the culprits. */
  z.object({ type: z.literal('ceiling'), rss: z.number().nonnegative(), running: Running }),
  z.object({ type: z.literal('destroyed') }),
]);
export type FromHost = z.infer<typeof FromHost>;
