// The editor's check of a profile from the server: the schema, and that the flat call tree, which
// may be as deep as the profiled function recurses, is a tree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkProfile } from '../../extension/profile/checkProfile';
import type { CallTreeNode } from '../../protocol/profile';

const raw = JSON.parse(readFileSync(path.resolve(__dirname, '..', 'fixtures', 'profiles', 'checksum.json'), 'utf8')) as Record<string, unknown>;

/** A chain of `depth` nodes of function 0, as a recursive function gives. */
function chain(depth: number): CallTreeNode[] {
  return Array.from({ length: depth }, (_, i) => ({ fn: 0, parent: i - 1, selfMs: i === depth - 1 ? 1 : 0, totalMs: depth - i }));
}

void describe('checkProfile', () => {
  void it('accepts the server\'s profile as it is', () => {
    const checked = checkProfile(raw);
    assert.ok(checked.ok, checked.ok ? '' : checked.reason);
    assert.deepEqual(checked.value, raw);
  });

  void it('accepts a call tree 20,000 levels deep (a recursive function)', () => {
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
    const node = (fn: number, parent: number): CallTreeNode => ({ fn, parent, selfMs: 1, totalMs: 1 });
    assert.match(bad({ ...raw, tree: [node(5, -1)] }), /^tree\.0\.fn is not an index/);
    assert.match(bad({ ...raw, tree: [node(0, -1), { ...node(0, 0), selfMs: -1 }] }), /^tree\.1\.selfMs/);
    assert.match(bad({ ...raw, tree: [node(0, 0)] }), /^tree\.0 is not the root/);
    assert.match(bad({ ...raw, tree: [node(0, -1), node(0, -1)] }), /second root/);
    assert.match(bad({ ...raw, tree: [node(0, -1), node(0, 1)] }), /does not come before it/);
    assert.match(bad({ ...raw, tree: [] }), /^tree/);
    assert.match(bad(null), /\(root\)/);
  });
});
