/**
 * One timed pass over the inputs: chunks go to the pool's lanes (one task in flight per worker,
 * so a task's timeout counts from when it really starts) and results land by input index, in
 * input order whatever order the workers finish in. Delivery to the caller is ordered (a chunk
 * waits for the chunks before it, as Pool.map's results do) or unordered (each chunk as it lands,
 * as imap_unordered's do).
 */
import { performance } from 'node:perf_hooks';
import type { RunReply, Thrown } from '../worker/messages';
import type { Executor } from '../executors/executor';
import { PoolFault } from './taskPool';
import { copiedInputs } from './transferInputs';

/** What one input gave: its value, or the error its call threw. */
export type Outcome = { kind: 'value'; value: unknown } | { kind: 'threw'; thrown: Thrown };

/**
 * What a pass's inputs gave, kept as the worker sent it: one object per input would cost the
 * engine's thread (which shares the cores with the workers) more than a 10 µs function's budget.
 */
export interface Outcomes {
  /** By input index; a hole for the inputs not in this pass. */
  values: unknown[];
  /** The error each throwing input's call threw, by input index (its entry in values is undefined). */
  thrown: Map<number, Thrown>;
}

/** What input `index` gave, or undefined when it was not in the pass. */
export function outcomeOf(outcomes: Outcomes, index: number): Outcome | undefined {
  const thrown = outcomes.thrown.get(index);
  if (thrown !== undefined) return { kind: 'threw', thrown };
  return index in outcomes.values ? { kind: 'value', value: outcomes.values[index] } : undefined;
}

/**
 * One task of a pass, stamped on the clock every thread and process shares
 * (performance.timeOrigin + performance.now(), in ms): by the engine when it sent the task and
 * received the reply, by the worker when it started and finished it.
 */
export interface TaskSpan {
  /** The task's input indices. */
  indices: readonly number[];
  /** The worker that ran it (unique within one pool's run host). */
  threadId: number;
  sentAt: number;
  startedAt: number;
  finishedAt: number;
  receivedAt: number;
}

/** The figures and outcomes of one pass. */
export interface TrialResult extends Outcomes {
  /** Wall time of the whole pass, messaging included. */
  ms: number;
  /** Sum of the per-input times measured inside the workers. */
  computeMs: number;
  /** Largest worker memory reported by a task. */
  memoryBytes: number;
  /** Inputs whose result could not be cloned (or is a class instance); a pass that found some timed extra work. */
  uncloneable: number[];
  /** Why, by input index: what the result holds and where (follows "the result of input 3"). */
  uncloneableWhy: Map<number, string>;
  /** Sum of the per-input CPU (or event-loop active) times measured inside the workers. */
  cpuMs: number;
  cpuMethod: RunReply['cpuMethod'];
  /** From the start of the pass to the first delivered result. */
  firstResultMs: number | null;
  /** When the pass began, on the shared clock of the spans. */
  startedAt: number;
  /** Every task's span, in the order the replies arrived; empty unless the plan asks for them. */
  spans: TaskSpan[];
}

/** What a pass runs. */
export interface TrialPlan {
  pool: Executor;
  items: readonly unknown[];
  /** Input indices per task. */
  chunks: readonly number[][];
  /** Tasks in flight at once: the pool's worker count. */
  lanes: number;
  spread: boolean;
  /** Deliver chunks in input order (default) or as they land. */
  ordered?: boolean;
  /** Called with each chunk's input indices when it is delivered, the pass's outcomes so far and the time since its start. */
  onDelivered?: (indices: readonly number[], outcomes: Outcomes, elapsedMs: number) => void;
  /** Calls in flight at once inside the worker (the async alternative); absent runs them one by one. */
  concurrency?: number;
  /** Have the worker look for class instances among the results (worth it on one pass only). */
  inspect?: boolean;
  /** Keep every task's span for the pool timeline (four clock reads and an object per task). */
  recordSpans?: boolean;
  /**
   * Send each lane's next chunk before its current one is done, to wait at its worker, which takes
   * it up the moment it is free, with no round trip to the engine between (see sendAhead.ts).
   * Only while there are chunks enough for every lane: the last ones go to whichever worker is
   * free first, so a worker never holds a last chunk another one could already be running.
   */
  sendAhead?: boolean;
}

/** Splits the input indices into chunks of `size`. */
export function chunkIndices(indices: readonly number[], size: number): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < indices.length; i += size) chunks.push(indices.slice(i, i + size));
  return chunks;
}

/** `input 3` or `inputs 4–7`, for messages. */
export function describeInputs(indices: readonly number[]): string {
  const first = indices[0] ?? 0;
  const last = indices[indices.length - 1] ?? first;
  return indices.length === 1 ? `input ${first}` : `inputs ${first}–${last}`;
}

