/** The few words a function's CodeLens uses to say where its last profile found the time. */
import type { FunctionCost, ProfileResult } from '../../protocol/profile';

/** `12%`, `4.2%`: whole points from 10 % up, one decimal below (as the editor's line notes). */
function percent(share: number): string {
  const p = share * 100;
  return p >= 9.95 ? `${Math.round(p)}%` : `${p.toFixed(1)}%`;
}

/**
 * `self 12% · top callee slowChecksum 87%`: the function's own share, and the other function
 * with the most time under it (totals count a sample once, so a recursive function is not its own
 * callee). `· low confidence` when fewer than 1,000 samples fell inside it.
 */
export function profileSummary(profile: ProfileResult): string {
  const root = profile.tree[0]?.fn ?? -1;
  const self = profile.functions[root];
  const parts = [`self ${percent(self?.selfShare ?? 0)}`];
  let top: FunctionCost | undefined;
  for (const [i, fn] of profile.functions.entries()) {
    if (i !== root && fn.totalShare >= 0.01 && (!top || fn.totalShare > top.totalShare)) top = fn;
  }
  if (top) parts.push(`top callee ${top.name || '(anonymous)'} ${percent(top.totalShare)}`);
  if (profile.lowConfidence) parts.push('low confidence');
  return parts.join(' · ');
}
