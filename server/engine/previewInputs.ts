/**
 * The input picker's preview: the inputs expression evaluated where a run evaluates it (the
 * bundled module, in a run host's worker: it is the user's code, never run in the server), with a
 * short timeout, answered with the count and the first input on one line, or the expression's error.
 */
import type { InputsPreview, PreviewInputsParams } from '../../protocol/lsp';
import { placeholderProblem } from '../../protocol/inputPlaceholder';
import type { Reply } from '../../protocol/results';
import { bundleFunction, type EditorTexts } from './bundleFunction';
import { previewValue } from './preview';
import { RunContext } from './runContext';
import { Cancelled, PoolFault } from './taskPool';

/** Long enough for an expression that builds its inputs, short enough to answer while the user picks. */
export const previewTimeoutMs = 5_000;

/** The first input's rendering, cut to fit a QuickPick line. */
const previewChars = 120;

/** The previews going on: one the picker cancelled may still be stopping its run host. */
const inFlight = new Set<Promise<unknown>>();

/** Resolves once every preview going on now has ended, so that a run measures on quiet cores. */
export async function previewsEnded(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}

/** Evaluates `params.inputs` in a fresh one-worker run host; `signal` ends it (the user picked or left). */
export async function previewInputs(params: PreviewInputsParams & { editorTexts?: EditorTexts }, signal: AbortSignal, log: (line: string) => void): Promise<Reply<InputsPreview>> {
  const preview = evaluate(params, signal, log);
  inFlight.add(preview);
  try {
    return await preview;
  } finally {
    inFlight.delete(preview);
  }
}

async function evaluate(params: PreviewInputsParams & { editorTexts?: EditorTexts }, signal: AbortSignal, log: (line: string) => void): Promise<Reply<InputsPreview>> {
  const placeholder = placeholderProblem(params.inputs);
  if (placeholder !== undefined) return { ok: false, error: { code: 'INPUTS_FAILED', message: placeholder } };
  const bundle = await bundleFunction(params.target, params.inputs, params.settings.initializer, params.editorTexts);
  if (!bundle.ok) return bundle;
  const taskTimeoutMs = Math.min(params.settings.taskTimeoutMs, previewTimeoutMs);
  const ctx = new RunContext(bundle.value.file, { ...params.settings, taskTimeoutMs }, params.target.parameters.length !== 1, { signal, onProgress: () => undefined, log });
  const pool = ctx.createPool(1);
  try {
    const reply = await pool.run({ kind: 'inputs' }, 'the inputs expression');
    if (reply.kind === 'inputs') return { ok: true, value: { count: reply.items.length, first: previewValue(reply.items[0], previewChars) } };
    if (reply.kind === 'failed') return { ok: false, error: { code: reply.code, message: reply.message, ...(reply.stack === undefined ? {} : { stack: reply.stack }) } };
    return { ok: false, error: { code: 'INTERNAL', message: `the worker answered the inputs task with ${reply.kind}` } };
  } catch (error) {
    if (error instanceof Cancelled) return { ok: false, error: { code: 'CANCELLED', message: 'the preview was cancelled' } };
    if (error instanceof PoolFault && error.error.code === 'TASK_TIMEOUT') {
      return { ok: false, error: { code: 'TASK_TIMEOUT', message: `the inputs expression took over ${taskTimeoutMs / 1000} s in the preview; a run allows it parallelize.taskTimeoutMs` } };
    }
    if (error instanceof PoolFault) return { ok: false, error: error.error };
    throw error;
  } finally {
    await pool.destroy();
    await bundle.value.dispose();
  }
}
