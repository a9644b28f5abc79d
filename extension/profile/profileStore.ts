/**
 * The profile the editor shows: the last one taken, until "Clear Profile". The decorations, the
 * Profile panel and the API listen to it rather than to the command that took it.
 */
import * as vscode from 'vscode';
import type { ProfileResult } from '../../protocol/profile';

/** The `when` context key that is true while a profile is shown (enables Clear Profile in the palette). */
export const hasProfileContextKey = 'parallelize.hasProfile';

/** Holds the current profile and says when it changes. */
export class ProfileStore implements vscode.Disposable {
  private current: ProfileResult | undefined;
  private readonly profiled = new vscode.EventEmitter<ProfileResult>();
  private readonly cleared = new vscode.EventEmitter<void>();

  /** Fires with each new profile, after it became `last`. */
  readonly onDidProfile = this.profiled.event;
  /** Fires when Clear Profile drops the current profile. */
  readonly onDidClear = this.cleared.event;

  /** The profile shown now, if any. */
  get last(): ProfileResult | undefined {
    return this.current;
  }

  /** Shows `profile` in place of the previous one: one profile at a time, as shares of different runs do not add up. */
  set(profile: ProfileResult): void {
    this.current = profile;
    void vscode.commands.executeCommand('setContext', hasProfileContextKey, true);
    this.profiled.fire(profile);
  }

  /** Drops the current profile; listeners clear what they drew. */
  clear(): void {
    const had = this.current !== undefined;
    this.current = undefined;
    void vscode.commands.executeCommand('setContext', hasProfileContextKey, false);
    if (had) this.cleared.fire();
  }

  dispose(): void {
    this.profiled.dispose();
    this.cleared.dispose();
  }
}
