/**
 * What follows "Generate worker-pool version" once VS Code applied its edit: the generated files
 * open (the worker behind, the wrapper in front, in the active group: they are new files the user
 * reads next, where a refactor preview would show two all-green diffs of files that do not exist
 * yet), and when the project cannot import piscina, an offer to add it with the project's own
 * package manager, run as a task in that folder so that the user sees it and its exit code.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GeneratedPoolArgs, generatedPoolCommand, PiscinaStatus } from '../../protocol/codegen';

/** The internal command that runs the install (the offer's button; tests call it directly). */
export const addPiscinaCommand = 'parallelize.addPiscina';

/** The server's finding when piscina is missing: where to add it, and with which command. */
type MissingPiscina = Extract<PiscinaStatus, { found: false }>;

/** What the install task did, for the caller (and the tests). */
export interface AddPiscinaOutcome {
  commandLine: string;
  cwd: string;
  /** The process's exit code; undefined when the task could not start, or was not run (no trust). */
  exitCode: number | undefined;
}

/** What the open command did: which file it focused, and the offer it made (if piscina was missing). */
export interface OpenedPool {
  focused: string;
  offer?: string;
}

/** The task type declared in package.json `taskDefinitions`. */
const taskType = 'parallelize';

function installDir(missing: MissingPiscina, wrapperUri: vscode.Uri): string {
  return missing.projectDir ?? path.dirname(wrapperUri.fsPath);
}

/** The sentence that offers the install: what is missing, where, and with what. */
export function piscinaOffer(missing: MissingPiscina, wrapperUri: vscode.Uri, trusted: boolean): string {
  const where = missing.projectDir === null
    ? `there is no package.json above ${path.basename(wrapperUri.fsPath)}, so \`${missing.install.join(' ')}\` would start one in its folder`
    : `${path.join(missing.projectDir, 'package.json')} does not list it and it is not installed`;
  const how = `\`${missing.install.join(' ')}\` (${missing.managerReason === 'no lockfile' ? 'npm: no lockfile names another manager' : `from ${missing.managerReason}`})`;
  return trusted
    ? `The generated code imports piscina, but ${where}. Add it with ${how}?`
    : `The generated code imports piscina, but ${where}. Trust the workspace to add it with ${how}.`;
}

/** Runs the install as a task in the project's folder and resolves when it ends. */
async function addPiscina(missing: MissingPiscina, wrapperUri: vscode.Uri, log: vscode.LogOutputChannel): Promise<AddPiscinaOutcome> {
  const cwd = installDir(missing, wrapperUri);
  const commandLine = missing.install.join(' ');
  if (!vscode.workspace.isTrusted) {
    // VS Code would refuse the task anyway; say why in our words.
    log.warn(`Not running \`${commandLine}\` in ${cwd}: the workspace is not trusted.`);
    return { commandLine, cwd, exitCode: undefined };
  }
  const [program = 'npm', ...args] = missing.install;
  const scope = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(cwd)) ?? vscode.TaskScope.Workspace;
  const task = new vscode.Task({ type: taskType, action: 'addPiscina', cwd }, scope, `add piscina (${program})`, 'Parallelize', new vscode.ShellExecution(program, args, { cwd }));
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  log.info(`Running \`${commandLine}\` in ${cwd}`);
  const ended = new Promise<number | undefined>((resolve) => {
    const listener = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.definition.type !== taskType || e.execution.task.definition.cwd !== cwd) return;
      listener.dispose();
      resolve(e.exitCode);
    });
  });
  try {
    await vscode.tasks.executeTask(task);
  } catch (error) {
    log.error(`Could not start \`${commandLine}\`: ${error instanceof Error ? error.message : String(error)}`);
    return { commandLine, cwd, exitCode: undefined };
  }
  const exitCode = await ended;
  if (exitCode === 0) {
    log.info(`\`${commandLine}\` added piscina in ${cwd}.`);
    void vscode.window.showInformationMessage(`Added piscina to ${path.basename(cwd)} with \`${commandLine}\`.`);
  } else {
    log.warn(`\`${commandLine}\` in ${cwd} exited with ${exitCode ?? 'no exit code'}.`);
    void vscode.window.showWarningMessage(`\`${commandLine}\` exited with ${exitCode ?? 'no exit code'}: its terminal says why.`);
  }
  return { commandLine, cwd, exitCode };
}

/** Opens the generated files, the wrapper focused; offers the install when piscina is missing. */
async function openGeneratedPool(raw: unknown, log: vscode.LogOutputChannel): Promise<OpenedPool | undefined> {
  const parsed = GeneratedPoolArgs.safeParse(raw);
  if (!parsed.success) {
    log.error(`Ignored malformed arguments of ${generatedPoolCommand}: ${parsed.error.message}`);
    return undefined;
  }
  const { wrapperUri, workerUri, piscina } = parsed.data;
  const wrapper = vscode.Uri.parse(wrapperUri);
  await vscode.window.showTextDocument(vscode.Uri.parse(workerUri), { preview: false, preserveFocus: true });
  await vscode.window.showTextDocument(wrapper, { preview: false });
  if (piscina.found) return { focused: wrapperUri };
  const trusted = vscode.workspace.isTrusted;
  const offer = piscinaOffer(piscina, wrapper, trusted);
  const button = trusted ? 'Add piscina' : 'Manage Workspace Trust';
  void vscode.window.showInformationMessage(offer, button).then((pick) => {
    if (pick === 'Add piscina') void addPiscina(piscina, wrapper, log);
    else if (pick === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return { focused: wrapperUri, offer };
}

/** Registers the code action's follow-up command and the install command. */
export function registerGeneratedPool(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(generatedPoolCommand, (raw: unknown) => openGeneratedPool(raw, log)),
    vscode.commands.registerCommand(addPiscinaCommand, async (raw: unknown, wrapperUri: unknown): Promise<AddPiscinaOutcome | undefined> => {
      const parsed = PiscinaStatus.safeParse(raw);
      if (!parsed.success || parsed.data.found || typeof wrapperUri !== 'string') return undefined;
      return addPiscina(parsed.data, vscode.Uri.parse(wrapperUri), log);
    }),
  );
}
