/**
 * A snapshot of what the machine can give a worker pool: usable cores, load, and memory, including
 * a container's memory limit when there is one.
 */
import * as os from 'node:os';
import * as si from 'systeminformation';
import type { ResourceSnapshot } from '../../protocol/results';

// Above this a "limit" is cgroup v1's way of saying "unlimited" (2^63 rounded to pages).
const noLimitAbove = 2 ** 50;

// currentLoad() reports the load since its previous call: after a long gap (or on the first call,
// since boot) that average says nothing about now, so a fresh short window is taken instead.
const loadWindowMs = 250;
const staleLoadAfterMs = 3000;
let lastLoadAt = 0;

async function currentLoad(): Promise<si.Systeminformation.CurrentLoadData> {
  if (Date.now() - lastLoadAt > staleLoadAfterMs) {
    await si.currentLoad();
    await new Promise((resolve) => setTimeout(resolve, loadWindowMs));
  }
  const load = await si.currentLoad();
  lastLoadAt = Date.now();
  return load;
}

// cpu() reads /proc and dmidecode-like sources and never changes while we run: read it once.
let cpuInfo: Promise<si.Systeminformation.CpuData> | undefined;

/** process.constrainedMemory() when it is a real limit, else null. */
export function constrainedMemoryBytes(): number | null {
  const limit = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : undefined;
  if (limit === undefined || !Number.isFinite(limit) || limit <= 0 || limit >= noLimitAbove) return null;
  return limit;
}

/** Reads load, memory and CPU facts now; `cores` is os.availableParallelism(). */
export async function readResources(): Promise<ResourceSnapshot> {
  cpuInfo ??= si.cpu().catch((error: unknown) => {
    cpuInfo = undefined; // try again next time rather than cache a failure
    throw error;
  });
  const [load, mem, cpu] = await Promise.all([currentLoad(), si.mem(), cpuInfo]);
  const logicalCores = Math.max(1, os.cpus().length, cpu.cores);
  const brand = [cpu.manufacturer, cpu.brand].filter((part) => part !== '').join(' ');
  return {
    takenAt: Date.now(),
    cpuBrand: brand === '' ? (os.cpus()[0]?.model ?? 'unknown CPU') : brand,
    cores: Math.max(1, os.availableParallelism()),
    logicalCores,
    physicalCores: Math.max(1, cpu.physicalCores || logicalCores),
    loadPercent: Number.isFinite(load.currentLoad) ? load.currentLoad : 0,
    perCoreLoad: load.cpus.map((core) => (Number.isFinite(core.load) ? core.load : 0)),
    memory: {
      totalBytes: mem.total,
      freeBytes: mem.available,
      constrainedBytes: constrainedMemoryBytes(),
    },
  };
}
