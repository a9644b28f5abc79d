// Runs the integration suite inside a real VS Code extension host.
//
//   node test/integration/runTests.mjs [--electron] [--untrusted] [--no-build] [--grep <title>] [--timeout <ms>] [--verbose] [--keep-logs]
//
// By default the host is the VS Code 1.100.3 server bundled in the `code-server` npm package, for
// machines that cannot download VS Code (only the npm registry and Debian packages are reachable):
//   1. `node esbuild.mjs --tests` builds dist/ and out/test/integration/suite/ (skip: --no-build).
//   2. installCodeServer.sh installs code-server@4.100.3 into .vscode-test/code-server/ (once: it
//      checks that the native builds of the install scripts are there and returns at once).
//   3. code-server starts on 127.0.0.1 with a free port, no auth, and a throwaway HOME, user-data
//      and extensions dir; headless Debian chromium (playwright-core) opens the workbench on the
//      fixture workspace with a `payload` that carries extensionDevelopmentPath/extensionTestsPath.
//   4. The workbench runs out/test/integration/suite/index.js `run()` in the extension host — a node
//      process of code-server (uiKind Web, remoteName set), not Electron — and reports through
//      window.codeAutomationLog (relayed here) and window.codeAutomationExit (the exit code).
//      The workbench's own info lines are kept out of the output unless --verbose; all of it is
//      in logs/workbench.log of the temp folder, printed with the other log paths on failure.
//   5. A screenshot of the workbench goes to test-artifacts/vscode-integration.png. It is taken when
//      the suite asks for it (a console line, answered with a file named by an env variable): once
//      run() settles the extension host is shut down and its status bar item and panels are gone.
// With --electron it runs the same suite through @vscode/test-electron instead (downloads VS Code).
//
// With --untrusted it runs the untrusted-workspace suite instead (out/test/integration/untrusted/):
// code-server starts with Workspace Trust on (no --disable-workspace-trust), the user settings
// enable it without the startup prompt, and the workspace is a fresh temp copy of
// test/fixtures/untrusted, which no trust setting of this sandbox covers. Code-server only:
// @vscode/test-electron always passes --disable-workspace-trust.
//
// The code-server plumbing (install, sandbox, start, chromium, stop) and its gotchas are in
// codeServerHost.mjs, shared with workbenchUi.test.mjs.
import { spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSandbox, ensureCodeServer, launchChromium, root, startCodeServer } from './codeServerHost.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};

const untrusted = flag('untrusted');
// --ext/--tests/--folder exist to try the runner on another extension; the defaults are the project's.
const extensionDevelopmentPath = path.resolve(option('ext', root));
const extensionTestsPath = path.resolve(option('tests', path.join(root, `out/test/integration/${untrusted ? 'untrusted' : 'suite'}/index`)));
const timeoutMs = Number(option('timeout', 5 * 60_000));
const verbose = flag('verbose');
const screenshot = path.join(root, `test-artifacts/vscode-integration${untrusted ? '-untrusted' : ''}.png`);

/**
 * User settings of the --untrusted run. code-server 4.100.3 honours all three: with
 * enableWorkspaceTrust (no --disable-workspace-trust) the workbench reads trust.enabled, and
 * startupPrompt 'never' opens an untrusted folder in Restricted Mode without the modal dialog.
 */
const untrustedSettings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.banner': 'never',
};

/** What suite/index.ts logs to ask for the screenshot; keep the two in step. */
const screenshotRequest = 'parallelize-integration: screenshot, please';
/** The workbench's own info lines that reach codeAutomationLog too; shown with --verbose. */
const workbenchChatter = /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|Updating additional builtin|\[Service Worker\]|ChatSessionStore:)/;

const t0 = Date.now();
const log = (...a) => console.log(`[integration +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

if (!flag('no-build')) {
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('build failed: node esbuild.mjs --tests');
    process.exit(build.status ?? 1);
  }
}
if (!existsSync(`${extensionTestsPath}.js`)) {
  console.error(`no test entry at ${extensionTestsPath}.js (run \`node esbuild.mjs --tests\`)`);
  process.exit(1);
}
if (untrusted && flag('electron')) {
  console.error('--untrusted runs on code-server only: @vscode/test-electron always passes --disable-workspace-trust');
  process.exit(2);
}

// The untrusted suite writes into its workspace, and a folder new to the sandbox is one nobody trusted: a temp copy.
const untrustedCopy = untrusted && !option('folder') ? mkdtempSync(path.join(os.tmpdir(), 'parallelize-untrusted-')) : undefined;
if (untrustedCopy) cpSync(path.join(root, 'test/fixtures/untrusted'), untrustedCopy, { recursive: true });
const workspace = path.resolve(option('folder', untrustedCopy ?? path.join(root, 'test/fixtures/workspace')));

