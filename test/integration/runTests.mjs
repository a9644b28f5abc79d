// Runs the integration suite inside a real VS Code extension host.
//
//   node test/integration/runTests.mjs [--electron] [--no-build] [--timeout <ms>] [--verbose] [--keep-logs]
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
// code-server gotchas:
// - It rejects --extensionDevelopmentPath on its command line; only the `payload` URL parameter
//   carries the development options, as vscode-remote:// URIs.
// - It does not create the parents of --user-data-dir; create the folders first.
// - It queries open-vsx unless EXTENSIONS_GALLERY='{}', and writes ~/.config/code-server on start:
//   HOME and XDG_* point into the temp folder.
// - From code-server 4.133 the payload is ignored unless lib/vscode/out/server-main.js runs with
//   --enable-smoke-test-driver (and those need Node 22+): the version is pinned here.
// - Install as root needs npm_config_unsafe_perm; npm 11's "install-scripts not yet covered by
//   allowScripts" warning is noise, installCodeServer.sh checks that the native builds exist.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};

// --ext/--tests/--folder exist to try the runner on another extension; the defaults are the project's.
const extensionDevelopmentPath = path.resolve(option('ext', root));
const extensionTestsPath = path.resolve(option('tests', path.join(root, 'out/test/integration/suite/index')));
const workspace = path.resolve(option('folder', path.join(root, 'test/fixtures/workspace')));
const timeoutMs = Number(option('timeout', 5 * 60_000));
const verbose = flag('verbose');
const codeServerDir = path.join(root, '.vscode-test/code-server');
const codeServerEntry = path.join(codeServerDir, 'node_modules/code-server/out/node/entry.js');
const screenshot = path.join(root, 'test-artifacts/vscode-integration.png');

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

process.exit(flag('electron') ? await runElectron() : await runCodeServer());

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
    });
  } catch (e) {
    console.error(e);
    return 1;
  }
}

async function runCodeServer() {
  // Run even when entry.js exists: the script returns at once for a complete install and repairs
  // one whose install scripts did not finish.
  if (!existsSync(codeServerEntry)) log(`installing code-server into ${path.relative(root, codeServerDir)} (about 40 s)`);
  const install = spawnSync('bash', [path.join(root, 'test/integration/installCodeServer.sh'), codeServerDir],
    { stdio: ['ignore', existsSync(codeServerEntry) ? 'ignore' : 'inherit', 'inherit'] });
  if (install.status !== 0) {
    console.error('code-server install failed: test/integration/installCodeServer.sh');
    return 1;
  }
  const { chromium } = await import('playwright-core');

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'parallelize-integration-'));
  const dir = (...p) => {
    const d = path.join(tmp, ...p);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const home = dir('home');
  const userData = dir('user-data');
  const extensionsDir = dir('extensions');
  const logs = dir('logs');
  writeFileSync(path.join(dir('user-data/User'), 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'git.openRepositoryInParentFolders': 'never', // the fixture sits inside this repository
  }, null, 2));
  const env = {
    ...process.env,
    HOME: home,
    TMPDIR: dir('tmp'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    EXTENSIONS_GALLERY: '{}',
    // The suite's index.js asks for the screenshot while the extension is still active (its status
    // bar item and panels are gone once the tests exit) and waits for this file.
    PARALLELIZE_SCREENSHOT_ACK: path.join(tmp, 'screenshot-taken'),
  };
  const serverLogPath = path.join(logs, 'server.log');
  const consoleLogPath = path.join(logs, 'browser-console.log');
  const workbenchLogPath = path.join(logs, 'workbench.log');

  const port = await freePort();
  const serverLog = createWriteStream(serverLogPath);
  // detached: its own process group, so that stop() also ends the extension host and helpers it forks.
  const server = spawn(process.execPath, [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    // Trusts every workspace, so the run commands (enablement: isWorkspaceTrusted) work on the
    // fixture. The limited untrusted mode is therefore not exercised by this suite.
    '--disable-workspace-trust',
  ], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);
  if (verbose) {
    server.stdout.pipe(process.stderr);
    server.stderr.pipe(process.stderr);
  }
  let serverExited = false;
  server.on('exit', (code, signal) => {
    serverExited = true;
    if (verbose) log(`code-server exited (code ${code}, signal ${signal})`);
  });

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
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, () => serverExited);
    log(`code-server up on 127.0.0.1:${port}`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      env,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    });
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
    const authority = `127.0.0.1:${port}`;
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
    await stop(server);
  }
  if (code === 0 && !flag('keep-logs')) {
    rmSync(tmp, { recursive: true, force: true });
  } else {
    log(`code-server log: ${serverLogPath}`);
    log(`browser console log: ${consoleLogPath}`);
    log(`workbench and test output: ${workbenchLogPath}`);
  }
  return code;
}

/** A port the OS says is free now; code-server binds it a moment later. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Polls until the URL answers, the deadline passes, or `gaveUp()` says there is no point. */
function waitForHttp(url, ms, gaveUp) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      http.get(url, (r) => { r.resume(); resolve(); }).on('error', () => {
        if (gaveUp()) reject(new Error('code-server exited before it answered'));
        else if (Date.now() > deadline) reject(new Error(`code-server did not answer on ${url} within ${ms} ms`));
        else setTimeout(tick, 200);
      });
    };
    tick();
  });
}

/** SIGTERM to code-server's process group, then SIGKILL if it is still there after 5 s. */
function stop(child) {
  const signalGroup = (signal) => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  if (child.exitCode !== null || child.signalCode !== null) {
    signalGroup('SIGTERM'); // the leader is gone; its helpers may not be
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = setTimeout(() => signalGroup('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(kill); signalGroup('SIGTERM'); resolve(); });
    signalGroup('SIGTERM');
  });
}
