/** Checks a pool's results against the serial ones, input by input. */
import type { Mismatch } from '../../protocol/results';
import { previewValue } from './preview';
import { type Outcome, type Outcomes, outcomeOf } from './runTrial';
import { sameValue } from './sameValue';

function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.kind === 'value' && b.kind === 'value') return sameValue(a.value, b.value);
  if (a.kind === 'threw' && b.kind === 'threw') return a.thrown.name === b.thrown.name && a.thrown.message === b.thrown.message;
  return false;
}

function previewOutcome(outcome: Outcome | undefined): string {
  if (outcome === undefined) return '(no result)';
  return outcome.kind === 'value' ? previewValue(outcome.value) : previewValue(`threw ${outcome.thrown.name}: ${outcome.thrown.message}`);
}

/** The first input whose parallel outcome differs from the serial one, or null when all agree. */
export function firstMismatch(serial: Outcomes, parallel: Outcomes, workers: number): Mismatch | null {
  for (let index = 0; index < serial.values.length; index++) {
    const expected = outcomeOf(serial, index);
    if (expected === undefined) continue;
    const actual = outcomeOf(parallel, index);
    if (actual === undefined || !sameOutcome(expected, actual)) {
      return { inputIndex: index, serial: previewOutcome(expected), parallel: previewOutcome(actual), workers };
    }
  }
  return null;
}
