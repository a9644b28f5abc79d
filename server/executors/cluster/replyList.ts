/**
 * How a run hears its jobs' replies: each worker pushes a job's reply onto the run's own Redis list
 * before it tells BullMQ the job is complete, and the run blocks on that list (BLPOP) on a
 * connection of its own. The run wakes once per reply, as soon as the reply exists, instead of on
 * every event of the queue's stream (added, waiting, active, completed, drained: ~5 a job) and only
 * after BullMQ's completion script has run. A list is never trimmed, as the event stream is, and a
 * reply pushed twice (a job delivered again) is heard twice and kept once by the run.
 */
import { serialize } from 'node:v8';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ClusterReplyEnvelope, decode } from './jobMessages';

/** A reply list outlives its last push by this long, so the replies of a run that stopped listening do not stay. */
const replyListTtlMs = 10 * 60_000;

/** How long one BLPOP blocks before it is sent again (a blocking command must not outlive a reconnect unseen). */
const blockSeconds = 5;

/** Pushes a job's reply to its run; resolves once Redis holds it. */
export async function pushReply(redis: Redis, list: string, envelope: ClusterReplyEnvelope): Promise<void> {
  // A pipeline, not MULTI: one write either way, and two commands for Redis to run instead of four.
  const [pushed] = await redis.pipeline().rpush(list, serialize(envelope)).pexpire(list, replyListTtlMs).exec() ?? [];
  if (pushed?.[0]) throw pushed[0];
}

/** What a listener hands on: a reply, or a reply it could not read (with the job it names, when it names one). */
export type Heard = { ok: true; envelope: ClusterReplyEnvelope } | { ok: false; jobId: string | undefined; reason: string };

const NamesAJob = z.object({ jobId: z.string() });

/**
 * Listens on a run's reply list until closed, on `connection`, which it owns: BLPOP blocks it, so
 * it must be a connection of its own. Replies pushed before it listens wait on the list.
 */
export class ReplyListener {
  private closed = false;
  private readonly loop: Promise<void>;

  constructor(private readonly connection: Redis, private readonly list: string, private readonly onHeard: (heard: Heard) => void) {
    this.loop = this.listen();
  }

  /** Stops listening and disconnects; safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    this.connection.disconnect();
    await this.loop;
  }

  private async listen(): Promise<void> {
    while (!this.closed) {
      let popped: [Buffer, Buffer] | null;
      try {
        popped = await this.connection.blpopBuffer(this.list, blockSeconds);
      } catch {
        // Disconnected: closed by us, or Redis is gone (the executor's own connection decides what that means).
        if (this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (popped !== null) this.onHeard(read(popped[1]));
    }
  }
}

function read(bytes: Buffer): Heard {
  try {
    return { ok: true, envelope: decode(ClusterReplyEnvelope, bytes) };
  } catch (error) {
    let jobId: string | undefined;
    try {
      jobId = decode(NamesAJob, bytes).jobId;
    } catch {
      // Not even a job's id: nobody to fail.
    }
    return { ok: false, jobId, reason: error instanceof Error ? error.message : String(error) };
  }
}
