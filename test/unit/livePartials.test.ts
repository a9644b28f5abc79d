// The engine's partials for a function that waits: the async limits are planned as phases after the
// serial run, each reports its figures when done, and the last partial agrees with the result.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RunPartial } from '../../protocol/live';
import type { PartialBody } from '../../server/engine/liveRun';
import { buildWorker, resultOf, runFixture } from './engineRun';

before(buildWorker);

test('a function that waits gets an async phase per concurrency limit, each with its figures', async () => {
  const partials: PartialBody[] = [];
  const phased: string[] = [];
  const result = resultOf(await runFixture('waits.ts', 'fetchLike', 'Array.from({ length: 16 }, (_, i) => i)', { chunkSize: 1 }, {
    onPartial: (partial) => partials.push(partial),
    onProgress: (progress) => { if (progress.phase && phased.at(-1) !== progress.phase.id) phased.push(progress.phase.id); },
  }));
  for (const partial of partials) RunPartial.parse({ runId: 'unit', ...partial });
  assert.ok(result.asyncRuns.length > 0, 'the async phase ran');
  const last = partials.at(-1)!;
  const asyncIds = result.asyncRuns.map((run) => `async-${run.concurrency}`);
  assert.deepEqual(last.phases.map((p) => p.id), ['serial', 'messaging', ...result.runs.map((r) => `workers-${r.workers}`), ...asyncIds]);
  assert.ok(last.phases.every((p) => p.state === 'done'), JSON.stringify(last.phases));
  assert.deepEqual(last.asyncRuns, result.asyncRuns);
  // Each limit's figures arrive on their own, in order.
  for (let count = 1; count <= result.asyncRuns.length; count++) assert.ok(partials.some((p) => p.asyncRuns.length === count));
  // Before the serial run ends the async phases are not planned: whether the function waits is not known yet.
  assert.ok(!partials[0]!.phases.some((p) => p.kind === 'async'));
  // Progress walks the phases in their order.
  assert.deepEqual(phased, last.phases.map((p) => p.id));
});
