/** Exit codes a run host uses on purpose; kept apart so the engine need not import the host's entry. */

/** Exit code of a host that passed its memory ceiling (after saying so). */
export const ceilingExitCode = 87;
