// Driver edge cases over an in-memory link to the virtual printer: a write held by flow control while the printer
// stops (ASB still gets through), 'drain' completion for firmware without GS r, and firmware that ignores GS r.
import { describe, expect, it } from 'vitest';
import type { ByteLink } from '../../../native/link/byte-link';
import { PrinterDriver, type DriverTimers } from '../../../native/escpos/driver';
import { encodeReceipt, printableDoc } from '../../../native/escpos/encoder';
import { layoutSaleReceipt } from '../../../native/escpos/layouts';
import { PROFILES, type PrinterProfile } from '../../../native/escpos/profiles';
import { sampleSale } from '../../../native/escpos/sample-data';
import { VirtualPrinter } from '../../../native/escpos/virtual-printer';
import { hex } from './helpers';

const TIMERS: Partial<DriverTimers> = { replyTimeoutMs: 100, pollIntervalMs: 20, maxJobMs: 300 };
const doc = layoutSaleReceipt(sampleSale(5), { paper: 80, lang: 'en' });
const bytes = encodeReceipt(doc, { profile: PROFILES.epson, columns: 48 });
const expected = printableDoc(doc, PROFILES.epson, 48).blocks;
const complete = (vp: VirtualPrinter) => vp.receipts().filter((r) => r.blocks.some((b) => b.type === 'cut'));

/** In-memory duplex link to a virtual printer; `hold` makes writes hang like a line held by RTS/CTS. */
class MemLink implements ByteLink {
  readonly address = 'mem://printer';
  isOpen = true;
  hold = false;
  filter: (b: Uint8Array) => Uint8Array = (b) => b;
  sent: Uint8Array[] = [];
  private held: { bytes: Uint8Array; resolve: () => void }[] = [];
  private listeners = new Set<(c: Buffer) => void>();
  constructor(private readonly vp: VirtualPrinter) {
    vp.onSend((b) => setImmediate(() => this.listeners.forEach((l) => l(Buffer.from(b)))));
  }
  write(bytes: Uint8Array): Promise<void> {
    this.sent.push(bytes);
    if (!this.hold) {
      this.vp.receive(this.filter(bytes));
      return Promise.resolve();
    }
    return new Promise((resolve) => this.held.push({ bytes, resolve }));
  }
  release(): void {
    this.hold = false;
    for (const h of this.held.splice(0)) {
      this.vp.receive(this.filter(h.bytes));
      h.resolve();
    }
  }
  onData(l: (c: Buffer) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  onClose(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {
    this.isOpen = false;
  }
}

describe('PrinterDriver edge cases', () => {
  it('flow control holds the write while the paper is out: ASB pauses the job, the retry completes it once', async () => {
    const vp = new VirtualPrinter();
    const link = new MemLink(vp);
    const driver = new PrinterDriver(link, { profile: PROFILES.epson, timers: TIMERS });
    await driver.start();
    await driver.status();
    link.hold = true;
    const printing = driver.print({ id: 'j', bytes });
    setTimeout(() => vp.setState({ paper: 'out' }), 30); // ASB reaches us; our own bytes cannot get out
    expect(await printing).toMatchObject({ outcome: 'paused', reason: 'paper-out', bytesInPrinter: true });
    // Retry while still held and still out: paused again, nothing queued behind the held write.
    const writes = link.sent.length;
    expect(await driver.print({ id: 'j', bytes })).toMatchObject({ outcome: 'paused', reason: 'paper-out' });
    expect(link.sent.length).toBe(writes);
    vp.setState({ paper: 'ok' });
    link.release();
    const last = await driver.print({ id: 'j', bytes });
    expect(last, JSON.stringify(last)).toMatchObject({ outcome: 'done' });
    expect(complete(vp).map((r) => r.blocks)).toEqual([expected]);
  });

  it("'drain' completion: no GS r is sent; written + clean status is done, paper out mid-job still pauses and resumes once", async () => {
    const vp = new VirtualPrinter();
    const link = new MemLink(vp);
    const profile: PrinterProfile = { ...PROFILES['generic-cn'], completion: 'drain' };
    const driver = new PrinterDriver(link, { profile, timers: TIMERS });
    expect(await driver.print({ id: 'a', bytes })).toMatchObject({ outcome: 'done' });
    const jobWrite = link.sent.find((b) => b.length === bytes.length);
    expect(jobWrite && hex(jobWrite.subarray(jobWrite.length - 4))).toBe(hex(bytes.subarray(bytes.length - 4)));
    vp.paperOutAfterLines(8);
    expect(await driver.print({ id: 'b', bytes })).toMatchObject({ outcome: 'paused', reason: 'paper-out', bytesInPrinter: true });
    vp.setState({ paper: 'ok' });
    expect(await driver.print({ id: 'b', bytes })).toMatchObject({ outcome: 'done', jobId: 'b' });
    expect(complete(vp).map((r) => r.blocks)).toEqual([expected, expected]);
  });

  it('firmware that ignores GS r: clean polls until maxJobMs, then paused(timeout) with the bytes in the printer', async () => {
    const vp = new VirtualPrinter();
    const link = new MemLink(vp);
    link.filter = (b) => (b.length > 3 && b[b.length - 3] === 0x1d && b[b.length - 2] === 0x72 ? b.subarray(0, b.length - 3) : b);
    const driver = new PrinterDriver(link, { profile: PROFILES.epson, timers: TIMERS });
    const r = await driver.print({ id: 'x', bytes });
    expect(r).toMatchObject({ outcome: 'paused', reason: 'timeout', bytesInPrinter: true });
    expect(complete(vp)).toHaveLength(1); // it did print: this is why such printers need the 'drain' profile
  });

  it('a second print while one is running is refused as BUSY (the outbox prints one job at a time)', async () => {
    const vp = new VirtualPrinter({ initial: { lineDelayMs: 2 } });
    const driver = new PrinterDriver(new MemLink(vp), { profile: PROFILES.epson, timers: { ...TIMERS, maxJobMs: 5000 } });
    const first = driver.print({ id: '1', bytes });
    expect(await driver.print({ id: '2', bytes })).toMatchObject({ outcome: 'failed', error: { code: 'BUSY' } });
    expect(await first).toMatchObject({ outcome: 'done' });
  });
});
