/** The comparison of two runs: the noise rule, the code diff, what changed and the headline. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Comparison, type StoredRun } from '../../protocol/history';
import { BenchmarkResult, type TimingStats } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { compareRuns, deltaMarker } from '../../extension/history/compareRuns';
import { diffLines, withContext } from '../../extension/history/lineDiff';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'results');
const primes = BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, 'primes-8-workers.json'), 'utf8')));

const code = `export function count(limit: number): number {
  let n = 0;
  for (let i = 2; i < limit; i++) {
    if (isPrime(i)) n++;
  }
  return n;
}`;

function stored(id: string, result: BenchmarkResult, text = code, settings = defaultRunSettings): StoredRun {
  return { format: 1, id, savedAt: result.startedAt, source: { text, startLine: 10 }, settings, result };
}

/** `stats` scaled by `factor`: every median, bound and sample. */
function scaled<T extends TimingStats>(stats: T, factor: number): T {
  return { ...stats, medianMs: stats.medianMs * factor, minMs: stats.minMs * factor, maxMs: stats.maxMs * factor, q1Ms: stats.q1Ms * factor, q3Ms: stats.q3Ms * factor, samplesMs: stats.samplesMs.map((s) => s * factor) };
}

/** The same run with every timing scaled: a faster (factor < 1) or slower function. */
function timesScaled(result: BenchmarkResult, factor: number): BenchmarkResult {
  return { ...result, startedAt: result.startedAt + 60_000, serial: scaled(result.serial, factor), runs: result.runs.map((r) => scaled(r, factor)) };
}

void describe('deltaMarker (the noise rule)', () => {
  const t = (medianMs: number, minMs: number, maxMs: number, trials = 5) => ({ medianMs, minMs, maxMs, trials });
  void it('calls overlapping min–max ranges noise, even when the median moved', () => {
    assert.equal(deltaMarker(t(100, 90, 110), t(95, 80, 91)), 'noise');
    assert.equal(deltaMarker(t(100, 90, 110), t(105, 110, 120)), 'noise', 'touching ranges overlap');
  });
  void it('calls ranges that are apart faster or slower', () => {
    assert.equal(deltaMarker(t(100, 90, 110), t(80, 75, 89)), 'faster');
    assert.equal(deltaMarker(t(100, 90, 110), t(130, 111, 140)), 'slower');
  });
  void it('never calls a one-trial change a change, and says when a side is missing', () => {
    assert.equal(deltaMarker(t(100, 100, 100, 1), t(50, 50, 50, 1)), 'unknown');
    assert.equal(deltaMarker(null, t(50, 40, 60)), 'missing');
  });
});

void describe('diffLines', () => {
  void it('marks removed and added lines with their line numbers in each text', () => {
    const { lines } = diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne', 10, 20);
    assert.deepEqual(lines.map((l) => `${l.kind[0]} ${l.beforeLine ?? '-'} ${l.afterLine ?? '-'} ${l.text}`), [
      's 10 20 a', 'r 11 - b', 'a - 21 B', 's 12 22 c', 's 13 23 d', 'a - 24 e',
    ]);
  });
  void it('aligns moved blocks by their longest common run, not line by line', () => {
    const { lines } = diffLines('x\n1\n2\n3\ny', 'y\n1\n2\n3\nx');
    assert.equal(lines.filter((l) => l.kind === 'same').length, 3);
  });
  void it('keeps three lines of context around each change and folds the rest', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'line ten');
    const shown = withContext(diffLines(before, after).lines);
    assert.deepEqual(shown.map((l) => l.text), ['…', 'line 7', 'line 8', 'line 9', 'line 10', 'line ten', 'line 11', 'line 12', 'line 13', '…']);
    // One hidden line is shown rather than folded into a `…` as tall as itself.
    const short = Array.from({ length: 9 }, (_, i) => `line ${i}`).join('\n');
    assert.equal(withContext(diffLines(short, short.replace('line 4', 'line four')).lines).filter((l) => l.text === '…').length, 0);
  });
});

