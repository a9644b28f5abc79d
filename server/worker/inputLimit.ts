/**
 * How many inputs a run takes. Every input is cloned to the engine, indexed and sent again to each
 * pool, so past this a run spends its time and memory on bookkeeping (and a sparse
 * `new Array(2 ** 32 - 1)` would freeze the engine's thread being cloned). Kept apart from
 * messages.ts so the worker bundle does not pull in zod for one constant.
 */
export const maxInputs = 10_000_000;
