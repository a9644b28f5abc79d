// Usable cores under a container's CPU quota, read from fixture cgroup files laid out as
// /sys/fs/cgroup shows them (test/fixtures/cgroup/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { suggestPoolSize } from '../../server/engine/poolSize';
import { coresReasoning, readCpuQuota, usableCores } from '../../server/resources/cpuQuota';

const fixtures = path.resolve(__dirname, '../fixtures/cgroup');
const inContainer = '0::/\n';
const v1Process = '12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n';

function quotaOf(fixture: string, selfCgroup = inContainer) {
  return readCpuQuota(path.join(fixtures, fixture), selfCgroup);
}

test('cgroup v2 cpu.max: a whole quota caps the cores, "max" does not', () => {
  assert.deepEqual(quotaOf('v2-limited'), { cores: 2, source: 'cgroup v2 cpu.max "200000 100000"' });
  assert.deepEqual(usableCores(quotaOf('v2-limited'), 16), { cores: 2, availableParallelism: 16, quota: { cores: 2, source: 'cgroup v2 cpu.max "200000 100000"' } });
  assert.equal(quotaOf('v2-unlimited'), null);
  assert.equal(usableCores(quotaOf('v2-unlimited'), 16).cores, 16);
});

test('a fractional quota rounds up: 1.5 cores of CPU time keep two workers busy part of the time', () => {
  const quota = quotaOf('v2-fractional');
  assert.equal(quota?.cores, 1.5);
  assert.equal(usableCores(quota, 8).cores, 2);
});

test('a quota never raises the count above os.availableParallelism', () => {
  assert.equal(usableCores(quotaOf('v2-limited'), 1).cores, 1);
});

test('a parent cgroup\'s quota caps its child, found through /proc/self/cgroup', () => {
  const quota = quotaOf('v2-nested', '0::/app.slice/job\n');
  assert.deepEqual(quota, { cores: 3, source: 'cgroup v2 cpu.max "300000 100000"' });
  // Without the membership line only the mount's root is read, and it has no cpu.max.
  assert.equal(quotaOf('v2-nested', ''), null);
});

test('cgroup v1 cfs quota over period, in the cpu,cpuacct mount; the process path may not exist in the container', () => {
  const quota = quotaOf('v1-limited', v1Process);
  assert.deepEqual(quota, { cores: 0.5, source: 'cgroup v1 cpu.cfs_quota_us 50000 / cpu.cfs_period_us 100000' });
  assert.equal(usableCores(quota, 4).cores, 1);
  assert.equal(quotaOf('v1-unlimited', '1:cpu:/\n0::/\n'), null, 'a quota of -1 is no limit');
});

test('a hybrid mount (v2 without the cpu controller) reads v1; no cpu files or no mount at all means no quota', () => {
  assert.equal(quotaOf('hybrid', '1:cpu:/\n0::/\n')?.cores, 2.5);
  assert.equal(quotaOf('none'), null);
  assert.equal(readCpuQuota(path.join(fixtures, 'no-such-mount'), inContainer), null);
  assert.deepEqual(usableCores(null, 6), { cores: 6, availableParallelism: 6, quota: null });
});

test('the pool-size reasoning names the quota when it lowers the cores, and says when it does not', () => {
  const limited = usableCores(quotaOf('v2-fractional'), 4);
  const resources = { cores: limited.cores, cpuQuota: { ...limited.quota!, availableParallelism: limited.availableParallelism } };
  assert.equal(coresReasoning(resources), '2 usable cores: the cgroup CPU quota is 1.5 cores (cgroup v2 cpu.max "150000 100000"), rounded up; os.availableParallelism gives 4');
  const roomy = usableCores(quotaOf('v2-nested', '0::/app.slice/job\n'), 2);
  assert.equal(
    coresReasoning({ cores: roomy.cores, cpuQuota: { ...roomy.quota!, availableParallelism: 2 } }),
    '2 usable cores (os.availableParallelism); the cgroup CPU quota of 3 cores (cgroup v2 cpu.max "300000 100000") does not lower it',
  );
  assert.equal(coresReasoning({ cores: 1, cpuQuota: null }), '1 usable core (os.availableParallelism)');
  // suggestPoolSize puts it first, as before.
  const suggestion = suggestPoolSize({
    resources: { takenAt: 0, cpuBrand: 'Test', cores: 2, cpuQuota: resources.cpuQuota, logicalCores: 4, physicalCores: 4, loadPercent: 0, perCoreLoad: [], memory: { totalBytes: 8e9, freeBytes: 4e9, constrainedBytes: null } },
    memoryPerWorkerBytes: null,
    maxWorkers: 0,
  });
  assert.equal(suggestion.reasoning[0], coresReasoning(resources));
  assert.equal(suggestion.poolSize, 2);
});