const code = flag('electron') ? await runElectron() : await runCodeServer();
if (untrustedCopy && (code === 0 || !flag('keep-logs'))) rmSync(untrustedCopy, { recursive: true, force: true });
process.exit(code);

/** Machines that can download VS Code: the standard runner, same suite and workspace. */
async function runElectron() {
  const { runTests } = await import('@vscode/test-electron');
  try {
    return await runTests({
      version: '1.100.3',
      extensionDevelopmentPath,
      extensionTestsPath,
      // Trusts every workspace, like code-server's --disable-workspace-trust below.
      launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: option('grep') ? { PARALLELIZE_GREP: option('grep') } : undefined,
    });
  } catch (e) {
    console.error(e);
    return 1;
  }
}

async function runCodeServer() {
  if (!ensureCodeServer(log)) return 1;

  const sandbox = createSandbox('parallelize-integration-', { settings: untrusted ? untrustedSettings : {} });
  const { tmp, logs, env } = sandbox;
  // The suite's index.js asks for the screenshot while the extension is still active (its status
  // bar item and panels are gone once the tests exit) and waits for the file this names.
  env.PARALLELIZE_SCREENSHOT_ACK = path.join(tmp, 'screenshot-taken');
  // --grep: only the tests whose titles match (mocha's grep, read by test/integration/mochaSuite.ts).
  if (option('grep')) env.PARALLELIZE_GREP = option('grep');
  const serverLogPath = path.join(logs, 'server.log');
  const consoleLogPath = path.join(logs, 'browser-console.log');
  const workbenchLogPath = path.join(logs, 'workbench.log');
  const server = await startCodeServer(sandbox, { logPath: serverLogPath, verbose, log, workspaceTrust: untrusted });

  let browser;
  let page;
  let screenshotTaken = false;
  const takeScreenshot = async () => {
    if (!page) return;
    mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, timeout: 10_000 })
      .then(() => { screenshotTaken = true; log(`screenshot: ${path.relative(root, screenshot)}`); })
      .catch((e) => log(`no screenshot: ${e.message}`));
  };
  let settle;
  const finished = new Promise((resolve) => { settle = resolve; });
  const timer = setTimeout(() => { log(`timed out after ${timeoutMs} ms`); settle(124); }, timeoutMs);
  const onSignal = (code) => () => settle(code);
  process.once('SIGINT', onSignal(130));
  process.once('SIGTERM', onSignal(143));

  const drive = async () => {
    await server.waitUntilUp(60_000);
    log(`code-server up on ${server.authority}`);
    browser = await launchChromium(env);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const consoleLog = createWriteStream(consoleLogPath);
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e}\n`));
    // The hooks the workbench calls while it runs extension tests (VS Code's own browser tests use them).
    const workbenchLog = createWriteStream(workbenchLogPath);
    await page.exposeFunction('codeAutomationLog', async (type, message) => {
      const parts = Array.isArray(message) ? message : [message];
      workbenchLog.write(`[${type}] ${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}\n`);
      if (parts[0] === screenshotRequest) {
        await takeScreenshot();
        writeFileSync(env.PARALLELIZE_SCREENSHOT_ACK, '');
        return;
      }
      if (!verbose && typeof parts[0] === 'string' && workbenchChatter.test(parts[0])) return;
      const write = { error: console.error, warn: console.warn }[type] ?? console.log;
      write(...parts);
    });
    await page.exposeFunction('codeAutomationExit', (exitCode) => {
      log(`extension tests finished with exit code ${exitCode}`);
      settle(exitCode);
    });
    const { authority } = server;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    return finished;
  };
  let code;
  try {
    const driving = drive();
    driving.catch(() => {}); // after a timeout it may reject once the browser closes; nobody waits then
    code = await Promise.race([driving, finished]);
  } catch (e) {
    log('error:', e);
    code = 1;
  } finally {
    clearTimeout(timer);
    if (!screenshotTaken) await takeScreenshot();
    await browser?.close().catch(() => {});
    await server.stop();
  }
  if (code === 0 && !flag('keep-logs')) {
    sandbox.remove();
  } else {
    log(`code-server log: ${serverLogPath}`);
    log(`browser console log: ${consoleLogPath}`);
    log(`workbench and test output: ${workbenchLogPath}`);
  }
  return code;
}
