// Resource readings never wedge anything: a systeminformation that hangs, is slow or throws is
// handed in as a parameter (a real never-settling promise, a real timer), and every reading still
// answers within the timeout, later readings are not blocked, and a run starts at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBenchmark } from '../../server/engine/runBenchmark';
import { CpuLoadMeter } from '../../server/resources/cpuLoad';
import { maxUnansweredCalls, ResourceMonitor, type ResourceSource } from '../../server/resources/readResources';
import type { UsableCores } from '../../server/resources/cpuQuota';
import { buildWorker, fastSettings, fixtureTarget, resultOf } from './engineRun';

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

const load = { currentLoad: 42, cpus: [{ load: 40 }, { load: 44 }] };
const mem = { total: 8e9, available: 3e9 };
const cpu = { manufacturer: 'Acme', brand: 'Fast', cores: 2, physicalCores: 1 };
/** A source that answers after `delayMs`, or never when it is Infinity. */
function source(state: { delayMs: number }): ResourceSource {
  const answer = <T>(value: T): Promise<T> => (state.delayMs === Infinity ? never<T>() : after(state.delayMs, value));
  return { currentLoad: () => answer(load), mem: () => answer(mem), cpu: () => answer(cpu) };
}
const twoOfFour: UsableCores = { cores: 2, availableParallelism: 4, quota: { cores: 1.5, source: 'cgroup v2 cpu.max "150000 100000"' } };

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

test('a full reading maps systeminformation\'s figures, with the cgroup cores', async () => {
  const monitor = new ResourceMonitor({ source: source({ delayMs: 0 }), timeoutMs: 2000, cores: () => twoOfFour });
  const reading = await monitor.read();
  assert.ok(reading.ok, reading.ok ? '' : reading.error.message);
  const r = reading.value;
  assert.equal(r.cpuBrand, 'Acme Fast');
  assert.equal(r.cores, 2);
  assert.deepEqual(r.cpuQuota, { cores: 1.5, source: 'cgroup v2 cpu.max "150000 100000"', availableParallelism: 4 });
  assert.equal(r.loadPercent, 42);
  assert.deepEqual(r.perCoreLoad, [40, 44]);
  assert.equal(r.memory.freeBytes, 3e9);
  assert.equal(r.memory.totalBytes, 8e9);
});

test('a hung systeminformation: each reading answers within the timeout, the next one too, and hung calls stop piling up', async () => {
  const monitor = new ResourceMonitor({ source: source({ delayMs: Infinity }), timeoutMs: 150 });
  for (let i = 0; i < maxUnansweredCalls; i++) {
    const { value, ms } = await timed(() => monitor.read());
    assert.ok(!value.ok);
    assert.equal(value.error.code, 'RESOURCES_TIMEOUT');
    assert.match(value.error.message, /did not answer within 0\.15 s \(waiting on currentLoad\(\), mem\(\), cpu\(\)\)/);
    assert.ok(ms >= 140 && ms < 1000, `reading ${i + 1} took ${ms.toFixed(0)} ms against a 150 ms timeout`);
  }
  // Each hung call may hold a child process: past the limit no new one starts, and the reading says so at once.
  const { value, ms } = await timed(() => monitor.read());
  assert.ok(!value.ok);
  assert.match(value.error.message, /left 3 calls unanswered/);
  assert.ok(ms < 100, `a reading past the limit took ${ms.toFixed(0)} ms`);
});

test('a slow systeminformation times out, and readings recover once it answers again', async () => {
  const state = { delayMs: 400 };
  const monitor = new ResourceMonitor({ source: source(state), timeoutMs: 100 });
  const slow = await monitor.read();
  assert.ok(!slow.ok);
  assert.equal(slow.error.code, 'RESOURCES_TIMEOUT');
  state.delayMs = 0;
  await after(700, undefined); // the slow calls (and the 250 ms load window) settle
  const back = await monitor.read();
  assert.ok(back.ok, back.ok ? '' : back.error.message);
  assert.equal(back.value.loadPercent, 42);
});

