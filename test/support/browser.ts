// Test support for the browser suites: Debian's Chromium through playwright-core (never a browser download), the
// built renderer, and one persistent context per suite with the flags this closed network needs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './web-host';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

/** Background networking off: on this machine's closed network Chromium's own connections are refused, many at a time. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Before a browser suite: Chromium present, the renderer built (npm test builds it first), the artifacts folder. */
export function prepareBrowserSuite(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (never npx playwright install).`);
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
}

/** A fresh profile (removed by the suite) and its first page, at the till's smallest supported screen by default. */
export async function launchChromium(
  profilePrefix: string,
  options: { acceptDownloads?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; userDataDir: string }> {
  const userDataDir = mkdtempSync(join(tmpdir(), profilePrefix));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1024, height: 768 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, userDataDir };
}
