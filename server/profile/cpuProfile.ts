/**
 * V8's CPU profile as `Profiler.stop` returns it (and as a `.cpuprofile` file holds it), with the
 * arithmetic every reader of it needs: each sample's duration from `timeDeltas`, and each node's
 * parent. Its schema sits with the worker's messages (it arrives in one, and is validated there);
 * this file stays free of zod, so the worker bundle that imports it does too.
 */
import type { CallFrame, CpuProfile, ProfileNode } from '../worker/messages';

export type { CallFrame, CpuProfile, ProfileNode };

/**
 * Each sample's duration in µs, as Chrome DevTools reads a profile: from its timestamp to the
 * next sample's (the last one to endTime). The requested interval is a wish, so time comes from
 * the deltas, never from counting samples. A negative gap (V8 reorders a few) counts as none.
 */
export function sampleDurations(profile: CpuProfile): Float64Array {
  const { samples, timeDeltas } = profile;
  const durations = new Float64Array(samples.length);
  let at = profile.startTime + (timeDeltas[0] ?? 0);
  for (let i = 0; i < samples.length; i++) {
    const next = i + 1 < samples.length ? at + (timeDeltas[i + 1] ?? 0) : profile.endTime;
    durations[i] = Math.max(0, next - at);
    at = next;
  }
  return durations;
}

/** Each node's parent id (the root has none). */
export function parentsOf(profile: CpuProfile): Map<number, number> {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  return parents;
}
