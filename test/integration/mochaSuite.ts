/**
 * What both suite entries share (suite/ in a trusted workspace, untrusted/ in one that is not): run
 * every compiled `*.test.js` of a folder with mocha inside the extension host, then hold the host
 * for the runner's screenshot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Runs every compiled `*.test.js` in `dir`; rejects when any test fails. */
export async function runSuite(dir: string): Promise<void> {
  // Mocha's reporter writes through console.log, which the extension host forwards to the runner.
  // PARALLELIZE_GREP (runTests.mjs --grep) reruns only the tests whose titles match.
  const grep = process.env.PARALLELIZE_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, slow: 5_000, ...(grep ? { grep } : {}) });
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  await screenshotHandshake();
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}

/**
 * The code-server runner (runTests.mjs) screenshots the workbench when it reads this line, then
 * creates the file named by PARALLELIZE_SCREENSHOT_ACK. Waiting for it keeps the extension's status
 * bar item and panels in the picture: they go once run() settles. Other runners do not set it.
 */
async function screenshotHandshake(): Promise<void> {
  const ack = process.env.PARALLELIZE_SCREENSHOT_ACK;
  if (!ack) return;
  console.log('parallelize-integration: screenshot, please');
  const deadline = Date.now() + 15_000;
  while (!fs.existsSync(ack) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}
