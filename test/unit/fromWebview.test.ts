// The extension's side of the webview boundary (extension/panels/fromWebview.ts, used by every
// panel host): malformed, unknown, oversized and deeply nested messages from a page are ignored
// with a short reason, quickly, and the three real messages still pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromWebview } from '../../extension/panels/fromWebview';
import { exceedsBounds, fromWebviewBounds, maxReportedErrorChars, messageType, toWebviewBounds } from '../../protocol/messageBounds';

/** Nests `{ a: … }` `depth` deep around `inner`, without recursion. */
function nested(depth: number, inner: unknown = {}): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** The reason a message was ignored; fails the test if it was accepted. */
function refusal(raw: unknown): string {
  const received = parseFromWebview(raw);
  assert.equal(received.ok, false, `accepted ${messageType(raw)}`);
  return received.ok ? '' : received.reason;
}

test('the three messages a panel sends pass, unknown keys dropped', () => {
  assert.deepEqual(parseFromWebview({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
  assert.deepEqual(parseFromWebview({ type: 'openFunction', file: '/w/src/primes.ts', line: 14 }), { ok: true, message: { type: 'openFunction', file: '/w/src/primes.ts', line: 14 } });
  assert.deepEqual(parseFromWebview({ type: 'error', message: 'x'.repeat(maxReportedErrorChars), extra: 1 }), { ok: true, message: { type: 'error', message: 'x'.repeat(maxReportedErrorChars) } });
});

test('malformed and unknown messages are refused with their type and the schema\'s complaint', () => {
  assert.match(refusal({ type: 'launchMissiles' }), /^an invalid message of type launchMissiles \(type: .*\): \{"type":"launchMissiles"\}$/);
  assert.match(refusal({ type: 'openFunction', file: '/w/a.ts', line: -3 }), /type openFunction \(line: .*\)/);
  assert.match(refusal({ type: 'openFunction', file: 42, line: 1 }), /file: /);
  assert.match(refusal({}), /type no type \(missing\)/);
  assert.match(refusal({ type: 7 }), /type no type \(number\)/);
  assert.match(refusal('ready'), /type string/);
  // The live panel's Cancel names its run; anything else is refused before the host looks for the run.
  assert.deepEqual(parseFromWebview({ type: 'cancelRun', runId: 'a1b2' }), { ok: true, message: { type: 'cancelRun', runId: 'a1b2' } });
  assert.match(refusal({ type: 'cancelRun' }), /type cancelRun \(runId: /);
  assert.match(refusal({ type: 'cancelRun', runId: 'x'.repeat(201) }), /type cancelRun \(runId: /);
  assert.match(refusal(null), /type null/);
  assert.match(refusal(undefined), /type undefined/);
  assert.match(refusal([{ type: 'ready' }]), /type an array/);
  assert.match(refusal(1n), /type bigint.*: bigint$/);
});

test('a 50 MB string is refused by size, in well under a millisecond per MB, and the reason stays short', () => {
  // Flat, as a message's strings arrive (JSON.parse, structured clone); 'x'.repeat() would build a rope
  // that the first slice flattens, timing V8's copy rather than the check.
  const huge = Buffer.alloc(50 * 1024 * 1024, 'x').toString('latin1');
  for (const raw of [{ type: 'error', message: huge }, { type: huge }, { type: 'ready', junk: huge }]) {
    const started = performance.now();
    const reason = refusal(raw);
    const ms = performance.now() - started;
    assert.match(reason, /over 64 KB$/);
    assert.ok(reason.length < 300, `a ${reason.length}-character reason`);
    assert.ok(ms < 20, `refusing a 50 MB message took ${ms.toFixed(1)} ms`);
  }
});

test('a message just over the bound is refused; one just under passes', () => {
  // {"type":"error","message":"…"}: the budget counts the key names, the quotes and the braces.
  const under = 'x'.repeat(fromWebviewBounds.maxChars - 64);
  assert.equal(parseFromWebview({ type: 'error', message: under }).ok, true);
  assert.match(refusal({ type: 'error', message: `${under}${'x'.repeat(64)}` }), /over 64 KB/);
});

test('deep nesting, wide arrays, many keys and cycles are refused within the bound', () => {
  const started = performance.now();
  assert.match(refusal({ type: 'ready', junk: nested(100_000) }), /nested deeper than 4$/);
  assert.match(refusal(nested(100_000, { type: 'ready' })), /type no type \(missing\) nested deeper than 4/);
  assert.match(refusal({ type: 'ready', junk: new Array(10_000_000).fill(0) }), /over 64 KB/);
  assert.match(refusal({ type: 'ready', junk: new Array(10_000_000) }), /over 64 KB/); // sparse: holes cost too
  assert.match(refusal({ type: 'ready', junk: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])) }), /over 64 KB/);
  const cyclic: Record<string, unknown> = { type: 'ready' };
  cyclic.self = [cyclic];
  assert.match(refusal(cyclic), /over 64 KB|nested deeper/);
  assert.match(refusal({ type: 'ready', bytes: new Uint8Array(1024 * 1024) }), /over 64 KB/);
  const ms = performance.now() - started;
  // Building the 10M-element arrays above is most of this; the walks stop after 64 K units each.
  assert.ok(ms < 2_000, `took ${ms.toFixed(0)} ms`);
});

test('exceedsBounds: the walk stops at the budget, so a huge value costs what a small one does', () => {
  // Under the bound by its length alone (5 M commas), over it by its elements: the walk stops part-way.
  const wide = new Array(5_000_000).fill('abc');
  const started = performance.now();
  assert.equal(exceedsBounds(wide, toWebviewBounds), 'over 8 MB');
  const ms = performance.now() - started;
  assert.ok(ms < 200, `walking up to 8 MB of a 5M-element array took ${ms.toFixed(0)} ms`);
  assert.equal(exceedsBounds(new Array(20_000_000), toWebviewBounds), 'over 8 MB', 'a long sparse array is refused by its length');
  assert.equal(exceedsBounds({ type: 'benchmark', result: { runs: [{ delivery: [{ ms: 1, delivered: 2 }] }] } }, toWebviewBounds), undefined);
  assert.equal(exceedsBounds(nested(15), toWebviewBounds), undefined);
  assert.equal(exceedsBounds(nested(16), toWebviewBounds), 'nested deeper than 16');
});

test('a benchmark toolbar action passes with a known action and the result it names, and nothing else does', () => {
  assert.deepEqual(parseFromWebview({ type: 'benchmarkAction', action: 'exportCsv', startedAt: 1764028800000 }), { ok: true, message: { type: 'benchmarkAction', action: 'exportCsv', startedAt: 1764028800000 } });
  assert.match(refusal({ type: 'benchmarkAction', action: 'deleteEverything', startedAt: 1 }), /type benchmarkAction \(action: /);
  assert.match(refusal({ type: 'benchmarkAction', action: 'runAgain' }), /startedAt: /);
  // The host reads nothing else from the page: a path or an expression sent along is dropped, not used.
  assert.deepEqual(parseFromWebview({ type: 'benchmarkAction', action: 'runAgain', startedAt: 5, inputs: 'process.exit()', file: '/etc/passwd' }), { ok: true, message: { type: 'benchmarkAction', action: 'runAgain', startedAt: 5 } });
});
