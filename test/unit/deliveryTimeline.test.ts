import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryTimeline, maxPoints } from '../../server/engine/deliveryTimeline';

void describe('DeliveryTimeline', () => {
  void it('keeps every delivery of a small pass', () => {
    const timeline = new DeliveryTimeline(3);
    timeline.add(1, 5);
    timeline.add(1, 7);
    timeline.add(1, 9);
    assert.deepEqual(timeline.curve(), [{ ms: 5, items: 1 }, { ms: 7, items: 2 }, { ms: 9, items: 3 }]);
  });

  void it('thins 200,000 one-input deliveries to about maxPoints, ending at the last input', () => {
    const timeline = new DeliveryTimeline(200_000);
    for (let i = 1; i <= 200_000; i++) timeline.add(1, i / 100);
    const curve = timeline.curve();
    assert.ok(curve.length <= maxPoints + 1 && curve.length >= maxPoints - 1, `${curve.length} points`);
    assert.deepEqual(curve.at(-1), { ms: 2000, items: 200_000 });
    for (let i = 1; i < curve.length; i++) {
      const [before, after] = [curve[i - 1], curve[i]];
      assert.ok(before && after && after.items > before.items && after.ms >= before.ms, 'climbs');
      assert.ok(after.items - before.items <= 200_000 / maxPoints + 1, 'no gap wider than one step');
    }
  });

  void it('keeps a large chunk that jumps past several steps as one point', () => {
    const timeline = new DeliveryTimeline(1000);
    timeline.add(10, 1);
    timeline.add(900, 2);
    timeline.add(90, 3);
    assert.deepEqual(timeline.curve().map((p) => p.items), [10, 910, 1000]);
  });
});
