// End to end, a manager's day in training mode (Chromium + the real web host with its in-process PIN pad simulator,
// virtual printer and acquirer simulator): card and card + cash sales with the terminal's texts and the card slip
// in the printer's preview, a return refunded to the card, a paid-out and a safe drop, the day's chart, the support
// view's PIN pad trace, and the close wizard (blind count with a variance a manager signs off, Z to the virtual
// printer, PDF export). Screenshots in test/artifacts/ (git-ignored); timings printed, never asserted.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, prepareBrowserSuite } from '../support/browser';
import { startWebHost, type RunningHost } from '../support/web-host';


interface ProductLite {
  productId: string;
  name: string;
  barcodes: string[];
  price: number;
  weighed: boolean;
}

let host: RunningHost;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const pageErrors: string[] = [];
const timings: [string, number][] = [];
let cardReceipt = '';

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    timings.push([label, Math.round(performance.now() - started)]);
  }
}

/** Switches the screen language with the status strip's button and waits until `probe` shows a word of it. */
async function switchLanguage(probe: string, word: string): Promise<void> {
  await page.getByTestId('language-switch').click();
  await expect.poll(() => page.getByTestId(probe).textContent()).toContain(word);
}

/** Buttons, inputs and tabs on screen smaller than a 44 × 44 px touch target (UX.md), described for the failure. */
async function smallTargets(): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, input, select, [role=tab], [role=radio], a[href]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const target = el.type === 'checkbox' ? el.closest('label') ?? el : el;
      const t = target.getBoundingClientRect();
      if (t.height < 44 || t.width < 44) out.push((el.getAttribute('data-testid') || el.textContent || el.outerHTML).slice(0, 60) + ' ' + Math.round(t.width) + 'x' + Math.round(t.height));
    }
    return out;
  })()`)) as string[];
}

/** Pay-panel buttons not wholly on screen (the panel scrolls rather than cut, but must not need to), described. */
async function clippedPayButtons(): Promise<string[]> {
  // Inside the window is not enough: the panel scrolls, so a button below the panel's own bottom is cut too.
  return (await page.evaluate(`(() => { const p = document.querySelector('[data-testid=pay-panel]').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid=pay-panel] button')]
      .filter((b) => { const r = b.getBoundingClientRect(); return r.width > 0 && (r.bottom > Math.min(innerHeight, p.bottom) + 0.5 || r.right > innerWidth || r.top < 0 || r.left < 0); })
      .map((b) => (b.getAttribute('data-testid') || b.textContent) + ' at ' + Math.round(b.getBoundingClientRect().top) + '..' + Math.round(b.getBoundingClientRect().bottom) + ' panel ends ' + Math.round(p.bottom)); })()`)) as string[];
}

async function wedgeScan(code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
}

async function product(query: string): Promise<ProductLite> {
  const r = await host.call<ProductLite[]>('catalogue.search', { query, limit: 20 });
  if (!r.ok) throw new Error(`catalogue.search failed: ${r.error.code}`);
  const p = r.value.find((x) => x.barcodes.length > 0 && !x.weighed);
  if (!p) throw new Error(`no scannable product for ${query}`);
  return p;
}

function barcodeOf(p: ProductLite): string {
  return p.barcodes.find((b) => b.length === 13) ?? p.barcodes[0]!;
}

/** Sells one scanned item: focus the search field, scan, wait for the line. */
async function ringUp(p: ProductLite): Promise<void> {
  await page.getByTestId('search-input').focus();
  await wedgeScan(barcodeOf(p));
  await expect.poll(() => page.locator('[data-testid=sale-line]:not(.is-voided)').count()).toBeGreaterThan(0);
}

/** Every text the terminal panel showed, recorded in the page as it changed (the payment is faster than polling). */
async function recordTerminalTexts(): Promise<void> {
  // Runs in the page; a string keeps the DOM types out of this Node-typed test file.
  await page.evaluate(`(() => {
    window.__terminalTexts = [];
    const seen = () => {
      const text = document.querySelector('[data-testid=terminal-text]')?.textContent ?? '';
      const list = window.__terminalTexts;
      if (text && list[list.length - 1] !== text) list.push(text);
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}

async function terminalTexts(): Promise<string[]> {
  return (await page.evaluate('window.__terminalTexts')) as string[];
}

/** Greedy count of `amount` (minor units) in the currency's denominations, largest first. */
function countsFor(amount: number, denominations: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  let left = amount;
  for (const value of [...denominations].sort((a, b) => b - a)) {
    const n = Math.floor(left / value);
    if (n > 0) counts[String(value)] = n;
    left -= n * value;
  }
  if (left !== 0) throw new Error(`${amount} cannot be counted in ${denominations.join(',')}`);
  return counts;
}

describe('card payments, support and the close of day (Chromium + web host, training)', () => {
  beforeAll(async () => {
    prepareBrowserSuite();
    host = await startWebHost();
    ({ context, page, userDataDir } = await launchChromium('till-e2e-day-', { acceptDownloads: true }));
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    for (const [label, ms] of timings) console.log(`[e2e timing] ${label}: ${ms} ms`);
    await context?.close();
    await host?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('a manager logs in and opens the shift with the float counted by denomination', async () => {
    await page.goto(host.url);
    await page.getByTestId('login-screen').waitFor();
    await page.getByTestId('user-manager').click();
    await page.keyboard.type('2222');
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-open-screen').waitFor();
    // ¥500 float: three ¥100 notes, three ¥50 notes, two ¥20 notes and one ¥10 note.
    await page.getByTestId('count-10000').fill('3');
    await page.getByTestId('count-5000').fill('3');
    await page.getByTestId('count-2000').fill('2');
    await page.getByTestId('count-1000').fill('1');
    await expect.poll(() => page.getByTestId('count-total').textContent()).toContain('500.00');
    await shot('shift-open-float-en');
    await page.keyboard.press('Enter');
    await page.getByTestId('sell-screen').waitFor();
    const shift = await host.call<{ floatAmount: number }>('shift.current', {});
    expect(shift.ok && shift.value.floatAmount).toBe(50_000);
  });

  it('pays a sale by card: the terminal texts as they arrive, Approved with the card, the card slip in the preview', async () => {
    await ringUp(await product('milk'));
    await page.keyboard.press('F12');
    await page.getByTestId('pay-panel').waitFor();
    await recordTerminalTexts();
    await timed('card payment (F3 → receipt)', async () => {
      await page.keyboard.press('F3');
      await page.getByTestId('paid-panel').waitFor();
    });
    const texts = await terminalTexts();
    // The service's first text and at least one of the PIN pad's own (04 FF intermediate status) made it to screen.
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(texts.some((x) => !/Follow the instructions/.test(x))).toBe(true);
    console.log(`[e2e] terminal texts shown: ${texts.join(' | ')}`);

    const card = page.getByTestId('paid-card');
    await expect(card.textContent()).resolves.toMatch(/\*{4}/);
    await expect(card.textContent()).resolves.toMatch(/Auth code \d+/);
    cardReceipt = (await page.locator('.paid-banner .name-secondary').textContent())?.replace(/^Receipt\s+/, '').trim() ?? '';
    expect(cardReceipt).not.toBe('');
    await page.getByTestId('receipt-paper-img').waitFor();
    await shot('pay-card-approved-en');
    // The customer's card slip, rendered from the printer's bytes: the PIN pad's own lines with the masked card.
    await page.getByTestId('receipt-copy-customer').click();
    await expect.poll(() => page.getByTestId('receipt-paper-img').getAttribute('alt')).toMatch(/\*{6}\d{4}/);
    const src = await page.getByTestId('receipt-paper-img').getAttribute('src');
    expect(src?.startsWith('data:image/svg+xml')).toBe(true);
    await shot('receipt-card-slip-en');
    // In Chinese the printer's own words change with the language; the PIN pad's slip lines are its own.
    const altEn = await page.getByTestId('receipt-paper-img').getAttribute('alt');
    await switchLanguage('paid-panel', '找零');
    await expect.poll(() => page.getByTestId('receipt-copy-customer').textContent()).toBe('持卡人联');
    await expect.poll(() => page.getByTestId('receipt-paper-img').getAttribute('alt')).not.toBe(altEn);
    await shot('receipt-card-slip-zh');
    await switchLanguage('paid-panel', 'Change due');
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-empty').waitFor();
  });

  it('pays card + cash: the card for the typed part, the progress panel, then cash for the rest', async () => {
    await ringUp(await product('rice'));
    await ringUp(await product('tea'));
    await page.keyboard.press('F12');
    await page.getByTestId('pay-panel').waitFor();
    await page.keyboard.type('5');
    await expect.poll(() => page.getByTestId('tender-card').textContent()).toMatch(/Card ¥5\.00/);
    await recordTerminalTexts();
    await page.keyboard.press('F3');
    // The running payment: spinner beside the terminal's text, Cancel while the terminal allows it.
    await page.getByTestId('card-progress').waitFor();
    await shot('pay-card-progress-en');
    expect(await smallTargets()).toEqual([]);
    await page.getByTestId('card-progress').waitFor({ state: 'detached' });
    const outcome = page.getByTestId('card-outcome');
    await expect(outcome.getAttribute('data-outcome')).resolves.toBe('approved');
    await expect(outcome.textContent()).resolves.toMatch(/Approved ¥5\.00/);
    await expect.poll(() => page.getByTestId('tender-list').locator('.tender').count()).toBe(1);
    expect((await terminalTexts()).length).toBeGreaterThanOrEqual(2);
    await shot('pay-card-split-approved-en');
    await page.keyboard.press('F2');
    await page.getByTestId('paid-panel').waitFor();
    await page.getByTestId('receipt-copy-merchant').click();
    await expect.poll(() => page.getByTestId('receipt-paper-img').getAttribute('alt')).toMatch(/\*{6}\d{4}/);
    await shot('receipt-split-merchant-slip-en');
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-empty').waitFor();
  });

  it('Unknown says what happened and what to do, and offers no second card attempt', async () => {
    // A real Declined and a customer abort come from the training PIN pad's scenario (test/e2e/training-card.test.ts);
    // Unknown cannot be produced on demand, so it is the contract's error shape fulfilled at the HTTP boundary: what
    // is tested here is the renderer's side only.
    const answer = (code: string, message: string) => ({ ok: false, error: { code, message } });
    await ringUp(await product('water'));
    await page.keyboard.press('F12');
    await page.getByTestId('pay-panel').waitFor();
    const outcome = page.getByTestId('card-outcome');
    await page.route('**/api/payment.startCard', (route) =>
      route.fulfill({ json: answer('CARD_OUTCOME_UNKNOWN', 'Card outcome unknown: do not present the card again; checking the terminal.') }),
    );
    await page.keyboard.press('F3');
    await expect.poll(() => outcome.getAttribute('data-outcome')).toBe('unknown');
    await expect(outcome.textContent()).resolves.toContain('Do not present the card again');
    // No button that charges again: the card tender is off, F3 does nothing, only the journal link is offered.
    await expect(page.getByTestId('tender-card').isDisabled()).resolves.toBe(true);
    expect(await outcome.getByRole('button').count()).toBe(1);
    await expect(page.getByTestId('open-journal').isVisible()).resolves.toBe(true);
    // UX.md: the amount due and every tender button stay in view beside the Unknown message, at 1024 × 768.
    await expect(page.getByTestId('pay-panel').locator('.due-amount').isVisible()).resolves.toBe(true);
    await shot('pay-card-unknown-en');
    expect(await clippedPayButtons()).toEqual([]);
    // Tendered and Remaining share a row on short screens: neither may spill past the panel's edge.
    const sumsFit = () => page.getByTestId('pay-panel').locator('.pay-sums').evaluate((e) => e.scrollWidth <= e.clientWidth + 1);
    await expect(sumsFit()).resolves.toBe(true);
    await switchLanguage('pay-panel', '应收');
    await expect(outcome.textContent()).resolves.toContain('结果未知');
    await shot('pay-card-unknown-zh');
    expect(await clippedPayButtons()).toEqual([]);
    await expect(sumsFit()).resolves.toBe(true);
    await switchLanguage('pay-panel', 'Amount due');
    await page.unroute('**/api/payment.startCard');

    await page.getByTestId('open-journal').click();
    await page.getByTestId('journal-section').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('pay-panel').waitFor();
    await page.getByTestId('quick-cash-0').click();
    await page.getByTestId('paid-panel').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-empty').waitFor();
  });

  it('returns the card sale: the refund per line and per tender before posting, then back to the card', async () => {
    await page.keyboard.press('F8');
    await page.getByTestId('returns-screen').waitFor();
    await page.getByTestId('receipt-number').fill(cardReceipt);
    await page.keyboard.press('Enter');
    await page.getByTestId('return-lines').waitFor();
    await page.getByTestId('return-line').first().getByRole('button', { name: '+' }).click();
    const preview = page.getByTestId('refund-preview');
    await preview.waitFor();
    await expect.poll(() => preview.locator('[data-kind=card]').count()).toBe(1);
    await expect(preview.textContent()).resolves.toContain('Back to the card');
    await shot('returns-refund-preview-card-en');
    expect(await smallTargets()).toEqual([]);
    await timed('refund to card (F12 → done)', async () => {
      await page.keyboard.press('F12');
      await page.getByTestId('return-done').waitFor();
    });
    await expect(page.getByTestId('return-tenders').textContent()).resolves.toContain('Back to the card');
    const journal = await host.call<{ kind: string; outcome: string | null }[]>('payment.journal', {});
    expect(journal.ok && journal.value.some((p) => (p.kind === 'refund' || p.kind === 'reversal') && p.outcome !== 'not-paid')).toBe(true);
    await shot('returns-card-done-en');
    await page.keyboard.press('Enter');
    await page.getByTestId('sell-screen').waitFor();
  });

  it('a cash sale, then a paid-out and a safe drop with their reasons', async () => {
    await ringUp(await product('bread'));
    await page.keyboard.press('F12');
    await page.getByTestId('quick-cash-1').click();
    await page.getByTestId('paid-panel').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-empty').waitFor();

    await page.keyboard.press('F11');
    await page.getByTestId('manager-screen').waitFor();
    // The area opens where the manager left it (the journal, above): Alt+1 is shift and cash.
    await page.keyboard.press('Alt+1');
    await page.getByTestId('cash-section').waitFor();
    await page.getByTestId('movement-paid-out').click();
    await page.getByTestId('movement-amount').fill('12.50');
    await page.getByTestId('reason-supplier').click();
    await page.getByTestId('movement-note').fill('Milk delivery');
    await page.getByTestId('movement-submit').click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Paid out of ¥12.50 recorded');
    await page.getByTestId('movement-safe-drop').click();
    await page.getByTestId('movement-amount').fill('200');
    await page.getByTestId('movement-submit').click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Safe drop of ¥200.00 recorded');
    await shot('manager-cash-en');
    expect(await smallTargets()).toEqual([]);
    const x = await host.call<{ cash: { paidOut: number; safeDrops: number } }>('report.x', {});
    expect(x.ok && x.value.cash).toMatchObject({ paidOut: 1250, safeDrops: 20000 });
  });

  it('shows the day as a chart and the X report as printed', async () => {
    await page.keyboard.press('Alt+5');
    await page.getByTestId('day-chart').waitFor();
    await page.locator('[data-testid=chart-hours] .recharts-bar-rectangle').first().waitFor();
    await page.locator('[data-testid=chart-tenders] .recharts-pie-sector').first().waitFor();
    await shot('day-chart-en');
    await switchLanguage('day-chart', '每小时销售');
    await shot('day-chart-zh');
    await switchLanguage('day-chart', 'Sales per hour');
    await page.keyboard.press('Alt+2');
    await page.getByTestId('x-preview-img').waitFor();
    await expect(page.getByTestId('report-figures-x').textContent()).resolves.toContain('Cash expected');
    await shot('x-report-en');
  });

  it('the support view shows the PIN pad trace of the card payments, hex beside meaning', async () => {
    await page.keyboard.press('Alt+7');
    await page.getByTestId('support-view').waitFor();
    await expect.poll(() => page.getByTestId('device-pinpad-health').textContent()).toMatch(/Simulated|OK/);
    await page.getByTestId('device-pinpad-trace').click();
    await expect.poll(() => page.locator('[data-testid=trace-row][data-device=pinpad]').count()).toBeGreaterThan(3);
    const rows = await page.locator('[data-testid=trace-row]').allTextContents();
    expect(rows.some((r) => /06 01/.test(r) || /10 02/.test(r))).toBe(true);
    // Card frames are kept by meaning only: no full card number anywhere in the list.
    expect(rows.every((r) => !/\b\d{13,19}\b/.test(r))).toBe(true);
    await shot('support-view-en');
    expect(await smallTargets()).toEqual([]);
    // Live: a PIN pad test adds frames without reloading; paused, the list holds still.
    await page.getByTestId('trace-pause').click();
    const newest = () => page.locator('[data-testid=trace-row]').first().textContent();
    const before = await newest();
    await page.getByTestId('device-pinpad-test').click();
    await page.getByTestId('device-pinpad-result').waitFor();
    await expect.poll(() => page.getByTestId('trace-state').textContent()).toMatch(/Paused · [1-9]/);
    expect(await newest()).toBe(before);
    await page.getByTestId('trace-pause').click();
    await expect.poll(newest).not.toBe(before);
    const download = page.waitForEvent('download');
    await page.getByTestId('trace-export').click();
    const file = await download;
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text).toMatch(/pinpad\t(->|<-)\t/);
    await shot('support-view-live-en');
    await page.getByTestId('audit-tail').click();
    await expect.poll(() => page.getByTestId('audit-list').textContent()).toContain('cash.movement');
    await switchLanguage('support-view', '密码键盘');
    await shot('support-view-zh');
    await switchLanguage('support-view', 'PIN pad');
    // The diagnostics bundle downloads as a file; the ledger check answers in words.
    const bundle = page.waitForEvent('download');
    await page.getByTestId('diagnostics').click();
    expect((await bundle).suggestedFilename()).not.toBe('');
    await page.getByTestId('db-check').click();
    await expect.poll(() => page.getByTestId('db-result').textContent()).toContain('Ledger intact');

    await page.keyboard.press('Alt+8');
    await page.getByTestId('journal-section').waitFor();
    await page.getByTestId('terminal-receipt').locator('pre').waitFor();
    await shot('card-journal-en');

    await page.keyboard.press('Alt+9');
    await page.getByTestId('sync-section').waitFor();
    await expect.poll(() => page.getByTestId('sync-backlog').textContent()).toMatch(/\d+ waiting to sync/);
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('sync-now').isEnabled()).toBe(true);
    await shot('acquirer-sync-en');
  });

  it('closes the day: blind count, compare with a variance, reconcile, a manager signs off, Z printed and exported as PDF', async () => {
    const denominations = await host.call<{ value: number }[]>('cash.denominations', {});
    const current = await host.call<{ cashExpected: number }>('shift.current', {});
    if (!denominations.ok || !current.ok) throw new Error('setup calls failed');
    const values = denominations.value.map((d) => d.value);
    const smallest = Math.min(...values);
    // Short by a little over the tolerance (¥5.00 in training), rounded down to what coins can count.
    const counted = Math.floor((current.value.cashExpected - 520) / smallest) * smallest;
    const counts = countsFor(counted, values);

    await page.keyboard.press('Alt+3');
    await page.getByTestId('close-wizard').waitFor();
    await page.getByTestId('step-count').waitFor();
    // Blind: nothing the ledger expects is on screen before the count is in.
    const blind = (await page.getByTestId('manager-screen').textContent()) ?? '';
    expect(blind).not.toContain('Expected');
    expect(blind).not.toContain('Cash expected');
    for (const [value, n] of Object.entries(counts)) await page.getByTestId(`count-${value}`).fill(String(n));
    await shot('close-1-count-en');
    await page.getByTestId('count-submit').click();
    await page.getByTestId('step-compare').waitFor();
    await expect(page.getByTestId('compare-cash').getAttribute('class')).resolves.toContain('has-variance');
    await expect(page.getByTestId('variance-note').getAttribute('class')).resolves.toContain('tone-stop');
    await shot('close-2-compare-en');
    expect(await smallTargets()).toEqual([]);
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('step-compare').textContent()).toContain('差额');
    await shot('close-2-compare-zh');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('step-compare').textContent()).toContain('Variance');

    // The manager area reopens straight on the wizard's Compare step: Enter goes on to Reconcile without a click
    // first (the step's key scope must sit above the manager screen's, which mounts in the same commit).
    await page.keyboard.press('Escape');
    await page.getByTestId('sell-screen').waitFor();
    await page.keyboard.press('F11');
    await page.getByTestId('step-compare').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('step-reconcile').waitFor();
    await expect.poll(() => page.getByTestId('recon-pinpad').getAttribute('data-status')).toMatch(/match|mismatch|missing/);
    await shot('close-3-reconcile-en');
    // The service's differences in Chinese (detailZh) for a Chinese reader, not the English beside Chinese labels.
    await switchLanguage('step-reconcile', '对账');
    await expect.poll(() => page.getByTestId('recon-pinpad').locator('.recon-detail').textContent()).toMatch(/[\u4e00-\u9fff]/);
    await shot('close-3-reconcile-zh');
    await switchLanguage('step-reconcile', 'Ledger');
    // Revisit: back to the count (kept), then forward again through the rail.
    await page.getByTestId('rail-count').click();
    const [firstValue, firstCount] = Object.entries(counts)[0]!;
    await expect(page.getByTestId(`count-${firstValue}`).inputValue()).resolves.toBe(String(firstCount));
    // A changed count must be submitted again before Compare or Reconcile show anything.
    await page.getByTestId(`count-${firstValue}`).fill(String(firstCount + 1));
    await page.getByTestId('rail-reconcile').click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('submit it again');
    await expect(page.getByTestId('close-wizard').getAttribute('data-step')).resolves.toBe('count');
    await page.getByTestId(`count-${firstValue}`).fill(String(firstCount));
    await page.getByTestId('rail-reconcile').click();
    await page.getByTestId('to-confirm').click();
    await page.getByTestId('step-confirm').waitFor();
    await expect(page.getByTestId('step-confirm').textContent()).resolves.toContain('A manager approves this close');
    await page.getByTestId('close-reason').fill('Coins miscounted at hand-over, checked with the cashier');
    await shot('close-4-confirm-en');
    expect(await smallTargets()).toEqual([]);
    await timed('close confirm → Z preview', async () => {
      await page.getByTestId('close-confirm').click();
      // A cashier's session would bring the override dialog; the manager's own session approves with the reason.
      const dialog = page.getByTestId('override-dialog');
      const done = page.getByTestId('z-done');
      await Promise.race([dialog.waitFor(), done.waitFor()]);
      if (await dialog.isVisible()) {
        await page.getByTestId('override-pin').fill('2222');
        await page.keyboard.press('Enter');
      }
      await done.waitFor();
      await page.getByTestId('z-preview-img').waitFor();
    });
    const alt = (await page.getByTestId('z-preview-img').getAttribute('alt')) ?? '';
    expect(alt).toMatch(/Z/);
    await shot('close-5-z-preview-en');

    const zList = await host.call<{ reports: { number: number; cashVariance: number | null }[] }>('report.zList', {});
    expect(zList.ok && zList.value.reports[0]?.cashVariance).toBe(counted - current.value.cashExpected);
    const z = await host.call<{ approval: { approver: string; reason: string } | null }>('report.z', { number: zList.ok ? zList.value.reports[0]!.number : 1 });
    expect(z.ok && z.value.approval?.approver).toBe('manager');
    // The Z went to the (virtual) printer through the queue: nothing left waiting.
    await expect.poll(async () => {
      const status = await host.call<{ queue: { pending: number } }>('printer.status', {});
      return status.ok ? status.value.queue.pending : -1;
    }).toBe(0);

    const download = page.waitForEvent('download');
    await page.getByTestId('z-export-pdf').click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = readFileSync((await pdf.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('finds the Z in the history, previews and reprints it; then the next shift starts', async () => {
    await page.keyboard.press('Alt+4');
    await page.getByTestId('z-history').waitFor();
    await page.getByTestId('z-search').fill('1');
    await expect.poll(() => page.getByTestId('z-row').count()).toBe(1);
    // Declined after offline approval cannot be produced on demand here: the stored Z with one such entry added at the
    // HTTP boundary, to see the detail list it beside the printed page.
    await page.route('**/api/report.z', async (route) => {
      const real = (await (await route.fetch()).json()) as { ok: boolean; value?: Record<string, unknown> };
      if (real.ok && real.value) real.value.declinedAfterOffline = [{ at: new Date().toISOString(), amount: 4500, maskedPan: '400000******0002', responseCode: '05' }];
      await route.fulfill({ json: real });
    });
    await page.getByTestId('z-row').first().click();
    await page.getByTestId('z-history-preview-img').waitFor();
    await expect.poll(() => page.getByTestId('z-history-declined').textContent()).toContain('400000******0002');
    await expect(page.getByTestId('z-history-declined').textContent()).resolves.toContain('Declined after offline approval');
    await page.unrouteAll({ behavior: 'wait' });
    await page.getByTestId('z-history-reprint').click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('REPRINT');
    await shot('z-history-en');
    const altEn = await page.getByTestId('z-history-preview-img').getAttribute('alt');
    await switchLanguage('z-history', 'Z 报表');
    await expect.poll(() => page.getByTestId('z-history-preview-img').getAttribute('alt')).not.toBe(altEn);
    await shot('z-history-zh');
    await switchLanguage('z-history', 'Reprint Z');

    // The close's card differences stay flagged until a manager resolves each with a reason.
    await page.keyboard.press('Alt+6');
    await page.getByTestId('flags-section').waitFor();
    const flags = await host.call<{ flagId: string }[]>('reconciliation.flags', {});
    if (flags.ok && flags.value.length > 0) {
      const first = page.getByTestId('flag').first();
      await first.getByRole('textbox').fill('Reversal counted by the PIN pad as no sale; checked on the terminal journal');
      await shot('flags-en');
      await first.getByRole('button', { name: /Resolve/ }).click();
      await expect.poll(async () => {
        const after = await host.call<{ flagId: string }[]>('reconciliation.flags', {});
        return after.ok ? after.value.length : -1;
      }).toBe(flags.value.length - 1);
    }
    await page.keyboard.press('Escape');
    await page.getByTestId('shift-open-screen').waitFor();
  });

  it('the next shift opens, and the manager hands it over to a cashier with the cashier\'s PIN', async () => {
    await page.getByTestId('count-10000').fill('2');
    await page.keyboard.press('Enter');
    await page.getByTestId('sell-screen').waitFor();
    await page.keyboard.press('F11');
    await page.keyboard.press('Alt+1');
    const form = page.getByTestId('handover-form');
    await form.waitFor();
    await form.getByRole('radio', { name: /Alex Chen/ }).click();
    await form.locator('input[type=password]').fill('1111');
    await shot('manager-handover-en');
    await page.getByTestId('handover-submit').click();
    await page.getByTestId('sell-screen').waitFor();
    await expect.poll(() => page.getByTestId('status-user').textContent()).toContain('Alex Chen');
    // A cashier's screen: no manager area.
    expect(await page.getByTestId('action-manager').count()).toBe(0);
    const shift = await host.call<{ number: number }>('shift.current', {});
    expect(shift.ok && shift.value.number).toBe(2);
    expect(pageErrors).toEqual([]);
  });
});
