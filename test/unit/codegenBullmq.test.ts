// The generated BullMQ code is real code: for fixture functions (one parameter, tuple parameters on
// a static method, async under an aliased export, one that throws, one slow enough to kill its worker mid-job) it is written into a scratch
// project, compiled with the real tsc under strict options (CommonJS and ES module variants), then
// run as separate processes against a real Redis: worker processes started with `node` on the
// compiled worker entries, and a third process calling the compiled producers, whose results must
// equal the serial ones, in input order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import type { BenchmarkResult } from '../../protocol/results';
import { generateBullmqCode, type BullmqCode } from '../../server/codegen/generateBullmqCode';
import { compiledProject as buildProject, type Project, repoRoot as root, run } from './codegenProject';
import { startRedis, type TestRedis } from './redisServer';

const readResult = (name: string): BenchmarkResult => JSON.parse(readFileSync(path.join(root, 'test/fixtures/results', name), 'utf8')) as BenchmarkResult;
const measured = readResult('primes-8-workers.json');
const keepSerial = readResult('keep-serial-pairs.json');
const now = new Date('2026-01-15T12:00:00Z');
/** [fixture file, function, last result, worker processes to start]. */
const functions = [['collatz.ts', 'collatz', measured, 2], ['geometry.ts', 'Geometry.area', keepSerial, 1], ['digest.ts', 'sha', undefined, 1], ['picky.ts', 'picky', undefined, 1], ['slowEcho.ts', 'slowEcho', undefined, 0]] as const;
let scratch: string;
let redis: TestRedis;
const workers: ChildProcess[] = [];

/** The third process: calls each producer beside the serial function and prints both. */
function checkScript(ext: string): string {
  return `import { collatz } from './collatz${ext}';
import { collatzDistributed } from './collatz.distributed${ext}';
import { Geometry } from './geometry${ext}';
import { geometryAreaDistributed } from './geometryArea.distributed${ext}';
import { digest } from './digest${ext}';
import { shaDistributed } from './sha.distributed${ext}';
import { pickyDistributed, PickyDistributedError } from './picky.distributed${ext}';

async function main(): Promise<void> {
  const numbers = Array.from({ length: 40 }, (_, i) => 27 + i * 7);
  const sizes = Array.from({ length: 9 }, (_, i): [number, number] => [i + 1, 10 - i]);
  const texts = Array.from({ length: 11 }, (_, i) => 'text ' + i);
  const timeoutMs = 20_000;
  // Two calls of one function at once: each must get its own results back.
  const [collatzOut, collatzAgain, geometryOut, shaOut] = await Promise.all([
    collatzDistributed(numbers, { chunkSize: 3, timeoutMs }),
    collatzDistributed(numbers.map((n) => n + 1), { chunkSize: 7, timeoutMs }),
    geometryAreaDistributed(sizes, { timeoutMs }),
    shaDistributed(texts, { chunkSize: 2, timeoutMs }),
  ]);
  let thrown: unknown;
  try {
    await pickyDistributed(Array.from({ length: 20 }, (_, i) => i), { chunkSize: 4, timeoutMs });
  } catch (error) {
    thrown = error;
  }
  const out = {
    collatz: { serial: numbers.map(collatz), distributed: collatzOut },
    collatzAgain: { serial: numbers.map((n) => collatz(n + 1)), distributed: collatzAgain },
    geometry: { serial: sizes.map((args) => Geometry.area(...args)), distributed: geometryOut },
    sha: { serial: await Promise.all(texts.map(digest)), distributed: shaOut },
    empty: await collatzDistributed([]),
    thrown: thrown instanceof PickyDistributedError
      ? { name: thrown.name, message: thrown.message, inputIndex: thrown.inputIndex, stack: thrown.stack, workerStack: thrown.workerStack }
      : String(thrown),
  };
  process.stdout.write(JSON.stringify(out));
}

void main();
`;
}

/** A process calling a producer with no worker, and one with no Redis: each call must end, and so must the process. */
function stopsScript(ext: string): string {
  return `import { closeCollatzDistributed, collatzDistributed } from './collatz.distributed${ext}';

async function outcome(call: Promise<unknown>): Promise<string> {
  return call.then(() => 'resolved', (error: unknown) => (error instanceof Error ? error.message : String(error)));
}

async function main(): Promise<void> {
  const [redisUrl = '', closedUrl = ''] = process.argv.slice(2);
  const timedOut = await outcome(collatzDistributed([1, 2, 3], { redisUrl, timeoutMs: 300 }));
  const closing = outcome(collatzDistributed([4, 5, 6], { redisUrl, chunkSize: 1 }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await closeCollatzDistributed();
  const closed = await closing;
  const unreachable = await outcome(collatzDistributed([7], { redisUrl: closedUrl }));
  process.stdout.write(JSON.stringify({ timedOut, closed, unreachable }));
}

void main();
`;
}

