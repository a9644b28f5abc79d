/**
 * What the machine can give a worker pool: usable cores, load and memory, including a container's
 * CPU quota and memory limit. Two ways to read it: a full reading (load per core from CPU ticks,
 * available memory and CPU facts from systeminformation) that always answers within a timeout, for
 * the status bar; and a snapshot from node:os and cgroup files that never waits on
 * systeminformation, for runs.
 */
import * as os from 'node:os';
import * as si from 'systeminformation';
import type { ResourcesError } from '../../protocol/lsp';
import type { ResourceSnapshot } from '../../protocol/results';
import { CpuLoadMeter } from './cpuLoad';
import { usableCores, type UsableCores } from './cpuQuota';

/** The calls a reading makes, systeminformation's or alike: a parameter, so tests can hand in a slow or hung one. */
export interface ResourceSource {
  currentLoad(): Promise<{ currentLoad: number; cpus: ReadonlyArray<{ load: number }> }>;
  mem(): Promise<{ total: number; available: number }>;
  cpu(): Promise<{ manufacturer: string; brand: string; cores: number; physicalCores: number }>;
}

/** The real one: load from CPU ticks (cpuLoad.ts says why not si.currentLoad), memory and CPU facts from systeminformation. */
export function systemSource(): ResourceSource {
  const meter = new CpuLoadMeter();
  return { currentLoad: () => Promise.resolve(meter.read()), mem: () => si.mem(), cpu: () => si.cpu() };
}

/** A full reading, or why there is none. */
export type ResourceReading = { ok: true; value: ResourceSnapshot } | { ok: false; error: ResourcesError };

/** What a monitor reads with; every field has the real default. */
export interface ResourceMonitorOptions {
  source?: ResourceSource;
  /** The longest a full reading waits on systeminformation. */
  timeoutMs?: number;
  /** Usable cores (os.availableParallelism capped by the cgroup CPU quota); tests give fixtures. */
  cores?: () => UsableCores;
}

/** A few seconds: the status bar polls every 2 s, and a first load reading takes a 250 ms window. */
export const readingTimeoutMs = 3000;

/**
 * Calls of one kind still unanswered after which readings stop starting more: each may hold a child
 * process, and a source that hangs would otherwise pile up one per poll. Readings resume once they settle.
 */
export const maxUnansweredCalls = 3;

// Above this a "limit" is cgroup v1's way of saying "unlimited" (2^63 rounded to pages).
const noLimitAbove = 2 ** 50;

// currentLoad() reports the load since its previous call: after a long gap (or on the first call,
// since boot) that average says nothing about now, so a fresh short window is taken instead.
const loadWindowMs = 250;
const staleLoadAfterMs = 3000;

// A cgroup's CPU quota changes only when the container is reconfigured; reading it is a handful of
// file reads, not worth repeating on every poll.
const coresTtlMs = 30_000;

type CpuFacts = Awaited<ReturnType<ResourceSource['cpu']>>;
interface LoadFigures { percent: number; perCore: number[] }

/** process.constrainedMemory() when it is a real limit, else null. */
export function constrainedMemoryBytes(): number | null {
  const limit = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : undefined;
  if (limit === undefined || !Number.isFinite(limit) || limit <= 0 || limit >= noLimitAbove) return null;
  return limit;
}

class ReadingFailed extends Error {
  constructor(readonly code: ResourcesError['code'], message: string) {
    super(message);
  }
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

/** Reads resources for one server process: the status bar's readings and the runs' snapshots share its cache. */
export class ResourceMonitor {
  private readonly source: ResourceSource;
  private readonly timeoutMs: number;
  private readonly cores: () => UsableCores;
  /** Cached once a cpu() call has answered: the figures never change while we run. */
  private cpuFacts: CpuFacts | undefined;
  /** The latest load systeminformation gave, for snapshots. */
  private lastLoad: LoadFigures | undefined;
  private lastLoadAt = 0;
  private readonly unanswered: Record<keyof ResourceSource, number> = { currentLoad: 0, mem: 0, cpu: 0 };
  private coresRead: { at: number; value: UsableCores } | undefined;

  constructor(options: ResourceMonitorOptions = {}) {
    this.source = options.source ?? systemSource();
    this.timeoutMs = options.timeoutMs ?? readingTimeoutMs;
    this.cores = options.cores ?? (() => usableCores());
  }

