// The VS Code host the tests drive: code-server 4.100.3 (VS Code 1.100.3) from npm, in a throwaway
// HOME/user-data/extensions folder, opened in headless Debian chromium through playwright-core.
// runTests.mjs (the mocha suite in the extension host) and workbenchUi.test.mjs (the packaged
// extension through the UI) share it.
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
// - Two webviews that load at the very same moment can leave the second one blank ("Found
//   unexpected service worker controller"): open them one after the other.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where installCodeServer.sh puts code-server. */
export const codeServerDir = path.join(root, '.vscode-test/code-server');
/** code-server's command-line entry, run with this process's node. */
export const codeServerEntry = path.join(codeServerDir, 'node_modules/code-server/out/node/entry.js');

/** User settings of every sandbox: no welcome page, telemetry, updates, experiments or chat. */
export const baseSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never', // the workspaces the tests open sit inside this repository
};

/** Chromium flags: headless in a container, no network but the loopback code-server listens on. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];

/**
 * Runs installCodeServer.sh, which returns at once for a complete install and repairs one whose
 * install scripts did not finish. Returns whether code-server is ready to start.
 */
export function ensureCodeServer(log = console.log) {
  const fresh = !existsSync(codeServerEntry);
  if (fresh) log(`installing code-server into ${path.relative(root, codeServerDir)} (about 40 s)`);
  const install = spawnSync('bash', [path.join(root, 'test/integration/installCodeServer.sh'), codeServerDir],
    { stdio: ['ignore', fresh ? 'inherit' : 'ignore', 'inherit'] });
  if (install.status !== 0) console.error('code-server install failed: test/integration/installCodeServer.sh');
  return install.status === 0;
}

/**
 * A throwaway temp folder holding HOME, user-data (with `settings` over baseSettings), extensions
 * and logs, and the environment that keeps code-server and chromium inside it.
 */
export function createSandbox(prefix, { settings = {}, env = {} } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dir = (...p) => {
    const d = path.join(tmp, ...p);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const home = dir('home');
  const userData = dir('user-data');
  const extensionsDir = dir('extensions');
  const logs = dir('logs');
  writeFileSync(path.join(dir('user-data/User'), 'settings.json'), JSON.stringify({ ...baseSettings, ...settings }, null, 2));
  return {
    tmp,
    dir,
    home,
    userData,
    extensionsDir,
    logs,
    env: {
      ...process.env,
      HOME: home,
      TMPDIR: dir('tmp'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local/share'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      EXTENSIONS_GALLERY: '{}',
      ...env,
    },
    remove: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** Installs a .vsix into the sandbox's extensions dir, as *Extensions: Install from VSIX…* would. */
export function installVsix(sandbox, vsix) {
  const r = spawnSync(process.execPath, [codeServerEntry, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensionsDir,
    '--install-extension', vsix], { env: sandbox.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (status ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Starts code-server on a free loopback port, no auth, in the sandbox, its output in `logPath`
 * (and on stderr with `verbose`). Returns at once; `waitUntilUp()` waits for it to answer.
 * Every workspace is trusted unless `workspaceTrust` (then the sandbox's settings decide).
 */
export async function startCodeServer(sandbox, { logPath, verbose = false, log = console.log, workspaceTrust = false } = {}) {
  const port = await freePort();
  const serverLog = createWriteStream(logPath);
  // detached: its own process group, so that stop() also ends the extension host and helpers it forks.
  const child = spawn(process.execPath, [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', sandbox.userData,
    '--extensions-dir', sandbox.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    // Trusts every workspace, so the run commands run; the
    // limited untrusted mode is exercised by runTests.mjs --untrusted, which keeps trust on.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
  ], { env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.pipe(serverLog);
  child.stderr.pipe(serverLog);
  if (verbose) {
    child.stdout.pipe(process.stderr);
    child.stderr.pipe(process.stderr);
  }
  let exited = false;
  child.on('exit', (code, signal) => {
    exited = true;
    if (verbose) log(`code-server exited (code ${code}, signal ${signal})`);
  });
  const authority = `127.0.0.1:${port}`;
  return {
    child,
    port,
    authority,
    url: `http://${authority}`,
    get exited() { return exited; },
    /** Resolves once /healthz answers; rejects if code-server exits first or `ms` pass. */
    waitUntilUp: (ms = 60_000) => waitForHttp(`http://${authority}/healthz`, ms, () => exited),
    stop: () => stop(child),
  };
}

/** Headless Debian chromium (or CHROMIUM_PATH) with the sandbox's environment. */
export async function launchChromium(env) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    env,
    args: chromiumArgs,
  });
}

/** A port the OS says is free now; code-server binds it a moment later. */
export function freePort() {
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
export function waitForHttp(url, ms, gaveUp = () => false) {
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

/** SIGTERM to the child's process group, then SIGKILL if it is still there after 5 s. */
export function stop(child) {
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
