// What a job of the generated BullMQ code costs on this machine: the generated collatz producer,
// compiled, against K worker processes (one thread each) on a throwaway local Redis, over inputs
// that each take microseconds, so a call's time is the jobs' round trips. Prints ms per job with
// one input per job, and the same inputs in the default ~32 jobs, beside the serial time.
//   node --import tsx bench/bullmqCodegen.ts [workers=2] [inputs=400]
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { generateBullmqCode } from '../server/codegen/generateBullmqCode';
import { startRedis } from '../test/unit/redisServer';

const root = path.resolve(__dirname, '..');
const workerCount = Number(process.argv[2] ?? 2);
const inputCount = Number(process.argv[3] ?? 400);

/** The third process: times the calls and prints JSON. */
const timing = `import { collatz } from './collatz';
import { collatzDistributed } from './collatz.distributed';

async function time(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const inputs = Array.from({ length: ${inputCount} }, (_, i) => 27 + i);
  await collatzDistributed(inputs.slice(0, 40), { chunkSize: 1 }); // Warm: connections, worker threads, scripts.
  const serialMs = await time(() => inputs.map(collatz));
  const perInputMs = await time(() => collatzDistributed(inputs, { chunkSize: 1 }));
  const defaultMs = await time(() => collatzDistributed(inputs));
  process.stdout.write(JSON.stringify({ serialMs, perInputMs, defaultMs }));
}

void main();
`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parallelize-bullmq-bench-'));
  const src = path.join(dir, 'src');
  mkdirSync(src);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{ "private": true }');
  const compilerOptions = { module: 'commonjs', target: 'es2022', strict: true, skipLibCheck: true, types: ['node'], rootDir: 'src', outDir: 'out' };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  const sourceFile = path.join(src, 'collatz.ts');
  const sourceText = readFileSync(path.join(root, 'test/fixtures/codegen/collatz.ts'), 'utf8');
  const code = generateBullmqCode({ sourceFile, sourceText, name: 'collatz', moduleKind: { kind: 'cjs', reason: 'bench' }, now: new Date() });
  if (!code.ok) throw new Error(code.message);
  writeFileSync(sourceFile, sourceText);
  for (const f of [code.value.producer, code.value.worker, code.value.processor]) writeFileSync(f.file, f.text);
  writeFileSync(path.join(src, 'timing.ts'), timing);
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir]);

  const redis = await startRedis();
  const workers: ChildProcess[] = [];
  try {
    const env = { ...process.env, REDIS_URL: redis.url, WORKER_CONCURRENCY: '1' };
    await Promise.all(Array.from({ length: workerCount }, () => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(dir, 'out/collatz.bullmq-worker.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      workers.push(child);
      child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('Taking jobs')) resolve(); });
      child.once('exit', (exit) => reject(new Error(`a worker exited with ${exit}`)));
    })));
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(dir, 'out/timing.js')], { env });
    const t = JSON.parse(stdout) as { serialMs: number; perInputMs: number; defaultMs: number };
    const jobs = Math.ceil(inputCount / Math.max(1, Math.ceil(inputCount / 32)));
    console.log(`generated collatz producer, ${workerCount} worker processes × 1 thread, local Redis, ${inputCount} inputs (${os.cpus().length} cores):`);
    console.log(`  serial                 ${t.serialMs.toFixed(1)} ms`);
    console.log(`  1 input per job        ${t.perInputMs.toFixed(0)} ms: ${(t.perInputMs / inputCount).toFixed(2)} ms per job (${inputCount} jobs)`);
    console.log(`  default chunking       ${t.defaultMs.toFixed(0)} ms: ${(t.defaultMs / jobs).toFixed(2)} ms per job (${jobs} jobs)`);
  } finally {
    for (const child of workers) child.kill('SIGKILL');
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
