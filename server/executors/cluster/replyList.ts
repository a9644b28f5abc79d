/**
 * How a run hears its jobs' replies: each worker pushes a job's reply onto the run's own Redis list
 * before it tells BullMQ the job is complete, and the run blocks on that list (BLPOP) on a
 * connection of its own. The run wakes once per reply, as soon as the reply exists, instead of on
 * every event of the queue's stream (added, waiting, active, completed, drained: ~5 a job) and only
 * after BullMQ's completion script has run. A list is never trimmed, as the event stream is, and a
 * reply pushed twice (a job delivered again) is heard twice and kept once by the run. While the run
 * listens its listening key exists; a reply for a run without one is dropped, and a job delivered
 * again after its run stopped is not run at all (clusterWorker.ts).
 */
import { serialize } from 'node:v8';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ClusterReplyEnvelope, decode, listeningKeyOf } from './jobMessages';

/** A reply list outlives its last push by this long, so the replies of a run that stopped listening do not stay. */
const replyListTtlMs = 10 * 60_000;

/** A listening key outlives its run's last refresh by this long: a run that died without deleting it is forgotten. */
const listeningTtlMs = 10 * 60_000;

/** How often a listening run refreshes its key. */
export const listeningRefreshMs = 60_000;

/**
 * One script, so one command and one write a reply: push only while the run listens, and keep the
 * list's expiry ahead of its last push. Returns 1 when pushed, 0 when the run no longer listens.
 */
const pushScript = `
if ARGV[3] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`;

const pushCommand = 'parallelizePushReply';
type WithPushScript = Record<typeof pushCommand, (listening: string, list: string, reply: Buffer, ttlMs: number, checkListening: '1' | '0') => Promise<number>>;

/** The connection with the push script defined on it (ioredis sends EVALSHA, and the script itself once if Redis lacks it). */
function withPushScript(redis: Redis): WithPushScript {
  if (!(pushCommand in redis)) redis.defineCommand(pushCommand, { numberOfKeys: 2, lua: pushScript });
  return redis as unknown as WithPushScript;
}

/** Says the run replying on `list` waits for its replies, for the next ten minutes (refresh it sooner). */
export async function markListening(redis: Redis, list: string): Promise<void> {
  await redis.set(listeningKeyOf(list), '1', 'PX', listeningTtlMs);
}

/** Says the run no longer waits: its jobs' replies are dropped and its jobs delivered again are not run. */
export async function stopListening(redis: Redis, list: string): Promise<void> {
  await redis.del(listeningKeyOf(list));
}

/** Whether the run replying on `list` still waits for its replies. */
export async function stillListening(redis: Redis, list: string): Promise<boolean> {
  return (await redis.exists(listeningKeyOf(list))) === 1;
}

/** How long one BLPOP blocks before it is sent again (a blocking command must not outlive a reconnect unseen). */
const blockSeconds = 5;

/**
 * Pushes a job's reply to its run; resolves once Redis holds it (true), or once Redis said the run
 * no longer listens (false: dropped). `listening`: the run keeps a listening key (a run of an
 * earlier version keeps none, and its replies are pushed regardless).
 */
export async function pushReply(redis: Redis, list: string, envelope: ClusterReplyEnvelope, listening: boolean): Promise<boolean> {
  return (await withPushScript(redis)[pushCommand](listeningKeyOf(list), list, serialize(envelope), replyListTtlMs, listening ? '1' : '0')) === 1;
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
