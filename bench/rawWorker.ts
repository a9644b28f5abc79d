/**
 * The piscina worker the baselines run: the bench functions called directly, with none of the
 * engine's bookkeeping (no per-input timing, watchdog or validated replies). Bundled by rawPool.ts.
 */
import { affine, tenMicros } from './functions/tiny';

/** What a raw task asks for: one function over one item or a chunk of items, or nothing at all. */
export type RawTask = { fn: 'noop' } | { fn: 'tenMicros' | 'affine'; item: number } | { fn: 'tenMicros' | 'affine'; items: number[] };

const functions = { tenMicros, affine };

/** The piscina handler. */
export default function run(task: RawTask): number | number[] | null {
  if (task.fn === 'noop') return null;
  const fn = functions[task.fn];
  if ('item' in task) return fn(task.item);
  const out = new Array<number>(task.items.length);
  for (let i = 0; i < task.items.length; i++) out[i] = fn(task.items[i] ?? 0);
  return out;
}
