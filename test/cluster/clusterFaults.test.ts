/**
 * Faults on a real cluster: redis-server and worker processes started by the test, jobs through
 * BullMQ. A job that throws, hangs or runs out of memory gives what a local pool gives for the same
 * task; a worker process SIGKILLed holding a job has the job delivered again; a bundle signed with
 * another key is refused with its reason; a run that stops leaves no job to run for nobody, even
 * one whose worker dies after the stop.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Cancelled, PoolFault, TaskPool } from '../../server/engine/taskPool';
import { connectionFor } from '../../server/executors/cluster/clusterWorker';
import { ClusterExecutor } from '../../server/executors/cluster/clusterExecutor';
import { ClusterReplyEnvelope, decode, encode, replyListKey } from '../../server/executors/cluster/jobMessages';
import { publishBundle } from '../../server/executors/cluster/signedBundle';
import type { WorkerReply } from '../../server/worker/messages';
import { type Harness, root, runTask, running, startHarness } from './clusterHarness';
import { bundleFunction } from '../../server/engine/bundleFunction';
import { fixtureTarget } from '../unit/engineRun';

/** What a local pool of one thread gives for the same task: a reply, or the fault it rejects with. */
async function onLocalPool(fixture: string, name: string, items: unknown[], limits: { taskTimeoutMs: number; memoryLimitMb: number }): Promise<WorkerReply | PoolFault> {
  const bundle = await bundleFunction({ ...fixtureTarget('x.ts', name), file: path.join(root, 'test', 'fixtures', fixture) }, '[]');
  if (!bundle.ok) throw new Error(bundle.error.message);
  const pool = new TaskPool({ bundlePath: bundle.value.file, workers: 1, ...limits, signal: new AbortController().signal });
  try {
    return await pool.run(runTask(items), 'the task', { indices: items.map((_, i) => 10 + i) });
  } catch (error) {
    if (error instanceof PoolFault) return error;
    throw error;
  } finally {
    await pool.destroy();
    await bundle.value.dispose();
  }
}

async function onCluster(harness: Harness, items: unknown[]): Promise<WorkerReply | PoolFault> {
  try {
    return await harness.executor.run(runTask(items), 'the task', { indices: items.map((_, i) => 10 + i) });
  } catch (error) {
    if (error instanceof PoolFault) return error;
    throw error;
  }
}

function faultOf(outcome: WorkerReply | PoolFault): PoolFault {
  assert.ok(outcome instanceof PoolFault, `expected a fault, got ${JSON.stringify(outcome)}`);
  return outcome;
}

void describe('a cluster job gives what a local pool gives', () => {
  void it('for a throw: the same message and the same TypeScript stack line, per input', async () => {
    const harness = await startHarness('engine/faulty.ts', 'faulty', { processes: 1 });
    try {
      const items = [1, 3, 5];
      const local = await onLocalPool('engine/faulty.ts', 'faulty', items, { taskTimeoutMs: 30_000, memoryLimitMb: 1024 });
      const remote = await onCluster(harness, items);
      assert.ok(!(local instanceof PoolFault) && local.kind === 'run');
      assert.ok(!(remote instanceof PoolFault) && remote.kind === 'run');
      assert.deepEqual(remote.values, local.values);
      assert.equal(remote.thrown.length, 1);
      assert.deepEqual(remote.thrown.map(({ position, name, message }) => ({ position, name, message })), [{ position: 1, name: 'Error', message: 'input 3 is not allowed' }]);
      assert.equal(remote.thrown[0]?.stack, local.thrown[0]?.stack);
      assert.match(remote.thrown[0]?.stack ?? '', /faulty\.ts:3:\d+/);
    } finally {
      await harness.close();
    }
  });

  void it('for an input past the task timeout: TASK_TIMEOUT naming the input, and the next job runs on a fresh pool', async () => {
    const limits = { taskTimeoutMs: 400, memoryLimitMb: 1024 };
    const harness = await startHarness('engine/spin.ts', 'spin', { processes: 1, ...limits });
    try {
      const local = faultOf(await onLocalPool('engine/spin.ts', 'spin', [1, 2], limits));
      const remote = faultOf(await onCluster(harness, [1, 2]));
      assert.equal(remote.error.code, 'TASK_TIMEOUT');
      assert.deepEqual(remote.error, local.error);
      assert.equal(remote.error.inputIndex, 11);
      const next = await onCluster(harness, [5]);
      assert.ok(!(next instanceof PoolFault) && next.kind === 'run');
      assert.deepEqual(next.values, [5]);
    } finally {
      await harness.close();
    }
  });

  void it('for an input over the heap limit: OUT_OF_MEMORY naming the input', async () => {
    const limits = { taskTimeoutMs: 30_000, memoryLimitMb: 32 };
    const harness = await startHarness('engine/hungry.ts', 'hungry', { processes: 1, ...limits });
    try {
      const local = faultOf(await onLocalPool('engine/hungry.ts', 'hungry', [0, 1], limits));
      const remote = faultOf(await onCluster(harness, [0, 1]));
      assert.equal(remote.error.code, 'OUT_OF_MEMORY');
      assert.deepEqual(remote.error, local.error);
    } finally {
      await harness.close();
    }
  });
});

