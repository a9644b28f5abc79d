/**
 * When a pass delivered its results: the cumulative count against the time since the pass began,
 * thinned to at most `maxPoints` so a 200,000-input run still sends a small curve. Ordered
 * delivery shows as steps where a slow chunk holds back the ones after it; unordered as a smooth climb.
 */
import type { DeliveryPoint } from '../../protocol/results';

/** Points a curve keeps: enough for a chart's width, small enough for every message. */
export const maxPoints = 100;

/** Collects delivery points for a pass of `total` inputs. */
export class DeliveryTimeline {
  private readonly points: DeliveryPoint[] = [];
  private delivered = 0;
  private nextKept = 0;

  constructor(private readonly total: number) {}

  /** Records `count` more inputs delivered at `ms`; keeps a point per 1/maxPoints of the inputs, and the last. */
  add(count: number, ms: number): void {
    this.delivered += count;
    if (this.delivered < this.nextKept && this.delivered < this.total) return;
    this.points.push({ ms, items: this.delivered });
    this.nextKept = this.delivered + this.total / maxPoints;
  }

  /** The kept points, in delivery order. */
  curve(): DeliveryPoint[] {
    return [...this.points];
  }
}
