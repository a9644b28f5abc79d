/**
 * The status-bar poller's own CPU in the server process: each poll does what the language server
 * does for a ResourcesRequest (resourceReport: CPU ticks, systeminformation's memory, the pool-size
 * suggestion), spaced as the status bar spaces them (the default interval after each answer). Its CPU
 * is process.cpuUsage() from each poll's start to its answer, plus on Linux the CPU of the child
 * processes systeminformation waited for (/proc/self/stat), summed over N polls and divided by the
 * wall time. On Linux, with dist/server.js built, the real server is polled over stdio at the same
 * time and its whole CPU read from /proc/<pid>/stat (10 ms ticks) once it has settled after start-up:
 * a cross-check that includes the LSP messaging and what Node spends idling, which the server pays
 * with or without the poller. Goal: under 0.5 % of one core.
 *   npm run bench:monitor [-- --polls 20]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { ResourcesRequest } from '../protocol/lsp';
import { defaultClientSettings, unfocusedPollBackoff as unfocusedBackoff } from '../protocol/settings';
import { ResourceMonitor } from '../server/resources/readResources';
import { resourceReport } from '../server/resources/resourceReport';
import { load, printTable } from './figures';

const goalPercent = 0.5;
const pollsFlag = process.argv.indexOf('--polls');
const polls = pollsFlag >= 0 ? Number(process.argv[pollsFlag + 1]) : 20;
const intervalMs = defaultClientSettings.monitorIntervalMs;
const settleMs = 5000;
// Linux reports child CPU in clock ticks of USER_HZ, which is 100 on every architecture it runs on.
const ticksPerSecond = 100;

/** A process's CPU from /proc/<pid>/stat in ms: its own, and its waited-for children's (Linux only; undefined elsewhere). */
function procCpuMs(pid: number | 'self'): { own: number; children: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: utime, stime, cutime, cstime are fields 14 to 17.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const ms = (ticks: number | undefined): number => ((ticks ?? 0) / ticksPerSecond) * 1000;
    return { own: ms(f[11]) + ms(f[12]), children: ms(f[13]) + ms(f[14]) };
  } catch {
    return undefined;
  }
}

function childCpuMs(): number {
  return procCpuMs('self')?.children ?? 0;
}

/** Own and children's CPU so far, in ms. */
function cpuMs(): { own: number; children: number } {
  const usage = process.cpuUsage();
  return { own: (usage.user + usage.system) / 1000, children: childCpuMs() };
}

interface Measured { /** CPU inside the polls. */ polls: number; wallMs: number }

/** `polls` rounds of: wait one interval, then poll; the CPU inside the polls, in ms. */
async function measure(monitor: ResourceMonitor): Promise<Measured> {
  const wallStart = performance.now();
  let inside = 0;
  for (let i = 0; i < polls; i++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const before = cpuMs();
    await poll(monitor);
    const after = cpuMs();
    inside += after.own - before.own + after.children - before.children;
  }
  return { polls: inside, wallMs: performance.now() - wallStart };
}

/** The real server over stdio, polled like the status bar, its CPU from /proc; undefined where that cannot be read. */
async function measureServer(): Promise<{ cpuMs: number; wallMs: number } | undefined> {
  const serverJs = path.resolve(__dirname, '../dist/server.js');
  if (!existsSync(serverJs) || procCpuMs('self') === undefined) return undefined;
  const server = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.listen();
  try {
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await connection.sendNotification(InitializedNotification.type, {});
    const pid = server.pid ?? 0;
    const total = (): number => { const c = procCpuMs(pid); return c ? c.own + c.children : 0; };
    await connection.sendRequest(ResourcesRequest.type, { maxWorkers: 0 }); // the one-off first poll
    // Start-up work (lazy compilation, GC of the loading garbage) trails on for seconds: not the poller's.
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const start = total();
    const wallStart = performance.now();
    for (let i = 0; i < polls; i++) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      await connection.sendRequest(ResourcesRequest.type, { maxWorkers: 0 });
    }
    return { cpuMs: total() - start, wallMs: performance.now() - wallStart };
  } finally {
    connection.dispose();
    server.kill();
  }
}

async function poll(monitor: ResourceMonitor): Promise<void> {
  const reply = await resourceReport(monitor, { maxWorkers: 0 }, null);
  if (!reply.ok) throw new Error(`a poll failed: ${reply.error.code}: ${reply.error.message}`);
}

async function main(): Promise<void> {
  if (!Number.isInteger(polls) || polls < 2) throw new Error('--polls takes a whole number of at least 2');
  console.log(`bench:monitor: ${polls} status-bar polls every ${intervalMs} ms (the default), in this process as the server runs them; ${load()}`);
  const monitor = new ResourceMonitor();

  // The first poll reads the CPU facts once (lscpu on Linux) and takes a fresh load window: a one-off.
  const firstStart = cpuMs();
  const firstWall = performance.now();
  await poll(monitor);
  const firstEnd = cpuMs();
  const firstWallMs = performance.now() - firstWall;

  const [m, server] = await Promise.all([measure(monitor), measureServer()]);
  const percent = (m.polls / m.wallMs) * 100;

  printTable([
    ['', 'CPU', 'wall', 'share of one core', 'goal'],
    ['first poll (CPU facts, load window)', `${(firstEnd.own - firstStart.own + firstEnd.children - firstStart.children).toFixed(1)} ms`, `${firstWallMs.toFixed(0)} ms`, '(once)', ''],
    [`${polls} polls, focused window`, `${m.polls.toFixed(1)} ms (${(m.polls / polls).toFixed(2)} ms/poll)`, `${(m.wallMs / 1000).toFixed(1)} s`, `${percent.toFixed(3)} %`, `< ${goalPercent} % ${percent < goalPercent ? 'met' : 'MISSED'}`],
    [`background window (every ${(intervalMs * unfocusedBackoff) / 1000} s)`, 'same per poll', '', `${(percent / unfocusedBackoff).toFixed(3)} %`, '(from the per-poll cost)'],
    ...(server
      ? [['the real server over stdio, whole process', `${server.cpuMs.toFixed(0)} ms`, `${(server.wallMs / 1000).toFixed(1)} s`, `${((server.cpuMs / server.wallMs) * 100).toFixed(3)} %`, '(10 ms ticks)']]
      : [['the real server', 'not measured', '', '', '(needs Linux /proc and a built dist/server.js)']]),
  ]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
