// The print queue in 'device' mode over a socat pty pair: the till opens config.printer.address with the real
// serialport binding, the virtual printer serves the far end (as `npm run sim:printer -- --port <tty>` does).
// Also the support use cases through the API: printer.status, printer.test, report.preview.
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualPrinter, serveVirtualPrinterSerial } from '../../../native/escpos/virtual-printer';
import type { TillEvents } from '../../../service/contract';
import { demoProducts } from '../../../service/demo-catalogue';
import { openPtyPair } from '../../support/socat';
import { createTestTill, errCode, loginAndOpenShift, ok } from '../../support/till';

const milk = demoProducts().find((p) => p.sku === 'D1011')!;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitFor(what: string, cond: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function deviceTill() {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const vp = new VirtualPrinter({ columns: 42 });
  const side = await serveVirtualPrinterSerial(vp, pair.b, 115200);
  cleanups.push(() => side.close());
  const t = createTestTill({ printer: { mode: 'device', address: `${pair.a}@115200`, columns: 42 } }, undefined, {
    print: { timers: { idlePollMs: 25, pausedPollMs: 40, reconnectMs: 40 }, driverTimers: { replyTimeoutMs: 1000, pollIntervalMs: 40 } },
  });
  cleanups.push(() => t.till.close());
  const events: TillEvents['print.status'][] = [];
  t.till.subscribe((name, payload) => {
    if (name === 'print.status') events.push(payload as TillEvents['print.status']);
  });
  const pending = () => t.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND topic IN ('print', 'drawer')").get()!.n;
  const receipts = () => vp.receipts().filter((r) => r.blocks.some((b) => b.type === 'cut'));
  return { ...t, vp, side, pair, events, pending, receipts };
}

describe('print queue on a configured serial printer (socat pty, real serialport)', () => {
  it('prints a sale once, survives paper out mid-receipt, and reports the device as ok', async () => {
    const s = await deviceTill();
    // Connected before the first sale: the status strip knows the printer is there (and would show paper out).
    await waitFor('printer health', () => s.till.ctx.deviceStatus.get('printer')!().health === 'ok');
    await loginAndOpenShift(s.api);
    ok(await s.api['sale.scan']({ code: milk.barcodes[0]! }));
    ok(await s.api['payment.addCash']({ amount: 5000 }));
    await waitFor('first receipt', () => s.pending() === 0);
    expect(s.receipts()).toHaveLength(1);
    expect(s.vp.pulses).toBe(1);
    const status = ok(await s.api['status.get']({})).devices.find((d) => d.kind === 'printer')!;
    expect(status).toMatchObject({ health: 'ok', address: expect.stringContaining('@115200') });

    s.vp.paperOutAfterLines(5);
    ok(await s.api['sale.scan']({ code: milk.barcodes[0]! }));
    const second = ok(await s.api['payment.addCash']({ amount: 5000 })).receipt!;
    await waitFor('paper-out pause', () => s.events.some((e) => e.code === 'PRINTER_PAPER_OUT'));
    expect(s.pending()).toBeGreaterThan(0);
    const printerStatus = ok(await s.api['printer.status']({}));
    expect(printerStatus).toMatchObject({ connected: true, code: 'PRINTER_PAPER_OUT', health: 'attention' });
    expect(printerStatus.flags?.paperOut).toBe(true);
    expect(printerStatus.queue.jobInPrinter).not.toBeNull();
    s.vp.setState({ paper: 'ok' });
    await waitFor('second receipt', () => s.pending() === 0);
    expect(s.receipts()).toHaveLength(2);
    expect(JSON.stringify(s.receipts()[1])).toContain(second.receiptNumber);
  });

  it('nobody at the far end of the cable: PRINTER_OFFLINE, the receipt waits; a printer comes back and prints it once', async () => {
    const s = await deviceTill();
    await waitFor('printer health', () => s.till.ctx.deviceStatus.get('printer')!().health === 'ok');
    await s.side.close();
    await loginAndOpenShift(s.api);
    ok(await s.api['sale.scan']({ code: milk.barcodes[0]! }));
    const receipt = ok(await s.api['payment.addCash']({ amount: 5000 })).receipt!;
    await waitFor('offline pause', () => s.events.some((e) => e.code === 'PRINTER_OFFLINE'));
    expect(s.pending()).toBe(2);
    expect(s.till.ctx.deviceStatus.get('printer')!().health).toBe('offline');
    const back = new VirtualPrinter({ columns: 42 });
    const side = await serveVirtualPrinterSerial(back, s.pair.b, 115200);
    cleanups.push(() => side.close());
    await waitFor('receipt after reconnect', () => s.pending() === 0, 20_000);
    const printed = back.receipts().filter((r) => r.blocks.some((b) => b.type === 'cut'));
    expect(printed).toHaveLength(1);
    expect(JSON.stringify(printed[0])).toContain(receipt.receiptNumber);
    expect(back.pulses).toBe(1);
    expect(s.vp.receipts()).toHaveLength(0);
  });

  it('printer.test prints the test page through the queue (manager/tech only) with the status before and after', async () => {
    const s = await deviceTill();
    ok(await s.api['session.login']({ username: 'cashier', pin: '1111' }));
    expect(errCode(await s.api['printer.test']({}))).toBe('FORBIDDEN');
    ok(await s.api['session.logout']({}));
    ok(await s.api['session.login']({ username: 'tech', pin: '3333' }));
    const test = ok(await s.api['printer.test']({}));
    expect(test.state).toBe('done');
    expect(test.before.connected).toBe(true);
    expect(test.after).toMatchObject({ connected: true, code: null });
    expect(s.receipts()).toHaveLength(1);
    const printed = JSON.stringify(s.receipts()[0]);
    expect(printed).toMatch(/qr|QR/);
    expect(s.vp.events().some((e) => JSON.stringify(e).includes('chinese'))).toBe(true);
  });
});

describe('previews and status without a printer', () => {
  it('report.preview renders the X report (and a stored Z) from the exact bytes; printer.status says not configured', async () => {
    const t = createTestTill({ printer: { mode: 'none', columns: 32 } });
    cleanups.push(() => t.till.close());
    await loginAndOpenShift(t.api, 'manager', '2222');
    const x = ok(await t.api['report.preview']({ kind: 'x' }));
    expect(x.columns).toBe(32);
    // Titles print double width (every other column blank in the text rendering): compare without spaces.
    expect(x.text.join('').replaceAll(' ', '')).toContain('XREPORT');
    expect(Buffer.from(x.bytesBase64, 'base64')[0]).toBe(0x1b); // ESC @ first
    expect(x.svg).toContain('<svg');
    expect(errCode(await t.api['report.preview']({ kind: 'z' }))).toBe('VALIDATION_FAILED');
    expect(errCode(await t.api['report.preview']({ kind: 'z', number: 1 }))).toBe('RECEIPT_NOT_FOUND');
    const shift = ok(await t.api['shift.current']({}))!;
    const z = ok(await t.api['shift.close']({ countedCash: shift.cashExpected, reason: 'end of day' }));
    const zPreview = ok(await t.api['report.preview']({ kind: 'z', number: z.number!, language: 'zh' }));
    expect(zPreview.text.join('').replaceAll(' ', '')).toContain(`Z#${z.number}`);
    const status = ok(await t.api['printer.status']({}));
    expect(status).toMatchObject({ mode: 'none', health: 'not-configured', connected: false, flags: null });
    // Nothing prints without a printer, and nothing is dropped either: the Z waits in the outbox.
    expect(status.queue.pending).toBe(1);
  });
});
