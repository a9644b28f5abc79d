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
import { clusterLines, clusterRows } from '../../server/cli/formatCluster';
import { renderStandaloneReport } from '../../server/report/standaloneReport';
import { clusterFigures, clusterLabel, clusterRedelivered, clusterResults, clusterWhere } from '../../webview/benchmark/clusterText';
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

void describe('cluster wording shared with the CLI', () => {
  for (const { name, result } of fixtures) {
    void it(`names ${name} as the CLI does`, () => {
      const cluster = result.cluster;
      assert.ok(cluster);
      const lines = clusterLines(result, plain).join('\n');
      const [row] = clusterRows(result);
      // A row exactly when the cluster has figures, under the CLI's label.
      assert.equal(row !== undefined, clusterFigures(cluster) !== null);
      if (row) assert.equal(row[0], clusterLabel(cluster));
      assert.ok(lines.includes(` on ${clusterWhere(cluster)}`), `where: ${clusterWhere(cluster)} in\n${lines}`);
      const results = clusterResults(cluster);
      if (results.tone === 'ok') assert.ok(lines.includes(`cluster results: ${results.text}`), lines);
      if (cluster.redeliveredJobs > 0) assert.ok(lines.includes(clusterRedelivered(cluster).replace(/’/g, "'")), lines);
      if (cluster.stopped !== null) assert.ok(lines.includes(`cluster stopped: ${cluster.stopped}`), lines);
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
