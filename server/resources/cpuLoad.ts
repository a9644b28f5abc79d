/**
 * CPU load from os.cpus()'s tick counters. systeminformation's currentLoad() computes the same
 * figures but, on Linux, shells out synchronously (`cat /proc/stat | grep cpu`) on every call: that
 * costs a few milliseconds of CPU per status-bar poll, and a shell that hangs would block the whole
 * server, where no timeout can reach. Steal time (in a VM) is not counted, as os.cpus() omits it.
 */
import * as os from 'node:os';

/** The load since the previous reading: the whole machine and each logical core, 0–100. */
export interface CpuLoad {
  currentLoad: number;
  cpus: Array<{ load: number }>;
}

type Times = os.CpuInfo['times'];

function busy(t: Times): number {
  return t.user + t.nice + t.sys + t.irq;
}

function share(busyTicks: number, totalTicks: number): number {
  return totalTicks > 0 ? Math.min(100, Math.max(0, (busyTicks / totalTicks) * 100)) : 0;
}

/** Reads load as the change in CPU ticks since its previous reading (the first reading: since boot). */
export class CpuLoadMeter {
  private previous: Times[] = [];

  constructor(private readonly cpuTimes: () => Times[] = () => os.cpus().map((cpu) => cpu.times)) {}

  read(): CpuLoad {
    const now = this.cpuTimes();
    let busyTotal = 0;
    let allTotal = 0;
    const cpus = now.map((t, i) => {
      const before = this.previous.length === now.length ? this.previous[i] : undefined;
      const b = busy(t) - (before ? busy(before) : 0);
      const all = b + t.idle - (before?.idle ?? 0);
      busyTotal += b;
      allTotal += all;
      return { load: share(b, all) };
    });
    this.previous = now;
    return { currentLoad: share(busyTotal, allTotal), cpus };
  }
}
