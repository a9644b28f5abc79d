import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { formatResult } from '../../server/cli/formatResult';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'results');
const load = (name: string): BenchmarkResult => BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')));
const plain = (_colour: string, text: string): string => text;

void describe('formatResult', () => {
  void it('names the first differing input and warns the function is not deterministic or shares state', () => {
    const text = formatResult(load('hash-mismatch-errors'), plain, '/').join('\n');
    assert.match(text, /results differ: input 17 gave .* serially but .* on \d+ workers?/);
    assert.match(text, /not deterministic or shares state/);
  });

  void it('gives the Amdahl fit a line for a CPU-bound run', () => {
    const text = formatResult(load('primes-8-workers'), plain, '/').join('\n');
    assert.match(text, /^Amdahl fit: serial fraction 6\.5% → predicted 12\.5× on 64 cores \(32: 10\.6×, 64: 12\.5×\)$/m);
  });

  void it('gives each new figure a line: trials, CPU-bound, async runs, delivery', () => {
    const lines = formatResult(load('io-bound-2-workers'), plain, '/');
    const text = lines.join('\n');
    assert.match(text, /^each trial \(ms\): serial [\d. ]+; 1w [\d. ]+; 2w [\d. ]+$/m);
    assert.match(text, /^chunk size 1: 22 ms per input, ~94 µs per message → one input per message/m);
    assert.doesNotMatch(text, /Amdahl/, 'no fit over cores for a function that waits');
    assert.match(text, /^I\/O-bound: 1% of each input's time computing \(event-loop utilization\)$/m);
    assert.match(text, /^async on one worker: 8 at once [\d.]+ ms \([\d.]+×\), 32 at once [\d.]+ ms \([\d.]+×\)$/m);
    assert.match(text, /^results delivered in input order, first after [\d.]+ ms on 2 workers$/m);
    assert.ok(lines.length < 30, `${lines.length} lines: readable, not a wall`);
  });
});