void describe('compareRuns', () => {
  void it('says nothing changed, and calls overlapping trials noise, for two runs of the same setup', () => {
    const again = { ...primes, startedAt: primes.startedAt + 60_000, serial: { ...primes.serial, medianMs: primes.serial.medianMs * 0.99 } };
    const c = Comparison.parse(compareRuns(stored('a', primes), stored('b', again)));
    assert.equal(c.nothingChanged, true);
    assert.equal(c.code.changed, false);
    assert.deepEqual(c.settings, []);
    assert.equal(c.rows[0]?.marker, 'noise');
    assert.match(c.headline, /^Serial time unchanged within the trials' noise \(4,213 ms → 4,170 ms\); best before: 5\.3× on 8 workers, after: 5\.3× on 8 workers\.$/);
    assert.equal(c.rows.length, 1 + primes.runs.length);
    assert.equal(c.caveat, null);
  });

  void it('shows an edit as faster beyond the noise, with the code diff', () => {
    const edited = code.replace('if (isPrime(i)) n++;', 'if (i % 2 && isPrime(i)) n++;');
    const c = compareRuns(stored('a', primes), stored('b', timesScaled(primes, 0.5), edited));
    assert.equal(c.nothingChanged, false);
    assert.equal(c.code.changed, true);
    assert.equal(c.code.added, 1);
    assert.equal(c.code.removed, 1);
    assert.deepEqual(c.code.lines.filter((l) => l.kind !== 'same').map((l) => [l.kind, l.beforeLine, l.afterLine]), [['removed', 13, null], ['added', null, 13]]);
    assert.ok(c.rows.every((r) => r.marker === 'faster'), c.rows.map((r) => r.marker).join());
    assert.equal(Math.round(c.rows[0]?.changePercent ?? 0), -50);
    assert.match(c.headline, /^Serial time 2\.00× faster \(4,213 ms → 2,106 ms\), beyond the trials' noise;/);
  });

  void it('lists each differing setting, the inputs and the machine', () => {
    const busier = { ...timesScaled(primes, 1), inputs: { expression: '[1, 2, 3]', count: 3 }, resources: { ...primes.resources, cores: 4, loadPercent: 60, memory: { ...primes.resources.memory, freeBytes: primes.resources.memory.freeBytes / 2 } } };
    const c = compareRuns(stored('a', primes), stored('b', busier, code, { ...defaultRunSettings, trials: 5, initializer: 'setup' }));
    assert.deepEqual(c.settings.map((s) => `${s.name}: ${s.before} → ${s.after}`), ['trials: 3 → 5', 'initializer: (none) → setup']);
    assert.deepEqual(c.inputs.map((i) => [i.name, i.changed]), [['expression', true], ['count', true]]);
    assert.deepEqual(c.machine.filter((m) => m.changed).map((m) => `${m.name}: ${m.before} → ${m.after}`), ['cores: 16 → 4', 'free memory: 21 GB → 10.5 GB', 'load: 7% → 60%']);
    assert.equal(c.nothingChanged, false);
  });

  void it('is honest about one trial, a failed side and a run without its code', () => {
    const one = (r: BenchmarkResult): BenchmarkResult => ({ ...r, serial: { ...r.serial, trials: 1 }, runs: r.runs.map((p) => ({ ...p, trials: 1 })) });
    const c1 = compareRuns(stored('a', one(primes)), stored('b', one(timesScaled(primes, 0.5))));
    assert.ok(c1.rows.every((r) => r.marker === 'unknown'));
    assert.match(c1.headline, /one trial on a side: too few to tell a change from noise/);

    const failed = { ...timesScaled(primes, 1), failure: 'inputs-failed' as const, bestWorkers: null, resultsMatch: false };
    const c2 = compareRuns(stored('a', primes), stored('b', failed));
    assert.ok(c2.rows.every((r) => r.after === null && r.marker === 'missing'));
    assert.match(c2.caveat ?? '', /The later run's inputs failed/);
    assert.match(c2.headline, /cannot be compared \(the later run measured none\)/);
    assert.equal(c2.after.outcome, 'failed');

    const c3 = compareRuns({ ...stored('a', primes), source: null }, stored('b', primes));
    assert.equal(c3.code.changed, null);
    assert.equal(c3.nothingChanged, false, 'unknown code is not "nothing changed"');
    assert.match(c3.code.note ?? '', /earlier run did not record/);
  });
});
