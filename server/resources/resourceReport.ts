/** The answer to a status-bar poll: a reading with its pool-size suggestion, or why there is none. */
import type { ResourcesParams, ResourcesReply } from '../../protocol/lsp';
import { suggestPoolSize } from '../engine/poolSize';
import type { ResourceMonitor } from './readResources';

/** Reads `monitor` (within its timeout) and suggests a pool size for it; what the server answers, and what bench:monitor times. */
export async function resourceReport(monitor: ResourceMonitor, params: ResourcesParams, memoryPerWorkerBytes: number | null): Promise<ResourcesReply> {
  const reading = await monitor.read();
  if (!reading.ok) return reading;
  const resources = reading.value;
  return { ok: true, value: { resources, suggestion: suggestPoolSize({ resources, memoryPerWorkerBytes, maxWorkers: params.maxWorkers }) } };
}
