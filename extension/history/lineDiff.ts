/**
 * A line diff of two texts (the function's code before and after), by longest common subsequence
 * after trimming the shared head and tail. Functions are short; past `maxCells` of the table the
 * middle is shown as removed-then-added rather than spending seconds on it. Pure.
 */
import type { DiffLine } from '../../protocol/history';

/** The LCS table's size limit: 4 million cells is about 50 ms and 16 MB. */
const maxCells = 4_000_000;

/** Every line of both texts in order, each marked same, removed or added; `approximate` when the middle was too large to align. */
export function diffLines(before: string, after: string, beforeStart = 1, afterStart = 1): { lines: DiffLine[]; approximate: boolean } {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const approximate = midA.length * midB.length > maxCells;
  const ops = approximate ? [...midA.map(() => 'removed' as const), ...midB.map(() => 'added' as const)] : lcsOps(midA, midB);

  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  const push = (kind: DiffLine['kind']): void => {
    const text = kind === 'added' ? b[j] : a[i];
    lines.push({
      kind,
      text: text ?? '',
      beforeLine: kind === 'added' ? null : beforeStart + i,
      afterLine: kind === 'removed' ? null : afterStart + j,
    });
    if (kind !== 'added') i++;
    if (kind !== 'removed') j++;
  };
  for (let k = 0; k < head; k++) push('same');
  for (const op of ops) push(op);
  for (let k = 0; k < tail; k++) push('same');
  return { lines, approximate };
}

/** Keeps the changed lines and `context` lines around each change; runs of two or more unchanged lines beyond that become one `same` line reading `…`. */
export function withContext(lines: DiffLine[], context = 3): DiffLine[] {
  const keep = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = true;
  });
  // A single hidden line costs as much room as the `…` standing for it: it is shown instead.
  keep.forEach((kept, index) => {
    if (!kept && keep[index - 1] !== false && keep[index + 1] !== false) keep[index] = true;
  });
  const out: DiffLine[] = [];
  let skipped = false;
  lines.forEach((line, index) => {
    if (keep[index]) {
      out.push(line);
      skipped = false;
    } else if (!skipped) {
      out.push({ kind: 'same', text: '…', beforeLine: null, afterLine: null });
      skipped = true;
    }
  });
  return out;
}

function splitLines(text: string): string[] {
  return text.length === 0 ? [] : text.replace(/\r\n?/g, '\n').split('\n');
}

/** The edit script of the LCS: same, removed (from a) and added (from b), removals before additions at each change. */
function lcsOps(a: string[], b: string[]): ('same' | 'removed' | 'added')[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j] = LCS of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const ops: ('same' | 'removed' | 'added')[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push('same');
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      ops.push('removed');
      i++;
    } else {
      ops.push('added');
      j++;
    }
  }
  while (i++ < n) ops.push('removed');
  while (j++ < m) ops.push('added');
  return ops;
}
