import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatClockTime, formatRunDate, formatRunTime } from '../../webview/shared/format';

// Local times: the formatters write the machine's time of day, as the panels and the view do.
const at = (hours: number, minutes: number, seconds: number): number => new Date(2026, 11, 6, hours, minutes, seconds).getTime();

test('the hour after midnight is 00, not 24 (hour12: false wrote "24:37:29")', () => {
  assert.equal(formatRunTime(at(0, 37, 29)), 'Dec 6, 00:37:29');
  assert.equal(formatClockTime(at(0, 5, 9)), '00:05:09');
  assert.equal(formatRunDate(at(0, 37, 29)), 'Dec 6, 2026, 00:37');
});

test('the rest of the day in 24-hour form', () => {
  assert.equal(formatRunTime(at(12, 0, 0)), 'Dec 6, 12:00:00');
  assert.equal(formatRunTime(at(23, 59, 59)), 'Dec 6, 23:59:59');
  assert.equal(formatClockTime(at(15, 40, 12)), '15:40:12');
});
