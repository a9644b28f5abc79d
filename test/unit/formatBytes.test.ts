import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes } from '../../protocol/formatBytes';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

test('gigabytes keep one decimal, as the status bar always showed free memory', () => {
  assert.equal(formatBytes(23 * GB), '23.0 GB');
  assert.equal(formatBytes(21.54 * GB), '21.5 GB');
  assert.equal(formatBytes(4 * GB), '4.0 GB');
  assert.equal(formatBytes(2048 * GB), '2.0 TB');
});

test('smaller units show a decimal only below 10', () => {
  assert.equal(formatBytes(38 * MB), '38 MB');
  assert.equal(formatBytes(9.7 * MB), '9.7 MB');
  assert.equal(formatBytes(2 * MB), '2 MB');
  assert.equal(formatBytes(512 * MB), '512 MB');
  assert.equal(formatBytes(60_149), '59 KB');
  assert.equal(formatBytes(900), '900 B');
});

test('under a gigabyte free reads in megabytes, not "0.5 GB"', () => {
  assert.equal(formatBytes(0.5 * GB), '512 MB');
});

test('a figure that is not a number shows as a dash', () => {
  assert.equal(formatBytes(Number.NaN), '—');
});
