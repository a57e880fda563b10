// The printer driver against the virtual printer over real links: a socat pty pair through serialport, the same
// pty written as a usblp-style device file, and loopback TCP 9100-style. Paper out mid-receipt must end in exactly
// one complete receipt; cover open, offline, slow printers and unprompted status bytes must not lose or double one.
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterDriver, type DriverTimers } from '../../../native/escpos/driver';
import { encodeReceipt, printableDoc } from '../../../native/escpos/encoder';
import { layoutSaleReceipt } from '../../../native/escpos/layouts';
import { PROFILES } from '../../../native/escpos/profiles';
import { sampleSale } from '../../../native/escpos/sample-data';
import { encodeAsb, CLEAN_STATUS } from '../../../native/escpos/status';
import { openPrinterLink } from '../../../native/escpos/transports';
import { openUsbLpLink } from '../../../native/escpos/usblp-link';
import { VirtualPrinter, serveVirtualPrinterSerial, serveVirtualPrinterTcp, type VirtualPrinterOptions } from '../../../native/escpos/virtual-printer';
import { openPtyPair } from '../../support/socat';

// Scaled-down timers: same ratios as the defaults (reply 500 / poll 250), bounded job time.
const TIMERS: Partial<DriverTimers> = { replyTimeoutMs: 300, pollIntervalMs: 60, maxJobMs: 15_000 };

interface Rig {
  vp: VirtualPrinter;
  driver: PrinterDriver;
  close(): Promise<void>;
}

const rigs: Record<string, (o?: VirtualPrinterOptions) => Promise<Rig>> = {
  'serial pty': async (o) => {
    const pair = await openPtyPair();
    const vp = new VirtualPrinter(o);
    const side = await serveVirtualPrinterSerial(vp, pair.b, 115200);
    const driver = new PrinterDriver(await openPrinterLink(`${pair.a}@115200`), { profile: PROFILES.epson, timers: TIMERS, lineRateBytesPerSec: 11520 });
    return { vp, driver, close: async () => { await driver.close(); await side.close(); await pair.close(); } };
  },
  'usblp device file (pty)': async (o) => {
    const pair = await openPtyPair();
    const vp = new VirtualPrinter(o);
    const side = await serveVirtualPrinterSerial(vp, pair.b, 115200);
    const driver = new PrinterDriver(await openUsbLpLink(pair.a, { pollMs: 5 }), { profile: PROFILES.epson, timers: TIMERS });
    return { vp, driver, close: async () => { await driver.close(); await side.close(); await pair.close(); } };
  },
  'tcp loopback': async (o) => {
    const vp = new VirtualPrinter(o);
    const server = await serveVirtualPrinterTcp(vp, 0);
    const driver = new PrinterDriver(await openPrinterLink(`tcp://127.0.0.1:${server.port}`), { profile: PROFILES.epson, timers: TIMERS });
    return { vp, driver, close: async () => { await driver.close(); await server.close(); } };
  },
};

