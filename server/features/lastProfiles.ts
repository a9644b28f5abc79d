/**
 * The last profile of each function, kept by the server for its CodeLens summary
 * (`self 12% · top callee …`) and for a later `.cpuprofile` export.
 */
import * as path from 'node:path';
import type { ProfileResult } from '../../protocol/profile';
import type { CpuProfile } from '../profile/cpuProfile';

/** One function's last profile: the model, and V8's profile at TypeScript positions. */
export interface LastProfile {
  result: ProfileResult;
  cpuProfile: CpuProfile;
}

/** Profiles keyed by (absolute file path, function name); in memory only, for this session. */
export class LastProfiles {
  private readonly byFunction = new Map<string, LastProfile>();

  /** `changed` runs after every record and clear (the server refreshes the CodeLenses there). */
  constructor(private readonly changed: () => void = () => undefined) {}

  /** Remembers a profile that completed (a failed or cancelled one leaves the previous in place). */
  record(file: string, name: string, profile: LastProfile): void {
    this.byFunction.set(key(file, name), profile);
    this.changed();
  }

  /** The last profile of `name` in `file`, if it was profiled this session and not cleared since. */
  get(file: string, name: string): LastProfile | undefined {
    return this.byFunction.get(key(file, name));
  }

  /** Forgets every profile ("Clear Profile" in the editor). */
  clear(): void {
    if (this.byFunction.size === 0) return;
    this.byFunction.clear();
    this.changed();
  }
}

function key(file: string, name: string): string {
  return `${path.resolve(file)}#${name}`;
}
