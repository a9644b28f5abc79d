/**
 * The watchdog layout shared by the engine and its workers. Kept apart from messages.ts so the
 * worker bundle does not pull in zod for one constant.
 */

/** Float64 entries per watchdog slot: [startedAtEpochMs (0 when idle), inputIndex (-1: the inputs expression)]. */
export const watchdogSlotSize = 2;
