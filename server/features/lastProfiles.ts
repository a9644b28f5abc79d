/** The last profile of each function, kept by the server for its CodeLens summary (`self 12% · top callee …`). */
import * as path from 'node:path';
import type { ProfileResult } from '../../protocol/profile';

/** Profiles keyed by (absolute file path, function name); in memory only, for this session. */
export class LastProfiles {
  private readonly byFunction = new Map<string, ProfileResult>();

  /** `changed` runs after every record and clear (the server refreshes the CodeLenses there). */
  constructor(private readonly changed: () => void = () => undefined) {}

  /** Remembers a profile that completed, under the function it profiled. */
  record(profile: ProfileResult): void {
    this.byFunction.set(key(profile.target.file, profile.target.name), profile);
    this.changed();
  }

  /** The last profile of `name` in `file`, if it was profiled this session and not cleared since. */
  get(file: string, name: string): ProfileResult | undefined {
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
