/**
 * One benchmark at a time per process: two runs would compete for the same cores and both
 * measure noise.
 */

let running = false;

/** Takes the run lock; returns its release function, or null when a run is already going on. */
export function tryAcquireRun(): (() => void) | null {
  if (running) return null;
  running = true;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running = false;
  };
}
