import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flattenCallTree, type NestedCallNode, nestCallTree } from '../../protocol/profile';

const leaf = (fn: number, ms: number): NestedCallNode => ({ fn, selfMs: ms, totalMs: ms, children: [] });

void describe('call tree', () => {
  void it('flattens depth first with parent indices and nests back to the same tree', () => {
    const tree: NestedCallNode = { fn: 0, selfMs: 1, totalMs: 10, children: [{ fn: 1, selfMs: 2, totalMs: 6, children: [leaf(2, 4)] }, leaf(3, 3)] };
    const flat = flattenCallTree(tree);
    assert.deepEqual(flat.map((n) => [n.fn, n.parent]), [[0, -1], [1, 0], [2, 1], [3, 0]]);
    assert.deepEqual(nestCallTree(flat), tree);
  });

  void it('handles a recursion 100,000 calls deep without recursing itself', () => {
    let root = leaf(0, 1);
    for (let i = 0; i < 100_000; i++) root = { fn: 0, selfMs: 0, totalMs: 1, children: [root] };
    const flat = flattenCallTree(root);
    assert.equal(flat.length, 100_001);
    assert.equal(flat[flat.length - 1]?.parent, 99_999);
    assert.ok(nestCallTree(flat));
  });

  void it('refuses a list that is not a tree', () => {
    assert.equal(nestCallTree([{ fn: 0, parent: 0, selfMs: 0, totalMs: 0 }]), undefined);
    assert.equal(nestCallTree([{ fn: 0, parent: -1, selfMs: 0, totalMs: 0 }, { fn: 1, parent: 2, selfMs: 0, totalMs: 0 }]), undefined);
    assert.equal(nestCallTree([{ fn: 0, parent: -1, selfMs: 0, totalMs: 0 }, { fn: 1, parent: -1, selfMs: 0, totalMs: 0 }]), undefined);
  });
});
