/**
 * What travels through Redis between a cluster run and its worker processes. Inputs and replies
 * go as V8's serialization (structured clone's own format, so values arrive as they would between
 * threads): base64 in the job's JSON, raw bytes on the run's reply list; both ends validate what
 * they decode.
 */
import { deserialize, serialize } from 'node:v8';
import { z } from 'zod';
import { RunError } from '../../../protocol/results';
import { RunTask, WorkerReply } from '../../worker/messages';

/** The queue every worker of a cluster listens on. */
export const clusterQueueName = 'parallelize';

const replyListPrefix = 'parallelize:replies:';

/** The list a run's replies are pushed to: one per run, read by that run alone. */
export function replyListKey(runId: string): string {
  return `${replyListPrefix}${runId}`;
}

/** The key that exists while the run replying on `replyTo` waits (it sets it before its first job and deletes it when it stops). */
export function listeningKeyOf(replyTo: string): string {
  return `parallelize:listening:${replyTo.slice(replyListPrefix.length)}`;
}

/** A job's data: which bundle, the task and the limits its pool runs under, and where to reply. */
export const ClusterJobData = z.object({
  bundle: z.string(),
  taskTimeoutMs: z.number().int().positive(),
  memoryLimitMb: z.number().int().nonnegative(),
  /** base64 of v8.serialize(ClusterTask). */
  payload: z.string(),
  /** The run's reply list; a job names no other key, so a worker writes nowhere else. */
  replyTo: z.string().startsWith(replyListPrefix).max(80),
  /** The run keeps its listening key (listeningKeyOf) while it waits; absent from a run of an earlier version, whose replies are always pushed. */
  listening: z.literal(true).optional(),
});
export type ClusterJobData = z.infer<typeof ClusterJobData>;

/** The task inside a job: a run task (its slot is the worker process's to choose), its input indices, and how to name them. */
export const ClusterTask = z.object({
  task: RunTask,
  indices: z.array(z.number().int().nonnegative()),
  where: z.string(),
});
export type ClusterTask = z.infer<typeof ClusterTask>;

/** What a job returns: the worker thread's reply, or the fault that stopped it (the same codes as a local pool's). */
export const ClusterReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), reply: WorkerReply }),
  z.object({ kind: z.literal('fault'), error: RunError, fatal: z.boolean() }),
]);
export type ClusterReply = z.infer<typeof ClusterReply>;

/** A reply on its run's list: which job, which delivery of it (1 the first; more after a worker died holding it), and the reply. */
export const ClusterReplyEnvelope = z.object({
  jobId: z.string(),
  attempt: z.number().int().positive(),
  reply: ClusterReply,
});
export type ClusterReplyEnvelope = z.infer<typeof ClusterReplyEnvelope>;

/** Encodes a value for a job's JSON. */
export function encode(value: unknown): string {
  return serialize(value).toString('base64');
}

/** Decodes and validates what `encode` made (or its raw bytes); throws with the schema's message on anything else. */
export function decode<T>(schema: z.ZodType<T>, encoded: unknown): T {
  if (typeof encoded !== 'string' && !Buffer.isBuffer(encoded)) throw new Error(`expected an encoded string, got ${typeof encoded}`);
  const parsed = schema.safeParse(deserialize(typeof encoded === 'string' ? Buffer.from(encoded, 'base64') : encoded));
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
}
