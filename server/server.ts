/**
 * The language server: finds functions, runs benchmarks in worker threads and polls resources, so
 * that nothing slow or blocking ever runs in the extension host.
 */
import {
  CodeLens,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  FindFunctionRequest,
  ResourcesParams,
  ResourcesRequest,
  RunBenchmarkRequest,
  RunParams,
  RunProgressNotification,
} from '../protocol/lsp';
import type { BenchmarkResult, Reply } from '../protocol/results';
import { findFunctionAt, listFunctions } from './analysis/findFunction';
import { runBenchmark } from './engine/runBenchmark';
import { suggestPoolSize } from './engine/poolSize';
import { readResources } from './resources/readResources';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** What the server learns across runs: the memory one worker needed in the latest benchmark. */
const measured = { memoryPerWorkerBytes: null as number | null };

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    codeLensProvider: { resolveProvider: false },
  },
  serverInfo: { name: 'parallelize-server' },
}));

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
  return findFunctionAt(doc.fileName, doc.document.getText(), offset);
});

connection.onRequest(RunBenchmarkRequest.type, async (raw, token): Promise<Reply<BenchmarkResult>> => {
  const parsed = RunParams.safeParse(raw);
  if (!parsed.success) {
    connection.console.error(`Rejected a malformed run request: ${parsed.error.message}`);
    return { ok: false, error: { code: 'INTERNAL', message: 'The run request was malformed; see the Parallelize log.' } };
  }
  const params = parsed.data;
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    const reply = await runBenchmark(params, {
      signal: abort.signal,
      onProgress: (p) => void connection.sendNotification(RunProgressNotification.type, { runId: params.runId, ...p }),
      log: (line) => connection.console.info(line),
    });
    if (reply.ok && reply.value.suggestion.memoryMeasured) measured.memoryPerWorkerBytes = reply.value.suggestion.memoryPerWorkerBytes;
    return reply;
  } finally {
    cancelled.dispose();
  }
});

connection.onRequest(ResourcesRequest.type, async (raw) => {
  const { maxWorkers } = ResourcesParams.parse(raw);
  const resources = await readResources();
  return { resources, suggestion: suggestPoolSize({ resources, memoryPerWorkerBytes: measured.memoryPerWorkerBytes, maxWorkers }) };
});

connection.onCodeLens(({ textDocument }): CodeLens[] => {
  const doc = documents.get(textDocument.uri);
  if (!doc || !textDocument.uri.startsWith('file:')) return [];
  return listFunctions(fileURLToPath(textDocument.uri), doc.getText()).map((target) => ({
    range: { start: target.range.start, end: target.range.start },
    command: {
      title: '$(rocket) Parallelize',
      command: 'parallelize.parallelizeFunction',
      arguments: [{ uri: textDocument.uri, line: target.range.start.line, character: target.range.start.character }],
    },
  }));
});

documents.listen(connection);
connection.listen();
