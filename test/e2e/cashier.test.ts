// End to end: Debian's Chromium (playwright-core, never a browser download) drives the built renderer against the
// real web host on a free loopback port with a fresh training ledger. A cashier's shift, start to finish:
// log in, open the shift, sell by scanner wedge, search and keypad, a discount a manager approves, split cash,
// suspend/resume, return one line, switch to Chinese. Screenshots go to test/artifacts/ (git-ignored).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { ARTIFACTS, launchChromium, prepareBrowserSuite } from '../support/browser';
import { startWebHost, type RunningHost } from '../support/web-host';

const HOSTILE_NAME = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

interface ProductLite {
  productId: string;
  name: string;
  barcodes: string[];
  price: number;
}

let host: RunningHost;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const apiCalls: { method: string; body: unknown }[] = [];
let firstReceipt = '';
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

const lines = () => page.locator('[data-testid=sale-line]:not(.is-voided)');

async function lineCount(): Promise<number> {
  return lines().count();
}

/** Types a code as a scanner's keyboard wedge does: one burst, no delay between keys, then Enter. */
async function wedgeScan(code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
}

async function products(query: string): Promise<ProductLite[]> {
  const r = await host.call<ProductLite[]>('catalogue.search', { query, limit: 20 });
  if (!r.ok) throw new Error(`catalogue.search failed: ${r.error.code}`);
  return r.value.filter((p) => p.barcodes.length > 0);
}

