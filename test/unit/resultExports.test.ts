// The benchmark panel's exports (extension/panels/resultExports.ts, pure): CSV with one row per
// configuration and raw figures, and a Markdown summary that tells the panel's story.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resultCsv, resultMarkdown } from '../../extension/panels/resultExports';
import { BenchmarkResult } from '../../protocol/results';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'results');
const load = (name: string): BenchmarkResult => BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')));

/** A minimal RFC 4180 reader: enough to prove the writer's quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  return rows;
}

void describe('resultCsv', () => {
  void it('writes a header and one row per serial, pool size and async run, with the raw figures', () => {
    const primes = load('primes-8-workers');
    const rows = parseCsv(resultCsv(primes));
    assert.deepEqual(rows[0], ['configuration', 'kind', 'workers', 'concurrency', 'trials', 'median_ms', 'min_ms', 'max_ms', 'q1_ms', 'q3_ms', 'speedup', 'efficiency', 'samples_ms']);
    assert.equal(rows.length, 1 + 1 + primes.runs.length);
    assert.deepEqual(rows[1]?.slice(0, 6), ['serial', 'serial', '', '', String(primes.serial.trials), String(primes.serial.medianMs)]);
    const eight = rows.find((r) => r[0] === '8 workers');
    const run = primes.runs.find((r) => r.workers === 8);
    assert.ok(eight && run);
    assert.equal(Number(eight[10]), run.speedup);
    assert.equal(Number(eight[11]), run.efficiency);
    assert.deepEqual(eight[12]?.split(' ').map(Number), run.samplesMs);

    const io = load('io-bound-2-workers');
    const ioRows = parseCsv(resultCsv(io));
    assert.deepEqual(ioRows.filter((r) => r[1] === 'async').map((r) => [r[0], r[3]]), io.asyncRuns.map((a) => [`async, ${a.concurrency} at once`, String(a.concurrency)]));
  });

  void it('quotes what needs it and leaves the speedup out of a failed run', () => {
    const failed = load('every-input-threw');
    const rows = parseCsv(resultCsv(failed));
    assert.ok(rows.slice(1).every((r) => r[10] === '' && r[11] === ''), 'no speedup read from timings of errors');
    assert.ok(resultCsv(load('io-bound-2-workers')).includes('"async, 8 at once"'));
  });
});

void describe('cluster rows in the exports', () => {
  void it('adds the cluster after the pool sizes, marked when it stopped', () => {
    const cluster = load('primes-cluster-no-prediction');
    const row = parseCsv(resultCsv(cluster)).find((r) => r[1] === 'cluster');
    assert.ok(row && cluster.cluster);
    assert.deepEqual([row[0], row[2], Number(row[5]), Number(row[10]), Number(row[11])], ['cluster 2×1', '2', cluster.cluster.medianMs, cluster.cluster.speedup, cluster.cluster.efficiency]);
    assert.deepEqual(row[12]?.split(' ').map(Number), cluster.cluster.samplesMs);
    assert.match(resultMarkdown(cluster), /\n\| cluster 2×1 \| [\d,.]+ ms \| [\d,.–]+ ms \| \d\.\d\d× \| \d+% \|\n/);
    const stopped = load('primes-cluster-stopped');
    if (stopped.cluster?.samplesMs.length) assert.match(resultMarkdown(stopped), /\| cluster 2×1 \(stopped\) \|/);
    else assert.doesNotMatch(resultMarkdown(stopped), /cluster 2×1/);
  });
});

void describe('resultMarkdown', () => {
  void it('leads with the headline, names the function, inputs and machine, and has the statistics table', () => {
    const primes = load('primes-8-workers');
    const md = resultMarkdown(primes);
    assert.match(md, /^### countPrimesInRange: 5\.3× faster on 8 workers than serially\n/);
    assert.match(md, /`primes\.ts:14` · 20,000 inputs from `Array\.from/);
    assert.match(md, /parallel results match serial/);
    assert.match(md, /\| 8 workers \| 793 ms \| 779–818 ms \| 5\.31× \| 66% \|/);
    assert.match(md, /\*\*Suggested pool size:\*\* 8 workers/);
  });

  void it('says keep it serial with the verdict in full, and shows no table for a failed run', () => {
    const keep = load('keep-serial-pairs');
    const md = resultMarkdown(keep);
    assert.match(md, /^### mulAdd: Keep it serial/);
    assert.ok(md.includes(keep.verdict), 'the whole verdict under the headline');
    assert.match(md, /\*\*Suggestion:\*\* keep it serial/);
    const failed = resultMarkdown(load('every-input-threw'));
    assert.doesNotMatch(failed, /\| configuration \|/);
  });

  void it('fences an input expression that holds backticks, and escapes pipes in cells', () => {
    const primes = load('primes-8-workers');
    const md = resultMarkdown({ ...primes, inputs: { ...primes.inputs, expression: 'xs.map((x) => `a${x}`)' } });
    assert.match(md, /inputs from `` xs\.map\(\(x\) => `a\$\{x\}`\) ``/);
  });
});
