/** Number formatting shared by the panels: times, ratios, bytes and counts, all in en-US. */

const locale = 'en-US';

/** Milliseconds with adaptive precision: "0.042 ms", "4.21 ms", "42.1 ms", "421 ms", "4,210 ms", "42.1 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs >= 10_000) return `${formatNumber(ms / 1000, abs >= 100_000 ? 0 : 1)} s`;
  return `${formatMsNumber(ms)} ms`;
}

/** The number part of `formatMs` below 10 s, for axis ticks and table cells that carry the unit elsewhere. */
export function formatMsNumber(ms: number): string {
  const abs = Math.abs(ms);
  if (abs === 0) return '0';
  const digits = abs < 0.1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return formatNumber(ms, digits);
}

/** An axis tick: every tick of an axis gets the decimals its step needs, so labels line up (0, 20, 40 — not 0, 20.0, 100). */
export function formatTick(value: number, step: number): string {
  const digits = step > 0 && step < 1 ? Math.min(3, Math.ceil(-Math.log10(step))) : 0;
  return formatNumber(value, digits);
}

/** A range with the unit once when both ends share it: "4,194–4,281 ms", "9,800 ms – 10.2 s". */
export function formatRangeMs(from: number, to: number): string {
  const a = formatMs(from);
  const b = formatMs(to);
  const unitA = a.split(' ')[1];
  return unitA === b.split(' ')[1] ? `${a.split(' ')[0]}–${b}` : `${a} – ${b}`;
}

/** A speedup ratio: "1.93×". */
export function formatSpeedup(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—';
}

/** A 0–1 fraction as a percentage: "87%". */
export function formatFraction(fraction: number): string {
  return Number.isFinite(fraction) ? `${Math.round(fraction * 100)}%` : '—';
}

/** A 0–100 value as a percentage: "42%". */
export function formatPercent(percent: number): string {
  return Number.isFinite(percent) ? `${Math.round(percent)}%` : '—';
}


/** An integer count with grouping: "10,000". */
export function formatCount(n: number): string {
  return formatNumber(n, 0);
}

/** "1 worker", "2 workers". */
export function workersLabel(workers: number): string {
  return workers === 1 ? '1 worker' : `${workers} workers`;
}

/** A fixed number of fraction digits with grouping. */
export function formatNumber(n: number, digits: number): string {
  return n.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// hourCycle 'h23', not hour12: false: V8 reads the latter as h24 in en-US and writes the hour after
// midnight as "24:37".
const runTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const runDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const clockTime = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** `Dec 5, 15:40:12`, `Dec 6, 00:37:29`: short, and unique enough among a function's runs. */
export function formatRunTime(ms: number): string {
  return runTime.format(ms);
}

/** `Dec 6, 2026, 00:37`: when a run shown on its own started (a kept run may be a year old). */
export function formatRunDate(ms: number): string {
  return runDate.format(ms);
}

/** `00:37:29`: a reading's time of day. */
export function formatClockTime(ms: number): string {
  return clockTime.format(ms);
}

/** `text` with its first letter upper-case, as a sentence on its own. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