const doc = layoutSaleReceipt(sampleSale(8), { paper: 80, lang: 'zh' });
const bytes = encodeReceipt(doc, { profile: PROFILES.epson, columns: 48 });
const expected = printableDoc(doc, PROFILES.epson, 48).blocks;
const job = (id = 'job-1') => ({ id, bytes });
/** Pieces of paper that were cut off (complete receipts). */
const complete = (vp: VirtualPrinter) => vp.receipts().filter((r) => r.blocks.some((b) => b.type === 'cut'));
const until = async (cond: () => boolean, ms = 3000) => {
  for (const end = Date.now() + ms; !cond(); ) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

let open: Rig | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe.each(Object.keys(rigs))('driver over %s', (name) => {
  const rig = async (o?: VirtualPrinterOptions) => (open = await rigs[name]!(o));

  it('prints a receipt: done, exactly the encoded document, clean status', async () => {
    const { vp, driver } = await rig();
    const r = await driver.print(job());
    expect(r).toMatchObject({ outcome: 'done', jobId: 'job-1', bytes: bytes.length, warnings: [] });
    expect(complete(vp).map((p) => p.blocks)).toEqual([expected]);
    expect(vp.pulses).toBe(1);
  });

  it('paper out mid-receipt, then paper back: paused with the bytes in the printer, retry yields exactly one complete receipt', async () => {
    const { vp, driver } = await rig();
    vp.paperOutAfterLines(12);
    const first = await driver.print(job());
    expect(first).toMatchObject({ outcome: 'paused', reason: 'paper-out', bytesInPrinter: true });
    if (first.outcome === 'paused') expect(first.words.zh).toContain('缺纸');
    expect(complete(vp)).toHaveLength(0);
    expect(driver.jobInPrinter).toBe('job-1');
    // Still out: a retry pauses again and sends nothing new into the printer.
    const received = vp.bytesReceived;
    expect(await driver.print(job())).toMatchObject({ outcome: 'paused', reason: 'paper-out', bytesInPrinter: true });
    expect(vp.bytesReceived - received).toBe(12 * 1); // one DLE EOT 1..4 query (12 bytes), no job bytes
    vp.setState({ paper: 'ok' });
    const second = await driver.print(job());
    expect(second).toMatchObject({ outcome: 'done', jobId: 'job-1' });
    expect(complete(vp).map((p) => p.blocks)).toEqual([expected]);
    expect(vp.receipts()).toHaveLength(1);
  });

  it('cover open: nothing is sent, the cashier is told; closing it prints the receipt once', async () => {
    const { vp, driver } = await rig({ initial: { coverOpen: true } });
    const first = await driver.print(job());
    expect(first).toMatchObject({ outcome: 'paused', reason: 'cover-open', bytesInPrinter: false });
    if (first.outcome === 'paused') expect(first.words.en).toBe('Printer cover open: close the cover; the receipt will print by itself');
    expect(vp.bytesReceived).toBe(12);
    vp.setState({ coverOpen: false });
    expect(await driver.print(job())).toMatchObject({ outcome: 'done' });
    expect(complete(vp).map((p) => p.blocks)).toEqual([expected]);
  });

  it('printer off (no reply) and printer offline: paused with the reason; back on, one receipt', async () => {
    const { vp, driver } = await rig({ initial: { powered: false } });
    expect(await driver.print(job())).toMatchObject({ outcome: 'paused', reason: 'no-reply', bytesInPrinter: false });
    expect(await driver.status()).toMatchObject({ ok: false, reason: 'no-reply' });
    vp.setState({ powered: true, offline: true });
    expect(await driver.print(job())).toMatchObject({ outcome: 'paused', reason: 'offline' });
    vp.setState({ offline: false });
    expect(await driver.print(job())).toMatchObject({ outcome: 'done' });
    expect(complete(vp)).toHaveLength(1);
  });

  it('power lost mid-job: the printer forgets the job, so the retry resends it and one complete receipt follows', async () => {
    const { vp, driver } = await rig({ initial: { lineDelayMs: 20 } });
    const printing = driver.print(job());
    await until(() => vp.printed().length >= 5);
    vp.setState({ powered: false });
    expect(await printing).toMatchObject({ outcome: 'paused', reason: 'no-reply' });
    expect(driver.jobInPrinter).toBeUndefined();
    vp.setState({ powered: true, lineDelayMs: 0 });
    vp.clearPrinted(); // the torn first part stays on the old piece of paper
    expect(await driver.print(job())).toMatchObject({ outcome: 'done' });
    expect(complete(vp).map((p) => p.blocks)).toEqual([expected]);
  });

  it('slow printer: keeps polling while the printer reports no fault, then done', async () => {
    const { vp, driver } = await rig({ initial: { lineDelayMs: 12 } });
    let polls = 0;
    driver.onTrace((t) => {
      if (t.dir === 'out' && t.bytes[0] === 0x10 && t.bytes[1] === 0x04) polls++;
    });
    const r = await driver.print(job());
    expect(r).toMatchObject({ outcome: 'done' });
    expect(polls).toBeGreaterThan(2);
    expect(complete(vp).map((p) => p.blocks)).toEqual([expected]);
  });

  it('status bytes arriving unprompted (ASB, a stray real-time reply) do not confuse printing or status', async () => {
    const { vp, driver } = await rig({ initial: { lineDelayMs: 4 } });
    const seen: string[] = [];
    driver.onStatus((s, source) => seen.push(`${source}:${s.paperNearEnd ? 'near' : 'ok'}`));
    await driver.start(); // GS a 0x0F: the printer answers with an ASB at once
    vp.sendRaw([0x12]); // stray DLE EOT-style reply nobody asked for
    vp.sendRaw(encodeAsb({ ...CLEAN_STATUS, paperNearEnd: true }));
    const printing = driver.print(job());
    await until(() => vp.printed().length >= 3);
    vp.setState({ paper: 'near-end' }); // ASB on change, mid-job
    const r = await printing;
    expect(r).toMatchObject({ outcome: 'done', warnings: ['paper-near-end'] });
    expect(seen).toContain('asb:ok');
    expect(seen).toContain('asb:near');
    expect(complete(vp)).toHaveLength(1);
    expect(await driver.status()).toMatchObject({ ok: true, problems: ['paper-near-end'] });
  });

  it('ASB reports paper out mid-job and the driver pauses without waiting for its next poll', async () => {
    const { vp, driver } = await rig();
    await driver.start();
    vp.paperOutAfterLines(6);
    expect(await driver.print(job())).toMatchObject({ outcome: 'paused', reason: 'paper-out', bytesInPrinter: true });
    vp.setState({ paper: 'ok' });
    expect(await driver.print(job())).toMatchObject({ outcome: 'done' });
    expect(complete(vp)).toHaveLength(1);
  });

  it('kick opens the drawer (ESC p), and real-time kick works while the printer is stopped', async () => {
    const { vp, driver } = await rig();
    await driver.kick();
    await until(() => vp.pulses === 1);
    vp.setState({ coverOpen: true });
    await driver.kick({ realtime: true });
    await until(() => vp.pulses === 2);
    expect(vp.printed().filter((b) => b.type === 'pulse')).toEqual([
      { type: 'pulse', pin: 2, onMs: 100, offMs: 500 },
      { type: 'pulse', pin: 2, onMs: 100, offMs: 100 },
    ]);
  });

  it('with ASB alive the pre-check round trip is skipped; after a power cycle ASB is re-enabled and printing goes on', async () => {
    const { vp, driver } = await rig();
    await driver.start();
    await until(() => driver.lastStatus !== undefined);
    const before = vp.bytesReceived;
    expect(await driver.print(job('a'))).toMatchObject({ outcome: 'done' });
    expect(vp.bytesReceived - before).toBe(bytes.length + 3); // the job and GS r 1, no DLE EOT
    vp.setState({ powered: false });
    expect(await driver.print(job('b'))).toMatchObject({ outcome: 'paused', reason: 'no-reply' });
    vp.setState({ powered: true });
    expect(await driver.print(job('b'))).toMatchObject({ outcome: 'done' });
    expect(vp.events().filter((e) => e.type === 'asb').length).toBeGreaterThanOrEqual(1); // GS a sent again
    expect(complete(vp)).toHaveLength(2);
  });

  it('a job held in the paused printer is finished before the next one, and its own retry does not reprint it', async () => {
    const { vp, driver } = await rig();
    vp.paperOutAfterLines(5);
    expect(await driver.print(job('a'))).toMatchObject({ outcome: 'paused', reason: 'paper-out', bytesInPrinter: true });
    vp.setState({ paper: 'ok' });
    expect(await driver.print(job('b'))).toMatchObject({ outcome: 'done', jobId: 'b' });
    expect(await driver.print(job('a'))).toMatchObject({ outcome: 'done', jobId: 'a', alreadyDone: true, bytes: 0 });
    expect(complete(vp).map((p) => p.blocks)).toEqual([expected, expected]);
  });

  it('two jobs in order print two receipts', async () => {
    const { vp, driver } = await rig();
    expect(await driver.print(job('a'))).toMatchObject({ outcome: 'done', jobId: 'a' });
    expect(await driver.print(job('b'))).toMatchObject({ outcome: 'done', jobId: 'b' });
    expect(complete(vp)).toHaveLength(2);
  });
});

describe('driver over tcp when the printer goes away', () => {
  it('a closed socket fails the job with LINK_CLOSED (the owner reopens the link)', async () => {
    const vp = new VirtualPrinter();
    const server = await serveVirtualPrinterTcp(vp, 0);
    const driver = new PrinterDriver(await openPrinterLink(`tcp://127.0.0.1:${server.port}`), { profile: PROFILES.epson, timers: TIMERS });
    await server.close();
    await until(() => !driver.link.isOpen);
    expect(await driver.print(job())).toMatchObject({ outcome: 'failed', error: { code: 'LINK_CLOSED' } });
    expect(await driver.status()).toMatchObject({ ok: false, reason: 'link-closed' });
    await driver.close();
  });
});
