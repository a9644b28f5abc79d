import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { formatResult, timelineLine } from '../../server/cli/formatResult';

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

  void it('sums the pool timeline up in one line: the shares, and the last chunk that held the trial up', () => {
    const result = load('pbkdf2-2-workers-timeline');
    const lines = formatResult(result, plain, '/');
    assert.ok(lines.includes('timeline (2 workers, trial 1, 269 ms): compute 96%, messaging 2.6%, idle 1.4%; slowest last chunk: input 22 on worker 1, 25.5 ms, alone for its last 7.35 ms'), lines.join('\n'));
    assert.ok(result.timeline);
    // One worker has no one to be alone from; a clock stepped between the processes is said.
    const one = { ...result.timeline, workers: 1, clockCorrectionMs: 19.2 };
    assert.equal(timelineLine(one), 'timeline (1 worker, trial 1, 269 ms): compute 96%, messaging 2.6%, idle 1.4%; last chunk: input 22, 25.5 ms; the workers\' clock was 19.2 ms off the engine\'s, corrected');
    // Older results have none, and no line.
    assert.doesNotMatch(formatResult(load('primes-8-workers'), plain, '/').join('\n'), /^timeline/m);
  });

  void it('says keep it serial instead of a pool size when the suggestion does', () => {
    const primes = load('primes-8-workers');
    const kept = { ...primes, suggestion: { ...primes.suggestion, keepSerial: true, poolSize: 1, reasoning: ['keep it serial: no pool beat serial by 1.1×, so no pool is suggested'] } };
    const text = formatResult(kept, plain, '/').join('\n');
    assert.match(text, /^suggestion: keep it serial, no pool$/m);
    assert.doesNotMatch(text, /suggested pool size/);
    assert.match(formatResult(primes, plain, '/').join('\n'), /^suggested pool size: 8$/m);
  });

  void it('heads the errors with their true count when the list is cut', () => {
    const mismatch = load('hash-mismatch-errors');
    const cut = { ...mismatch, errorCounts: { TASK_THREW: 41, TASK_TIMEOUT: 1, NOT_CLONEABLE: 1 } };
    assert.match(formatResult(cut, plain, '/').join('\n'), /^43 errors \(TASK_THREW ×41, TASK_TIMEOUT ×1, NOT_CLONEABLE ×1\), 3 listed:$/m);
    assert.match(formatResult(mismatch, plain, '/').join('\n'), /^3 errors:$/m);
  });

  void it('gives the Amdahl prediction its range, or says why there is none', () => {
    const primes = load('primes-8-workers');
    const fit = primes.amdahl;
    assert.ok(fit);
    const ranged = { ...primes, amdahl: { ...fit, serialFractionRange: [0.05, 0.08] as [number, number], predicted: fit.predicted.map((p) => ({ ...p, low: p.speedup - 1, high: p.speedup + 1 })) } };
    assert.match(formatResult(ranged, plain, '/').join('\n'), /^Amdahl fit: serial fraction 6\.5% \(5\.0–8\.0%\) → predicted 12\.5× \(11\.5–13\.5×\) on 64 cores \(32: 10\.6× \(9\.6–11\.6×\), 64: 12\.5× \(11\.5–13\.5×\)\)$/m);
    const unreliable = { ...primes, amdahl: { ...fit, predicted: [], reliable: false, caveat: 'the timings were noisy, so noise rather than the function would decide a prediction' } };
    assert.match(formatResult(unreliable, plain, '/').join('\n'), /^Amdahl fit: serial fraction 6\.5%; no prediction: the timings were noisy, so noise rather than the function would decide a prediction$/m);
  });
});
