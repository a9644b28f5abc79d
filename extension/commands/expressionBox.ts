/**
 * The input box for typing an inputs expression: it previews what is typed under the box, refuses
 * an expression known not to run, and otherwise accepts it on Enter at once. The preview is advice:
 * Enter never waits for one still being evaluated (on a busy machine it can take seconds), since a
 * run refuses a bad expression anyway with INPUTS_FAILED. `showInputBox` would wait: its Enter
 * awaits the pending validation.
 */
import * as vscode from 'vscode';
import { placeholderProblem } from '../../protocol/inputPlaceholder';
import { capitalized } from '../../webview/shared/format';
import { describePreview, type InputPreviews, type PreviewOutcome } from './inputPreviews';

/** How long the box waits after a keystroke before it previews what was typed. */
const typingPauseMs = 300;

/** The input box as the user sees it: its text and the message under it. */
export interface ExpressionBoxView {
  title: string;
  value: string;
  /** The preview or the problem under the box; undefined while the preview is evaluated. */
  message: string | undefined;
  severity: 'info' | 'warning' | 'error' | undefined;
}

/** The box while it is open, for the API: what it shows, and typing into it as a keystroke would. */
export interface ExpressionBoxHandle {
  view(): ExpressionBoxView;
  type(text: string): void;
}

/** What the box asks of its caller. */
export interface ExpressionBoxOptions {
  title: string;
  prompt: string;
  value: string;
  previews: InputPreviews;
  /** Told when the box opens and closes (undefined). */
  onBox?: (box: ExpressionBoxHandle | undefined) => void;
}

const severities = {
  info: vscode.InputBoxValidationSeverity.Info,
  warning: vscode.InputBoxValidationSeverity.Warning,
  error: vscode.InputBoxValidationSeverity.Error,
} as const;

type Message = { text: string; severity: keyof typeof severities } | undefined;

/** What is wrong with `typed` without evaluating it: nothing typed, or a placeholder left in. */
function syntaxProblem(typed: string): Message {
  if (!typed.trim()) return { text: 'Type an expression that yields an array of inputs.', severity: 'error' };
  const placeholder = placeholderProblem(typed);
  return placeholder === undefined ? undefined : { text: capitalized(placeholder), severity: 'error' };
}

/** A preview that came back, as the message under the box; undefined for a cancelled one. */
function messageOf(outcome: PreviewOutcome): Message {
  if (outcome.ok) return { text: describePreview(outcome.value), severity: 'info' };
  if (outcome.error.code === 'CANCELLED') return undefined;
  return { text: capitalized(outcome.error.message), severity: outcome.blocking ? 'error' : 'warning' };
}

/** Opens the box prefilled with `options.value`; the expression accepted, or undefined when dismissed. */
export async function typeExpression(options: ExpressionBoxOptions): Promise<string | undefined> {
  const { previews } = options;
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.value = options.value;
  box.ignoreFocusOut = true;
  let shown: Message;
  let pause: NodeJS.Timeout | undefined;
  let open = true;
  const show = (message: Message): void => {
    shown = message;
    box.validationMessage = message && { message: message.text, severity: severities[message.severity] };
  };
  const changed = (typed: string): void => {
    clearTimeout(pause);
    // Nothing under the box until the new text's preview: the old one described other text.
    show(syntaxProblem(typed));
    if (shown !== undefined) return;
    pause = setTimeout(() => {
      void previews.latest(typed).then((outcome) => {
        // Typed on, or closed, since: that text's own preview (if any) is the one to show.
        if (open && box.value === typed) show(messageOf(outcome));
      });
    }, typingPauseMs);
  };
  const handle: ExpressionBoxHandle = {
    view: () => ({ title: options.title, value: box.value, message: shown?.text, severity: shown?.severity }),
    type: (text) => {
      box.value = text;
      changed(text);
    },
  };
  try {
    return await new Promise<string | undefined>((resolve) => {
      box.onDidChangeValue(changed);
      box.onDidAccept(() => {
        const typed = box.value;
        // Refused only for what is known now: a preview still being evaluated does not hold Enter up.
        const known = previews.known(typed);
        const problem = syntaxProblem(typed) ?? (known && !known.ok && known.blocking ? messageOf(known) : undefined);
        if (problem !== undefined) {
          show(problem);
          return;
        }
        resolve(typed);
        box.hide();
      });
      box.onDidHide(() => resolve(undefined));
      box.show();
      options.onBox?.(handle);
      changed(box.value);
    });
  } finally {
    open = false;
    clearTimeout(pause);
    options.onBox?.(undefined);
    box.dispose();
  }
}
