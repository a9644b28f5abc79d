/** The status-bar resource monitor shows CPU load and free memory and keeps refreshing. */
import * as assert from 'node:assert/strict';
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

  test('refreshes on its interval (monitor.intervalMs is 500 in the fixture workspace)', async () => {
    const api = await activatedApi();
    // The figures may legitimately repeat on an idle machine, so count readings rather than compare text.
    const before = api.statusBarUpdates();
    const started = Date.now();
    await waitFor('three more status-bar readings', () => (api.statusBarUpdates() >= before + 3 ? true : undefined), 10_000);
    // At 500 ms, three readings take 1-1.5 s plus the readings themselves; at the default 2000 ms, at least 4 s.
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 3_500, `three readings took ${elapsed} ms: is parallelize.monitor.intervalMs read from the workspace?`);
    assert.match(api.statusBarText(), statusText);
  });
});
