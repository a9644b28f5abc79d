/**
 * The function's bundle on its way to cluster workers: stored in Redis under its content hash and
 * signed with an HMAC of the shared key, so that whoever can write to the Redis cannot run code
 * on the workers. A worker writes a verified bundle to a directory of its own, once per hash.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Redis } from 'ioredis';

/** The environment variable holding the key every producer and worker of a cluster shares. */
export const clusterKeyVariable = 'PARALLELIZE_CLUSTER_KEY';

/** A key for one local run: nobody outside this run and its workers knows it. */
export function generateClusterKey(): string {
  return randomBytes(32).toString('hex');
}

/** The key from the environment; refuses one too short to resist guessing. */
export function clusterKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env[clusterKeyVariable];
  if (key === undefined || key === '') return undefined;
  if (key.length < 16) throw new Error(`${clusterKeyVariable} is too short (${key.length} characters): use at least 16, e.g. openssl rand -hex 32`);
  return key;
}

/** Where a bundle lives in Redis. */
export function bundleKey(hash: string): string {
  return `parallelize:bundle:${hash}`;
}

function sign(key: string, format: string, code: Buffer): string {
  return createHmac('sha256', key).update(format).update('\0').update(code).digest('hex');
}

const inlineMap = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/**
 * The bundle with its inline source map's paths made absolute: esbuild writes them relative to the
 * bundle's directory, which on a worker is another one, and stack lines must still name the .ts file.
 */
export function withAbsoluteSources(code: string, bundleDir: string): string {
  const match = inlineMap.exec(code);
  if (match === null) return code;
  const map = JSON.parse(Buffer.from(match[1] ?? '', 'base64').toString('utf8')) as { sources?: string[]; sourceRoot?: string };
  map.sources = (map.sources ?? []).map((source) => (/^[a-z]+:/i.test(source) ? source : path.resolve(bundleDir, map.sourceRoot ?? '', source)));
  delete map.sourceRoot;
  return `${code.slice(0, match.index)}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

/** Stores the bundle under its content hash with its signature (kept a day: a run removes nothing another run may share). */
export async function publishBundle(redis: Redis, file: string, key: string): Promise<{ hash: string; format: 'esm' | 'cjs' }> {
  const code = Buffer.from(withAbsoluteSources(await readFile(file, 'utf8'), path.dirname(file)));
  const format = file.endsWith('.mjs') ? 'esm' : 'cjs';
  const hash = createHash('sha256').update(code).digest('hex');
  await redis.multi()
    .hset(bundleKey(hash), { format, code, signature: sign(key, format, code) })
    .expire(bundleKey(hash), 24 * 3600)
    .exec();
  return { hash, format };
}

/** A verified bundle written to disk, or why it was refused. */
export type FetchedBundle = { ok: true; file: string } | { ok: false; reason: string };

/**
 * Reads the bundle `hash` from Redis and checks its hash and signature before writing it where the
 * worker threads can load it. Anything else is refused with the reason.
 */
export async function fetchBundle(redis: Redis, hash: string, key: string | undefined): Promise<FetchedBundle> {
  if (!/^[0-9a-f]{64}$/.test(hash)) return { ok: false, reason: `"${hash.slice(0, 80)}" is not a bundle hash` };
  if (key === undefined) return { ok: false, reason: `this worker has no key: set ${clusterKeyVariable} to the producer's key` };
  const [format, code, signature] = await redis.hmgetBuffer(bundleKey(hash), 'format', 'code', 'signature');
  if (code == null || format == null) return { ok: false, reason: `bundle ${hash.slice(0, 12)} is not in Redis (expired, or never published)` };
  const formatText = format.toString();
  if (formatText !== 'esm' && formatText !== 'cjs') return { ok: false, reason: `bundle ${hash.slice(0, 12)} has an unknown format` };
  if (createHash('sha256').update(code).digest('hex') !== hash) return { ok: false, reason: `bundle ${hash.slice(0, 12)} does not match its hash` };
  if (signature == null) return { ok: false, reason: `bundle ${hash.slice(0, 12)} is unsigned` };
  const expected = Buffer.from(sign(key, formatText, code), 'hex');
  const given = Buffer.from(signature.toString(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: `bundle ${hash.slice(0, 12)} is signed with another key (or tampered with): check ${clusterKeyVariable}` };
  }
  const dir = path.join(tmpdir(), `parallelize-cluster-${process.pid}`, hash);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, formatText === 'esm' ? 'bundle.mjs' : 'bundle.js');
  await writeFile(file, code);
  return { ok: true, file };
}
