import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { freshStore, ServerProcess } from '../../packages/server/test/server-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Debian's Chromium. Outside CI a machine without it skips the browser tests; in CI that fails. */
export function findChromium(): string | null {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI === 'true') {
  throw new Error('Chromium is required for the browser tests in CI (apt-get install chromium)');
}
if (!fs.existsSync(path.join(ROOT, 'packages/web/dist/index.html'))) {
  throw new Error('The web client is not built: run `npm run build` first (npm run test:e2e does)');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The real server as a separate process, as `npm start` runs it (serving the built web client), on
 * a fresh SQLite data dir (or a fresh PostgreSQL database when ATRIUM_TEST_DATABASE_URL is set).
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const store = await freshStore();
  const server = await ServerProcess.start(store, { ATRIUM_WEB_DIR: path.join(ROOT, 'packages/web/dist'), ...env });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      await store.remove();
    },
  };
}

/** axe-core with the WCAG 2.1 A and AA rules: no violations allowed. */
export async function expectAccessible(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

/** A fresh browser context on the server; a script error on the page fails the test. */
export async function newPage(browser: Browser, server: RunningServer, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, baseURL: server.url });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  return { context, page };
}

/** Sign in through the login page, as a person does; `labels` for another language. */
export async function signIn(page: Page, who: { email: string; password: string }, labels = { email: 'Email', password: 'Password', submit: 'Sign in' }) {
  await page.goto('/login');
  await page.getByLabel(labels.email).fill(who.email);
  await page.getByLabel(labels.password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
