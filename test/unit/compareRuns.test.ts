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
import { storedClusterSettings } from '../../extension/history/runCluster';

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
    assert.deepEqual(c.machine.filter((m) => m.changed).map((m) => `${m.name}: ${m.before} → ${m.after}`), ['cores: 16 → 4', 'free memory: 21.0 GB → 10.5 GB', 'load: 7% → 60%']);
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

void describe('compareRuns with a cluster', () => {
  const fixture = (name: string) => BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')));
  const predicted = fixture('primes-cluster-predicted');
  const noPrediction = fixture('primes-cluster-no-prediction');
  const stopped = fixture('primes-cluster-stopped');
  const clusterRow = (c: ReturnType<typeof compareRuns>) => c.rows.find((r) => r.config === 'cluster');
  const withCluster = (result: BenchmarkResult, cluster: Partial<NonNullable<BenchmarkResult['cluster']>>): BenchmarkResult => ({ ...result, startedAt: result.startedAt + 60_000, cluster: { ...result.cluster!, ...cluster } });

  void it('has no cluster row, nor a cluster block, when neither run had or asked for one', () => {
    const c = compareRuns(stored('a', primes), { ...stored('b', primes), cluster: null });
    assert.equal(clusterRow(c), undefined);
    assert.deepEqual(c.cluster, []);
  });

  void it('puts the cluster after the pool sizes, with the same noise rule, and says the same cluster ran', () => {
    const c = Comparison.parse(compareRuns(stored('a', noPrediction), stored('b', predicted)));
    assert.equal(c.rows.at(-1)?.config, 'cluster');
    const row = clusterRow(c)!;
    assert.equal(row.marker, 'noise', 'min–max ranges 723–972 ms and 714–745 ms overlap');
    assert.equal(row.before?.medianMs, noPrediction.cluster?.medianMs);
    assert.equal(row.after?.trials, 9);
    assert.equal(row.after?.minMs, Math.min(...predicted.cluster!.samplesMs));
    assert.equal(row.speedupAfter, predicted.cluster?.speedup);
    assert.equal(Math.round(row.changePercent ?? 0), -11);
    assert.equal(row.cluster?.shapeChanged, false);
    assert.equal(row.cluster?.note, null);
    assert.equal(row.cluster?.after?.label, 'cluster 2×1');
    assert.equal(row.cluster?.after?.shape, '2 processes × 1 thread on this machine (local Redis)');
    assert.equal(row.cluster?.after?.workers, 2);
    // A local Redis's port differs every run: not a change.
    assert.notEqual(noPrediction.cluster?.redis, predicted.cluster?.redis);
    assert.deepEqual(c.cluster.map((v) => [v.name, v.after, v.changed]), [['cluster', 'this machine (local Redis)', false], ['processes × threads', '2 processes × 1 thread', false]]);
    assert.equal(c.nothingChanged, true);
  });

  void it('calls a cluster faster or slower only when the trials are apart, as for a pool size', () => {
    const faster = withCluster(predicted, { samplesMs: predicted.cluster!.samplesMs.map((s) => s / 2), medianMs: predicted.cluster!.medianMs! / 2, speedup: predicted.cluster!.speedup! * 2 });
    const row = clusterRow(compareRuns(stored('a', predicted), stored('b', faster)))!;
    assert.equal(row.marker, 'faster');
    assert.equal(Math.round(row.changePercent ?? 0), -50);
    const one = withCluster(predicted, { samplesMs: [700], medianMs: 700 });
    assert.equal(clusterRow(compareRuns(stored('a', predicted), stored('b', one)))?.marker, 'unknown');
  });

  void it('says "missing" when one run had no cluster phase, and why', () => {
    const c = compareRuns(stored('a', primes), stored('b', predicted));
    const row = clusterRow(c)!;
    assert.equal(row.marker, 'missing');
    assert.equal(row.before, null);
    assert.equal(row.cluster?.before, null);
    assert.match(row.cluster?.note ?? '', /^The earlier run had no cluster phase \(parallelize\.cluster\.mode was off\)\.$/);
    assert.deepEqual(c.cluster.map((v) => `${v.name}: ${v.before} → ${v.after}`), ['cluster: off → this machine (local Redis)', 'processes × threads: — → 2 processes × 1 thread']);
    assert.equal(c.nothingChanged, false, 'turning the cluster on is a change');

    // A run that asked for a cluster but was cancelled before its phase: its setting says what it would have been.
    const cancelled = { ...predicted, startedAt: predicted.startedAt + 60_000, cluster: null, cancelled: true };
    const asked = compareRuns(stored('a', predicted), { ...stored('b', cancelled), cluster: { mode: 'local', redis: null, processes: 2, threadsPerProcess: 1 } });
    assert.equal(clusterRow(asked)?.marker, 'missing');
    assert.match(clusterRow(asked)?.cluster?.note ?? '', /^The later run asked for a cluster \(2 processes × 1 thread on this machine \(local Redis\)\) but ended before its cluster phase\.$/);
    assert.equal(asked.cluster.every((v) => !v.changed), true, 'the same cluster was asked for');
  });

  void it('tags two different clusters and never lets the change pass for the same cluster over time', () => {
    const bigger = withCluster(predicted, { processes: 4, redis: 'redis://10.0.0.5:6379', mode: 'remote' });
    const c = compareRuns(stored('a', predicted), stored('b', bigger));
    const row = clusterRow(c)!;
    assert.equal(row.cluster?.shapeChanged, true);
    assert.equal(row.cluster?.after?.workers, 4);
    assert.match(row.cluster?.note ?? '', /^The clusters differ: 2 processes × 1 thread on this machine \(local Redis\) before, 4 processes × 1 thread on redis:\/\/10\.0\.0\.5:6379 after; the change is between two different clusters/);
    assert.deepEqual(c.cluster.filter((v) => v.changed).map((v) => `${v.name}: ${v.before} → ${v.after}`), ['cluster: this machine (local Redis) → redis://10.0.0.5:6379', 'processes × threads: 2 processes × 1 thread → 4 processes × 1 thread']);
    assert.equal(c.nothingChanged, false);
    // Same processes × threads on another Redis is still another cluster.
    const moved = withCluster(predicted, { redis: 'redis://10.0.0.5:6379', mode: 'remote' });
    assert.equal(clusterRow(compareRuns(stored('a', predicted), stored('b', moved)))?.cluster?.shapeChanged, true);
  });

  void it('calls no change on a stopped or disagreeing cluster, and says why', () => {
    const c = compareRuns(stored('a', predicted), stored('b', { ...stopped, startedAt: predicted.startedAt + 60_000 }));
    const row = clusterRow(c)!;
    assert.equal(row.marker, 'unknown', 'a stopped cluster’s figures are not a result');
    assert.equal(row.cluster?.after?.doubt, 'stopped');
    assert.equal(row.cluster?.after?.doubtText, stopped.cluster?.stopped);
    assert.match(row.cluster?.note ?? '', /^The later run's cluster stopped early, so its figures cover only the trials it finished: the local Redis \(pid \d+\) was killed by SIGKILL mid-run.*No change is called on figures in doubt\.$/);
    // Its stopped cluster is an error of the run: the chip says "failed", as the CodeLens does, and the caveat says why.
    assert.equal(c.after.short, 'failed');
    assert.equal(c.caveat, 'The later run counts as failed, as its CodeLens says, because its cluster stopped early: its figures are compared as measured, its verdict is not.');
    const threw = { ...predicted, startedAt: predicted.startedAt + 60_000, errors: [{ code: 'TASK_THREW' as const, message: 'boom', inputIndex: 3 }], errorCounts: { TASK_THREW: 1 } };
    assert.match(compareRuns(stored('a', predicted), stored('b', threw)).caveat ?? '', /^The later run counts as failed, as its CodeLens says, because it ended with errors \(the first TASK_THREW on input 3\)/);

    const differs = withCluster(predicted, { resultsMatch: false, mismatch: { inputIndex: 3, serial: '9', parallel: '8' }, samplesMs: predicted.cluster!.samplesMs.map((s) => s / 2), medianMs: predicted.cluster!.medianMs! / 2 });
    const d = clusterRow(compareRuns(stored('a', predicted), stored('b', differs)))!;
    assert.equal(d.marker, 'unknown', 'twice as fast, but with wrong results: no "faster"');
    assert.equal(d.cluster?.after?.doubt, 'differs');
    assert.equal(d.cluster?.after?.doubtText, 'input 3 gave 9 serially but 8 on the cluster');
  });

  void it('leaves a failed run’s cluster out of the table, as its pool sizes', () => {
    const failed = { ...predicted, startedAt: predicted.startedAt + 60_000, failure: 'inputs-failed' as const, bestWorkers: null, resultsMatch: false };
    const row = clusterRow(compareRuns(stored('a', predicted), stored('b', failed)))!;
    assert.equal(row.after, null);
    assert.equal(row.marker, 'missing');
    assert.match(row.cluster?.note ?? '', /The later run measured nothing that can be compared, its cluster included\./);
  });
});

void describe('the headline with a cluster', () => {
  const fixture = (name: string) => BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')));
  const predicted = fixture('primes-cluster-predicted');
  const noPrediction = fixture('primes-cluster-no-prediction');
  const stopped = fixture('primes-cluster-stopped');
  const cluster = predicted.cluster!;
  /** The same run a minute later with its cluster's trials scaled by `factor` and `changes` applied. */
  const later = (factor: number, changes: Partial<NonNullable<BenchmarkResult['cluster']>> = {}): BenchmarkResult => ({
    ...predicted,
    startedAt: predicted.startedAt + 60_000,
    cluster: { ...cluster, samplesMs: cluster.samplesMs.map((s) => s * factor), medianMs: cluster.medianMs! * factor, speedup: cluster.speedup! / factor, ...changes },
  });
  const headlineOf = (after: BenchmarkResult, before = predicted) => compareRuns(stored('a', before), stored('b', after)).headline;
  const verdicts = 'best before: 1.9× on 2 workers, after: 1.9× on 2 workers.';

  void it('says the cluster got faster or slower beyond the noise, beside the serial time', () => {
    assert.equal(headlineOf(later(0.5)), `Serial time unchanged within the trials' noise (1,302 ms → 1,302 ms); cluster 2×1 2.00× faster (732 ms → 366 ms), beyond the trials' noise; ${verdicts}`);
    assert.equal(headlineOf(later(1.25)), `Serial time unchanged within the trials' noise (1,302 ms → 1,302 ms); cluster 2×1 1.25× slower (732 ms → 915 ms), beyond the trials' noise; ${verdicts}`);
    // Serial and cluster both faster: each said once, in its own clause.
    const both = { ...later(0.5), serial: scaled(predicted.serial, 0.5) };
    assert.match(headlineOf(both), /^Serial time 2\.00× faster \(1,302 ms → 651 ms\), beyond the trials' noise; cluster 2×1 2\.00× faster \(732 ms → 366 ms\), beyond the trials' noise; best before/);
  });

  void it('says nothing of the cluster when its change is within the noise, or cannot be told', () => {
    assert.equal(headlineOf(later(1.01)), `Serial time unchanged within the trials' noise (1,302 ms → 1,302 ms); ${verdicts}`);
    assert.doesNotMatch(headlineOf(later(0.5, { samplesMs: [366] })), /cluster/, 'one trial: no spread to judge by');
    assert.doesNotMatch(headlineOf({ ...stopped, startedAt: predicted.startedAt + 60_000 }), /cluster/, 'a stopped cluster’s figures are no result');
    const wrong = later(0.5, { resultsMatch: false, mismatch: { inputIndex: 3, serial: '9', parallel: '8' } });
    assert.doesNotMatch(headlineOf(wrong), /cluster/, 'twice as fast with wrong results is not "faster"');
    assert.doesNotMatch(headlineOf({ ...predicted, startedAt: predicted.startedAt + 60_000, cluster: null }), /cluster/, 'only one run had a cluster');
  });

  void it('says the clusters differ instead of calling a change between two clusters', () => {
    const bigger = later(0.5, { processes: 4, mode: 'remote', redis: 'redis://10.0.0.5:6379' });
    const text = headlineOf(bigger);
    assert.equal(text, `Serial time unchanged within the trials' noise (1,302 ms → 1,302 ms); the clusters differ (cluster 2×1 → 4×1): their times, 732 ms → 366 ms, compare two clusters, not one over time; ${verdicts}`);
    assert.match(headlineOf(later(1, { mode: 'remote', redis: 'redis://10.0.0.5:6379' })), /; the clusters differ \(cluster 2×1, other Redis\): their times, 732 ms → 732 ms, compare/);
    // A Redis URL with no worker attached: nothing measured on it, and still another cluster.
    const none = later(1, { mode: 'remote', redis: 'redis://10.0.0.5:6379', processes: 0, samplesMs: [], medianMs: null, speedup: null, efficiency: null, stopped: 'no worker is attached to redis://10.0.0.5:6379' });
    assert.match(headlineOf(none), /; the clusters differ \(cluster 2×1, other Redis\); best before/);
  });

  void it('never says other than the delta table’s cluster row', () => {
    const afters = [later(0.5), later(2), later(1.01), later(0.98), later(0.5, { samplesMs: [366] }), later(0.5, { processes: 4 }), later(3, { processes: 1 }), { ...stopped, startedAt: predicted.startedAt + 60_000 }, noPrediction, later(0.5, { stopped: 'cancelled' })];
    for (const after of afters) {
      const c = compareRuns(stored('a', predicted), stored('b', after));
      const row = c.rows.find((r) => r.config === 'cluster')!;
      const called = /cluster 2×1 [\d.]+× (faster|slower)/.exec(c.headline)?.[1];
      assert.equal(called, row.cluster?.shapeChanged ? undefined : ['faster', 'slower'].includes(row.marker) ? row.marker : undefined, `${c.headline} | row ${row.marker}`);
      assert.equal(/the clusters differ/.test(c.headline), row.cluster?.shapeChanged === true, c.headline);
    }
  });
});

void describe('storedClusterSettings', () => {
  void it('keeps a local cluster’s shape, a Redis URL without its password, and null for off', () => {
    assert.equal(storedClusterSettings(undefined), null);
    assert.deepEqual(storedClusterSettings({ mode: 'local', processes: 3, threadsPerProcess: 2, lockMs: 5000 }), { mode: 'local', redis: null, processes: 3, threadsPerProcess: 2 });
    const remote = storedClusterSettings({ mode: 'rediss://worker:hunter2@redis.example:6380/1?password=hunter3&family=6', processes: 2, threadsPerProcess: 1, lockMs: 5000 });
    assert.equal(remote?.redis, 'rediss://worker:***@redis.example:6380/1?password=***&family=6');
    assert.doesNotMatch(JSON.stringify(remote), /hunter/);
  });
});