  /**
   * A full reading. Never rejects and never waits longer than the timeout: a call that hangs is
   * left behind (each reading starts its own, so one that never settles blocks no later reading).
   */
  async read(): Promise<ResourceReading> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReadingFailed('RESOURCES_TIMEOUT', this.timeoutMessage())), this.timeoutMs);
    });
    try {
      const reading = Promise.all([this.load(), this.call('mem'), this.cpuFacts ?? this.call('cpu')]);
      // Left behind on a timeout, it may still fail later: that failure is no one's to report.
      reading.catch(() => undefined);
      const [load, mem, cpu] = await Promise.race([reading, timeout]);
      this.cpuFacts = cpu;
      return { ok: true, value: this.compose(load, { totalBytes: mem.total, freeBytes: mem.available }) };
    } catch (error) {
      if (error instanceof ReadingFailed) return { ok: false, error: { code: error.code, message: error.message } };
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'RESOURCES_FAILED', message: `systeminformation failed: ${message}` } };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A snapshot now, synchronously: cores from os.availableParallelism and the cgroup quota, memory
   * from node:os (os.freemem() is MemAvailable on Linux) and the memory limit, the CPU facts and the
   * load of the latest full reading; before any reading, the 1-minute load average per core.
   */
  snapshotNow(): ResourceSnapshot {
    return this.compose(this.lastLoad ?? this.loadAverage(), { totalBytes: os.totalmem(), freeBytes: os.freemem() });
  }

  private compose(load: LoadFigures, memory: { totalBytes: number; freeBytes: number }): ResourceSnapshot {
    const facts = this.cpuFacts;
    const cpus = os.cpus();
    const logicalCores = Math.max(1, cpus.length, facts?.cores ?? 0);
    const brand = facts ? [facts.manufacturer, facts.brand].filter((part) => part !== '').join(' ') : '';
    const usable = this.usableCores();
    return {
      takenAt: Date.now(),
      cpuBrand: brand === '' ? (cpus[0]?.model ?? 'unknown CPU') : brand,
      cores: usable.cores,
      cpuQuota: usable.quota ? { ...usable.quota, availableParallelism: usable.availableParallelism } : null,
      logicalCores,
      physicalCores: Math.max(1, facts?.physicalCores || logicalCores),
      loadPercent: load.percent,
      perCoreLoad: load.perCore,
      memory: { ...memory, constrainedBytes: constrainedMemoryBytes() },
    };
  }

  private usableCores(): UsableCores {
    const now = Date.now();
    if (this.coresRead === undefined || now - this.coresRead.at > coresTtlMs) this.coresRead = { at: now, value: this.cores() };
    return this.coresRead.value;
  }

  /** Unix's 1-minute load average as a share of the logical cores (0 on Windows, which has none). */
  private loadAverage(): LoadFigures {
    const perCore = os.loadavg()[0] ?? 0;
    return { percent: Math.min(100, Math.max(0, (perCore / Math.max(1, os.cpus().length)) * 100)), perCore: [] };
  }

  private async load(): Promise<LoadFigures> {
    if (Date.now() - this.lastLoadAt > staleLoadAfterMs) {
      await this.call('currentLoad');
      await new Promise((resolve) => setTimeout(resolve, loadWindowMs));
    }
    const load = await this.call('currentLoad');
    this.lastLoadAt = Date.now();
    this.lastLoad = { percent: finite(load.currentLoad), perCore: load.cpus.map((core) => finite(core.load)) };
    return this.lastLoad;
  }

  /** One systeminformation call, counted until it settles. */
  private call<K extends keyof ResourceSource>(kind: K): ReturnType<ResourceSource[K]> {
    if (this.unanswered[kind] >= maxUnansweredCalls) {
      const error = new ReadingFailed('RESOURCES_TIMEOUT', `systeminformation's ${kind}() has left ${this.unanswered[kind]} calls unanswered; no more are started until they return`);
      return Promise.reject(error) as ReturnType<ResourceSource[K]>;
    }
    this.unanswered[kind]++;
    const pending = this.source[kind]() as ReturnType<ResourceSource[K]>;
    const settled = (): void => void this.unanswered[kind]--;
    pending.then(settled, settled);
    return pending;
  }

  private timeoutMessage(): string {
    const waiting = (Object.keys(this.unanswered) as Array<keyof ResourceSource>).filter((kind) => this.unanswered[kind] > 0);
    const on = waiting.length > 0 ? ` (waiting on ${waiting.map((kind) => `${kind}()`).join(', ')})` : '';
    return `systeminformation did not answer within ${this.timeoutMs / 1000} s${on}`;
  }
}

/** The server process's monitor: the status bar reads it, runs take snapshots from it. */
export const resourceMonitor = new ResourceMonitor();

/** A snapshot for a run: never waits on systeminformation, so it cannot hang. */
export function resourcesNow(): ResourceSnapshot {
  return resourceMonitor.snapshotNow();
}
