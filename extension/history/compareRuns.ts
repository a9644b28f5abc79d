/**
 * Two kept runs of a function side by side: the delta table (with the noise rule), the headline,
 * and what changed between them (code, inputs, settings, machine). Pure: the compare panel only
 * draws what this returns.
 */
import { maxDiffLines, type ChangedValue, type ComparedRun, type Comparison, type ConfigTiming, type DeltaMarker, type DeltaRow, type StoredRun } from '../../protocol/history';
import type { BenchmarkResult, TimingStats } from '../../protocol/results';
import type { RunSettings } from '../../protocol/settings';
import { formatBytes } from '../../protocol/formatBytes';
import { formatMs } from '../../webview/shared/format';
import { clusterDeltaRow, clusterHeadline, clusterValues } from './compareCluster';
import { diffLines, withContext } from './lineDiff';
import { runOutcome, shortVerdict } from './runSummary';

/** Load moves of fewer points than this are the machine's usual drift, not a change worth naming. */
const loadChangePoints = 15;
/** Free memory moves by less than this share are drift too. */
const freeMemoryChangeShare = 0.25;

/** Compares `before` with `after` (usually the earlier run first). */
export function compareRuns(before: StoredRun, after: StoredRun): Comparison {
  const rows = deltaRows(before, after);
  const code = compareCode(before, after);
  const inputs = compareInputs(before.result, after.result);
  const settings = compareSettings(before.settings, after.settings);
  const cluster = clusterValues(before, after).map(([name, b, a]) => value(name, b, a));
  const machine = compareMachine(before.result, after.result);
  const identityChanged = machine.some((m) => m.changed && identityFigures.has(m.name));
  const nothingChanged = code.changed === false && !inputs.some((i) => i.changed) && settings.length === 0 && !cluster.some((c) => c.changed) && !identityChanged;
  return {
    function: after.result.function,
    before: comparedRun(before),
    after: comparedRun(after),
    headline: headline(rows, before.result, after.result),
    rows,
    caveat: caveat(before.result, after.result),
    code,
    inputs,
    settings,
    cluster,
    machine,
    nothingChanged,
  };
}

/** Whether a configuration got faster, slower, or moved within the trials' spread. */
export function deltaMarker(before: ConfigTiming | null, after: ConfigTiming | null): DeltaMarker {
  if (!before || !after) return 'missing';
  // One trial has no spread: a difference could be all noise, so it is not called a change.
  if (before.trials < 2 || after.trials < 2) return 'unknown';
  if (before.minMs <= after.maxMs && after.minMs <= before.maxMs) return 'noise';
  return after.medianMs < before.medianMs ? 'faster' : 'slower';
}

function comparedRun(run: StoredRun): ComparedRun {
  return { id: run.id, startedAt: run.result.startedAt, verdict: run.result.verdict, short: shortVerdict(run.result), outcome: runOutcome(run.result) };
}

function timing(stats: TimingStats): ConfigTiming {
  return { medianMs: stats.medianMs, minMs: stats.minMs, maxMs: stats.maxMs, trials: stats.trials };
}

/** A run whose inputs failed timed its errors: its figures are left out of the table. */
function usable(result: BenchmarkResult): boolean {
  return result.failure === null && result.serial.trials > 0;
}

function deltaRows(beforeRun: StoredRun, afterRun: StoredRun): DeltaRow[] {
  const before = beforeRun.result;
  const after = afterRun.result;
  const useBefore = usable(before);
  const useAfter = usable(after);
  const serialBefore = useBefore ? timing(before.serial) : null;
  const serialAfter = useAfter ? timing(after.serial) : null;
  const rows: DeltaRow[] = [row('serial', serialBefore, serialAfter, null, null)];
  const sizes = [...new Set([...before.runs, ...after.runs].map((r) => r.workers))].sort((x, y) => x - y);
  for (const workers of sizes) {
    const b = useBefore ? before.runs.find((r) => r.workers === workers) : undefined;
    const a = useAfter ? after.runs.find((r) => r.workers === workers) : undefined;
    rows.push(row(workers, b ? timing(b) : null, a ? timing(a) : null, b?.speedup ?? null, a?.speedup ?? null));
  }
  // After the pool sizes, as the benchmark panel places it.
  const cluster = clusterDeltaRow(beforeRun, afterRun, { before: useBefore, after: useAfter }, deltaMarker);
  return cluster ? [...rows, cluster] : rows;
}

function row(config: DeltaRow['config'], before: ConfigTiming | null, after: ConfigTiming | null, speedupBefore: number | null, speedupAfter: number | null): DeltaRow {
  const changePercent = before && after && before.medianMs > 0 ? ((after.medianMs - before.medianMs) / before.medianMs) * 100 : null;
  return { config, before, after, changePercent, speedupBefore, speedupAfter, marker: deltaMarker(before, after) };
}

/**
 * One sentence: how the serial time moved (and whether beyond the noise), the cluster's when it
 * moved beyond the noise or was another cluster, and the verdicts before and after.
 */
