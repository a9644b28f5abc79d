/**
 * The watchdog layout shared by the engine and its workers. Kept apart from messages.ts so the
 * worker bundle does not pull in zod for one constant.
 */

/**
 * Float64 entries per watchdog slot: [call number (0 when idle), position of the running input in
 * its task (or one of the positions below)]. Each call a worker starts gets a new number; the
 * engine times how long one number stays put.
 */
export const watchdogSlotSize = 2;

/** Positions that are not inputs: what else a worker runs of the user's code, and can hang in. */
export const watchedPhase = { inputs: -1, load: -2, initializer: -3 } as const;

/** How a timeout names what hung at a phase position. */
export function describePhase(position: number): string {
  if (position === watchedPhase.load) return "loading the function's module (its top-level code)";
  if (position === watchedPhase.initializer) return 'the initializer';
  return 'the inputs expression';
}
