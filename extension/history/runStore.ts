/**
 * Every finished benchmark, kept as one JSON file per run under the extension's workspace storage:
 * `<root>/<function folder>/<run id>.json`, each a `StoredRun` envelope. Files are validated on
 * read, so a corrupted or hand-edited one is skipped with a log line; each function keeps its
 * newest `maxRunsPerFunction` runs. Pure Node (no 'vscode'), so it is unit-tested on real files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFormatVersion, StoredRun, type RunSummary } from '../../protocol/history';
import { functionKey, summarize } from './runSummary';

/** Where the store reports the files it skips. */
export interface StoreLog {
  warn(message: string): void;
}

/** The runs each function keeps unless told otherwise: enough history to compare, bounded on disk. */
export const defaultMaxRunsPerFunction = 50;

/** What a caller gives to save a run: the store adds the id, time and format. */
export type NewRun = Omit<StoredRun, 'format' | 'id' | 'savedAt'>;

interface Indexed {
  summary: RunSummary;
  /** The run's file. */
  path: string;
}

/** The run history on disk, with an in-memory index of summaries read once. */
export class RunStore {
  private index: Map<string, Indexed> | undefined;
  /** Every change to the files goes through this chain, so a save and a delete never interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly root: string,
    private readonly log: StoreLog,
    private readonly maxRunsPerFunction = defaultMaxRunsPerFunction,
  ) {}

  /** Called after every save or delete. Returns a function that stops listening. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Saves a run and drops the function's oldest runs past the bound; resolves to what was written. */
  save(run: NewRun): Promise<StoredRun> {
    return this.serialized(async () => {
      const index = await this.load();
      const stored = StoredRun.parse({ ...run, format: historyFormatVersion, id: newRunId(run.result.startedAt), savedAt: Date.now() });
      const dir = join(this.root, functionFolder(stored.result.function));
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${stored.id}.json`);
      // Written aside and renamed, so a crash mid-write leaves no half file for the next read to skip.
      const temp = join(dir, `.${stored.id}.json.tmp`);
      await writeFile(temp, JSON.stringify(stored, null, 1));
      await rename(temp, path);
      const summary = summarize(stored);
      index.set(stored.id, { summary, path });
      const older = [...index.values()].filter((e) => e.summary.functionKey === summary.functionKey).sort(byNewest).slice(this.maxRunsPerFunction);
      for (const entry of older) {
        await rm(entry.path, { force: true });
        index.delete(entry.summary.id);
      }
      this.changed();
      return stored;
    });
  }

  /** Every kept run, newest first. */
  async list(): Promise<RunSummary[]> {
    const index = await this.serialized(() => this.load());
    return [...index.values()].sort(byNewest).map((e) => e.summary);
  }

  /** A function's runs (by `functionKey`), newest first. */
  async runsOf(key: string): Promise<RunSummary[]> {
    return (await this.list()).filter((s) => s.functionKey === key);
  }

  /** The run of the same function just before `id`, if any. */
  async previous(id: string): Promise<RunSummary | undefined> {
    const all = await this.list();
    const run = all.find((s) => s.id === id);
    if (!run) return undefined;
    const runs = all.filter((s) => s.functionKey === run.functionKey);
    return runs[runs.indexOf(run) + 1];
  }

  /** A run's whole envelope, read and validated again (the file may have changed since). */
  async read(id: string): Promise<StoredRun | undefined> {
    const entry = (await this.serialized(() => this.load())).get(id);
    return entry && (await this.readFile(entry.path));
  }

  /** Deletes runs by id; unknown ids are ignored. */
  delete(ids: string[]): Promise<void> {
    return this.serialized(async () => {
      const index = await this.load();
      for (const id of ids) {
        const entry = index.get(id);
        if (!entry) continue;
        await rm(entry.path, { force: true });
        index.delete(id);
      }
      this.changed();
    });
  }

  /** The index, read from disk on first use. */
  private async load(): Promise<Map<string, Indexed>> {
    if (this.index) return this.index;
    const index = new Map<string, Indexed>();
    for (const folder of await entries(this.root)) {
      const dir = join(this.root, folder);
      for (const file of (await entries(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.'))) {
        const path = join(dir, file);
        const run = await this.readFile(path);
        if (run) index.set(run.id, { summary: summarize(run), path });
      }
    }
    this.index = index;
    return index;
  }

  /** A run file, or undefined (with a log line) when it is not JSON or not a run envelope. */
  private async readFile(path: string): Promise<StoredRun | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      this.log.warn(`History: could not read ${path}: ${describe(error)}`);
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      this.log.warn(`History: skipped ${path}, which is not JSON (${describe(error)})`);
      return undefined;
    }
    const parsed = StoredRun.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      this.log.warn(`History: skipped ${path}, which is not a run this version reads (${issues})`);
      return undefined;
    }
    return parsed.data;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A folder per function: readable name, plus a hash of file and name so that two `run`s in different files never share one. */
export function functionFolder(fn: { file: string; name: string }): string {
  const readable = fn.name.replace(/[^\w-]+/g, '_').slice(0, 40);
  return `${readable}-${createHash('sha256').update(functionKey(fn)).digest('hex').slice(0, 12)}`;
}

/** `20261205T152233123Z-1a2b3c`: sorts by start time, unique by its random tail. */
function newRunId(startedAt: number): string {
  return `${new Date(startedAt).toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

function byNewest(a: Indexed, b: Indexed): number {
  return b.summary.startedAt - a.summary.startedAt || (b.summary.id < a.summary.id ? -1 : 1);
}

/** A folder's entries, or none when it does not exist yet. */
async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
