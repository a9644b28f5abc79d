/**
 * The figures beside the timings: the Amdahl fit in one line, whether the function computes or
 * waits (with the async alternative when it waits), and every trial's time.
 */
import type { AmdahlFit, BenchmarkResult } from '../../protocol/results';
import { h, icon } from '../shared/dom';
import { formatFraction, formatMs, formatSpeedup, workersLabel } from '../shared/format';
import { clusterLabel } from '../../protocol/clusterText';

/** "7.4×" or "7.4× (6.1–8.9×)". */
function predictionText(p: AmdahlFit['predicted'][number]): string {
  return p.low === null || p.high === null ? formatSpeedup1(p.speedup) : `${formatSpeedup1(p.speedup)} (${p.low.toFixed(1)}–${formatSpeedup1(p.high)})`;
}

function formatSpeedup1(speedup: number): string {
  return `${speedup.toFixed(1)}×`;
}

/**
 * "serial fraction 3.2% → predicted 7.4× (6.1–8.9×) on 16 cores": the prediction at 16 cores,
 * else the largest; the fraction alone, and why, when the prediction is left out.
 */
export function amdahlSentence(fit: AmdahlFit): string {
  const share = `serial fraction ${(fit.serialFraction * 100).toFixed(1)}%`;
  if (!fit.reliable) return `${share}; no prediction: ${fit.caveat ?? 'the fit is not reliable'}`;
  const target = fit.predicted.find((p) => p.workers === 16) ?? fit.predicted[fit.predicted.length - 1];
  return target === undefined ? share : `${share} → predicted ${predictionText(target)} on ${target.workers} cores`;
}

/** The line under the speedup chart; null without a fit. */
export function renderAmdahlLine(result: BenchmarkResult): HTMLElement | null {
  const fit = result.amdahl;
  if (fit === null) return null;
  const all = fit.predicted.map((p) => `${p.workers} cores: ${predictionText(p)}`).join(', ');
  const range = fit.serialFractionRange === null ? '' : `, serial fraction ${(fit.serialFractionRange[0] * 100).toFixed(1)}–${(fit.serialFractionRange[1] * 100).toFixed(1)}% over the trials' spread`;
  const caveat = fit.reliable && fit.caveat !== null ? `. ${fit.caveat}` : '';
  return h(
    'p',
    { class: `amdahl-line muted small${fit.reliable ? '' : ' caveat'}`, id: 'amdahl-line', title: `Amdahl's law fitted to the measured speedups (rms error ${fit.rmsError.toFixed(2)}×${range})${all ? `. ${all}` : ''}${caveat}` },
    icon(fit.reliable ? 'graph-line' : 'warning'),
    h('span', null, amdahlSentence(fit)),
  );
}

const boundText = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'Mixed CPU and I/O' } as const;

/**
 * What the share means for this run, said once: the card's figure already says how much is
 * computation, so the advice's own "N% of each input's time is computation" is not repeated. A
 * CPU-bound function of a run that says keep it serial is not promised that threads help.
 */
export function cpuConsequence(result: BenchmarkResult): string {
  const cpu = result.cpuBound;
  if (cpu === null) return '';
  if (cpu.verdict === 'io') return 'The rest is waiting: use async concurrency (Promise.all with a limit) instead of threads.';
  if (cpu.verdict === 'mixed') return 'Threads help the computing part; async concurrency overlaps the waiting.';
  return result.suggestion.keepSerial ? 'Yet threads did not pay off on this run: see the verdict.' : 'Worker threads can speed it up.';
}

/** CPU-bound verdict, what it means, and the async runs when there are some; null before any trial. */
export function renderCpuBound(result: BenchmarkResult): HTMLElement | null {
  const cpu = result.cpuBound;
  if (cpu === null) return null;
  const clock = cpu.method === 'threadCpuUsage' ? 'the thread’s CPU time' : 'the worker’s event-loop utilization';
  const asyncRows = result.asyncRuns.map((run) =>
    h('div', { class: 'kv' }, h('dt', null, `${run.concurrency} at once`), h('dd', null, `${formatMs(run.medianMs)} · ${formatSpeedup(run.speedup)}`)),
  );
  return h(
    'section',
    { class: `card cpu-bound ${cpu.verdict}`, id: 'cpu-bound' },
    h('h2', null, icon(cpu.verdict === 'cpu' ? 'chip' : 'watch'), boundText[cpu.verdict]),
    h('p', null, h('span', { class: 'big-number small-number', id: 'cpu-share' }, formatFraction(cpu.cpuShare)), ` of each input’s time is computation, measured with ${clock}.`),
    h('p', { id: 'cpu-advice', title: cpu.advice }, cpuConsequence(result)),
    asyncRows.length > 0 ? h('div', { id: 'async-runs' }, h('h3', null, 'Async concurrency on one worker'), h('dl', null, ...asyncRows)) : null,
  );
}

/** Every trial's time per configuration, folded away under the table. */
export function renderTrialTimes(result: BenchmarkResult): HTMLElement {
  const rows = [
    { label: 'serial', samples: result.serial.samplesMs },
    ...result.runs.map((run) => ({ label: workersLabel(run.workers), samples: run.samplesMs })),
    ...result.asyncRuns.map((run) => ({ label: `async, ${run.concurrency} at once`, samples: run.samplesMs })),
    ...(result.cluster !== null && result.cluster.samplesMs.length > 0 ? [{ label: clusterLabel(result.cluster), samples: result.cluster.samplesMs }] : []),
  ];
  return h(
    'details',
    { class: 'trial-times', id: 'trial-times' },
    h('summary', null, 'Each trial’s time'),
    h('dl', null, ...rows.map((row) => h('div', { class: 'kv' }, h('dt', null, row.label), h('dd', null, row.samples.map(formatMs).join(', '))))),
  );
}
