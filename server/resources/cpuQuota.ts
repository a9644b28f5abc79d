/**
 * A container's CPU quota, read from cgroup files: Node 20's os.availableParallelism() counts the
 * CPUs the process may be scheduled on, not the CPU time its cgroup may use, so a container limited
 * to 1.5 CPUs on a 16-core host would otherwise get a pool of 16.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResourceSnapshot } from '../../protocol/results';

/** Where cgroup hierarchies are mounted on Linux. */
export const defaultCgroupRoot = '/sys/fs/cgroup';

/** A CPU quota: how many cores' worth of CPU time per period the process's cgroup may use. */
export interface CpuQuota {
  /** quota ÷ period, e.g. 1.5 for cgroup v2 `150000 100000`. */
  cores: number;
  /** The file and its figures, e.g. `cgroup v2 cpu.max "150000 100000"`, for the reasoning. */
  source: string;
}

/** The usable core count and the quota that set it, if any. */
export interface UsableCores {
  /** min(os.availableParallelism(), ceil(quota)), at least 1. */
  cores: number;
  /** os.availableParallelism() on its own. */
  availableParallelism: number;
  quota: CpuQuota | null;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** A cgroup path and its ancestors, deepest first, as directories under `base`. */
function upwards(base: string, cgroupPath: string): string[] {
  const parts = cgroupPath.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  return Array.from({ length: parts.length + 1 }, (_, i) => path.join(base, ...parts.slice(0, parts.length - i)));
}

/** `/proc/self/cgroup` lines as `[controllers, path]`; v2's line has empty controllers. */
function memberships(selfCgroup: string): Array<{ controllers: string[]; path: string }> {
  const found: Array<{ controllers: string[]; path: string }> = [];
  for (const line of selfCgroup.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (match === null) continue;
    const [, controllers = '', cgroupPath = '/'] = match;
    found.push({ controllers: controllers === '' ? [] : controllers.split(','), path: cgroupPath });
  }
  return found;
}

/** cgroup v2 `cpu.max`: `max 100000` is no limit, `150000 100000` is 1.5 cores. */
function v2Quota(dir: string): CpuQuota | undefined {
  const text = readText(path.join(dir, 'cpu.max'));
  const [quota, period] = (text ?? '').split(/\s+/).map(Number);
  if (text === undefined || quota === undefined || period === undefined || !(quota > 0) || !(period > 0)) return undefined;
  return { cores: quota / period, source: `cgroup v2 cpu.max "${text}"` };
}

/** cgroup v1 `cpu.cfs_quota_us` over `cpu.cfs_period_us`; a quota of -1 is no limit. */
function v1Quota(dir: string): CpuQuota | undefined {
  const quota = Number(readText(path.join(dir, 'cpu.cfs_quota_us')));
  const period = Number(readText(path.join(dir, 'cpu.cfs_period_us')));
  if (!(quota > 0) || !(period > 0)) return undefined;
  return { cores: quota / period, source: `cgroup v1 cpu.cfs_quota_us ${quota} / cpu.cfs_period_us ${period}` };
}

function tightest(quotas: Array<CpuQuota | undefined>): CpuQuota | null {
  let best: CpuQuota | null = null;
  for (const q of quotas) if (q !== undefined && (best === null || q.cores < best.cores)) best = q;
  return best;
}

/**
 * The tightest CPU quota over the process's cgroup and its ancestors (a parent's quota caps its
 * children), cgroup v2 first, then v1; null when none is set or there are no cgroup files.
 * `root` is where the hierarchies are mounted and `selfCgroup` the text of /proc/self/cgroup, both
 * parameters so tests can point them at fixture files. Inside a container the process's path often
 * does not exist under the container's own mount: the mount's root is then the container's cgroup.
 */
export function readCpuQuota(root: string = defaultCgroupRoot, selfCgroup: string = readText('/proc/self/cgroup') ?? ''): CpuQuota | null {
  const lines = memberships(selfCgroup);
  const v2Path = lines.find((m) => m.controllers.length === 0)?.path ?? '/';
  const v2 = tightest(upwards(root, v2Path).map(v2Quota));
  if (v2 !== null) return v2;
  const v1Path = lines.find((m) => m.controllers.includes('cpu'))?.path ?? '/';
  const mounts = ['cpu', 'cpu,cpuacct', 'cpuacct,cpu'].map((name) => path.join(root, name));
  return tightest(mounts.flatMap((mount) => upwards(mount, v1Path)).map(v1Quota));
}

/** The cores a pool may use: os.availableParallelism(), capped by the CPU quota rounded up. */
export function usableCores(quota: CpuQuota | null = readCpuQuota(), availableParallelism: number = os.availableParallelism()): UsableCores {
  const available = Math.max(1, availableParallelism);
  const cores = quota === null ? available : Math.max(1, Math.min(available, Math.ceil(quota.cores)));
  return { cores, availableParallelism: available, quota };
}

/** The pool-size reasoning's first line: where the core count came from, naming the quota when there is one. */
export function coresReasoning({ cores, cpuQuota }: Pick<ResourceSnapshot, 'cores' | 'cpuQuota'>): string {
  const usable = `${cores} usable core${cores === 1 ? '' : 's'}`;
  if (!cpuQuota) return `${usable} (os.availableParallelism)`;
  const quota = `${+cpuQuota.cores.toFixed(2)} cores (${cpuQuota.source})`;
  return cores < cpuQuota.availableParallelism
    ? `${usable}: the cgroup CPU quota is ${quota}, rounded up; os.availableParallelism gives ${cpuQuota.availableParallelism}`
    : `${usable} (os.availableParallelism); the cgroup CPU quota of ${quota} does not lower it`;
}
