/** The status-bar resource monitor shows CPU load and free memory and keeps refreshing. */
import * as assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { suite, test } from 'mocha';
import { activatedApi, waitFor } from '../helpers';

const statusText = /\$\(pulse\) \d+% · [\d.]+ GB free/;

suite('status bar', () => {
  test('shows load and free memory', async () => {
    const api = await activatedApi();
    const text = await waitFor('a resource reading in the status bar', () => {
      const t = api.statusBarText();
      return statusText.test(t) ? t : undefined;
    });
    assert.match(text, statusText);
  });

  test('refreshes (monitor.intervalMs is 500 in the fixture workspace)', async () => {
    const api = await activatedApi();
    const first = await waitFor('a first reading', () => {
      const t = api.statusBarText();
      return statusText.test(t) ? t : undefined;
    });
    // An idle machine may show the same figures tick after tick, and the API has no tick counter:
    // load one core so that the load figure moves, and wait for any different reading.
    const burner = new Worker('for (;;) {}', { eval: true });
    try {
      const next = await waitFor('a different status-bar reading', () => {
        const t = api.statusBarText();
        return t !== first ? t : undefined;
      }, 15_000);
      assert.match(next, statusText);
    } finally {
      await burner.terminate();
    }
  });
});
