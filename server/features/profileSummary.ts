/** The few words a function's CodeLens uses to say where its last profile found the time, and its tooltip. */
import type { FunctionCost, ProfileResult } from '../../protocol/profile';

/** `12%`, `4.2%`: whole points from 10 % up, one decimal below (as the editor's line notes). */
function percent(share: number): string {
  const p = share * 100;
  return p >= 9.95 ? `${Math.round(p)}%` : `${p.toFixed(1)}%`;
}

/** The function's own entry, and the other function with the most time under it (at least 1 %). */
function heaviest(profile: ProfileResult): { self: FunctionCost | undefined; top: FunctionCost | undefined } {
  const root = profile.tree[0]?.fn ?? -1;
  let top: FunctionCost | undefined;
  for (const [i, fn] of profile.functions.entries()) {
    if (i !== root && fn.totalShare >= 0.01 && (!top || fn.totalShare > top.totalShare)) top = fn;
  }
  return { self: profile.functions[root], top };
}

/**
 * `self 12% · top callee slowChecksum 87%`: the function's own share, and the other function
 * with the most time under it (totals count a sample once, so a recursive function is not its own
 * callee). `· low confidence` when fewer than 1,000 samples fell inside it.
 */
export function profileSummary(profile: ProfileResult): string {
  const { self, top } = heaviest(profile);
  const parts = [`self ${percent(self?.selfShare ?? 0)}`];
  if (top) parts.push(`top callee ${top.name || '(anonymous)'} ${percent(top.totalShare)}`);
  if (profile.lowConfidence) parts.push('low confidence');
  return parts.join(' · ');
}

/**
 * The lens's short form: where most of the time is, `isPrime 94%` (the top callee) or `self 100%`
 * (the function itself), whichever is larger; `~` before a share from under 1,000 samples.
 */
export function profileLensText(profile: ProfileResult): string {
  if (profile.samples === 0) return 'no samples';
  const { self, top } = heaviest(profile);
  const selfShare = self?.selfShare ?? 0;
  const approx = profile.lowConfidence ? '~' : '';
  return top && top.totalShare > selfShare ? `${top.name || '(anonymous)'} ${approx}${percent(top.totalShare)}` : `self ${approx}${percent(selfShare)}`;
}

/** The lens's tooltip: the shares, then the profile's summary sentence. */
export function profileTooltip(profile: ProfileResult): string {
  return profile.summary ? `${profileSummary(profile)}\n${profile.summary}` : profileSummary(profile);
}
