/**
 * Shared set-up for the browser tests: real Chromium (Debian's, never a downloaded one), a
 * throwaway HTTP server on 127.0.0.1 that serves the real panelHtml() shell and the built
 * bundles, and helpers to open a panel, read its charts and save screenshots.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, panelHtml } from '../../extension/panels/panelHtml';
import type { BenchmarkResult, ResourceReport } from '../../protocol/results';
import type { PanelId } from '../../protocol/webview';
import { buildWebviews, repoRoot } from './buildWebviews';
import { installFakeVsCodeApi, sendToWebview, waitForPosted } from './fakeVsCodeApi';
import { applyTheme, type ThemeFixture } from './themes';

/** Launches headless Chromium from /usr/bin/chromium. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A local server for one test file. */
export interface PanelServer {
  origin: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.html': 'text/html; charset=utf-8',
};

/**
 * Serves `/<panel>.html` (the real shell, with a fresh nonce per load, as the panel hosts render
 * it) and `/webview/*` from the built dist folder, standing in for VS Code's webview resource origin.
 */
export async function startPanelServer(distDir: string): Promise<PanelServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const panel = /^\/(benchmark|resources|profile|compare)\.html$/.exec(path)?.[1];
    if (panel) {
      const base = `${origin}/webview`;
      res.writeHead(200, { 'content-type': contentTypes['.html'] ?? 'text/html' });
      res.end(panelHtml({ title: `Parallelize ${panel}`, cspSource: origin, nonce: makeNonce(), scriptUri: `${base}/${panel}.js`, styleUri: `${base}/${panel}.css`, codiconUri: `${base}/codicon.css` }));
      return;
    }
    const file = normalize(join(distDir, path));
    if (!path.startsWith('/webview/') || !file.startsWith(distDir)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Opens a panel with the fake VS Code API, waits for its 'ready', then applies the theme. */
export async function openPanel(browser: Browser, server: PanelServer, panel: PanelId, theme: ThemeFixture, width = 1100): Promise<{ page: Page; pageErrors: Error[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const pageErrors: Error[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  await installFakeVsCodeApi(page);
  await page.goto(`${server.origin}/${panel}.html`);
  await waitForPosted(page, 'ready');
  await applyTheme(page, theme);
  return { page, pageErrors };
}

/** A panel page opened in the shared browser; `width` is the viewport width in px. */
export type OpenPanel = (panel: PanelId, theme: ThemeFixture, width?: number) => Promise<{ page: Page; pageErrors: Error[] }>;

/**
 * Registers a test file's hooks: builds the webviews, serves them and starts Chromium before the
 * tests, and cleans all of it up after. Returns how to open a panel in that browser.
 */
export function usePanelHarness(): OpenPanel {
  let distDir: string | undefined;
  let server: PanelServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    distDir = await buildWebviews();
    server = await startPanelServer(distDir);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });
  return (panel, theme, width) => {
    if (!browser || !server) throw new Error('the panel harness is not started: call usePanelHarness() at the top level of the test file');
    return openPanel(browser, server, panel, theme, width);
  };
}

/** Sends a benchmark result to an open benchmark panel and waits until its statistics table is drawn. */
export async function showBenchmark(page: Page, result: unknown): Promise<void> {
  await sendToWebview(page, { type: 'benchmark', result });
  await page.waitForSelector('#stats-table');
}

/** Reads a fixture from test/fixtures/results/. */
export function benchmarkFixture(name: string): BenchmarkResult {
  return JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/results', `${name}.json`), 'utf8')) as BenchmarkResult;
}

/** Reads a resource-report fixture from test/fixtures/results/. */
export function resourceFixture(name: string): ResourceReport {
  return JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/results', `${name}.json`), 'utf8')) as ResourceReport;
}

/** Fraction of a canvas's pixels that are drawn on (the chart background is transparent). */
export async function canvasInk(page: Page, canvasId: string): Promise<number> {
  return page.evaluate<number>(`(() => {
    const canvas = document.getElementById(${JSON.stringify(canvasId)});
    if (!canvas || !canvas.width || !canvas.height) return 0;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return inked / (canvas.width * canvas.height);
  })()`);
}

/** A plain-data view of a live Chart instance, as the panel registers it on window.parallelizeCharts. */
export interface ChartSnapshot {
  type: string;
  labels: string[];
  datasets: { label: string; data: unknown[]; borderColor: unknown; backgroundColor: unknown }[];
}

/** Reads the panel's chart `role` ('runtime', 'speedup', 'delivery' or 'timeline'), or null if it does not exist. */
export async function chartSnapshot(page: Page, role: 'runtime' | 'speedup' | 'delivery' | 'timeline'): Promise<ChartSnapshot | null> {
  return page.evaluate<ChartSnapshot | null>(`(() => {
    const chart = window.parallelizeCharts && window.parallelizeCharts[${JSON.stringify(role)}];
    if (!chart) return null;
    return JSON.parse(JSON.stringify({
      type: chart.config.type,
      labels: chart.data.labels || [],
      datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data, borderColor: d.borderColor, backgroundColor: d.backgroundColor })),
    }));
  })()`);
}

/** Where screenshots go (gitignored). */
export const artifactsDir = join(repoRoot, 'test-artifacts');

/** Saves a full-page screenshot to test-artifacts/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
