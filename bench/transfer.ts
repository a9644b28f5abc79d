/**
 * Large inputs and large results: the engine, which sends transferred copies of large typed-array
 * inputs and moves large typed-array results back, against raw piscina cloning both ways and raw
 * piscina moving both ways by hand. Figures, never assertions. A pass allocates and frees 8 MB
 * buffers by the dozen, so the memory state one variant leaves weighs on the next (page faults,
 * pending GC): on this 2-core machine, gaps of 10–15 % between variants have flipped with the order.
 *
 *   npm run bench:transfer                              (builds dist/worker.js first)
 *   node --import tsx bench/transfer.ts --trials 9
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Piscina } from 'piscina';
import { enginePool } from './enginePool';
import { heading, interleave, load, ms, printTable, ratio, type Timing } from './figures';
import { bufferCount, bufferInput, bufferInputs, bufferLength, prefixSum } from './functions/buffers';
import { cleanUpRawWorker, rawPool } from './rawPool';
import type { RawTask } from './rawWorker';

const buffersFile = path.join(__dirname, 'functions', 'buffers.ts');
const workers = availableParallelism();
/** Bytes that cross between threads in one pass: every input out and every result back. */
const bytesPerPass = 2 * bufferCount * bufferLength * Float64Array.BYTES_PER_ELEMENT;

/**
 * Raw piscina over every input, all queued at once: cloned both ways, or by hand as a careful user
 * would (a copy of the input transferred, so the originals survive for the next pass; the result moved).
 */
function rawPass(pool: Piscina, items: readonly Float64Array[], moved: boolean): Promise<Float64Array[]> {
  return Promise.all(items.map((item): Promise<Float64Array> => {
    if (!moved) return pool.run({ fn: 'prefixSum', input: item, move: false } satisfies RawTask) as Promise<Float64Array>;
    const input = item.slice();
    return pool.run({ fn: 'prefixSum', input, move: true } satisfies RawTask, { transferList: [input.buffer] }) as Promise<Float64Array>;
  }));
}

/** The same length and every element equal (prefixSum adds in one order, so exactly equal). */
function sameArray(value: unknown, expected: Float64Array): boolean {
  if (!(value instanceof Float64Array) || value.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (value[i] !== expected[i]) return false;
  return true;
}

function yesNo(ok: boolean): string {
  return ok ? 'yes' : 'NO';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '5' } } });
  const trials = Number(values.trials);
  const mb = bytesPerPass / 1e6;
  console.log(`node ${process.version}, ${workers} workers (one per core), ${load()} at start; medians of ${trials} interleaved rounds with [min–max]`);
  heading(`prefixSum over ${bufferCount} Float64Arrays of ${bufferLength.toLocaleString('en')} (${(bufferLength * 8) / 1e6} MB each), one per task, ${mb} MB across threads a pass`);

  const items = bufferInputs();
  const expected = prefixSum(items[0] as Float64Array);
  // One input per task, one task in flight per worker.
  const engine = await enginePool({ file: buffersFile, name: 'prefixSum', inputs: 'bufferInputs()', items, workers, chunkSize: 1 });
  const raw = await rawPool(workers);
  try {
    // Checked on the engine's first pass, before any other variant has touched the originals; the
    // checks keep no results, so the timed passes start with the same memory as each other.
    const engineEqual = sameArray((await engine.pass()).values[0], expected);
    const intact = items.every((item, k) => sameArray(item, bufferInput(k)));
    const clonedEqual = sameArray((await rawPass(raw, items, false))[0], expected);
    const movedEqual = sameArray((await rawPass(raw, items, true))[0], expected);

    const [engineTime, clonedTime, movedTime] = await interleave(trials, [engine.pass, () => rawPass(raw, items, false), () => rawPass(raw, items, true)]);
    if (engineTime === undefined || clonedTime === undefined || movedTime === undefined) return;
    const row = (label: string, t: Timing): string[] => [label, ms(t), `${((mb * 1000) / t.medianMs).toFixed(0)} MB/s`, ratio(clonedTime.medianMs / t.medianMs)];
    printTable([
      ['', 'median [min–max] a pass', 'across threads', 'vs cloned'],
      row('piscina, structured clone both ways (baseline)', clonedTime),
      row('engine: TaskPool + runTrial, inputs copied and moved, results moved', engineTime),
      row('piscina by hand: input copied and transferred, result move()d', movedTime),
    ]);
    const gap = engineTime.medianMs / movedTime.medianMs - 1;
    const againstMoved = gap > 0 ? `within ${(gap * 100).toFixed(1)} % of` : `${(-gap * 100).toFixed(1)} % faster than`;
    console.log(`engine is ${ratio(clonedTime.medianMs / engineTime.medianMs)} the cloned baseline and ${againstMoved} hand-moved piscina`);
    console.log(`originals intact after an engine pass: ${yesNo(intact)}`);
    console.log(`input 0 equals the serial result: engine ${yesNo(engineEqual)}, cloned ${yesNo(clonedEqual)}, hand-moved ${yesNo(movedEqual)}`);
  } finally {
    await Promise.all([engine.dispose(), raw.destroy()]);
    cleanUpRawWorker();
  }
  console.log(`${load()} at the end`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
