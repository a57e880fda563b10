// ZvtClient against a scripted PT on an in-memory TCP-style link: the ack waits for the journal hook, unsolicited and
// stale PT messages are answered (04 0F refused), timeouts give "unknown" with the right stage.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLinkPair } from '../../../native/link/memory-link';
import { ApduReassembler } from '../../../native/zvt/zvt-apdu';
import { fromHex, toHex } from '../../../native/zvt/zvt-frame';
import { zvtClientOn, ZvtNotSentError, type ZvtClient } from '../../../native/zvt/zvt-client';
import { scaleTimers } from '../../../native/zvt/zvt-transport';

const timers = { ...scaleTimers(0.02), t4Ms: 300 }; // T4 cut short: no test here depends on its ratio
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const APPROVAL = '04 0F 10 27 00 04 00 00 00 00 25 00 87 00 07 0B 00 00 09';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function setup(): { client: ZvtClient; fromEcr: string[]; pt: (hex: string) => Promise<void> } {
  const [a, b] = createMemoryLinkPair('client');
  const client = zvtClientOn(a, 'tcp', { timers, password: '123456' });
  const fromEcr: string[] = [];
  const r = new ApduReassembler();
  b.onData((chunk) => fromEcr.push(...r.push(chunk).map(toHex)));
  closers.push(() => client.close());
  return { client, fromEcr, pt: (hex) => b.write(fromHex(hex)) };
}

describe('ZvtClient', () => {
  it('acknowledges the approval only after the journal hook resolved', async () => {
    const { client, fromEcr, pt } = setup();
    let releaseJournal: () => void = () => undefined;
    const journalWritten = new Promise<void>((r) => (releaseJournal = r));
    const outcome = client.authorize({ amountMinor: 2500 }, { onStatusInformation: () => journalWritten });
    await sleep(5);
    expect(fromEcr).toEqual(['06 01 0A 04 00 00 00 00 25 00 49 09 78']);
    await pt('80 00 00');
    await pt(APPROVAL);
    await sleep(30);
    expect(fromEcr).toHaveLength(1); // no ack while the journal write is outstanding
    releaseJournal();
    await sleep(5);
    expect(fromEcr.at(-1)).toBe('80 00 00');
    await pt('06 0F 00');
    expect(await outcome).toMatchObject({ kind: 'approved', status: { receiptNumber: 7, traceNumber: 9, amountMinor: 2500 } });
  });

  it('refuses a Status-Information nobody asked for (84 66 00) and ACKs other unsolicited messages', async () => {
    const { fromEcr, pt } = setup();
    await pt(APPROVAL);
    await pt('06 1E 01 6C');
    await sleep(10);
    expect(fromEcr).toEqual(['84 66 00', '80 00 00']);
  });

  it('answers stale PT messages of an earlier sequence instead of gluing them onto the new command', async () => {
    const { client, fromEcr, pt } = setup();
    const first = client.statusEnquiry();
    await sleep(2);
    await pt('04 FF 01 05'); // a late "sending auto-reversal" from a sequence we gave up on
    await sleep(5);
    await pt('80 00 00');
    await pt('06 0F 01 00');
    expect(await first).toMatchObject({ terminalStatus: 0 });
    expect(fromEcr).toEqual(['05 01 03 12 34 56', '80 00 00', '80 00 00']);
  });

  it('no answer within T3 → unknown at awaiting-response (never a second charge); no Completion → unknown after ack', async () => {
    const { client } = setup();
    expect(await client.authorize({ amountMinor: 100 })).toMatchObject({ kind: 'unknown', reason: 'timeout-t3', stage: 'awaiting-response' });
    const { client: c2, pt: pt2 } = setup();
    const pending = c2.authorize({ amountMinor: 2500 });
    await sleep(5);
    await pt2('80 00 00');
    await pt2(APPROVAL);
    const outcome = await pending; // T4 passes without 06 0F
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'timeout-t4', stage: 'after-status-ack', status: { receiptNumber: 7 } });
  });

  it('throws ZvtNotSentError when the link is not open (nothing reached the PT)', async () => {
    const { client } = setup();
    await client.transport.link.close();
    await expect(client.authorize({ amountMinor: 1 })).rejects.toBeInstanceOf(ZvtNotSentError);
  });
});
