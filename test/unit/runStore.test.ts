/** The run history on real files in a temp folder: save, survive a reload, skip bad files, stay bounded. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StoredRun } from '../../protocol/history';
import { BenchmarkResult } from '../../protocol/results';
import { defaultRunSettings } from '../../protocol/settings';
import { storedClusterSettings } from '../../extension/history/runCluster';
import { functionFolder, RunStore, type NewRun } from '../../extension/history/runStore';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'results');
const load = (name: string): BenchmarkResult => BenchmarkResult.parse(JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')));
const primes = load('primes-8-workers');

function newRun(startedAt: number, result: BenchmarkResult = primes): NewRun {
  return { source: { text: 'export function f() {}', startLine: 3 }, settings: defaultRunSettings, result: { ...result, startedAt } };
}

/** A store whose log lines are kept for the assertions. */
function storeAt(root: string, max?: number): { store: RunStore; warnings: string[] } {
  const warnings: string[] = [];
  return { store: new RunStore(root, { warn: (m) => warnings.push(m) }, max), warnings };
}

void describe('RunStore', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(path.join(tmpdir(), 'parallelize-history-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  void it('saves each run as a validated JSON envelope that a new store (a reload) reads back', async () => {
    const { store } = storeAt(root);
    const first = await store.save(newRun(1_000));
    const second = await store.save(newRun(2_000));
    const folder = path.join(root, functionFolder(primes.function));
    assert.deepEqual(readdirSync(folder).sort(), [`${first.id}.json`, `${second.id}.json`].sort());
    const onDisk = StoredRun.parse(JSON.parse(readFileSync(path.join(folder, `${second.id}.json`), 'utf8')));
    assert.equal(onDisk.result.verdict, primes.verdict);
    assert.equal(onDisk.source?.text, 'export function f() {}');

    const { store: reloaded, warnings } = storeAt(root);
    const listed = await reloaded.list();
    assert.deepEqual(listed.map((s) => s.id), [second.id, first.id], 'newest first');
    assert.equal(listed[0]?.short, '5.3× on 8 workers');
    assert.equal(listed[0]?.outcome, 'speedup');
    assert.equal((await reloaded.previous(second.id))?.id, first.id);
    assert.equal(await reloaded.previous(first.id), undefined);
    assert.equal((await reloaded.read(first.id))?.result.startedAt, 1_000);
    assert.deepEqual(warnings, []);
  });

  void it('keeps functions apart, even two of the same name in different files', async () => {
    const { store } = storeAt(root);
    const other = { ...primes, function: { ...primes.function, file: '/elsewhere/primes.ts' } };
    await store.save(newRun(1_000));
    await store.save(newRun(2_000, other));
    assert.notEqual(functionFolder(primes.function), functionFolder(other.function));
    assert.equal((await store.runsOf(`${primes.function.file}#${primes.function.name}`)).length, 1);
    assert.equal((await store.runsOf(`/elsewhere/primes.ts#${primes.function.name}`)).length, 1);
    assert.equal(readdirSync(root).length, 2);
  });

  void it('skips a corrupted, a hand-edited and a foreign file with a log line, and lists the rest', async () => {
    const { store } = storeAt(root);
    const good = await store.save(newRun(1_000));
    const folder = path.join(root, functionFolder(primes.function));
    writeFileSync(path.join(folder, 'truncated.json'), '{"format":1,"id":"x","res');
    const edited = JSON.parse(readFileSync(path.join(folder, `${good.id}.json`), 'utf8')) as { id: string; result: { serial: { medianMs: unknown } } };
    edited.id = 'edited';
    edited.result.serial.medianMs = 'fast';
    writeFileSync(path.join(folder, 'edited.json'), JSON.stringify(edited));
    writeFileSync(path.join(folder, 'future.json'), JSON.stringify({ ...edited, format: 99 }));
    writeFileSync(path.join(root, 'stray-file.txt'), 'not a folder');

    const { store: reloaded, warnings } = storeAt(root);
    assert.deepEqual((await reloaded.list()).map((s) => s.id), [good.id]);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings.join('\n'), /truncated\.json, which is not JSON/);
    assert.match(warnings.join('\n'), /edited\.json, which is not a run this version reads \(result\.serial\.medianMs: /);
    assert.match(warnings.join('\n'), /future\.json, which is not a run this version reads \(format: /);
  });

  void it('keeps the newest runs of a function up to the bound, dropping the oldest files', async () => {
    const { store } = storeAt(root, 3);
    const saved = [];
    for (const at of [5_000, 1_000, 4_000, 2_000, 3_000]) saved.push(await store.save(newRun(at)));
    const listed = await store.list();
    assert.deepEqual(listed.map((s) => s.startedAt), [5_000, 4_000, 3_000]);
    assert.equal(readdirSync(path.join(root, functionFolder(primes.function))).length, 3);
    const { store: reloaded } = storeAt(root, 3);
    assert.deepEqual((await reloaded.list()).map((s) => s.startedAt), [5_000, 4_000, 3_000]);
  });

  void it('deletes runs and tells its listeners after every change', async () => {
    const { store } = storeAt(root);
    let changes = 0;
    store.onDidChange(() => changes++);
    const a = await store.save(newRun(1_000));
    const b = await store.save(newRun(2_000));
    await store.delete([a.id, 'no-such-run']);
    assert.deepEqual((await store.list()).map((s) => s.id), [b.id]);
    assert.equal(changes, 3);
    const { store: reloaded } = storeAt(root);
    assert.deepEqual((await reloaded.list()).map((s) => s.id), [b.id]);
  });

  void it('says keep serial, failed and cancelled in the short form', async () => {
    const { store } = storeAt(root);
    await store.save(newRun(1_000, load('keep-serial-pairs')));
    await store.save(newRun(2_000, load('every-input-threw')));
    await store.save(newRun(3_000, load('cancelled-2-workers')));
    const shorts = Object.fromEntries((await store.list()).map((s) => [s.startedAt, `${s.outcome}: ${s.short}`]));
    assert.deepEqual(shorts, { 1000: 'serial: keep serial', 2000: 'failed: failed', 3000: 'cancelled: cancelled' });
  });

  void it('keeps the cluster a run asked for, its URL without the password, and still reads runs kept before it was recorded', async () => {
    const { store } = storeAt(root);
    const clustered = load('primes-cluster-predicted');
    const remote = storedClusterSettings({ mode: 'redis://:hunter2@10.0.0.5:6379', processes: 2, threadsPerProcess: 1, lockMs: 5000 });
    const saved = await store.save({ ...newRun(2_000, clustered), cluster: remote });
    // An envelope written before the cluster was recorded: no `cluster` field at all, as main's history files are.
    const old = await store.save(newRun(1_000, clustered));
    const oldPath = path.join(root, functionFolder(clustered.function), `${old.id}.json`);
    const oldJson = JSON.parse(readFileSync(oldPath, 'utf8')) as Record<string, unknown>;
    assert.equal('cluster' in oldJson, false);
    const text = readFileSync(path.join(root, functionFolder(clustered.function), `${saved.id}.json`), 'utf8');
    assert.doesNotMatch(text, /hunter2/, 'the password never reaches the history file');

    const { store: reloaded, warnings } = storeAt(root);
    assert.deepEqual((await reloaded.list()).map((s) => s.id), [saved.id, old.id]);
    assert.deepEqual((await reloaded.read(saved.id))?.cluster, { mode: 'remote', redis: 'redis://:***@10.0.0.5:6379', processes: 2, threadsPerProcess: 1 });
    assert.equal((await reloaded.read(old.id))?.cluster, undefined);
    assert.deepEqual(warnings, []);
  });
});