/** The product's EAN-13 (what a scanner reads off most packs), else its first barcode. */
function barcodeOf(p: ProductLite): string {
  return p.barcodes.find((b) => b.length === 13) ?? p.barcodes[0]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

describe('cashier e2e (Chromium + web host)', () => {
  beforeAll(async () => {
    prepareBrowserSuite();
    host = await startWebHost();

    // A manager adds a product with a hostile name before the shift: it must render as text, never as markup.
    const login = await host.call('session.login', { username: 'manager', pin: '2222' });
    expect(login.ok).toBe(true);
    const rates = await host.call<{ code: string }[]>('catalogue.taxRates', {});
    const taxCode = rates.ok ? (rates.value[0]?.code ?? 'A') : 'A';
    const upsert = await host.call('catalogue.upsert', {
      product: { sku: 'HOSTILE-1', name: HOSTILE_NAME, barcodes: ['7000000000010'], price: 100, taxCode },
    });
    expect(upsert.ok).toBe(true);
    expect((await host.call('session.logout', {})).ok).toBe(true);

    ({ context, page, userDataDir } = await launchChromium('till-e2e-chromium-'));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (req: Request) => {
      const m = /\/api\/([a-zA-Z.]+)$/.exec(new URL(req.url()).pathname);
      if (m && req.method() === 'POST') apiCalls.push({ method: m[1]!, body: req.postDataJSON() as unknown });
    });
  });

  afterAll(async () => {
    await context?.close();
    await host?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('logs in with the PIN pad and opens the shift', async () => {
    await page.goto(host.url);
    await page.getByTestId('login-screen').waitFor();
    await expect(page.getByTestId('user-cashier').textContent()).resolves.toContain('Cashier');
    await shot('login-en');

    await page.getByTestId('user-cashier').click();
    // Wrong PIN first: the error says so and the screen stays.
    await page.keyboard.type('9999');
    await page.keyboard.press('Enter');
    await page.getByTestId('login-error').waitFor();
    // Then the real PIN, on the on-screen keypad.
    for (const digit of '1111') await page.locator(`.keypad [data-key="${digit}"]`).click();
    await page.getByTestId('login-submit').click();

    await page.getByTestId('shift-open-screen').waitFor();
    // The float is counted by denomination: two ¥100 notes.
    await page.getByTestId('count-10000').fill('2');
    await expect.poll(() => page.getByTestId('count-total').textContent()).toMatch(/200/);
    await page.keyboard.press('Enter');
    await page.getByTestId('sell-screen').waitFor();
    await expect(page.getByTestId('status-shift').textContent()).resolves.toMatch(/Shift \d+/);
    await expect(page.getByTestId('status-training').textContent()).resolves.toContain('TRAINING');
  });

  it('rings up by scanner wedge wherever focus is, and measures scan-to-line', async () => {
    const catalogue = await products('milk');
    expect(catalogue.length).toBeGreaterThan(2);
    const codes = catalogue.map(barcodeOf);

    // Verifiable wedge: with the resume dialog open and focus on its Cancel button, Enter would close the dialog.
    // Recognised as a scan, the burst lands in the sale and the dialog stays.
    // A machine this busy can deliver one key late (> 30 ms), and then the burst is rightly typing, not a scan: the
    // dialog closes with nothing added. Up to three clean attempts; a wedge that never works still fails.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.keyboard.press('F7');
      await page.getByTestId('resume-dialog').waitFor();
      await page.getByTestId('resume-dialog').getByRole('button').last().focus();
      await wedgeScan(codes[0]!);
      const added = await expect.poll(lineCount, { timeout: 3000 }).toBe(1).then(() => true, () => false);
      if (added) break;
      expect(await lineCount(), 'a burst that was not a scan must add nothing').toBe(0);
    }
    expect(await lineCount()).toBe(1);
    expect(await page.getByTestId('resume-dialog').isVisible()).toBe(true);
    const scanCall = apiCalls.filter((c) => c.method === 'sale.scan').at(-1);
    expect(scanCall?.body).toMatchObject({ code: codes[0] });
    await page.keyboard.press('Escape');
    await page.getByTestId('resume-dialog').waitFor({ state: 'detached' });

    // Timing in the page: Enter keydown → the totals block re-rendered with the new line (same React commit).
    // (Page scripts are strings: this file is type-checked for Node, without the DOM library.)
    await page.evaluate(`(() => {
      window.__scanStart = 0;
      window.__scanTimes = [];
      window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__scanStart = performance.now(); }, { capture: true });
      new MutationObserver(() => {
        if (window.__scanStart) {
          window.__scanTimes.push(performance.now() - window.__scanStart);
          window.__scanStart = 0;
        }
      }).observe(document.querySelector('[data-testid=item-count]'), { subtree: true, childList: true, characterData: true });
    })()`);
    await page.getByTestId('search-input').focus();
    const scans = 20;
    const searchesBefore = apiCalls.filter((c) => c.method === 'catalogue.search').length;
    for (let i = 0; i < scans; i++) {
      const before = Number(await page.getByTestId('item-count').textContent());
      await wedgeScan(codes[i % codes.length]!);
      await expect.poll(async () => Number(await page.getByTestId('item-count').textContent())).toBe(before + 1);
    }
    const times = (await page.evaluate('window.__scanTimes')) as number[];
    expect(times.length).toBe(scans);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    const searches = apiCalls.filter((c) => c.method === 'catalogue.search').length - searchesBefore;
    console.log(
      `scan-to-line on screen over ${scans} wedge scans: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target p95 < 50 ms); ` +
        `searches sent while scanning: ${searches}`,
    );
    // The last scanned line is highlighted; the field is empty again.
    await expect(page.locator('[data-testid=sale-line].is-last').count()).resolves.toBe(1);
    expect(await page.getByTestId('search-input').inputValue()).toBe('');
  });

  it('adds by search (first result preselected, Enter adds) and by keypad (3 × then search)', async () => {
    const before = await lineCount();
    await page.getByTestId('search-input').focus();
    await page.keyboard.type('Jasmine', { delay: 40 });
    await page.getByTestId('search-results').locator('[aria-selected=true]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(lineCount).toBe(before + 1);
    await expect(lines().last().textContent()).resolves.toContain('Jasmine');

    // Keypad: 3, ×, then a product → one line of 3.
    await page.locator('.keypad-sell [data-key="3"]').click();
    await page.locator('.keypad-sell [data-key="times"]').click();
    await expect(page.getByTestId('multiplier').textContent()).resolves.toContain('3');
    await page.keyboard.type('Croissant', { delay: 40 });
    await page.getByTestId('search-results').locator('[aria-selected=true]').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(lineCount).toBe(before + 2);
    await expect(lines().last().locator('.line-qty').textContent()).resolves.toBe('3');

    // Keypad then Quantity (F2) sets the selected line's quantity.
    await page.locator('.keypad-sell [data-key="2"]').click();
    await page.getByTestId('action-quantity').click();
    await expect.poll(() => lines().last().locator('.line-qty').textContent()).toBe('2');

    // A weighed product picked by name asks for its weight on the keypad.
    const list = await host.call<{ products: (ProductLite & { weighed: boolean; sku: string })[] }>('catalogue.list', { query: '', limit: 500 });
    const weighed = list.ok ? list.value.products.find((p) => p.weighed) : undefined;
    expect(weighed).toBeDefined();
    await page.getByTestId('search-input').focus();
    await page.keyboard.type(weighed!.sku, { delay: 40 });
    await page.getByTestId('search-results').locator('[aria-selected=true]').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('weight-dialog').waitFor();
    await page.keyboard.type('0.5');
    await page.keyboard.press('Enter');
    await page.getByTestId('weight-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => lines().last().locator('.line-qty').textContent()).toBe('0.500 kg');
    await page.getByTestId('action-void-line').click();
    await expect.poll(lineCount).toBe(before + 2);

    // A hostile product name is shown as text.
    await page.getByTestId('search-input').focus();
    await wedgeScan('7000000000010');
    await expect.poll(lineCount).toBe(before + 3);
    await expect(lines().last().locator('.line-name').textContent()).resolves.toBe(HOSTILE_NAME);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    // And the CSP refuses inline script outright.
    const inlineRan = await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.appendChild(s);
      return window.__inline === 1;
    })()`);
    expect(inlineRan).toBe(false);
    await page.getByTestId('action-void-line').click();
    await expect.poll(lineCount).toBe(before + 2);
    await shot('sell-en');
  });

  it('a 25% discount asks a manager, and the same call completes after approval', async () => {
    await lines().first().click();
    await page.getByTestId('search-input').focus();
    await page.keyboard.type('25');
    await page.keyboard.press('F3');
    const dialog = page.getByTestId('override-dialog');
    await dialog.waitFor();
    await expect(page.getByTestId('override-asks').textContent()).resolves.toMatch(/Alex Chen.*asks: Discount 25% on line 1 needs a manager/);
    await page.getByTestId('override-pin').fill('2222');
    await dialog.getByRole('radio', { name: 'Price match' }).click();
    await page.getByTestId('override-note').fill('matched leaflet');
    await shot('override-en');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => lines().first().locator('.line-discount').textContent()).toMatch(/25%/);
    const retried = apiCalls.filter((c) => c.method === 'sale.setLineDiscount');
    expect(retried.at(-2)?.body).toMatchObject({ discount: { kind: 'percent', bp: 2500 } });
    expect(retried.at(-1)?.body).toMatchObject({ discount: { kind: 'percent', bp: 2500 }, override: { managerUsername: 'manager', pin: '2222' } });
  });

  it('pays split cash + cash with change in the largest type, then a new sale', async () => {
    await page.keyboard.press('F12');
    await page.getByTestId('pay-panel').waitFor();
    await shot('pay-en');
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('tender-list').locator('.tender').count()).toBe(1);
    // Second cash tender: the next round note above what remains.
    await page.getByTestId('quick-cash-1').click();
    await page.getByTestId('paid-panel').waitFor();
    await page.getByTestId('receipt-preview').waitFor();
    const change = await page.locator('.change-amount').textContent();
    expect(change).toMatch(/¥\d/);
    firstReceipt = (await page.locator('.paid-banner .name-secondary').textContent())?.replace(/^Receipt\s+/, '').trim() ?? '';
    expect(firstReceipt).not.toBe('');
    await shot('pay-done-en');
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-empty').waitFor();
  });

  it('suspends one sale and resumes it later', async () => {
    const [a] = await products('bread');
    await page.getByTestId('search-input').focus();
    await wedgeScan(barcodeOf(a!));
    await expect.poll(lineCount).toBe(1);
    await page.keyboard.press('F6');
    await page.getByTestId('sale-empty').waitFor();
    await page.keyboard.press('F7');
    await page.getByTestId('suspended-sale').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(lineCount).toBe(1);
    await expect(lines().first().textContent()).resolves.toContain(a!.name.split(' ')[0]!);
    // The lines show a moment before the dialog closes (it closes after the answer): until then F12 is the dialog's.
    await page.getByTestId('resume-dialog').waitFor({ state: 'detached' });
    // Settle it: exact cash.
    await page.keyboard.press('F12');
    await page.getByTestId('quick-cash-0').click();
    await page.getByTestId('paid-panel').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-empty').waitFor();
  });

  it('returns one line of the first sale by its receipt number', async () => {
    await page.keyboard.press('F8');
    await page.getByTestId('returns-screen').waitFor();
    await shot('returns-lookup-en');
    await page.getByTestId('receipt-number').fill(firstReceipt);
    await page.keyboard.press('Enter');
    await page.getByTestId('return-lines').waitFor();
    await page.getByTestId('return-line').first().getByRole('button', { name: '+' }).click();
    await shot('returns-en');
    await page.getByTestId('post-return').click();
    await page.getByTestId('return-done').waitFor();
    await shot('returns-done-en');
    const receipt = await host.call<{ lines: { returnedQuantity: number }[] }>('receipt.get', { receiptNumber: firstReceipt });
    expect(receipt.ok && receipt.value.lines[0]?.returnedQuantity).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('sell-screen').waitFor();
  });

  it('switches to Chinese and the sell screen speaks it', async () => {
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('action-pay').textContent()).toContain('收款');
    const [p] = await products('tea');
    await page.getByTestId('search-input').focus();
    await wedgeScan(barcodeOf(p!));
    await expect.poll(lineCount).toBe(1);
    const text = (await page.getByTestId('sell-screen').textContent()) ?? '';
    for (const word of ['合计', '数量', '折扣', '改价', '挂单', '取单', '退货']) expect(text).toContain(word);
    expect(text).not.toContain('Subtotal');
    // The service answers in the user's language too (session.setLanguage persisted it).
    const session = await host.call<{ user: { language: string } }>('session.current', {});
    expect(session.ok && session.value.user.language).toBe('zh');
    await shot('sell-zh');

    await page.getByTestId('search-input').focus();
    await page.keyboard.type('30');
    await page.keyboard.press('F3');
    await page.getByTestId('override-dialog').waitFor();
    await expect(page.getByTestId('override-dialog').textContent()).resolves.toContain('店长授权');
    await shot('override-zh');
    await page.keyboard.press('Escape');
    await page.getByTestId('override-dialog').waitFor({ state: 'detached' });

    await page.keyboard.press('F12');
    await page.getByTestId('pay-panel').waitFor();
    await expect(page.getByTestId('pay-panel').textContent()).resolves.toContain('应收');
    await shot('pay-zh');
    await page.getByTestId('quick-cash-0').click();
    await page.getByTestId('paid-panel').waitFor();
    await expect(page.getByTestId('paid-panel').textContent()).resolves.toContain('找零');
    await page.keyboard.press('Enter');

    await page.keyboard.press('F8');
    await page.getByTestId('returns-screen').waitFor();
    await shot('returns-zh');
    // A return without receipt: the product is scanned, and the refund waits for a manager.
    await page.keyboard.press('F8');
    await page.getByTestId('return-product-search').waitFor();
    await wedgeScan(barcodeOf(p!));
    await page.locator('.free-return-table tbody tr').first().waitFor();
    await page.keyboard.press('F12');
    await page.getByTestId('override-dialog').waitFor();
    await expect(page.getByTestId('override-asks').textContent()).resolves.toContain('无小票退货');
    await page.getByTestId('override-pin').fill('2222');
    await page.keyboard.press('Enter');
    await page.getByTestId('return-done').waitFor();
    await shot('returns-no-receipt-zh');
    await page.keyboard.press('Enter');
    await page.getByTestId('sell-screen').waitFor();

    await page.getByTestId('logout').click();
    await page.getByTestId('login-screen').waitFor();
    await expect(page.getByTestId('login-screen').textContent()).resolves.toContain('登录');
    await shot('login-zh');
  });

  it('a manager imports a CSV (progress, per-row errors) and edits a product', async () => {
    await page.getByTestId('user-manager').click();
    await page.keyboard.type('2222');
    await page.keyboard.press('Enter');
    await page.getByTestId('sell-screen').waitFor();
    // The manager's own language (English) comes with the session.
    await expect.poll(() => page.getByTestId('action-pay').textContent()).toContain('Pay');
    await page.keyboard.press('F10');
    await page.getByTestId('catalogue-screen').waitFor();
    const csv = [
      'sku,name,name_zh,price,tax_code,barcodes',
      'E2E-1,Lychee Juice,荔枝汁,12.50,A,',
      'E2E-2,Dragon Fruit,火龙果,8.80,B,',
      'E2E-3,Bad Price,,12.345,A,',
      'E2E-4,,无名,1.00,A,',
    ].join('\n');
    await page.getByTestId('csv-file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-errors').waitFor();
    await expect(page.getByTestId('import-panel').textContent()).resolves.toMatch(/4 rows: 2 new, 0 updated, 2 with errors/);
    const rows = await page.getByTestId('import-errors').locator('tbody tr td:first-child').allTextContents();
    expect(rows).toEqual(['4', '5']);
    await shot('catalogue-import-en');

    await page.getByTestId('catalogue-search').fill('Lychee');
    await expect.poll(() => page.getByTestId('product-table').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('product-table').getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByTestId('product-editor');
    await editor.waitFor();
    await editor.getByLabel('Price').fill('13.00');
    await shot('catalogue-edit-en');
    await editor.getByRole('button', { name: /Save/ }).click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('product-table').textContent()).toContain('¥13.00');
    await page.keyboard.press('Escape');
    await page.getByTestId('sell-screen').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
