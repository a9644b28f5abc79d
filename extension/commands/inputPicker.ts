/**
 * Asking for a function's inputs: a QuickPick offering the expression last used for it, the
 * module's exports whose elements fit its parameters (found by the server's type checker), the
 * sample values built from its parameter types, and "Type an expression…". Each expression shows
 * its preview (the count and the first input, or its error) before anything runs, and one that
 * still holds a placeholder, or whose preview failed, opens the input box to be fixed instead of running.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { placeholderProblem } from '../../protocol/inputPlaceholder';
import { InputChoicesRequest, type FunctionTarget, type InputChoices } from '../../protocol/lsp';
import { runSettings } from '../config';
import { capitalized } from '../../webview/shared/format';
import { typeExpression, type ExpressionBoxHandle } from './expressionBox';
import { describePreview, InputPreviews, type PreviewOutcome } from './inputPreviews';

/** What the picker needs from the extension. */
export interface InputPickerDeps {
  client: LanguageClient;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** Told when a picker opens and closes (undefined), so the API can show tests what it offers. */
  onPicker?: (picker: vscode.QuickPick<vscode.QuickPickItem> | undefined) => void;
  /** Told when the input box for typing an expression opens and closes (undefined), for the API. */
  onExpressionBox?: (box: ExpressionBoxHandle | undefined) => void;
}

/** A row of the picker: an expression to run, or the way to type one. */
interface InputItem extends vscode.QuickPickItem {
  inputs?: string;
}

const typeRowLabel = 'Type an expression…';

/** One key per function, shared by both commands: a profile runs on the inputs that were benchmarked. */
function inputsKey(target: FunctionTarget): string {
  return `inputs:${target.uri}#${target.name}`;
}