void describe('cluster delivery and trust', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness('cluster/busy.ts', 'busy', { processes: 2, lockMs: 1000 });
  });
  after(async () => {
    await harness.close();
    for (const pid of [...harness.cluster.pids, harness.cluster.redisPid]) assert.equal(running(pid), false, `process ${pid} outlived the cluster`);
  });

  void it('delivers a job again when the worker process holding it is SIGKILLed, and every result arrives', { timeout: 60_000 }, async () => {
    const [victim, survivor] = harness.cluster.pids as [number, number];
    // Both processes take a job (one thread each), so the victim certainly holds one when killed. The
    // queue's active count is polled: an 'active' event sent before a listener's first read is lost.
    const { Queue } = await import('bullmq');
    const watcherConnection = connectionFor(harness.cluster.redisUrl);
    const watcher = new Queue('parallelize', { connection: watcherConnection });
    const jobs = [runTask([700]), runTask([800])].map((task, i) => harness.executor.run(task, `input ${i}`, { indices: [i] }));
    const since = Date.now();
    while ((await watcher.getActiveCount()) < 2) {
      assert.ok(Date.now() - since < 20_000, 'both worker processes never held a job at once');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process.kill(victim, 'SIGKILL');
    const replies = await Promise.all(jobs);
    await watcher.close();
    watcherConnection.disconnect();
    assert.deepEqual(replies.map((reply) => (reply.kind === 'run' ? reply.values : reply.kind)), [[1400], [1600]]);
    assert.equal(harness.executor.redelivered, 1);
    assert.ok(harness.logs.some((line) => /stalled .*delivered again/.test(line)), harness.logs.join('\n'));
    assert.equal(running(victim), false);
    assert.equal(running(survivor), true);
  });

  void it('refuses a bundle signed with another key, with the reason in the fault and in the worker log', async () => {
    const redis = connectionFor(harness.cluster.redisUrl);
    try {
      // Other code (so another hash), signed with a key that is not the cluster's.
      const file = path.join(await mkdtemp(path.join(tmpdir(), 'parallelize-forged-')), 'bundle.js');
      await writeFile(file, `${await readFile(harness.bundleFile, 'utf8')}\n// forged\n`);
      const forged = await publishBundle(redis, file, 'a-key-that-is-not-the-clusters');
      const executor = await ClusterExecutor.open({
        redisUrl: harness.cluster.redisUrl, bundle: forged.hash, taskTimeoutMs: 30_000, memoryLimitMb: 1024, signal: new AbortController().signal, log: () => undefined,
      }, redis);
      try {
        const fault = await executor.run(runTask([1]), 'input 0', { indices: [0] }).then(() => undefined, (error: unknown) => error);
        assert.ok(fault instanceof PoolFault);
        assert.equal(fault.error.code, 'BUNDLE_REFUSED');
        assert.match(fault.error.message, /signed with another key/);
      } finally {
        await executor.destroy();
      }
      assert.ok(harness.logs.some((line) => /refused a job: .*signed with another key/.test(line)), harness.logs.join('\n'));
    } finally {
      redis.disconnect();
    }
  });

  void it('still replies to a run of an earlier version, which keeps no listening key', async () => {
    const { Queue } = await import('bullmq');
    const connection = connectionFor(harness.cluster.redisUrl);
    const listener = connectionFor(harness.cluster.redisUrl);
    const queue = new Queue('parallelize', { connection });
    try {
      const { hash } = await publishBundle(connection, harness.bundleFile, harness.cluster.key);
      // The job such a run adds: no `listening` field, and no listening key in Redis.
      const replyTo = replyListKey('earlierversion');
      const payload = encode({ task: runTask([5]), indices: [0], where: 'input 0' });
      await queue.add('run', { bundle: hash, taskTimeoutMs: 30_000, memoryLimitMb: 1024, payload, replyTo }, { jobId: 'earlierversion-1', removeOnComplete: true, removeOnFail: true, attempts: 1 });
      const popped = await listener.blpopBuffer(replyTo, 30);
      assert.ok(popped !== null, 'no reply within 30 s');
      const { reply } = decode(ClusterReplyEnvelope, popped[1]);
      assert.ok(reply.kind === 'reply' && reply.reply.kind === 'run', JSON.stringify(reply));
      assert.deepEqual(reply.reply.values, [10]);
    } finally {
      await queue.close();
      connection.disconnect();
      listener.disconnect();
    }
  });

  void it('rejects a pending job with Cancelled when the run is cancelled', async () => {
    const job = harness.executor.run(runTask([1500]), 'input 0', { indices: [0] });
    const started = performance.now();
    harness.controller.abort();
    await assert.rejects(job, (error) => error instanceof Cancelled);
    assert.ok(performance.now() - started < 1000);
  });
});

