/**
 * A throwaway Redis for a local cluster run: `redis-server` from PATH on a free loopback port, no
 * persistence, `noeviction` (BullMQ loses jobs under any other policy), stopped by its own pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';

/** The one line a user without Redis reads. */
export const redisMissingMessage =
  'redis-server is not on PATH: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis), or run on a Redis you have (CLI: --cluster redis://host:port; VS Code: the setting parallelize.cluster.mode)';

/** Whether `redis-server` is an executable on PATH (checked before a run measures anything). */
export function redisOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(path.join(dir, process.platform === 'win32' ? 'redis-server.exe' : 'redis-server'), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

/** A running local Redis; `stop` is safe to call twice and resolves once the process has exited. */
export interface LocalRedis {
  url: string;
  port: number;
  pid: number;
  /** Resolves with a sentence when the server exits, however that happens. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on now (the kernel's pick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}

/** Why the child ended, in words. */
function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal !== null ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
}

/** Waits for the server's "Ready to accept connections" line, or its failure to start. */
function whenReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${timeoutMs} ms: ${seen.trim().split('\n').pop() ?? ''}`)), timeoutMs);
    const done = (error?: Error): void => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.removeListener('error', onError);
      child.removeListener('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onError = (error: NodeJS.ErrnoException): void => done(error.code === 'ENOENT' ? new Error(redisMissingMessage) : error);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => done(new Error(`redis-server ${describeExit(code, signal)} before it was ready: ${seen.trim().split('\n').pop() ?? ''}`));
    child.stdout?.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4000);
      if (seen.includes('Ready to accept connections')) done();
    });
    child.once('error', onError);
    child.once('exit', onExit);
  });
}

/**
 * Starts `redis-server` on a free loopback port. Rejects with redisMissingMessage when it is not
 * installed; a port taken between choosing and binding is retried once on another.
 */
export async function startLocalRedis(attempts = 2): Promise<LocalRedis> {
  const port = await freePort();
  const child = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes', '--loglevel', 'notice',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`the local Redis (pid ${child.pid ?? '?'}) ${describeExit(code, signal)}`)));
  try {
    await whenReady(child, 10_000);
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const message = error instanceof Error ? error.message : String(error);
    if (attempts > 1 && /Address already in use/i.test(message)) return startLocalRedis(attempts - 1);
    throw error;
  }
  // Drained so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  let stopping: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    exited,
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        // Nothing to save: SIGKILL is as clean as SHUTDOWN NOSAVE here, and cannot be ignored.
        child.kill('SIGKILL');
        await exited;
      })();
      return stopping;
    },
  };
}