/** A call whose jobs each hold a worker for 400 ms, printed when it ends. */
function redeliverScript(ext: string): string {
  return `import { slowEchoDistributed } from './slowEcho.distributed${ext}';

void slowEchoDistributed(Array.from({ length: 4 }, (_, i): [number, number] => [i, 400]), { chunkSize: 1, timeoutMs: 20_000 })
  .then((out) => process.stdout.write(JSON.stringify(out)));
`;
}

/** A scratch project of one module kind, holding the fixtures and their generated code, compiled with strict tsc. */
function compiledProject(kind: 'cjs' | 'esm'): Promise<Project<BullmqCode>> {
  return buildProject({
    kind,
    dir: path.join(scratch, kind),
    packageName: `bullmq-${kind}`,
    compilerOptions: { noUncheckedIndexedAccess: true, noPropertyAccessFromIndexSignature: true },
    functions,
    now,
    generate: generateBullmqCode,
    files: (code) => [code.producer, code.worker, code.processor, code.readme],
    scripts: { check: checkScript, stops: stopsScript, redeliver: redeliverScript },
  });
}

/** Starts `node <stem>.bullmq-worker.js` and resolves once it says it takes jobs. */
function startWorker(dir: string, stem: string, redisUrl: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(dir, 'out', `${stem}.bullmq-worker.js`)], {
    cwd: dir,
    env: { ...process.env, REDIS_URL: redisUrl, WORKER_CONCURRENCY: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`worker ${stem} not ready in 20 s: ${seen}`)), 20_000);
    const read = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (!seen.includes('Taking jobs from parallelize-')) return;
      clearTimeout(timer);
      resolve(child);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`worker ${stem} exited with ${code}: ${seen}`)));
  });
}

interface Outcome { serial?: unknown; distributed?: unknown }
interface Thrown { name: string; message: string; inputIndex: number; stack: string; workerStack: string }

/** Starts the workers of a project on a Redis database of its own, then runs the producers from a third process. */
async function runProject(project: Project<BullmqCode>, redisUrl: string): Promise<Record<string, unknown>> {
  await Promise.all(functions.flatMap(([, name, , count]) => Array.from({ length: count }, () => startWorker(project.dir, project.code.get(name)!.names.stem, redisUrl))));
  const { stdout } = await run(process.execPath, [path.join(project.dir, 'out/check.js')], { cwd: project.dir, timeout: 60_000, env: { ...process.env, REDIS_URL: redisUrl } });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** No job of the collatz queue is left in Redis, in any state. */
async function assertNoJobs(url: string): Promise<void> {
  const queue = new Queue('parallelize-collatz', { connection: { url } });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
    assert.ok(Object.values(counts).every((n) => n === 0), JSON.stringify(counts));
  } finally {
    await queue.close();
  }
}

let projects: Promise<Record<'cjs' | 'esm', Project<BullmqCode>>>;

before(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'parallelize-bullmq-'));
  projects = Promise.all([compiledProject('cjs'), compiledProject('esm')]).then(([cjs, esm]) => ({ cjs, esm }));
  redis = await startRedis();
});

