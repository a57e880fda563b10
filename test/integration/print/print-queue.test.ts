// The print queue through createTill with a real ledger: training's in-process virtual printer driven by the real
// driver over an in-memory link. Receipts, drawer, reprint, Z, paper out / cover open / offline and restart.
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualPrinter } from '../../../native/escpos/virtual-printer';
import { docToText } from '../../../native/escpos/receipt-doc';
import type { TillEvents, TillService } from '../../../service/contract';
import type { PrintOptions } from '../../../service/print-service';
import { printQueueOf } from '../../../service/print-service';
import { demoProducts } from '../../../service/demo-catalogue';
import { createTestTill, errCode, loginAndOpenShift, ok } from '../../support/till';

const demo = demoProducts();
const milk = demo.find((p) => p.sku === 'D1011')!;
const bread = demo.find((p) => p.sku === 'D2011')!;

const open: TillService[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

/** Scaled-down timers: the same retry logic, in milliseconds instead of seconds. */
function fast(vp: VirtualPrinter): PrintOptions {
  return {
    virtualPrinter: vp,
    timers: { idlePollMs: 25, pausedPollMs: 25, reconnectMs: 25, closeGraceMs: 2000 },
    driverTimers: { replyTimeoutMs: 1000, pollIntervalMs: 25 },
  };
}

async function waitFor(what: string, cond: () => boolean, limitMs = 8000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function setup(vp = new VirtualPrinter({ columns: 42 }), dir?: string) {
  const t = createTestTill({}, dir, { print: fast(vp) });
  open.push(t.till);
  const events: TillEvents['print.status'][] = [];
  t.till.subscribe((name, payload) => {
    if (name === 'print.status') events.push(payload as TillEvents['print.status']);
  });
  const rows = (topic = 'print') =>
    t.db.prepare<[string], { outbox_id: number; state: string; attempts: number; payload: string }>('SELECT outbox_id, state, attempts, payload FROM outbox WHERE topic = ? ORDER BY outbox_id').all(topic);
  /** Printed pieces of paper that carry text (a drawer pulse alone is not a receipt). */
  const receipts = () => vp.receipts().filter((r) => r.blocks.some((b) => b.type === 'cut'));
  /** The printed text as lines, without the drawer pulse the queue sends ahead of the receipt. */
  const text = (i: number) => docToText(receipts()[i]!, 42).filter((l) => !l.startsWith('[DRAWER')).join('\n');
  /** Every run of text on the piece of paper (double-width runs unspaced), for content checks. */
  const words = (i: number) => JSON.stringify(receipts()[i]!.blocks);
  const pending = () => t.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND topic IN ('print', 'drawer')").get()!.n;
  const waitDone = () => waitFor('the print queue to drain', () => pending() === 0);
  return { ...t, vp, events, rows, receipts, text, words, waitDone };
}

async function cashSale(api: ReturnType<typeof setup>['api'], user = 'cashier', pin = '1111') {
  await loginAndOpenShift(api, user, pin);
  ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
  ok(await api['sale.scan']({ code: bread.barcodes[0]! }));
  const paid = ok(await api['payment.addCash']({ amount: 10000 }));
  return paid.receipt!;
}

describe('print queue on the outbox (training: in-process virtual printer)', () => {
  it('a posted cash sale prints exactly one receipt in English and pulses the drawer once; both rows end done', async () => {
    const s = setup();
    const receipt = await cashSale(s.api);
    await s.waitDone();
    expect(s.receipts()).toHaveLength(1);
    const text = s.text(0);
    expect(text).toContain('Training Store');
    expect(text).toContain(receipt.receiptNumber);
    expect(text).toContain(milk.name);
    expect(text).toContain(milk.nameZh!);
    expect(s.words(0)).toContain('"TOTAL"');
    expect(text).toContain('Change');
    expect(s.words(0)).toContain('TRAINING');
    expect(s.words(0)).not.toContain('REPRINT');
    expect(s.vp.pulses).toBe(1);
    expect(s.rows().map((r) => r.state)).toEqual(['done']);
    expect(s.rows('drawer').map((r) => r.state)).toEqual(['done']);
    expect(s.events.map((e) => e.state)).toEqual(['printing', 'done']);
  });

  it('a Chinese-speaking cashier gets the receipt in Chinese (GB18030 through the real encoder and decoder)', async () => {
    const s = setup();
    await cashSale(s.api, 'cashier2', '4444');
    await s.waitDone();
    expect(s.receipts()).toHaveLength(1);
    const text = s.text(0);
    expect(s.words(0)).toContain('"合计"');
    expect(s.words(0)).toContain('"找零"');
    expect(text).toContain(milk.nameZh!);
    expect(s.words(0)).toContain('培训');
  });

  it('the generic-cn profile (GBK clone) from the configuration prints Chinese through cp936 and previews the same', async () => {
    const vp = new VirtualPrinter({ columns: 42, encoding: 'cp936' });
    const t = createTestTill({ printer: { mode: 'virtual', columns: 42, profile: 'generic-cn' } }, undefined, { print: { ...fast(vp), virtualPrinter: vp } });
    open.push(t.till);
    const receipt = await cashSale(t.api, 'cashier2', '4444');
    await waitFor('receipt', () => vp.receipts().some((r) => r.blocks.some((b) => b.type === 'cut')));
    const preview = ok(await t.api['receipt.preview']({ receiptNumber: receipt.receiptNumber }));
    const printedText = docToText(vp.receipts()[0]!, 42).filter((l) => !l.startsWith('[DRAWER'));
    expect(printedText).toEqual(preview.text);
    expect(preview.text.join('\n')).toContain(milk.nameZh!);
    expect(vp.events().some((e) => JSON.stringify(e).includes('cp936') || JSON.stringify(e).toLowerCase().includes('chinese'))).toBe(true);
  });

  it('paper out mid-receipt pauses the queue with PRINTER_PAPER_OUT; paper back gives exactly one complete receipt', async () => {
    const s = setup();
    s.vp.paperOutAfterLines(6);
    const receipt = await cashSale(s.api);
    await waitFor('paper-out event', () => s.events.some((e) => e.code === 'PRINTER_PAPER_OUT'));
    const paused = s.events.find((e) => e.code === 'PRINTER_PAPER_OUT')!;
    expect(paused.state).toBe('paused');
    expect(paused.message).toContain('paper');
    expect(paused.words?.zh).toContain('缺纸');
    expect(s.rows()[0]!.state).toBe('pending');
    expect(s.receipts()).toHaveLength(0);
    const status = ok(await s.api['status.get']({})).devices.find((d) => d.kind === 'printer')!;
    expect(status).toMatchObject({ health: 'attention', code: 'PRINTER_PAPER_OUT' });
    // Several paused polls later, still nothing doubled.
    await new Promise((r) => setTimeout(r, 150));
    s.vp.setState({ paper: 'ok' });
    await s.waitDone();
    expect(s.receipts()).toHaveLength(1);
    const preview = ok(await s.api['receipt.preview']({ receiptNumber: receipt.receiptNumber }));
    expect(s.text(0).split('\n')).toEqual(preview.text);
    // One event per change, however many times the paused job was polled.
    expect(s.events.map((e) => e.state)).toEqual(['printing', 'paused', 'done']);
    expect(ok(await s.api['status.get']({})).devices.find((d) => d.kind === 'printer')!.health).toBe('simulated');
  });

  it('cover open holds the receipt (nothing sent into a stopped printer) and prints it once the cover closes', async () => {
    const s = setup();
    s.vp.setState({ coverOpen: true });
    await cashSale(s.api);
    await waitFor('cover-open event', () => s.events.some((e) => e.code === 'PRINTER_COVER_OPEN'));
    expect(s.rows()[0]!.state).toBe('pending');
    // The drawer does not wait for the cover: DLE DC4 opens it at once.
    await waitFor('drawer done', () => s.rows('drawer')[0]!.state === 'done');
    s.vp.setState({ coverOpen: false });
    await s.waitDone();
    expect(s.receipts()).toHaveLength(1);
    expect(s.vp.pulses).toBe(1);
  });

  it('printer off: PRINTER_OFFLINE, the row stays pending; back on: exactly one receipt', async () => {
    const s = setup();
    s.vp.setState({ powered: false });
    await cashSale(s.api);
    await waitFor('offline event', () => s.events.some((e) => e.code === 'PRINTER_OFFLINE'));
    expect(s.rows()[0]!.state).toBe('pending');
    // The drawer row goes first and finds nobody answering: it waits (and counts its attempts) with the receipt.
    expect(s.rows('drawer')[0]!.state).toBe('pending');
    expect(s.rows('drawer')[0]!.attempts).toBeGreaterThan(0);
    s.vp.setState({ powered: true });
    await s.waitDone();
    expect(s.receipts()).toHaveLength(1);
  });

  it('a restart with pending rows prints them (never lost)', async () => {
    const first = setup(new VirtualPrinter({ columns: 42, initial: { powered: false } }));
    const receipt = await cashSale(first.api);
    await waitFor('offline event', () => first.events.some((e) => e.code === 'PRINTER_OFFLINE'));
    await first.till.close();
    open.splice(open.indexOf(first.till), 1);
    const second = setup(new VirtualPrinter({ columns: 42 }), first.dir);
    await second.waitDone();
    expect(second.receipts()).toHaveLength(1);
    expect(second.text(0)).toContain(receipt.receiptNumber);
    expect(second.rows().map((r) => r.state)).toEqual(['done']);
  });

  it("a manager's no-sale opens the drawer through the queue (no receipt); a cashier's needs the manager", async () => {
    const s = setup();
    await loginAndOpenShift(s.api);
    expect(errCode(await s.api['payment.openDrawer']({}))).toBe('MANAGER_REQUIRED');
    ok(await s.api['payment.openDrawer']({ override: { managerUsername: 'manager', pin: '2222', reason: 'change for the float' } }));
    await s.waitDone();
    expect(s.vp.pulses).toBe(1);
    expect(s.receipts()).toHaveLength(0);
    expect(s.rows('drawer').map((r) => r.state)).toEqual(['done']);
  });

  it('two tills on one ledger (the app and a CLI): the lease lets one print each row, never both', async () => {
    const a = setup();
    const b = setup(new VirtualPrinter({ columns: 42 }), a.dir);
    await cashSale(a.api);
    await a.waitDone();
    await new Promise((r) => setTimeout(r, 100));
    expect(a.receipts().length + b.receipts().length).toBe(1);
    expect(a.vp.pulses + b.vp.pulses).toBe(1);
  });

  it('a reprint prints the receipt again with the REPRINT marker; a Z prints after the close', async () => {
    const s = setup();
    const receipt = await cashSale(s.api);
    await s.waitDone();
    ok(await s.api['receipt.reprint']({ receiptNumber: receipt.receiptNumber }));
    await s.waitDone();
    expect(s.receipts()).toHaveLength(2);
    expect(s.words(0)).not.toContain('REPRINT');
    expect(s.words(1)).toContain('REPRINT');
    expect(s.text(1)).toContain(receipt.receiptNumber);
    ok(await s.api['session.logout']({}));
    ok(await s.api['session.login']({ username: 'manager', pin: '2222' }));
    const shift = ok(await s.api['shift.current']({}))!;
    ok(await s.api['shift.close']({ countedCash: shift.cashExpected, reason: 'end of day' }));
    await s.waitDone();
    expect(s.receipts()).toHaveLength(3);
    expect(s.words(2)).toContain('Z REPORT');
    expect(s.rows().map((r) => r.state)).toEqual(['done', 'done', 'done']);
  });

  it('an X report prints the figures as they were when it was asked for', async () => {
    const s = setup();
    await cashSale(s.api);
    await s.waitDone();
    const x = ok(await s.api['report.printX']({}));
    await s.waitDone();
    expect(s.receipts()).toHaveLength(2);
    expect(s.words(1)).toContain('X REPORT');
    expect(s.text(1)).toContain(String(x.shiftNumber));
  });

  it('the preview is the virtual printer decode of the exact bytes the driver sent', async () => {
    const s = setup();
    await loginAndOpenShift(s.api);
    // Connect the queue's driver first, then record what it writes.
    ok(await s.api['printer.status']({}));
    const driver = printQueueOf(s.till.ctx)!.driver()!;
    const out: Uint8Array[] = [];
    driver.onTrace((t) => {
      if (t.dir === 'out') out.push(t.bytes);
    });
    ok(await s.api['sale.scan']({ code: milk.barcodes[0]! }));
    const receipt = ok(await s.api['payment.addCash']({ amount: 5000 })).receipt!;
    await s.waitDone();
    const preview = ok(await s.api['receipt.preview']({ receiptNumber: receipt.receiptNumber }));
    const job = out.find((b) => b.length > 3 && b[b.length - 3] === 0x1d && b[b.length - 2] === 0x72 && b[b.length - 1] === 0x01)!;
    expect(job).toBeDefined();
    // The job is the preview's bytes plus only the driver's GS r 1 completion marker.
    expect(Buffer.from(job.subarray(0, job.length - 3)).toString('base64')).toBe(preview.bytesBase64);
    expect(s.text(0).split('\n')).toEqual(preview.text);
    expect(preview.svg.startsWith('<svg')).toBe(true);
  });

  it('a product named <script>alert(1)</script> is XML-escaped in the preview SVG and printed as text', async () => {
    const s = setup();
    await loginAndOpenShift(s.api, 'manager', '2222');
    const product = ok(await s.api['catalogue.upsert']({ product: { sku: 'XSS1', name: '<script>alert(1)</script>', price: 100, taxCode: 'A', barcodes: [] } }));
    ok(await s.api['sale.addItem']({ productId: product.productId }));
    const receipt = ok(await s.api['payment.addCash']({ amount: 100 })).receipt!;
    const preview = ok(await s.api['receipt.preview']({ receiptNumber: receipt.receiptNumber, language: 'zh' }));
    expect(preview.svg).not.toMatch(/<script/i);
    expect(preview.svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(preview.text.join('\n')).toContain('<script>alert(1)</script>');
    await s.waitDone();
    expect(s.text(0)).toContain('<script>alert(1)</script>');
  });
});
