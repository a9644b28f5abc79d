/**
 * The piscina worker the baselines run: the bench functions called directly, with none of the
 * engine's bookkeeping (no per-input timing, watchdog or validated replies). Bundled by rawPool.ts.
 */
import { move } from 'piscina';
import { prefixSum } from './functions/buffers';
import { affine, tenMicros } from './functions/tiny';

/**
 * What a raw task asks for: one function over one item or a chunk of items, nothing at all, or
 * prefixSum over one array, its result cloned back or moved with piscina's move().
 */
export type RawTask =
  | { fn: 'noop' }
  | { fn: 'tenMicros' | 'affine'; item: number }
  | { fn: 'tenMicros' | 'affine'; items: number[] }
  | { fn: 'prefixSum'; input: Float64Array; move: boolean };

const functions = { tenMicros, affine };

/** The piscina handler. */
export default function run(task: RawTask): unknown {
  if (task.fn === 'noop') return null;
  if (task.fn === 'prefixSum') return task.move ? move(prefixSum(task.input)) : prefixSum(task.input);
  const fn = functions[task.fn];
  if ('item' in task) return fn(task.item);
  const out = new Array<number>(task.items.length);
  for (let i = 0; i < task.items.length; i++) out[i] = fn(task.items[i] ?? 0);
  return out;
}