after(async () => {
  for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await redis?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

for (const [kind, db] of [['cjs', 1], ['esm', 2]] as const) {
  test(`generated ${kind} code compiles under strict tsc, and worker processes on a real Redis give the serial results in input order`, async () => {
    const url = `${redis.url}/${db}`;
    const outcome = await runProject((await projects)[kind], url);
    for (const name of ['collatz', 'collatzAgain', 'geometry', 'sha']) {
      const { serial, distributed } = outcome[name] as Outcome;
      assert.deepEqual(distributed, serial, name);
    }
    assert.equal(((outcome.collatz as Outcome).serial as number[]).length, 40);
    assert.deepEqual(outcome.empty, []);

    const thrown = outcome.thrown as Thrown;
    assert.equal(thrown.name, 'PickyDistributedError', JSON.stringify(thrown));
    assert.equal(thrown.inputIndex, 13);
    assert.equal(thrown.message, 'picky threw on input 13: 13 is unlucky');
    // The stack is the worker's, down to the function's own line in the compiled fixture.
    assert.match(thrown.workerStack, /13 is unlucky\n\s+at picky \(.*picky\.js:\d+:\d+\)/);
    assert.match(thrown.stack, /^PickyDistributedError: picky threw on input 13: 13 is unlucky\n\s+at picky /);

    // Every finished job was removed: nothing of a call stays in Redis.
    await assertNoJobs(url);
  });
}

test('with no worker a call times out or is closed, with no Redis it says so, each takes its jobs back, and the process exits', async () => {
  const { cjs } = await projects;
  const url = `${redis.url}/4`;
  const closedPort = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
  // The timeout of execFile is the check that no connection or timer is left to keep the process alive.
  const started = Date.now();
  const { stdout } = await run(process.execPath, [path.join(cjs.dir, 'out/stops.js'), url, `redis://127.0.0.1:${closedPort}`], { cwd: cjs.dir, timeout: 20_000 });
  const out = JSON.parse(stdout) as Record<string, string>;
  assert.equal(out.timedOut, `collatzDistributed: not every result was in after 300 ms. Are workers (collatz.bullmq-worker) running against Redis at 127.0.0.1:${redis.url.split(':').pop()}?`);
  assert.equal(out.closed, 'closeCollatzDistributed() ended the call.');
  assert.match(out.unreachable ?? '', new RegExp(`^collatzDistributed: cannot reach Redis at 127\\.0\\.0\\.1:${closedPort}: .*ECONNREFUSED.*\\. Is it running\\? See collatz\\.distributed\\.md\\.$`));
  assert.ok(Date.now() - started < 15_000);
  await assertNoJobs(url);
});

test('a worker killed with SIGKILL while it holds a job: another worker takes the job, and every result arrives once, in input order', async () => {
  const { cjs } = await projects;
  const url = `${redis.url}/5`;
  const short = { WORKER_LOCK_MS: '1000' };
  const first = await startWorker(cjs.dir, 'slowEcho', url, short);
  const call = run(process.execPath, [path.join(cjs.dir, 'out/redeliver.js')], { cwd: cjs.dir, timeout: 30_000, env: { ...process.env, REDIS_URL: url } });
  const queue = new Queue('parallelize-slowEcho', { connection: { url } });
  try {
    // Killed once it holds a job: the job's lock then lapses with nobody to renew it.
    const deadline = Date.now() + 15_000;
    while ((await queue.getActiveCount()) === 0) {
      assert.ok(Date.now() < deadline, 'the first worker never took a job');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.kill('SIGKILL');
    await startWorker(cjs.dir, 'slowEcho', url, short);
    const { stdout } = await call;
    assert.deepEqual(JSON.parse(stdout), [0, 1, 2, 3]);
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
    assert.ok(Object.values(counts).every((n) => n === 0), JSON.stringify(counts));
  } finally {
    await queue.close();
  }
});

test('SIGTERM lets a worker finish and exit 0', async () => {
  const { cjs } = await projects;
  const child = await startWorker(cjs.dir, 'collatz', `${redis.url}/3`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('the producer bakes in the measured chunk size, and says where it came from or that nothing was measured', async () => {
  const { cjs, esm } = await projects;
  const collatz = cjs.code.get('collatz')!;
  assert.equal(path.basename(collatz.producer.file), 'collatz.distributed.ts');
  assert.equal(path.basename(collatz.worker.file), 'collatz.bullmq-worker.ts');
  assert.equal(path.basename(collatz.processor.file), 'collatz.bullmq-processor.ts');
  assert.equal(path.basename(collatz.readme.file), 'collatz.distributed.md');
  // 250 inputs of 0.21 ms each carry 53 ms of work, over the 20 ms a job should carry: kept.
  assert.match(collatz.producer.text, /export const collatzDistributedChunkSize = 250;/);
  assert.match(collatz.producer.text, /Measured on 2025-11-25: 5\.3× on a local pool of 8 workers/);
  assert.match(collatz.producer.text, /export async function closeCollatzDistributed\(\): Promise<void>/);
  assert.match(collatz.producer.text, /export function collatzDistributed\(inputs: readonly CollatzInput\[\], options: CollatzDistributedOptions = \{\}\): Promise<CollatzOutput\[\]>/);
  assert.match(collatz.worker.text, /path\.join\(__dirname, 'collatz\.bullmq-processor\.js'\)/);
  assert.match(esm.code.get('collatz')!.worker.text, /new URL\('\.\/collatz\.bullmq-processor\.js', import\.meta\.url\)/);
  assert.match(esm.code.get('collatz')!.producer.text, /from '\.\/collatz\.bullmq-processor\.js';/);
  // A keep-serial verdict is said, and its 145 ns inputs are grouped until a job carries 20 ms.
  const geometry = cjs.code.get('Geometry.area')!.producer.text;
  assert.match(geometry, /no speedup \(0\.\d\d× at best, on 2 workers\); the verdict was "Messaging costs more/);
  assert.match(geometry, /export const geometryAreaDistributedChunkSize = 138310;/);
  assert.match(geometry.replace(/\n \* /g, ' '), /so a job here carries at least 20 ms: 138310 inputs, about 20 ms\./);
  // Nothing measured: the default, said so.
  const sha = cjs.code.get('sha')!;
  assert.match(sha.producer.text, /`sha` has not been benchmarked yet\. So each call is split into about 32 jobs\./);
  assert.match(sha.producer.text, /export const shaDistributedChunkSize = 0;/);
  assert.match(sha.processor.text, /import \{ digest as sha \} from '\.\/digest';/);
  assert.match(sha.processor.text, /results\.push\(await sha\(item\)\);/);
  assert.match(cjs.code.get('Geometry.area')!.processor.text, /results\.push\(Geometry\.area\(\.\.\.item\)\);/);
  assert.match(sha.readme.text, /REDIS_URL=redis:\/\/redis-host:6379 node sha\.bullmq-worker\.js/);
  assert.match(sha.readme.text, /docker run -d --name redis -p 6379:6379 redis:7 --maxmemory-policy noeviction/);
});