function oneLine(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function prompt(target: FunctionTarget): string {
  return target.parameters.length === 1
    ? 'An expression evaluated in the function\'s module that yields an array; each element is one call\'s argument.'
    : 'An expression evaluated in the function\'s module that yields an array of argument tuples, one per call.';
}

/** The preview as an item's detail line. */
function detailOf(outcome: PreviewOutcome | undefined): string {
  if (outcome === undefined) return '$(loading~spin) evaluating…';
  if (outcome.ok) return `$(pass) ${describePreview(outcome.value)}`;
  return `${outcome.blocking ? '$(error)' : '$(warning)'} ${capitalized(outcome.error.message)}`;
}

async function choicesFor(deps: InputPickerDeps, target: FunctionTarget): Promise<InputChoices> {
  try {
    const reply = await deps.client.sendRequest(InputChoicesRequest.type, target);
    if (reply.ok) return reply.value;
    deps.log.warn(`No input choices for ${target.name}: ${reply.error.message}`);
  } catch (error) {
    deps.log.warn(`No input choices for ${target.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { candidates: [], suggestedInputs: target.suggestedInputs };
}

/** The rows: the remembered expression, then (once the server answered) the fitting exports and the sample values, then the way to type one. */
function itemsFor(choices: InputChoices | undefined, remembered: string | undefined): InputItem[] {
  const items: InputItem[] = [];
  const offered = new Set<string>();
  if (remembered !== undefined) {
    items.push({ label: `$(history) ${oneLine(remembered)}`, description: 'last used', inputs: remembered });
    offered.add(remembered);
  }
  // Groups apart by plain separators: a separator's label shares the next row, which crowds it out in a narrow window.
  const exports = choices?.candidates.filter((c) => !offered.has(c.expression)) ?? [];
  if (exports.length > 0 && items.length > 0) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  for (const c of exports) {
    const count = c.count === null ? '' : ` · ${c.count.toLocaleString('en-US')} ${c.count === 1 ? 'input' : 'inputs'}`;
    items.push({ label: `$(symbol-array) ${c.expression}`, description: `export · ${c.type}${count}`, inputs: c.expression });
    offered.add(c.expression);
  }
  if (choices !== undefined && !offered.has(choices.suggestedInputs)) {
    if (items.length > 0) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(wand) Sample values from the parameter types', description: oneLine(choices.suggestedInputs, 400), inputs: choices.suggestedInputs });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: `$(edit) ${typeRowLabel}`, description: 'opens an input box', alwaysShow: true });
  return items;
}

/**
 * The item the user accepted, or the text typed into the filter; undefined when dismissed. The
 * picker opens at once with `initial` and is busy until `complete` (the server's choices) arrives.
 */
async function pickItem(deps: InputPickerDeps, title: string, initial: InputItem[], complete: Promise<InputItem[]>, previews: InputPreviews): Promise<{ item: InputItem | undefined; typed: string } | undefined> {
  const picker = vscode.window.createQuickPick<InputItem>();
  picker.title = title;
  picker.placeholder = 'Pick the inputs, or filter by name or expression';
  picker.matchOnDescription = true;
  picker.ignoreFocusOut = true;
  let items = initial;
  let open = true;
  const outcomes = new Map<string, PreviewOutcome>();
  const refresh = (keepPlace = true): void => {
    if (!open) return;
    const active = keepPlace ? (picker.activeItems[0]?.inputs ?? picker.activeItems[0]?.label) : undefined;
    picker.items = items.map((item) => (item.inputs === undefined ? item : { ...item, detail: detailOf(outcomes.get(item.inputs)) }));
    // While the user filters, the workbench focuses the first row that matches: a row set active
    // here may be one the filter hides (this host hears of the typing late), and the focus would go.
    if (picker.value !== '') return;
    // New items keep the focus on a row that stays (by identity) or else go to the first: keep the
    // user's place by what it holds, or go to the first row when asked to.
    const again = active === undefined
      ? picker.items.find((item) => item.kind !== vscode.QuickPickItemKind.Separator)
      : picker.items.find((item) => (item.inputs ?? item.label) === active);
    if (again) picker.activeItems = [again];
  };
  // Previews in the order shown: the first item's comes first; each expression is evaluated once.
  const previewAll = (): void => {
    for (const { inputs } of items) {
      if (inputs === undefined || outcomes.has(inputs)) continue;
      const problem = placeholderProblem(inputs);
      if (problem !== undefined) {
        outcomes.set(inputs, { ok: false, error: { code: 'INPUTS_FAILED', message: `${problem}: pick it to edit` }, blocking: true });
        continue;
      }
      void previews.preview(inputs).then((outcome) => {
        if (outcome.ok || outcome.error.code !== 'CANCELLED') outcomes.set(inputs, outcome);
        refresh();
      });
    }
    refresh();
  };
  try {
    return await new Promise((resolve) => {
      picker.onDidAccept(() => {
        resolve({ item: picker.selectedItems[0] ?? picker.activeItems[0], typed: picker.value });
        picker.hide();
      });
      picker.onDidHide(() => resolve(undefined));
      picker.busy = true;
      refresh();
      picker.show();
      deps.onPicker?.(picker);
      previewAll();
      void complete.then((all) => {
        items = all;
        picker.busy = false;
        // The full list starts at its first row, as if it had been there from the start.
        refresh(false);
        previewAll();
      });
    });
  } finally {
    open = false;
    deps.onPicker?.(undefined);
    picker.dispose();
  }
}

/**
 * The inputs expression for `target`, chosen in the picker (and remembered for the function), or
 * undefined when the user dismissed it. Every preview is cancelled when it returns, without waiting
 * for them to stop: the run waits for that in the server, after the user saw it start.
 */
export async function pickInputs(deps: InputPickerDeps, target: FunctionTarget, titlePrefix: string): Promise<string | undefined> {
  const title = `${titlePrefix}: inputs for ${target.name}`;
  const remembered = deps.state.get<string>(inputsKey(target));
  const previews = new InputPreviews(deps.client, target, runSettings(vscode.Uri.parse(target.uri)), deps.log);
  const box = (value: string): Promise<string | undefined> => typeExpression({ title, prompt: prompt(target), value, previews, onBox: deps.onExpressionBox });
  try {
    const choices = choicesFor(deps, target);
    const initial = itemsFor(undefined, remembered);
    const picked = await pickItem(deps, title, initial, choices.then((c) => itemsFor(c, remembered)), previews);
    if (picked === undefined) return undefined;
    let inputs = picked.item?.inputs;
    if (inputs === undefined) {
      // "Type an expression…" (shown whatever the filter): what was typed into the filter, unless it
      // was the row's own name, else a start.
      const typed = picked.typed.trim();
      const filteredToRow = typed !== '' && typeRowLabel.toLowerCase().includes(typed.toLowerCase());
      inputs = await box(typed !== '' && !filteredToRow ? typed : (remembered ?? (await choices).suggestedInputs));
    } else if (placeholderProblem(inputs) !== undefined || previewBlocks(previews, inputs)) {
      // It would not run: open it to be fixed, its error shown under it.
      inputs = await box(inputs);
    }
    if (inputs !== undefined) await deps.state.update(inputsKey(target), inputs);
    return inputs;
  } finally {
    previews.dispose();
  }
}

/** Whether a preview already known says the run would fail; one still running does not hold the user up. */
function previewBlocks(previews: InputPreviews, inputs: string): boolean {
  const known = previews.known(inputs);
  return known !== undefined && !known.ok && known.blocking;
}
