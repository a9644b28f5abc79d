// The benchmark panel's headline (webview/benchmark/headline.ts, pure): one short sentence that
// tells the same story as the verdict, the badges and the suggestion, for every kind of run.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { headlineFor, shortVerdictChars } from '../../webview/benchmark/headline';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'results');
const load = (name: string): BenchmarkResult => BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')));
const benchmarks = readdirSync(fixtures).filter((f) => f.endsWith('.json') && !f.startsWith('resources')).map((f) => f.replace(/\.json$/, ''));

void describe('headlineFor', () => {
  void it('keeps a short one-sentence verdict as it is, with no detail to repeat it', () => {
    const primes = load('primes-8-workers');
    assert.deepEqual(headlineFor(primes), { text: '5.3× faster on 8 workers than serially', tone: 'good', detail: null });
    assert.deepEqual(headlineFor(load('cancelled-2-workers')), { text: 'Cancelled: 1.9× faster on 2 workers so far', tone: 'neutral', detail: null });
  });

  void it('says a run cancelled after 1 worker has no verdict on larger pools', () => {
    const two = load('cancelled-2-workers');
    const one = { ...two, runs: two.runs.filter((run) => run.workers === 1), verdict: 'Cancelled after 1 worker (0.98× serial): larger pools were not measured, so there is no verdict — run it to the end' };
    assert.deepEqual(headlineFor(one), { text: 'Cancelled after 1 worker: larger pools not measured', tone: 'neutral', detail: one.verdict });
  });

  void it('condenses a long verdict and keeps it whole as the detail', () => {
    const keep = load('keep-serial-pairs');
    const headline = headlineFor(keep);
    assert.equal(headline.text, 'Keep it serial: every pool was slower (best 0.08× on 2 workers)');
    assert.equal(headline.tone, 'serial');
    assert.equal(headline.detail, keep.verdict);

    const io = load('io-bound-2-workers');
    assert.equal(headlineFor(io).text, 'Use async concurrency: 32 calls at once ran 34.3× faster');
    assert.equal(headlineFor(io).detail, io.verdict);

    assert.equal(headlineFor(load('hash-mismatch-errors')).text, 'Parallel results differ from serial: do not trust the speedup');
    assert.equal(headlineFor(load('hash-mismatch-errors')).tone, 'warn');
    assert.equal(headlineFor(load('every-input-threw')).text, 'Nothing could be measured: fix the inputs');
  });

  void it('says a pool that pays off in the verdict\'s own figure, and keep it serial when the suggestion does', () => {
    const primes = load('primes-8-workers');
    const long = { ...primes, verdict: `${primes.verdict}. Timings were noisy (serial trials ranged 4182–4302 ms): close other work or raise parallelize.trials, and run again` };
    assert.deepEqual(headlineFor(long), { text: '5.3× faster on 8 workers', tone: 'good', detail: long.verdict });
    const kept = { ...long, suggestion: { ...primes.suggestion, keepSerial: true } };
    assert.equal(headlineFor(kept).text, 'Keep it serial: 5.31× on 8 workers is not worth a pool');
  });

  for (const name of benchmarks) {
    void it(`tells one story with the result (${name})`, () => {
      const result = load(name);
      const { text, tone, detail } = headlineFor(result);
      assert.ok(text.length <= shortVerdictChars, `"${text}" is short`);
      assert.ok(!/\.\s/.test(text), 'one sentence');
      // The headline never reports a speedup worth having when the suggestion says keep it serial, and vice versa.
      if (result.suggestion.keepSerial) assert.doesNotMatch(text, /× faster on \d+ workers?$/);
      if (/keep it serial/i.test(text)) assert.equal(result.suggestion.keepSerial || /keep it serial/i.test(result.verdict), true);
      if (result.failure !== null || result.mismatch !== null) assert.equal(tone, 'warn');
      if (tone === 'good') assert.equal(result.resultsMatch, true, 'a good headline only over matching results');
      // The whole verdict is on the page: as the headline or as its detail.
      assert.ok(detail === result.verdict || (detail === null && text === result.verdict));
    });
  }
});
