/** Finds a function by name in a file and profiles it, with progress on a terminal's stderr. */
import { profileFunction, type Profiled } from '../engine/profileFunction';
import { usageCodes } from './benchmarkFunction';
import { CliError } from './cliError';
import type { ProfileArgs } from './parseProfileArgs';
import { defaultInputs, findTarget, terminalHooks } from './terminalRun';

/** Profiles `name` in `file`; throws CliError when there is no profile to show. */
export async function profileFromCli(request: ProfileArgs, signal: AbortSignal): Promise<Profiled> {
  const target = await findTarget(request.file, request.name);
  const hooks = terminalHooks(signal);
  try {
    const reply = await profileFunction(
      { target, inputs: request.inputs ?? defaultInputs(target), settings: request.settings, ...(request.intervalUs === undefined ? {} : { intervalUs: request.intervalUs }) },
      hooks,
    );
    if (!reply.ok) {
      const stack = reply.error.stack === undefined ? '' : `\n${reply.error.stack}`;
      throw new CliError(`${reply.error.code}: ${reply.error.message}${stack}`, usageCodes.has(reply.error.code) ? 2 : 1);
    }
    return reply.value;
  } finally {
    hooks.dispose();
  }
}