void describe('a cluster run that stops', () => {
  void it('removes its jobs no worker has taken, and the job a worker holds ends unheard', { timeout: 60_000 }, async () => {
    const harness = await startHarness('cluster/busy.ts', 'busy', { processes: 1 });
    const { Queue } = await import('bullmq');
    const watcherConnection = connectionFor(harness.cluster.redisUrl);
    const watcher = new Queue('parallelize', { connection: watcherConnection });
    try {
      // One thread, six jobs of 400 ms: one runs, five wait when the run is cancelled.
      const jobs = [0, 1, 2, 3, 4, 5].map((i) => harness.executor.run(runTask([400]), `input ${i}`, { indices: [i] }).then(() => 'replied', (error: unknown) => error));
      const since = Date.now();
      while ((await watcher.getActiveCount()) < 1 || (await watcher.getWaitingCount()) < 5) {
        assert.ok(Date.now() - since < 20_000, 'the worker never took a job while five waited');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      harness.controller.abort();
      await harness.executor.destroy();
      assert.ok((await Promise.all(jobs)).every((outcome) => outcome instanceof Cancelled));
      assert.equal(await watcher.getWaitingCount(), 0, 'waiting jobs were left for the workers');
      assert.ok(harness.logs.some((line) => /the run stopped with 6 jobs unheard: 1 held by workers .*the other 5 removed/.test(line)), harness.logs.join('\n'));
      // The held job ends (busy(400) is 400 ms of CPU) and nothing takes its place.
      while ((await watcher.getActiveCount()) > 0) {
        assert.ok(Date.now() - since < 30_000, 'the held job never ended');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const counts = await watcher.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      assert.deepEqual(counts, { active: 0, waiting: 0, delayed: 0, prioritized: 0 });
    } finally {
      await watcher.close();
      watcherConnection.disconnect();
      await harness.close();
    }
  });

  void it('does not run again a job whose worker dies after the run stopped, and drops the reply of the job that finished', { timeout: 90_000 }, async () => {
    const harness = await startHarness('cluster/marked.ts', 'marked', { processes: 2, lockMs: 1000 });
    const dir = await mkdtemp(path.join(tmpdir(), 'parallelize-marked-'));
    const calls = path.join(dir, 'calls.txt');
    const started = async (): Promise<string[]> => (await readFile(calls, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
    const { Queue } = await import('bullmq');
    const watcherConnection = connectionFor(harness.cluster.redisUrl);
    const watcher = new Queue('parallelize', { connection: watcherConnection });
    try {
      // Two jobs of 1.5 s on two processes of one thread: each process runs one, which the test sees in the file.
      const jobs = [0, 1].map((i) => harness.executor.run(runTask([{ ms: 1500, file: calls }]), `input ${i}`, { indices: [i] }).then(() => 'replied', (error: unknown) => error));
      const since = Date.now();
      while ((await started()).length < 2) {
        assert.ok(Date.now() - since < 20_000, 'both worker processes never ran a job at once');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const victim = Number((await started())[0]);
      assert.ok(harness.cluster.pids.includes(victim), `${victim} is not one of the cluster's processes ${harness.cluster.pids.join(', ')}`);
      harness.controller.abort();
      await harness.executor.destroy();
      assert.ok((await Promise.all(jobs)).every((outcome) => outcome instanceof Cancelled));
      process.kill(victim, 'SIGKILL');
      // The victim's lock runs out (1 s), the survivor finishes its own job and takes the victim's again.
      const skipped = /job \S+ was delivered again \(delivery 2\) after its run stopped: completed without running it/;
      while (!harness.logs.some((line) => skipped.test(line))) {
        assert.ok(Date.now() - since < 60_000, `the job was never delivered again:\n${harness.logs.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(harness.logs.some((line) => /job \S+ finished after its run stopped: its reply was dropped/.test(line)), harness.logs.join('\n'));
      while ((await watcher.getActiveCount()) > 0) {
        assert.ok(Date.now() - since < 60_000, 'the job delivered again never completed');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.deepEqual(await watcher.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'failed'), { active: 0, waiting: 0, delayed: 0, prioritized: 0, failed: 0 });
      // Only the two first deliveries ran user code; nothing was left on the run's reply list.
      assert.equal((await started()).length, 2);
      assert.deepEqual(await watcherConnection.keys('parallelize:replies:*'), []);
    } finally {
      await watcher.close();
      watcherConnection.disconnect();
      await harness.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
