/**
 * The language server: finds functions, runs benchmarks in worker threads and polls resources, so
 * that nothing slow or blocking ever runs in the extension host.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  ClearProfilesNotification,
  ExportProfileParams,
  ExportProfileRequest,
  FindFunctionRequest,
  FunctionTarget,
  InitializationOptions,
  InputChoicesRequest,
  PreviewInputsParams,
  PreviewInputsRequest,
  ProfileFunctionRequest,
  ResourcesParams,
  ResourcesRequest,
  RunBenchmarkRequest,
  RunParams,
  RunPartialNotification,
  RunProgressNotification,
  serverProcessInfoKey,
  WorkspaceTrustNotification,
  KnownResultsNotification,
  KnownResultsParams,
  WorkspaceTrustParams,
  type ResourcesReply,
  type ServerProcessInfo,
} from '../protocol/lsp';
import type { ProfileResult } from '../protocol/profile';
import type { BenchmarkResult, Reply, RunError } from '../protocol/results';
import type { z } from 'zod';
import { findFunctionAt } from './analysis/findFunction';
import { inputChoices } from './analysis/inputChoices';
import { ProjectServices } from './analysis/projectServices';
import { previewInputs } from './engine/previewInputs';
import { profileFunction } from './engine/profileFunction';
import { runBenchmark, type RunHooks } from './engine/runBenchmark';
import { resourceMonitor } from './resources/readResources';
import { resourceReport } from './resources/resourceReport';
import { registerDiagnostics } from './features/diagnostics';
import { codeActionCapability, registerCodeActions } from './features/codeActions';
import { refreshCodeLenses, registerCodeLens } from './features/codeLens';
import { LastProfiles } from './features/lastProfiles';
import { LastResults } from './features/lastResults';
import { OpenFiles } from './features/openFiles';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** What the server learns across runs: the memory one worker needed in the latest benchmark. */
const measured = { memoryPerWorkerBytes: null as number | null };

/** The editor's text of open files: what the type checker reads and what a run bundles. */
const openFiles = new OpenFiles(documents);
/** One language service per project, for the diagnostics and the input picker. */
const projects = new ProjectServices(openFiles);
const safety = registerDiagnostics(connection, documents, projects);

/**
 * What the client said about itself in `initialize`: what it supports, and
 * whether the workspace is trusted (until a client says so, it is not: runs execute workspace code).
 */
const session = { client: {} as ClientCapabilities, trusted: false };
/** The last benchmark of each function, for its CodeLens and its generated pool code. */
const lastResults = new LastResults();

registerCodeActions(connection, {
  readDocument: async (uri) => (await documentText(uri))?.document,
  openDocument: (uri) => documents.get(uri),
  lastResults,
  client: () => session.client,
});
/**
 * The last profile of each function, for its CodeLens summary. The profile handler records each
 * profile that completes; recording (and clearing) refreshes the lenses.
 */
const lastProfiles = new LastProfiles(() => void refreshCodeLenses(connection, session.client));
registerCodeLens(connection, (uri) => documents.get(uri), lastResults, lastProfiles);
connection.onNotification(ClearProfilesNotification.type, () => lastProfiles.clear());

connection.onInitialize((params) => {
  session.client = params.capabilities;
  const options = InitializationOptions.safeParse(params.initializationOptions ?? {});
  session.trusted = options.success && options.data.workspaceTrusted;
  const processInfo: ServerProcessInfo = { pid: process.pid };
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: codeActionCapability,
    },
    serverInfo: { name: 'parallelize-server' },
    [serverProcessInfoKey]: processInfo,
  };
});

connection.onNotification(KnownResultsNotification.type, (raw) => {
  // The history's files are the user's to edit: whatever does not parse is left out.
  const parsed = KnownResultsParams.safeParse(raw);
  if (!parsed.success) {
    connection.console.error(`Ignored a malformed list of known results: ${parsed.error.message}`);
    return;
  }
  const recalled = parsed.data.results.filter((result) => lastResults.recall(result)).length;
  if (recalled > 0) void refreshCodeLenses(connection, session.client);
});

connection.onNotification(WorkspaceTrustNotification.type, (raw) => {
  const parsed = WorkspaceTrustParams.safeParse(raw);
  if (!parsed.success) {
    connection.console.error(`Ignored a malformed trust notification: ${parsed.error.message}`);
    return;
  }
  session.trusted = parsed.data.trusted;
  connection.console.info(`Workspace ${session.trusted ? 'trusted: runs are allowed' : 'not trusted: runs are refused'}.`);
});

/** The document as the editor holds it, else as it is on disk (the CLI and closed files). */
async function documentText(uri: string): Promise<{ fileName: string; document: TextDocument } | undefined> {
  const open = documents.get(uri);
  const fileName = fileURLToPath(uri);
  if (open) return { fileName, document: open };
  try {
    return { fileName, document: TextDocument.create(uri, 'typescript', 0, await readFile(fileName, 'utf8')) };
  } catch {
    return undefined;
  }
}

connection.onRequest(FindFunctionRequest.type, async (params) => {
  const doc = await documentText(params.uri);
  if (!doc) return { ok: false, error: { code: 'FILE_NOT_FOUND', message: `Cannot read ${params.uri}.` } };
  const offset = doc.document.offsetAt({ line: params.line, character: params.character });
  const reply = findFunctionAt(doc.fileName, doc.document.getText(), offset);
  // The client finds the function before each run: from then on, its parallel-safety is checked.
  if (reply.ok) safety.track(params.uri, reply.value);
  return reply;
});

