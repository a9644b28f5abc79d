/**
 * Custom LSP messages between the extension host (client) and the language server. Each constant
 * carries its method name and its parameter and result types; both sides import these, never
 * strings.
 */
import { NotificationType, NotificationType0, RequestType } from 'vscode-languageserver-protocol';
import { z } from 'zod';
import { BenchmarkResult, ResourceReport, RunError, type Reply } from './results';
import { ClusterSettings } from './cluster';
import { PhaseProgress, type RunPartial } from './live';
import type { ProfileResult } from './profile';
import { RunSettings } from './settings';

/** A position in a document, as LSP has it (0-based). */
export const DocumentPosition = z.object({
  uri: z.string(),
  line: z.number().int().nonnegative(),
  character: z.number().int().nonnegative(),
});
export type DocumentPosition = z.infer<typeof DocumentPosition>;

/** A parameter of the target function, with its type as the checker prints it. */
export const FunctionParameter = z.object({ name: z.string(), type: z.string() });
export type FunctionParameter = z.infer<typeof FunctionParameter>;

/** A function the engine can run: where it is, how to reach it, and a suggested input list. */
export const FunctionTarget = z.object({
  uri: z.string(),
  /** Absolute file path of the module that holds it. */
  file: z.string(),
  /** The expression that reaches it inside its module: `name` or `Class.method`. */
  name: z.string(),
  kind: z.enum(['declaration', 'arrow', 'expression', 'staticMethod']),
  /** 0-based range of the whole function, for highlighting and CodeLens. */
  range: z.object({
    start: z.object({ line: z.number(), character: z.number() }),
    end: z.object({ line: z.number(), character: z.number() }),
  }),
  parameters: z.array(FunctionParameter),
  /** An input-list expression derived from the parameter types. */
  suggestedInputs: z.string(),
});
export type FunctionTarget = z.infer<typeof FunctionTarget>;

/** Sent by the client to ask which function encloses a position. */
export namespace FindFunctionRequest {
  export const method = 'parallelize/findFunction';
  export const type = new RequestType<DocumentPosition, Reply<FunctionTarget>, void>(method);
}

/**
 * Longest inputs expression a run accepts. An expression is code that builds the inputs; pasted
 * data past this size belongs in a module the expression imports, and would otherwise be parsed,
 * bundled and cloned on the server's thread.
 */
export const maxInputsExpressionChars = 100_000;

/** Parameters of a benchmark run. */
export const RunParams = z.object({
  /** Client-chosen id that progress notifications echo. */
  runId: z.string(),
  target: FunctionTarget,
  /** A TypeScript expression evaluated inside the function's module; it must yield an array. */
  inputs: z.string().max(maxInputsExpressionChars, `the inputs expression is longer than the limit of ${maxInputsExpressionChars.toLocaleString('en-US')} characters: build the inputs with code (Array.from…) or import them from a module`),
  settings: RunSettings,
  /** Also run on BullMQ workers over Redis (parallelize.cluster.*); absent, no cluster. */
  cluster: ClusterSettings.optional(),
  /** The shared key a Redis URL's workers check bundles with (from SecretStorage); a local cluster makes its own. */
  clusterKey: z.string().min(16, 'the cluster key is too short: use at least 16 characters').max(1024).optional(),
});
export type RunParams = z.infer<typeof RunParams>;

/** Sent by the client to benchmark a function; cancelled through the request's token. */
export namespace RunBenchmarkRequest {
  export const method = 'parallelize/runBenchmark';
  export const type = new RequestType<RunParams, Reply<BenchmarkResult>, void>(method);
}

/** Sent by the client to profile a function over its inputs; progress comes as RunProgressNotification with the same runId; cancelled through the token. */
export namespace ProfileFunctionRequest {
  export const method = 'parallelize/profileFunction';
  export const type = new RequestType<RunParams, Reply<ProfileResult>, void>(method);
}

/** The newest kept result of each function in the run history, so lenses show it after a reload. */
export const KnownResultsParams = z.object({ results: z.array(BenchmarkResult).max(1000) });
export type KnownResultsParams = z.infer<typeof KnownResultsParams>;

/** Sent by the client when the server starts: what its history kept, which the server only takes where this session has no newer result. */
export namespace KnownResultsNotification {
  export const method = 'parallelize/knownResults';
  export const type = new NotificationType<KnownResultsParams>(method);
}

/** Sent by the client on "Clear Profile": the server forgets the profiles its CodeLens summarises. */
export namespace ClearProfilesNotification {
  export const method = 'parallelize/clearProfiles';
  export const type = new NotificationType0(method);
}

/** Which function's last profile to export. */
export const ExportProfileParams = z.object({ file: z.string(), name: z.string() });
export type ExportProfileParams = z.infer<typeof ExportProfileParams>;

/**
 * Sent by the client to export a function's last profile as a `.cpuprofile` (V8's profile with
 * every frame at its TypeScript position, as VS Code's profile viewer and Chrome DevTools open it);
 * the reply is the file's JSON text. The server keeps the raw profile, which can be megabytes.
 */
export namespace ExportProfileRequest {
  export const method = 'parallelize/exportProfile';
  export const type = new RequestType<ExportProfileParams, Reply<string>, void>(method);
}