/** Runs every chunk once, timing the whole pass. Rejects with PoolFault (fatal) or Cancelled. */
export async function runTrial(plan: TrialPlan): Promise<TrialResult> {
  const result: TrialResult = {
    ms: 0, computeMs: 0, values: new Array<unknown>(plan.items.length), thrown: new Map(), memoryBytes: 0, uncloneable: [], uncloneableWhy: new Map(), cpuMs: 0, cpuMethod: 'eventLoopUtilization', firstResultMs: null,
    startedAt: 0, spans: [],
  };
  const recordSpans = plan.recordSpans === true;
  let next = 0;
  let failed = false;
  const ordered = plan.ordered ?? true;
  const landed: boolean[] = new Array<boolean>(plan.chunks.length).fill(false);
  let nextDelivery = 0;
  const start = performance.now();
  result.startedAt = performance.timeOrigin + start;

  const deliver = (chunk: number): void => {
    const elapsedMs = performance.now() - start;
    result.firstResultMs ??= elapsedMs;
    plan.onDelivered?.(plan.chunks[chunk] ?? [], result, elapsedMs);
  };
  const onLanded = (chunk: number): void => {
    if (!ordered) return deliver(chunk);
    landed[chunk] = true;
    while (landed[nextDelivery] === true) deliver(nextDelivery++);
  };

  const record = (indices: readonly number[], reply: RunReply): void => {
    for (let position = 0; position < indices.length; position++) result.values[indices[position] as number] = reply.values[position];
    result.computeMs += reply.computeMs;
    result.cpuMs += reply.cpuMs;
    result.cpuMethod = reply.cpuMethod;
    for (const thrown of reply.thrown) {
      const index = indices[thrown.position];
      if (index !== undefined) result.thrown.set(index, thrown);
    }
    result.memoryBytes = Math.max(result.memoryBytes, reply.memoryBytes);
  };

  const runChunk = async (slot: number, indices: number[], checkClone: boolean): Promise<void> => {
    const where = describeInputs(indices);
    try {
      // Sent from here: preparing the task is the engine's share of messaging.
      const sentAt = recordSpans ? performance.timeOrigin + performance.now() : 0;
      // Copies of large typed arrays are moved, never the engine's originals, which every trial reuses.
      const inputs = copiedInputs(indices.map((i) => plan.items[i]));
      const task = {
        kind: 'run' as const, items: inputs.items, spread: plan.spread, slot,
        ...(checkClone ? { checkClone } : {}), ...(plan.inspect === true ? { inspect: true } : {}), ...(plan.concurrency === undefined ? {} : { concurrency: plan.concurrency }),
      };
      const reply = await plan.pool.run(task, where, { indices, transfer: inputs.transfer });
      if (recordSpans && reply.kind === 'run' && reply.startedAt !== undefined && reply.finishedAt !== undefined) {
        result.spans.push({ indices, threadId: reply.threadId, sentAt, startedAt: reply.startedAt, finishedAt: reply.finishedAt, receivedAt: performance.timeOrigin + performance.now() });
      }
      if (reply.kind === 'failed') {
        throw new PoolFault({ code: reply.code, message: reply.message, ...(reply.stack === undefined ? {} : { stack: reply.stack }) }, true);
      }
      if (reply.kind !== 'run') throw new PoolFault({ code: 'INTERNAL', message: `the worker answered a run task with ${reply.kind}` }, true);
      record(indices, reply);
      for (const { position, reason } of reply.uncloneable) {
        const index = indices[position];
        if (index === undefined) continue;
        result.uncloneable.push(index);
        result.uncloneableWhy.set(index, reason);
      }
    } catch (error) {
      if (checkClone || !(error instanceof PoolFault) || error.error.code !== 'NOT_CLONEABLE') throw error;
      // The reply failed to send: run the chunk again, this time testing each result, to name the culprits.
      await runChunk(slot, indices, true);
      if (!result.uncloneable.some((index) => indices.includes(index))) {
        throw new PoolFault({ code: 'INTERNAL', message: `the worker failed on ${where} with an error that could not be read` }, true);
      }
    }
  };

  const lanes = Math.max(1, plan.lanes);
  const depth = plan.sendAhead === true ? 2 : 1;
  // A lane's chunks finish in the order they were sent (its slot runs them one after another).
  const lane = async (slot: number): Promise<void> => {
    const inFlight: Array<Promise<{ chunk: number; ok: true } | { chunk: number; ok: false; error: unknown }>> = [];
    for (;;) {
      while (!failed && next < plan.chunks.length && (inFlight.length === 0 || (inFlight.length < depth && plan.chunks.length - next >= lanes))) {
        const chunk = next++;
        // Settled here, so a chunk that fails behind the one awaited is never an unhandled rejection.
        inFlight.push(runChunk(slot, plan.chunks[chunk] as number[], false).then(() => ({ chunk, ok: true as const }), (error: unknown) => ({ chunk, ok: false as const, error })));
      }
      const oldest = inFlight.shift();
      if (oldest === undefined) return;
      const landed = await oldest;
      if (!landed.ok) {
        failed = true;
        throw landed.error;
      }
      onLanded(landed.chunk);
    }
  };

  await Promise.all(Array.from({ length: lanes }, (_, slot) => lane(slot)));
  result.ms = performance.now() - start;
  result.uncloneable.sort((a, b) => a - b);
  return result;
}
