// End to end, offline first (Chromium + the real web host + the acquirer simulator as its own process on loopback):
// the cashier keeps selling by card while the acquirer is down, the status strip says offline and how many payments
// wait; when the simulator is back the backlog drains to zero and the batch reconciles. Timings printed, not asserted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, prepareBrowserSuite } from '../support/browser';
import { ROOT, startWebHost, type RunningHost } from '../support/web-host';
import { openTill } from '../../service/open-till';


let host: RunningHost;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let simulator: ChildProcess | null = null;
let port = 0;
let record = '';

/** Start the acquirer simulator (same port and record file on a restart, as after a real outage). */
async function startSimulator(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'acquirer/sim-main.ts'), '--port', String(port), '--data', record], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  simulator = child;
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`acquirer simulator did not start: ${out}`)), 30_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+):(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}:${m[2]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  port = Number(address.split(':').pop());
}

async function stopSimulator(): Promise<void> {
  const child = simulator;
  simulator = null;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function cardSale(code: string): Promise<void> {
  await page.getByTestId('search-input').focus();
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('[data-testid=sale-line]:not(.is-voided)').count()).toBeGreaterThan(0);
  await page.keyboard.press('F12');
  await page.getByTestId('pay-panel').waitFor();
  await page.keyboard.press('F3');
  await page.getByTestId('paid-panel').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('sell-screen').waitFor();
}

describe('offline first: selling by card with the acquirer down, then the backlog drains', () => {
  beforeAll(async () => {
    prepareBrowserSuite();
    const dataDir = mkdtempSync(join(tmpdir(), 'till-e2e-offline-'));
    record = join(dataDir, 'acquirer-records.jsonl');
    await startSimulator();
    // Point the training till at this loopback simulator (configuration, not code), then start the web host.
    const till = await openTill({ dataDir, config: { acquirer: { mode: 'none' } } as never });
    const login = await till.api['session.login']({ username: 'manager', pin: '2222' });
    expect(login.ok).toBe(true);
    const saved = await till.api['admin.configSet']({ patch: { acquirer: { mode: 'simulated', address: `127.0.0.1:${port}` } } });
    expect(saved.ok).toBe(true);
    await till.close();
    // The sender's retry timers at 1/20 (ratios kept), so the drain after the outage takes seconds, not minutes.
    host = await startWebHost({ dataDir, env: { TILL_SYNC_TIME_SCALE: '0.05' } });
    ({ context, page, userDataDir } = await launchChromium('till-e2e-offline-chrome-'));
    await page.goto(host.url);
    await page.getByTestId('login-screen').waitFor();
    await page.getByTestId('user-manager').click();
    await page.keyboard.type('2222');
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-open-screen').waitFor();
    await page.getByTestId('count-10000').fill('1');
    await page.keyboard.press('Enter');
    await page.getByTestId('sell-screen').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await host?.stop();
    await stopSimulator();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('sells by card online, keeps selling offline with the backlog on the strip, and drains when the link is back', async () => {
    const acquirer = page.getByTestId('status-acquirer');
    const codes = ['6900010000011', '6900010000028', '6900010000035'];
    await cardSale(codes[0]!);
    await expect.poll(async () => (await host.call<{ backlog: number; online: boolean }>('sync.status', {})).ok, { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => {
      const s = await host.call<{ backlog: number; online: boolean }>('sync.status', {});
      return s.ok ? s.value.backlog : -1;
    }, { timeout: 20_000 }).toBe(0);

    // The acquirer goes away. The cashier keeps selling by card; the strip says offline and counts what waits.
    const outageStarted = performance.now();
    await stopSimulator();
    await cardSale(codes[1]!);
    await cardSale(codes[2]!);
    await expect.poll(() => acquirer.textContent(), { timeout: 30_000 }).toMatch(/offline/i);
    await expect.poll(() => acquirer.textContent(), { timeout: 30_000 }).toMatch(/2 waiting/);
    await page.screenshot({ path: join(ARTIFACTS, 'offline-backlog-en.png') });

    // The simulator comes back on the same port with the same record: the backlog drains to zero by itself.
    await startSimulator();
    const back = performance.now();
    await expect.poll(async () => {
      const s = await host.call<{ backlog: number; online: boolean }>('sync.status', {});
      return s.ok ? `${s.value.online}/${s.value.backlog}` : 'error';
    }, { timeout: 60_000, interval: 250 }).toBe('true/0');
    await expect.poll(() => acquirer.textContent(), { timeout: 30_000 }).toMatch(/online/i);
    await expect.poll(() => acquirer.textContent()).not.toMatch(/waiting/);
    console.log(`[e2e timing] outage ${Math.round(back - outageStarted)} ms; drained ${Math.round(performance.now() - back)} ms after the simulator returned`);
    await page.screenshot({ path: join(ARTIFACTS, 'offline-drained-en.png') });

    // The batch reconciles with the acquirer: three captured payments, balanced.
    const reconciled = await host.call<{ results: { balanced: boolean }[] } & Record<string, unknown>>('sync.reconcile', {});
    expect(reconciled.ok, JSON.stringify(reconciled)).toBe(true);
    expect(JSON.stringify(reconciled)).toMatch(/"balanced":true/);
    expect(JSON.stringify(reconciled)).not.toMatch(/"balanced":false/);
  });
});
