/** A horizontal bar drawn in the DOM (CSS theme colours), updated in place without re-creating it. */
import { h } from '../shared/dom';

/** A bar whose fill and level class change with `set`. */
export interface Meter {
  readonly element: HTMLElement;
  /** Sets the fill, 0–100; the level class (`low`/`mid`/`high`) picks the colour. */
  set(percent: number, label: string): void;
}

/** Creates a meter; `thresholds` are the percentages where it turns mid and high. */
export function meter(className: string, thresholds: [number, number] = [70, 90]): Meter {
  const fill = h('div', { class: 'meter-fill' });
  const element = h('div', { class: `meter ${className}` }, fill);
  element.setAttribute('role', 'meter');
  element.setAttribute('aria-valuemin', '0');
  element.setAttribute('aria-valuemax', '100');
  let level = '';
  return {
    element,
    set(percent, label) {
      const clamped = Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0));
      // CSSOM writes are allowed under a style-src without 'unsafe-inline'; style attributes are not.
      fill.style.width = `${clamped.toFixed(1)}%`;
      const next = clamped >= thresholds[1] ? 'high' : clamped >= thresholds[0] ? 'mid' : 'low';
      if (next !== level) {
        if (level) element.classList.remove(level);
        element.classList.add(next);
        level = next;
      }
      element.setAttribute('aria-valuenow', clamped.toFixed(0));
      element.setAttribute('aria-valuetext', label);
      element.title = label;
    },
  };
}