function headline(rows: DeltaRow[], before: BenchmarkResult, after: BenchmarkResult): string {
  const cluster = clusterHeadline(rows.find((r) => r.config === 'cluster'));
  const verdicts = `${cluster ? `${cluster}; ` : ''}best before: ${shortVerdict(before)}, after: ${shortVerdict(after)}`;
  const serial = rows[0];
  if (!serial?.before || !serial.after) return `The serial times cannot be compared (${!serial?.before ? 'the earlier' : 'the later'} run measured none); ${verdicts}.`;
  const times = `${formatMs(serial.before.medianMs)} → ${formatMs(serial.after.medianMs)}`;
  const ratio = serial.before.medianMs / serial.after.medianMs;
  switch (serial.marker) {
    case 'faster':
      return `Serial time ${ratio.toFixed(2)}× faster (${times}), beyond the trials' noise; ${verdicts}.`;
    case 'slower':
      return `Serial time ${(1 / ratio).toFixed(2)}× slower (${times}), beyond the trials' noise; ${verdicts}.`;
    case 'noise':
      return `Serial time unchanged within the trials' noise (${times}); ${verdicts}.`;
    default:
      return `Serial time ${times}, one trial on a side: too few to tell a change from noise; ${verdicts}.`;
  }
}

function caveat(before: BenchmarkResult, after: BenchmarkResult): string | null {
  const notes: string[] = [];
  for (const [name, result] of [['earlier', before], ['later', after]] as const) {
    if (result.failure !== null) notes.push(`The ${name} run's inputs failed (${result.verdict}): its timings time the errors and are left out.`);
    else if (result.cancelled) notes.push(`The ${name} run was cancelled: only what it measured is compared.`);
    else if (result.mismatch !== null) notes.push(`The ${name} run's parallel results differed from serial.`);
    else if (runOutcome(result) === 'failed') notes.push(`The ${name} run counts as failed, as its CodeLens says, because ${failedBecause(result)}: its figures are compared as measured, its verdict is not.`);
  }
  return notes.length ? notes.join(' ') : null;
}

/** Why a run whose figures were measured still counts as failed (runOutcome): a stopped cluster, or errors on the way. */
function failedBecause(result: BenchmarkResult): string {
  const first = result.errors[0];
  // A stopped cluster is an error of the run (the CLI exits 1); the cluster row's note says why it stopped.
  if (first && result.errors.every((e) => e.code === 'CLUSTER_UNAVAILABLE')) return 'its cluster stopped early';
  if (first) return `it ended with errors (the first ${first.code}${first.inputIndex === undefined ? '' : ` on input ${first.inputIndex}`})`;
  return result.resultsMatch ? 'no pool size finished' : 'no result could be compared with serial';
}

function compareCode(before: StoredRun, after: StoredRun): Comparison['code'] {
  if (!before.source || !after.source) {
    return { changed: null, lines: [], added: 0, removed: 0, note: `The ${!before.source ? 'earlier' : 'later'} run did not record the function's code.` };
  }
  if (before.source.text === after.source.text) return { changed: false, lines: [], added: 0, removed: 0, note: null };
  const { lines, approximate } = diffLines(before.source.text, after.source.text, before.source.startLine, after.source.startLine);
  const added = lines.filter((l) => l.kind === 'added').length;
  const removed = lines.filter((l) => l.kind === 'removed').length;
  const shown = withContext(lines);
  const notes: string[] = [];
  if (added === 0 && removed === 0) notes.push('Only line endings differ.');
  if (approximate) notes.push('The function is too long to align line by line: the changed middle is shown removed, then added.');
  if (shown.length > maxDiffLines) notes.push(`The diff is cut to its first ${maxDiffLines} lines.`);
  return { changed: true, lines: shown.slice(0, maxDiffLines), added, removed, note: notes.length ? notes.join(' ') : null };
}

function compareInputs(before: BenchmarkResult, after: BenchmarkResult): ChangedValue[] {
  return [
    value('expression', before.inputs.expression, after.inputs.expression),
    value('count', before.inputs.count.toLocaleString('en-US'), after.inputs.count.toLocaleString('en-US')),
  ];
}

/** The settings that shape a benchmark; the profile's budget does not. */
const benchmarkSettings = ['trials', 'maxWorkers', 'taskTimeoutMs', 'chunkSize', 'workerMemoryLimitMb', 'ordered', 'initializer', 'recycleAfterTasks'] as const satisfies readonly (keyof RunSettings)[];

/** Only the settings that differ. */
function compareSettings(before: RunSettings, after: RunSettings): ChangedValue[] {
  return benchmarkSettings
    .map((key) => value(key, settingText(before[key]), settingText(after[key])))
    .filter((v) => v.changed);
}

function settingText(v: string | number | boolean): string {
  return v === '' ? '(none)' : String(v);
}

/** What the machine is, as opposed to how busy it was. */
const identityFigures = new Set(['cores', 'CPU', 'total memory']);

function compareMachine(before: BenchmarkResult, after: BenchmarkResult): ChangedValue[] {
  const b = before.resources;
  const a = after.resources;
  const freeShare = Math.abs(a.memory.freeBytes - b.memory.freeBytes) / Math.max(1, b.memory.freeBytes);
  return [
    value('cores', String(b.cores), String(a.cores)),
    value('CPU', b.cpuBrand, a.cpuBrand),
    value('total memory', formatBytes(b.memory.totalBytes), formatBytes(a.memory.totalBytes)),
    { name: 'free memory', before: formatBytes(b.memory.freeBytes), after: formatBytes(a.memory.freeBytes), changed: freeShare >= freeMemoryChangeShare },
    { name: 'load', before: `${Math.round(b.loadPercent)}%`, after: `${Math.round(a.loadPercent)}%`, changed: Math.abs(a.loadPercent - b.loadPercent) >= loadChangePoints },
  ];
}

function value(name: string, before: string, after: string): ChangedValue {
  return { name, before, after, changed: before !== after };
}