/** A module export that can be the inputs: an array (or a function of no arguments returning one) whose elements fit the parameters. */
export const InputCandidate = z.object({
  /** The expression that gives the array inside the module: `tiles`, `makeTiles()`. */
  expression: z.string(),
  /** Its type as the checker prints it: `Tile[]`, `readonly [number, number][]`. */
  type: z.string(),
  /** How many inputs it holds, where the source says so (a literal, `Array.from({ length: 32 }…)`, a tuple); else null. */
  count: z.number().int().nonnegative().nullable(),
});
export type InputCandidate = z.infer<typeof InputCandidate>;

/** What the input picker offers for a function: fitting exports, and an expression built from the parameter types. */
export const InputChoices = z.object({
  candidates: z.array(InputCandidate),
  /** Sample values built by the type checker (interfaces, aliases, enums expanded); a placeholder only where none could be built. */
  suggestedInputs: z.string(),
});
export type InputChoices = z.infer<typeof InputChoices>;

/** Sent by the client before it asks for inputs: the choices for the function, found with the project's type checker. */
export namespace InputChoicesRequest {
  export const method = 'parallelize/inputChoices';
  export const type = new RequestType<FunctionTarget, Reply<InputChoices>, void>(method);
}

/** Parameters of an inputs preview: a run's, without its id (it reports no progress). */
export const PreviewInputsParams = RunParams.omit({ runId: true });
export type PreviewInputsParams = z.infer<typeof PreviewInputsParams>;

/** The evaluated inputs expression, in short: how many inputs, and the first one as one line. */
export const InputsPreview = z.object({ count: z.number().int().nonnegative(), first: z.string() });
export type InputsPreview = z.infer<typeof InputsPreview>;

/**
 * Sent by the client while the user picks inputs: evaluates the expression in a run host (it is
 * the user's code), with a short timeout, and answers with the count and the first input or the
 * expression's error; cancelled through the token when the user moves on.
 */
export namespace PreviewInputsRequest {
  export const method = 'parallelize/previewInputs';
  export const type = new RequestType<PreviewInputsParams, Reply<InputsPreview>, void>(method);
}

/** Progress of a run, for the client's cancellable notification. */
export const RunProgress = z.object({
  runId: z.string(),
  /** What the engine is doing now, e.g. "4 workers, trial 2 of 3". */
  message: z.string(),
  /** Fraction of the whole run completed, 0–1. */
  fraction: z.number().min(0).max(1),
  /** The benchmark phase in progress (a RunPartial's phase id) and its own fraction; absent for a profile. */
  phase: PhaseProgress.optional(),
});
export type RunProgress = z.infer<typeof RunProgress>;

/** Sent by the server while a run goes on. */
export namespace RunProgressNotification {
  export const method = 'parallelize/runProgress';
  export const type = new NotificationType<RunProgress>(method);
}

/** Sent by the server at each phase boundary of a benchmark: what it has measured so far, for the live panel. */
export namespace RunPartialNotification {
  export const method = 'parallelize/runPartial';
  export const type = new NotificationType<RunPartial>(method);
}

/** Parameters of a resource poll. */
export const ResourcesParams = z.object({ maxWorkers: z.number().int().min(0) });
export type ResourcesParams = z.infer<typeof ResourcesParams>;

/** Why a resource reading failed: systeminformation did not answer in time, or threw. */
export const ResourcesError = z.object({
  code: z.enum(['RESOURCES_TIMEOUT', 'RESOURCES_FAILED']),
  message: z.string(),
});
export type ResourcesError = z.infer<typeof ResourcesError>;

/** A reading, or why there is none; the status bar then shows "unavailable" with the reason. */
export type ResourcesReply = { ok: true; value: ResourceReport } | { ok: false; error: ResourcesError };

/**
 * Sent by the client on each status-bar tick; the server polls systeminformation so the host never
 * blocks, and answers within a few seconds even when systeminformation does not.
 */
export namespace ResourcesRequest {
  export const method = 'parallelize/resources';
  export const type = new RequestType<ResourcesParams, ResourcesReply, void>(method);
}

/** What the client tells the server in `initialize`, as its initializationOptions. */
export const InitializationOptions = z.object({
  /** vscode.workspace.isTrusted. Missing means untrusted: the server runs nothing from the workspace until told. */
  workspaceTrusted: z.boolean().default(false),
});
export type InitializationOptions = z.infer<typeof InitializationOptions>;

/** Parameters of the trust notification. */
export const WorkspaceTrustParams = z.object({ trusted: z.boolean() });
export type WorkspaceTrustParams = z.infer<typeof WorkspaceTrustParams>;

/** Sent by the client when the user grants Workspace Trust, so runs are allowed from then on. */
export namespace WorkspaceTrustNotification {
  export const method = 'parallelize/workspaceTrust';
  export const type = new NotificationType<WorkspaceTrustParams>(method);
}

/** The key under which the server's InitializeResult carries ServerProcessInfo. */
export const serverProcessInfoKey = 'parallelize';

/** The server's process, in its InitializeResult: lets the client (and tests) tell one server process from the next. */
export const ServerProcessInfo = z.object({ pid: z.number().int().positive() });
export type ServerProcessInfo = z.infer<typeof ServerProcessInfo>;

export { BenchmarkResult, ResourceReport, RunError };