test('a failing systeminformation gives RESOURCES_FAILED with its message', async () => {
  const failing: ResourceSource = { ...source({ delayMs: 0 }), mem: () => Promise.reject(new Error('no /proc/meminfo')) };
  const reading = await new ResourceMonitor({ source: failing, timeoutMs: 1000 }).read();
  assert.ok(!reading.ok);
  assert.deepEqual(reading.error, { code: 'RESOURCES_FAILED', message: 'systeminformation failed: no /proc/meminfo' });
});

test('a snapshot is synchronous: node:os memory, cgroup cores, and the load of the last reading even while a reading hangs', async () => {
  const state = { delayMs: 0 };
  const monitor = new ResourceMonitor({ source: source(state), timeoutMs: 1000, cores: () => twoOfFour });
  const before = monitor.snapshotNow();
  assert.equal(before.cores, 2);
  assert.deepEqual(before.perCoreLoad, [], 'no reading yet: the load average stands in, without per-core figures');
  assert.ok(before.loadPercent >= 0 && before.loadPercent <= 100);
  assert.ok((await monitor.read()).ok);
  state.delayMs = Infinity;
  const hanging = monitor.read();
  const snapshot = monitor.snapshotNow();
  assert.equal(snapshot.loadPercent, 42);
  assert.equal(snapshot.cpuBrand, 'Acme Fast');
  assert.ok(snapshot.memory.freeBytes > 0 && snapshot.memory.totalBytes >= snapshot.memory.freeBytes);
  assert.equal((await hanging).ok, false);
});

test('a run starts at once while systeminformation hangs: its resources come from the snapshot', async () => {
  await buildWorker();
  const state = { delayMs: 0 };
  const monitor = new ResourceMonitor({ source: source(state), timeoutMs: 3000, cores: () => twoOfFour });
  assert.ok((await monitor.read()).ok);
  state.delayMs = Infinity;
  const hanging = monitor.read(); // a status-bar poll stuck on systeminformation
  const started = performance.now();
  let firstLogMs: number | undefined;
  let firstLog = '';
  const reply = await runBenchmark(
    { target: fixtureTarget('pure.ts', 'square'), inputs: '[1, 2, 3, 4, 5, 6]', settings: fastSettings },
    {
      signal: new AbortController().signal,
      onProgress: () => undefined,
      log: (line) => {
        if (firstLogMs !== undefined) return;
        firstLogMs = performance.now() - started;
        firstLog = line;
      },
    },
    () => monitor.snapshotNow(),
  );
  const result = resultOf(reply);
  assert.match(firstLog, /^2 cores, 42% load; bundling pure\.ts#square/);
  assert.ok(firstLogMs !== undefined && firstLogMs < 500, `the run's first step came ${firstLogMs?.toFixed(0)} ms after it was asked for`);
  assert.equal(result.resources.loadPercent, 42);
  assert.equal(result.resources.cpuQuota?.cores, 1.5);
  assert.equal(result.resultsMatch, true);
  assert.equal((await hanging).ok, false, 'the stuck poll still ends, with its timeout');
});

test('CPU load from tick counters: the busy share of the ticks since the previous reading, per core and overall', () => {
  const times = (user: number, idle: number) => ({ user, nice: 0, sys: 0, irq: 0, idle });
  const samples = [
    [times(100, 900), times(500, 500)],
    [times(150, 1850), times(1400, 600)], // core 0: 50 of 1000 busy; core 1: 900 of 1000
  ];
  let i = 0;
  const meter = new CpuLoadMeter(() => samples[i++]!);
  assert.deepEqual(meter.read(), { currentLoad: 30, cpus: [{ load: 10 }, { load: 50 }] }, 'the first reading is since boot');
  assert.deepEqual(meter.read(), { currentLoad: 47.5, cpus: [{ load: 5 }, { load: 90 }] });
});
