/**
 * Every `parallelize.*` setting, its type and default. package.json declares the same keys; a unit
 * test keeps the two in step. The CLI takes the run settings as flags of the same names.
 */
import { z } from 'zod';

/** Settings that shape a benchmark run (sent with each run request). */
export const RunSettings = z.object({
  /** Timed repetitions of the serial run and of each pool size. */
  trials: z.number().int().min(1).max(50),
  /** Largest pool size to try; 0 means up to the suggested size. */
  maxWorkers: z.number().int().min(0).max(256),
  /** A task running longer than this fails with TASK_TIMEOUT and its worker is terminated. */
  taskTimeoutMs: z.number().int().min(100),
  /** Items per task message; 0 picks one from the measured per-item time. */
  chunkSize: z.number().int().min(0),
  /** V8 old-space limit for each worker, in MB; 0 keeps Node's default. */
  workerMemoryLimitMb: z.number().int().min(0),
  /** Deliver results in input order (true, like Pool.map) or each as it lands (false, like imap_unordered). */
  ordered: z.boolean().default(true),
  /** An export of the function's module run once per worker before its first task; '' for none. */
  initializer: z.string().regex(/^(|[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*)$/, 'a name such as setup or Table.load').default(''),
  /** Replace a worker after it has run this many tasks (multiprocessing's maxtasksperchild); 0 never does. */
  recycleAfterTasks: z.number().int().min(0).default(0),
  /**
   * Longest a profile samples the function (parallelize.profile.budgetMs); absent means
   * defaultProfileBudgetMs. Optional, and outside defaultRunSettings, so a benchmark request
   * built before profiling existed stays valid.
   */
  profileBudgetMs: z.number().int().min(10).max(600_000).optional(),
});
export type RunSettings = z.infer<typeof RunSettings>;

/** Defaults, shared by package.json's contributes, the CLI and the server. */
export const defaultRunSettings: RunSettings = {
  trials: 3,
  maxWorkers: 0,
  taskTimeoutMs: 30_000,
  chunkSize: 0,
  workerMemoryLimitMb: 1024,
  ordered: true,
  initializer: '',
  recycleAfterTasks: 0,
};

/**
 * How long a profile may sample at most (the setting `parallelize.profile.budgetMs`): it stops
 * sooner once 1,000 samples fell inside the function.
 */
export const defaultProfileBudgetMs = 10_000;

/** Settings read only by the extension host. */
export interface ClientSettings {
  monitorIntervalMs: number;
  codeLensEnabled: boolean;
}

/** Defaults for the client-only settings. */
export const defaultClientSettings: ClientSettings = {
  monitorIntervalMs: 2000,
  codeLensEnabled: true,
};

/** `parallelize.cluster.mode`: no cluster, a local one per run, or the workers attached to a Redis. */
export const ClusterModeSetting = z.union([z.literal('off'), z.literal('local'), z.string().regex(/^rediss?:\/\/\S+$/)]);
export type ClusterModeSetting = z.infer<typeof ClusterModeSetting>;

/** The `parallelize.cluster.*` settings (issue 12); the key is not one of them: it lives in SecretStorage. */
export interface ClusterSettingValues {
  mode: ClusterModeSetting;
  processes: number;
  threadsPerProcess: number;
}

/** Defaults for the cluster settings: off, and two single-threaded processes when turned on. */
export const defaultClusterSettings: ClusterSettingValues = {
  mode: 'off',
  processes: 2,
  threadsPerProcess: 1,
};

/** While the window is in the background the status bar polls this many times less often: nobody is looking. */
export const unfocusedPollBackoff = 5;

/** The configuration section every key lives under. */
export const configSection = 'parallelize';