/**
 * A run or profile request as it crosses the boundary: its params, or the reply refusing it
 * (malformed, an inputs expression over the limit, or a workspace not trusted: bundling and
 * running execute the workspace's code, its imports and top-level statements too).
 */
function admitRun<T extends { inputs: string }>(raw: unknown, what: 'run' | 'profile' | 'preview', purpose: string, schema: z.ZodType<T>): { ok: true; params: T } | { ok: false; error: RunError } {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    connection.console.error(`Rejected a malformed ${what} request: ${parsed.error.message}`);
    const tooLong = parsed.error.issues.find((issue) => issue.path[0] === 'inputs' && issue.code === 'too_big');
    if (tooLong) return { ok: false, error: { code: 'INPUTS_FAILED', message: tooLong.message } };
    return { ok: false, error: { code: 'INTERNAL', message: `The ${what} request was malformed; see the Parallelize log.` } };
  }
  if (!session.trusted) {
    return {
      ok: false,
      error: { code: 'UNTRUSTED', message: `This workspace is not trusted, so Parallelize runs nothing from it. Trust the workspace (Workspaces: Manage Workspace Trust) to ${purpose} its functions.` },
    };
  }
  return { ok: true, params: parsed.data };
}

/** A job's hooks: progress under its runId, the log channel, and the request's cancellation as its signal. */
async function withRunHooks<T>(params: RunParams, token: CancellationToken, work: (hooks: RunHooks) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    return await work({
      signal: abort.signal,
      onProgress: (p) => void connection.sendNotification(RunProgressNotification.type, { runId: params.runId, ...p }),
      onPartial: (partial) => void connection.sendNotification(RunPartialNotification.type, { runId: params.runId, ...partial }),
      log: (line) => connection.console.info(line),
    });
  } finally {
    cancelled.dispose();
  }
}

connection.onRequest(RunBenchmarkRequest.type, async (raw, token): Promise<Reply<BenchmarkResult>> => {
  const admitted = admitRun(raw, 'run', 'benchmark', RunParams);
  if (!admitted.ok) return admitted;
  const { params } = admitted;
  // The editor's text of open files, saved or not, is what runs.
  const reply = await withRunHooks(params, token, (hooks) => runBenchmark({ ...params, editorTexts: openFiles.texts() }, hooks));
  if (reply.ok && reply.value.suggestion.memoryMeasured) measured.memoryPerWorkerBytes = reply.value.suggestion.memoryPerWorkerBytes;
  if (reply.ok) {
    // The function's CodeLens shows this result, and its generated pool code defaults to it.
    lastResults.record(params.target.file, params.target.name, reply.value);
    void refreshCodeLenses(connection, session.client);
  }
  return reply;
});

connection.onRequest(ProfileFunctionRequest.type, async (raw, token): Promise<Reply<ProfileResult>> => {
  const admitted = admitRun(raw, 'profile', 'profile', RunParams);
  if (!admitted.ok) return admitted;
  const { params } = admitted;
  const reply = await withRunHooks(params, token, (hooks) => profileFunction({ ...params, editorTexts: openFiles.texts() }, hooks));
  if (!reply.ok) return reply;
  lastProfiles.record(params.target.file, params.target.name, reply.value);
  // The raw profile stays here (it can be megabytes): the editor gets the model.
  return { ok: true, value: reply.value.result };
});

connection.onRequest(InputChoicesRequest.type, (raw) => {
  const target = FunctionTarget.safeParse(raw);
  if (!target.success) return { ok: false, error: { code: 'INTERNAL', message: 'The input choices request was malformed; see the Parallelize log.' } };
  try {
    return inputChoices(projects, target.data);
  } catch (error) {
    connection.console.error(`Finding input choices for ${target.data.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    // The picker still offers the syntax-only suggestion and typing an expression.
    return { ok: true, value: { candidates: [], suggestedInputs: target.data.suggestedInputs } };
  }
});

connection.onRequest(PreviewInputsRequest.type, async (raw, token) => {
  // Evaluating the expression runs the module's code: admitted like a run.
  const admitted = admitRun(raw, 'preview', 'preview the inputs of', PreviewInputsParams);
  if (!admitted.ok) return admitted;
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    return await previewInputs({ ...admitted.params, editorTexts: openFiles.texts() }, abort.signal, (line) => connection.console.info(line));
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: `the preview failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` } };
  } finally {
    cancelled.dispose();
  }
});

connection.onRequest(ExportProfileRequest.type, (raw): Reply<string> => {
  const params = ExportProfileParams.safeParse(raw);
  if (!params.success) return { ok: false, error: { code: 'INTERNAL', message: 'The export request was malformed; see the Parallelize log.' } };
  const last = lastProfiles.get(params.data.file, params.data.name);
  if (last === undefined) return { ok: false, error: { code: 'FUNCTION_NOT_FOUND', message: `${params.data.name} has no profile in this session (profiles are kept until Clear Profile or a restart): profile it first` } };
  return { ok: true, value: JSON.stringify(last.cpuProfile) };
});

connection.onRequest(ResourcesRequest.type, async (raw): Promise<ResourcesReply> => {
  const params = ResourcesParams.safeParse(raw);
  if (!params.success) return { ok: false, error: { code: 'RESOURCES_FAILED', message: `malformed resources request: ${params.error.message}` } };
  // Answers within the reading timeout whatever systeminformation does.
  return resourceReport(resourceMonitor, params.data, measured.memoryPerWorkerBytes);
});

documents.listen(connection);
connection.listen();
