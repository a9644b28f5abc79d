/**
 * The last profile of each function, kept by the server for the editor's CodeLens and for a later
 * `.cpuprofile` export. Read it as LastResults is read: `lastProfiles.get(file, name)?.result`.
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

  /** Remembers a profile that completed (a failed or cancelled one leaves the previous in place). */
  record(file: string, name: string, profile: LastProfile): void {
    this.byFunction.set(key(file, name), profile);
  }

  /** The last profile of `name` in `file`, if it was profiled this session. */
  get(file: string, name: string): LastProfile | undefined {
    return this.byFunction.get(key(file, name));
  }

  /** Forgets one function's profile ("Clear Profile"), or every profile of `file` when no name is given. */
  clear(file: string, name?: string): void {
    if (name !== undefined) {
      this.byFunction.delete(key(file, name));
      return;
    }
    const prefix = `${path.resolve(file)}#`;
    for (const stored of [...this.byFunction.keys()]) if (stored.startsWith(prefix)) this.byFunction.delete(stored);
  }
}

function key(file: string, name: string): string {
  return `${path.resolve(file)}#${name}`;
}
