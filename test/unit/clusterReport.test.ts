/**
 * The cluster in the standalone HTML report and in the panel's words: the report carries a run's
 * cluster section whole (and a hostile Redis address as inert text), and the panel names the
 * cluster, where it ran, its results and its redeliveries as the CLI does, for real runs.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BenchmarkResult } from '../../protocol/results';
import { clusterLines } from '../../server/cli/formatCluster';
import { clusterRows } from '../../server/cli/formatResult';
import { renderStandaloneReport } from '../../server/report/standaloneReport';
import { clusterFigures, clusterJobs, clusterPredictionWithheld, clusterRedelivered, clusterResults, clusterRowLabel, clusterShape, clusterWhere } from '../../protocol/clusterText';
import { plural } from '../../protocol/plural';
import { formatCount } from '../../webview/shared/format';
import { buildWebviews, repoRoot } from '../browser/buildWebviews';

const fixtures = ['primes-cluster-no-prediction', 'primes-cluster-predicted', 'primes-cluster-stopped'].map((name) => ({
  name,
  result: BenchmarkResult.parse(JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/results', `${name}.json`), 'utf8'))),
}));

const plain = (_colour: unknown, text: string): string => text;

/** The message the report's page reads, taken back out of the HTML. */
function embeddedResult(html: string): BenchmarkResult {
  const block = /<script type="application\/json" id="parallelize-data">([^]*?)<\/script>/.exec(html)?.[1];
  assert.ok(block !== undefined, 'the report holds its data block');
  const message = JSON.parse(block) as { type: string; result: unknown };
  assert.equal(message.type, 'benchmark');
  return BenchmarkResult.parse(message.result);
}

void describe('cluster in the report', () => {
  let distDir = '';
  before(async () => {
    distDir = await buildWebviews();
  });
  after(() => {
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  for (const { name, result } of fixtures) {
    void it(`carries the whole cluster section of ${name}`, () => {
      assert.ok(result.cluster);
      assert.deepEqual(embeddedResult(renderStandaloneReport(result, distDir)).cluster, result.cluster);
    });
  }

  void it('keeps a hostile Redis address and stop reason as data, not markup', () => {
    const base = fixtures[2]?.result;
    assert.ok(base?.cluster);
    const evil = 'redis://</script><script>alert(1)</script>:6379';
    const result: BenchmarkResult = { ...base, cluster: { ...base.cluster, mode: 'remote', redis: evil, stopped: '<!-- </script>' } };
    const html = renderStandaloneReport(result, distDir);
    assert.equal(html.split('</script>').length - 1, 2, 'only the two real script blocks close');
    assert.equal(embeddedResult(html).cluster?.redis, evil);
    assert.equal(embeddedResult(html).cluster?.stopped, '<!-- </script>');
  });
});

/** A real run edited to the cases no fixture holds: results that differ, and jobs delivered again. */
function differing(): { name: string; result: BenchmarkResult } {
  const base = fixtures[1]?.result;
  assert.ok(base?.cluster);
  const mismatch = { inputIndex: 3, serial: '9592', parallel: '9591' };
  return { name: 'a cluster whose results differ, with 1,200 jobs redelivered', result: { ...base, cluster: { ...base.cluster, resultsMatch: false, mismatch, redeliveredJobs: 1200 } } };
}

void describe('cluster wording shared with the CLI', () => {
  for (const { name, result } of [...fixtures, differing()]) {
    void it(`names ${name} as the CLI does`, () => {
      const cluster = result.cluster;
      assert.ok(cluster);
      const lines = clusterLines(result, plain).join('\n');
      const [row] = clusterRows(result);
      // A row exactly when the cluster has figures, under the panel's label.
      assert.equal(row !== undefined, clusterFigures(cluster) !== null);
      // Tagged as the panel's row is when its figures are in doubt.
      if (row) assert.equal(row[0], clusterRowLabel(cluster));
      assert.ok(lines.includes(`cluster: ${clusterShape(cluster)} on ${clusterWhere(cluster)}, ${clusterJobs(cluster) ?? ''}`), `shape, where and jobs in\n${lines}`);
      const results = clusterResults(cluster);
      assert.ok(lines.includes(results.tone === 'warn' ? `cluster ${results.text}` : `cluster results: ${results.text}`), lines);
      if (cluster.redeliveredJobs > 0) assert.ok(lines.includes(clusterRedelivered(cluster)), lines);
      if (cluster.stopped !== null) assert.ok(lines.includes(`cluster stopped: ${cluster.stopped}`), lines);
      // A stopped cluster's prediction is withheld in both, though the section holds one.
      const withheld = clusterPredictionWithheld(cluster);
      assert.equal(lines.includes('more machines (predicted speedup)'), withheld === null && cluster.predicted.length > 0, lines);
      if (withheld !== null) assert.ok(lines.includes(withheld), lines);
      // The figures the row and the chart use are the section's own.
      const figures = clusterFigures(cluster);
      if (figures !== null) {
        assert.equal(figures.stats.medianMs, cluster.medianMs);
        assert.equal(figures.stats.minMs, Math.min(...cluster.samplesMs));
        assert.equal(figures.stats.maxMs, Math.max(...cluster.samplesMs));
        assert.ok(figures.stats.q1Ms <= figures.stats.medianMs && figures.stats.medianMs <= figures.stats.q3Ms);
      }
    });
  }
});

void it('counts in the panels\' format: grouped, with the plural', () => {
  assert.equal(plural(1, 'input'), '1 input');
  assert.equal(plural(200_000, 'input'), '200,000 inputs');
  assert.equal(plural(2, 'process'), '2 processes');
  assert.equal(plural(1_200, 'job'), formatCount(1_200) + ' jobs');
});
