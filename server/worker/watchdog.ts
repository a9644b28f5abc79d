/**
 * The watchdog layout shared by the engine and its workers. Kept apart from messages.ts so the
 * worker bundle does not pull in zod for one constant.
 */

/**
 * Float64 entries per watchdog slot: [call number (0 when idle), position of the running input in
 * its task (-1: the inputs expression)]. Each call a worker starts gets a new number; the engine
 * times how long one number stays put.
 */
export const watchdogSlotSize = 2;
