// The editor's check of a profile from the server: the schema for the flat parts, its own walk for
// the call tree, which may be as deep as the profiled function recurses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkProfile } from '../../extension/profile/checkProfile';
import type { CallTreeNode } from '../../protocol/profile';

const raw = JSON.parse(readFileSync(path.resolve(__dirname, '..', 'fixtures', 'profiles', 'checksum.json'), 'utf8')) as Record<string, unknown>;

/** A chain of `depth` nodes of function 0, as a recursive function gives. */
function chain(depth: number): CallTreeNode {
  let node: CallTreeNode = { fn: 0, selfMs: 1, totalMs: 1, children: [] };
  for (let i = 1; i < depth; i++) node = { fn: 0, selfMs: 0, totalMs: i + 1, children: [node] };
  return node;
}

void describe('checkProfile', () => {
  void it('accepts the server\'s profile as it is', () => {
    const checked = checkProfile(raw);
    assert.ok(checked.ok, checked.ok ? '' : checked.reason);
    assert.deepEqual(checked.value, raw);
  });

  void it('accepts a call tree 20,000 levels deep (a recursive function), which the recursive schema cannot walk', () => {
    const checked = checkProfile({ ...raw, tree: chain(20_000) });
    assert.ok(checked.ok, checked.ok ? '' : checked.reason);
  });

  void it('refuses what the decorations would index wrongly, saying where', () => {
    const bad = (value: unknown): string => {
      const checked = checkProfile(value);
      assert.equal(checked.ok, false);
      return checked.ok ? '' : checked.reason;
    };
    assert.match(bad({ ...raw, lines: [{ file: '/a.ts', line: 0, selfMs: 1, selfShare: 0.5 }] }), /^lines\.0\.line/);
    assert.match(bad({ ...raw, samples: undefined }), /^samples/);
    assert.match(bad({ ...raw, tree: { fn: 5, selfMs: 1, totalMs: 1, children: [] } }), /^tree\.fn is not an index/);
    assert.match(bad({ ...raw, tree: { fn: 0, selfMs: 1, totalMs: 1, children: [{ fn: 1, selfMs: -1, totalMs: 1, children: [] }] } }), /^tree\.children\[0\] has no valid selfMs/);
    assert.match(bad({ ...raw, tree: { fn: 0, selfMs: 1, totalMs: 1 } }), /children is not an array/);
    assert.match(bad({ ...raw, tree: undefined }), /^tree is not a node/);
    const cyclic: CallTreeNode = { fn: 0, selfMs: 1, totalMs: 1, children: [] };
    cyclic.children.push(cyclic);
    assert.match(bad({ ...raw, tree: cyclic }), /appears twice/);
    assert.match(bad(null), /\(root\)/);
  });
});
