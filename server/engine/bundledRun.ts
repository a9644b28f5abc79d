/**
 * What a benchmark and a profile share around their own work: one job at a time (the run lock),
 * the function bundled for its run and removed after, the run's context, and an unexpected throw
 * turned into an INTERNAL reply instead of an unhandled rejection.
 */
import type { Reply } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import type { FunctionTarget } from '../../protocol/lsp';
import { placeholderProblem } from '../../protocol/inputPlaceholder';
import { bundleFunction, type EditorTexts } from './bundleFunction';
import { previewsEnded } from './previewInputs';
import { RunContext, type RunHooks } from './runContext';
import { tryAcquireRun } from './runLock';

/** How a job names itself in its replies and logs. */
export interface BundledJob<T> {
  /** The BUSY message when another job holds the lock. */
  busy: string;
  /** The log line before bundling. */
  announce: string;
  /** The noun of "the … failed unexpectedly". */
  noun: string;
  /** The progress message a finished job ends on. */
  finished: (value: T) => string;
}

/** Runs `body` on the bundled function (open files as the editor holds them) under the run lock; its reply, or BUSY, the bundle's error or INTERNAL. */
export async function bundledRun<T>(
  params: { target: FunctionTarget; inputs: string; settings: RunSettings; editorTexts?: EditorTexts },
  hooks: RunHooks,
  job: BundledJob<T>,
  body: (ctx: RunContext, bundlePath: string) => Promise<Reply<T>>,
): Promise<Reply<T>> {
  // A suggestion's placeholder would run as the number i: refused before anything runs, here so the CLI refuses it too.
  const placeholder = placeholderProblem(params.inputs);
  if (placeholder !== undefined) return { ok: false, error: { code: 'INPUTS_FAILED', message: placeholder } };
  const release = tryAcquireRun();
  if (release === null) return { ok: false, error: { code: 'BUSY', message: job.busy } };
  try {
    hooks.log(job.announce);
    // The picker cancelled its previews as the user chose, without waiting for them (Enter starts the
    // run at once): one may still be stopping its run host, which would share the cores being measured.
    const [bundle] = await Promise.all([bundleFunction(params.target, params.inputs, params.settings.initializer, params.editorTexts), previewsEnded()]);
    if (!bundle.ok) return bundle;
    try {
      const ctx = new RunContext(bundle.value.file, params.settings, params.target.parameters.length !== 1, hooks);
      const reply = await body(ctx, bundle.value.file);
      ctx.finish(reply.ok ? job.finished(reply.value) : reply.error.message);
      return reply;
    } finally {
      await bundle.value.dispose();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    hooks.log(`internal error: ${error instanceof Error && error.stack ? error.stack : message}`);
    return { ok: false, error: { code: 'INTERNAL', message: `the ${job.noun} failed unexpectedly: ${message}` } };
  } finally {
    release();
  }
}
