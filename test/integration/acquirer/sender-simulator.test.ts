// The sender against the acquirer simulator on 127.0.0.1, one test per simulator scenario, with scaled timers.
// After each: the invariant checker (each transaction captured exactly once by the simulator; settlement totals =
// captured − reversed, equal on the till's and the acquirer's side).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, systemTimers } from '../../../acquirer/clock';
import { defaultProfile } from '../../../acquirer/iso8583/default-profile';
import { MemoryOutbox } from '../../../acquirer/memory-outbox';
import { addToTotals, emptyTotals, totalsOf, type CardTransaction } from '../../../acquirer/messages';
import { createSender, scaleSenderConfig, type AcquirerSender, type SenderConfig, type SenderEvent } from '../../../acquirer/sender';
import { startAcquirerSimulator, type AcquirerSimulator, type ScenarioName, type ScenarioSpec } from '../../../acquirer/simulator';

const terminal = { terminalId: 'TILL0001', merchantId: 'SHOP00000000001' };
// Production timers scaled by 1/300: a 45 s read timeout becomes 150 ms; attempts and ratios stay.
const scaled = scaleSenderConfig({ connectTimeoutMs: 5_000, readTimeoutMs: 45_000, baseDelayMs: 1_000, maxDelayMs: 30_000, leaseTtlMs: 60_000, echoIntervalMs: 0, idlePollMs: 5_000 }, 1 / 300);

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Rig {
  sim: AcquirerSimulator;
  store: MemoryOutbox;
  events: SenderEvent[];
  sender: AcquirerSender;
  makeSender(holderId: string, config?: Partial<SenderConfig>): AcquirerSender;
  add(count: number, over?: Partial<CardTransaction>): CardTransaction[];
}

async function rig(scenario: ScenarioName | ScenarioSpec, options: { config?: Partial<SenderConfig>; lastStan?: number; dataFile?: string } = {}): Promise<Rig> {
  const sim = await startAcquirerSimulator({ profile: defaultProfile, scenario, dataFile: options.dataFile });
  cleanups.push(() => sim.close());
  const store = new MemoryOutbox({ lastStan: options.lastStan });
  const events: SenderEvent[] = [];
  const makeSender = (holderId: string, config: Partial<SenderConfig> = {}): AcquirerSender => {
    const sender = createSender({
      store, profile: defaultProfile, terminal, holderId, clock: systemClock, timers: systemTimers, random: seededRandom(7),
      config: { ...scaled, host: '127.0.0.1', port: sim.port, ...options.config, ...config },
      onEvent: (e) => events.push(e),
    });
    cleanups.push(() => sender.stop());
    return sender;
  };
  let i = 0;
  const add = (count: number, over: Partial<CardTransaction> = {}): CardTransaction[] =>
    Array.from({ length: count }, () => {
      i++;
      const tx: CardTransaction = {
        uuid: randomUUID(), ...terminal, batchNumber: 1, stan: store.allocateStan(), localDateTime: `2026-11-22T14:${String(i % 60).padStart(2, '0')}:05`,
        kind: i % 4 === 3 ? 'refund' : 'sale', cardType: i % 3 === 0 ? 'credit' : 'debit', amountMinor: 100 * i + 7, currency: 'EUR',
        maskedPan: '476173******0119', authCode: 'Y1', entryMode: 'contactless', offlineApproved: true, ...over,
      };
      store.enqueue('advice', tx, Date.now());
      return tx;
    });
  return { sim, store, events, sender: makeSender('till-a'), makeSender, add };
}

/** Drain until the outbox is empty, sleeping through backoff like the loop does; bounded. */
async function drain(sender: AcquirerSender, store: MemoryOutbox, maxPasses = 60): Promise<void> {
  for (let pass = 0; pass < maxPasses && store.backlog().count > 0; pass++) {
    const report = await sender.drainOnce();
    if (report.nextAttemptAt !== null) await new Promise((r) => setTimeout(r, Math.max(0, report.nextAttemptAt! - Date.now())));
  }
}

/** I2 and I5: nothing captured twice (per UUID, whatever the STAN), settlement totals = captured − reversed. */
function checkInvariants(r: Rig, expectCaptured: CardTransaction[], options: { tillAgrees?: boolean } = {}): void {
  const batchNumber = 1;
  const captured = r.sim.captured();
  const perUuid = new Map<string, number>();
  for (const c of captured) perUuid.set(c.uuid, (perUuid.get(c.uuid) ?? 0) + 1);
  for (const [uuid, count] of perUuid) expect(count, `captured ${uuid}`).toBe(1);
  expect(new Set(captured.map((c) => c.uuid))).toEqual(new Set(expectCaptured.map((t) => t.uuid)));
  const reversed = new Set(r.sim.reversed().filter((x) => x.hadCapture).map((x) => x.key));
  const independent = emptyTotals();
  for (const c of captured) if (c.batchNumber === batchNumber && !reversed.has(c.key)) addToTotals(independent, c);
  expect(r.sim.totals(terminal.terminalId, batchNumber)).toEqual(independent);
  if (options.tillAgrees !== false) expect(totalsOf(r.store.capturedInBatch(batchNumber))).toEqual(independent);
}

const inbound = (r: Rig, uuid: string): string[] =>
  r.sim.recordedMessages().filter((m) => m.direction === 'in' && m.fields[62] === uuid).map((m) => `${m.mti}/${m.fields[11]}`);

describe('sender vs acquirer simulator (loopback)', () => {
  it('approve: drains in order, echo first, reconciliation balances', async () => {
    const r = await rig('approve');
    const txs = r.add(12);
    await drain(r.sender, r.store);
    expect(r.store.backlog().count).toBe(0);
    checkInvariants(r, txs);
    const ins = r.sim.recordedMessages().filter((m) => m.direction === 'in');
    expect(ins[0]!.mti).toBe('0800');
    expect(ins.slice(1).map((m) => m.fields[62])).toEqual(txs.map((t) => t.uuid)); // outbox order
    expect(r.events.some((e) => e.type === 'link' && e.state === 'online')).toBe(true);
    const rec = await r.sender.reconcile(1, 'EUR');
    expect(rec).toMatchObject({ ok: true, record: { balanced: true, uploaded: false, responseCode: '00' } });
  });

  it('duplicate reply: the second copy is a stray and acknowledges nothing else', async () => {
    const r = await rig({ name: 'duplicate-reply', times: Infinity });
    const txs = r.add(6);
    await drain(r.sender, r.store);
    checkInvariants(r, txs);
    expect(r.events.filter((e) => e.type === 'stray-reply').length).toBeGreaterThanOrEqual(5);
    for (const t of txs) expect(inbound(r, t.uuid)).toEqual([`0220/${String(t.stan).padStart(6, '0')}`]);
  });

  for (const name of ['drop-after-receive', 'reset-mid-frame', 'truncated-frame'] as const) {
    it(`${name}: outcome unknown, repeated as 0221 with the same STAN, captured once`, async () => {
      const r = await rig({ name, times: 1 });
      const txs = r.add(4);
      await drain(r.sender, r.store);
      expect(r.store.backlog().count).toBe(0);
      checkInvariants(r, txs);
      for (const t of txs) {
        const stan = String(t.stan).padStart(6, '0');
        expect(inbound(r, t.uuid)).toEqual([`0220/${stan}`, `0221/${stan}`]);
      }
      expect(r.events.some((e) => e.type === 'item' && e.outcome === 'retry-scheduled')).toBe(true);
    });
  }

  it('slow reply: the read timeout fires, the repeat is acknowledged, the late reply is ignored', async () => {
    const r = await rig({ name: 'slow-reply', times: 1, delayMs: 450 });
    const txs = r.add(3);
    await drain(r.sender, r.store);
    checkInvariants(r, txs);
    for (const t of txs) expect(inbound(r, t.uuid).map((x) => x.slice(0, 4))).toEqual(['0220', '0221']);
  });

  it('decline advice: declined after offline approval, listed, never retried', async () => {
    const r = await rig('decline-advice');
    const txs = r.add(3);
    await drain(r.sender, r.store);
    expect(r.store.listDeclined().map((d) => [d.transaction.uuid, d.responseCode])).toEqual(txs.map((t) => [t.uuid, '05']));
    for (const t of txs) expect(inbound(r, t.uuid)).toHaveLength(1);
    checkInvariants(r, []);
  });

  it('out of balance: 0500 → 95 → 0320 per transaction → 0500 (960000) balances', async () => {
    const r = await rig({ name: 'out-of-balance', times: 1 });
    const txs = r.add(5);
    await drain(r.sender, r.store);
    expect(r.sim.captured()).toHaveLength(4); // the host "lost" one acknowledged advice
    const rec = await r.sender.reconcile(1, 'EUR');
    expect(rec).toMatchObject({ ok: true, record: { balanced: true, uploaded: true, uploadedCount: 5, responseCode: '00' } });
    const mtis = r.sim.recordedMessages().filter((m) => m.direction === 'in').map((m) => `${m.mti}${m.mti === '0500' ? `:${m.fields[3]}` : ''}`);
    expect(mtis.slice(-7)).toEqual(['0500:920000', '0320', '0320', '0320', '0320', '0320', '0500:960000']);
    checkInvariants(r, txs);
  });

  it('out of balance that the upload cannot fix is recorded with both totals, not hidden', async () => {
    const r = await rig('approve');
    const txs = r.add(2);
    await drain(r.sender, r.store);
    // The till forgets nothing, but the host holds an extra capture the till never acknowledged (manual review case).
    const ghost = r.add(1);
    r.sim.setScenario({ name: 'drop-after-receive', times: Infinity });
    const s = r.makeSender('till-b', { maxAttempts: 1 });
    r.sender.wake();
    await r.sender.stop();
    await drain(s, r.store, 3);
    expect(r.store.listManualReview().map((e) => e.item.transaction.uuid)).toEqual([ghost[0]!.uuid]);
    r.sim.setScenario('approve');
    const rec = await s.reconcile(1, 'EUR');
    expect(rec.ok && rec.record.balanced).toBe(false);
    if (rec.ok) expect(rec.record.hostTotals).not.toEqual(rec.record.localTotals);
    expect(r.store.reconciliations).toHaveLength(1);
    // The host has one capture more than the till acknowledged: exactly the difference the record shows.
    checkInvariants(r, [...txs, ...ghost], { tillAgrees: false });
    if (rec.ok) expect(rec.record.localTotals).toEqual(totalsOf(txs));
  });

  it('answer after a reversal: the late approval is a stray, the reversal stands', async () => {
    const r = await rig({ name: 'answer-after-reversal', times: 1 });
    const [t] = r.add(1);
    r.store.enqueue('reversal', t!, Date.now());
    await drain(r.sender, r.store);
    expect(r.store.backlog().count).toBe(0);
    expect(r.sim.reversed()).toMatchObject([{ uuid: t!.uuid, hadCapture: true }]);
    expect(r.events.some((e) => e.type === 'stray-reply' && e.mti === '0230')).toBe(true);
    expect(r.store.capturedInBatch(1)).toEqual([]);
    checkInvariants(r, [t!]);
    expect(r.sim.totals(terminal.terminalId, 1)).toEqual(emptyTotals());
  });

  it('manual review after N failed attempts; requeued by a manager, captured once', async () => {
    const r = await rig({ name: 'truncated-frame', times: Infinity }, { config: { maxAttempts: 3 } });
    const [t, u] = r.add(2);
    await drain(r.sender, r.store, 12);
    const review = r.store.listManualReview();
    expect(review.map((e) => e.item.transaction.uuid)).toEqual([t!.uuid, u!.uuid]);
    expect(review[0]!.reason).toMatch(/after 3 attempts/);
    expect(inbound(r, t!.uuid).map((x) => x.slice(0, 4))).toEqual(['0220', '0221', '0221']);
    r.sim.setScenario('approve');
    r.store.requeueFromManualReview(review[0]!.item.id, Date.now());
    r.store.requeueFromManualReview(review[1]!.item.id, Date.now());
    await drain(r.sender, r.store);
    expect(r.store.listManualReview()).toEqual([]);
    checkInvariants(r, [t!, u!]);
  });

  it('never reached: no attempt counted, first send stays 0220; the echo finds the acquirer back', async () => {
    const r = await rig('approve');
    const port = r.sim.port;
    await r.sim.close();
    const txs = r.add(2);
    const first = await r.sender.drainOnce();
    expect(first.stoppedBy).toBe('offline');
    expect(r.store.peekHead()).toMatchObject({ sendCount: 0, failedAttempts: 0 });
    expect(r.sender.status()).toMatchObject({ link: 'offline', backlog: { count: 2 } });
    const sim = await startAcquirerSimulator({ profile: defaultProfile, port });
    cleanups.push(() => sim.close());
    await drain(r.sender, r.store);
    expect(r.store.backlog().count).toBe(0);
    expect(sim.recordedMessages().filter((m) => m.direction === 'in').map((m) => m.mti)).toEqual(['0800', '0220', '0220']);
    expect(sim.captured().map((c) => c.uuid)).toEqual(txs.map((t) => t.uuid));
    expect(r.events.filter((e) => e.type === 'link').map((e) => (e as { state: string }).state)).toEqual(['offline', 'online']);
  });

  it('lease: a second sender is kept out while the first holds the ledger; takes over after expiry', async () => {
    const r = await rig('approve', { config: { leaseTtlMs: 300 } });
    const txs = r.add(10);
    r.store.acquireLease('crashed-till', Date.now(), 300); // a sender that died holding the lease
    const blocked = await r.sender.drainOnce();
    expect(blocked.stoppedBy).toBe('lease-held-elsewhere');
    expect(r.sim.recordedMessages()).toEqual([]);
    // Two live senders racing for the same outbox after the expiry: each item still goes out once.
    await new Promise((res) => setTimeout(res, 320));
    const b = r.makeSender('till-b');
    await Promise.all([drain(r.sender, r.store), drain(b, r.store)]);
    expect(r.store.backlog().count).toBe(0);
    for (const t of txs) expect(inbound(r, t.uuid)).toHaveLength(1);
    checkInvariants(r, txs);
  });

  it('STAN wraps 999999 → 1 and the dedupe key keeps every sale apart', async () => {
    const r = await rig('approve', { lastStan: 999_995 });
    const txs = r.add(8);
    expect(txs.map((t) => t.stan)).toEqual([999_996, 999_997, 999_998, 999_999, 1, 2, 3, 4]);
    await drain(r.sender, r.store);
    checkInvariants(r, txs);
  });

  it('reconciliation totals are captured − reversed', async () => {
    const r = await rig('approve');
    const txs = r.add(6);
    r.store.enqueue('reversal', txs[1]!, Date.now());
    r.store.enqueue('reversal', txs[4]!, Date.now());
    await drain(r.sender, r.store);
    const rec = await r.sender.reconcile(1, 'EUR');
    expect(rec).toMatchObject({ ok: true, record: { balanced: true } });
    if (rec.ok) expect(rec.record.localTotals).toEqual(totalsOf([txs[0]!, txs[2]!, txs[3]!, txs[5]!]));
    checkInvariants(r, txs);
  });

  it('reconciliation waits for the batch backlog', async () => {
    const r = await rig('approve');
    r.add(1);
    expect(await r.sender.reconcile(1, 'EUR')).toMatchObject({ ok: false, code: 'BACKLOG_NOT_EMPTY' });
  });

  it('the simulator record survives a restart: a repeat after it is acknowledged, not captured again', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'till-acq-')), 'sim.jsonl');
    const r = await rig({ name: 'drop-after-receive', times: 1 }, { dataFile });
    const txs = r.add(2);
    await r.sender.drainOnce(); // first advice captured, connection dropped before the reply
    const port = r.sim.port;
    await r.sim.close();
    const sim2 = await startAcquirerSimulator({ profile: defaultProfile, port, dataFile });
    cleanups.push(() => sim2.close());
    expect(sim2.captured().map((c) => c.uuid)).toEqual([txs[0]!.uuid]);
    await drain(r.sender, r.store);
    expect(sim2.captured().map((c) => c.uuid).sort()).toEqual(txs.map((t) => t.uuid).sort());
    expect(sim2.recordedMessages().filter((m) => m.direction === 'in' && m.fields[62] === txs[0]!.uuid).map((m) => m.mti)).toEqual(['0220', '0221']);
  });

  it('start/stop loop drains in the background and reports backlog events', async () => {
    const r = await rig('approve');
    r.sender.start();
    const txs = r.add(5);
    r.sender.wake();
    for (let i = 0; i < 100 && r.store.backlog().count > 0; i++) await new Promise((res) => setTimeout(res, 20));
    await r.sender.stop();
    expect(r.store.backlog().count).toBe(0);
    const last = r.events.filter((e) => e.type === 'backlog').at(-1);
    expect(last).toMatchObject({ backlog: { count: 0 } });
    checkInvariants(r, txs);
    expect(r.store.acquireLease('someone-else', Date.now(), 100).held).toBe(true); // released on stop
  });

  it('a stored row that cannot become a message goes to manual review and does not block the queue', async () => {
    const r = await rig('approve');
    const [bad] = r.add(1, { terminalId: 'TOO-LONG-TID' });
    const good = r.add(2);
    await drain(r.sender, r.store);
    expect(r.store.listManualReview()).toMatchObject([{ item: { transaction: { uuid: bad!.uuid } }, reason: expect.stringMatching(/invalid/) }]);
    expect(inbound(r, bad!.uuid)).toEqual([]);
    checkInvariants(r, good);
  });

  it('idle echo: the link state follows the acquirer going away and coming back, without a backlog', async () => {
    const r = await rig('approve', { config: { echoIntervalMs: 30, idlePollMs: 30 } });
    const port = r.sim.port;
    const linkStates = (): string[] => r.events.filter((e) => e.type === 'link').map((e) => (e as { state: string }).state);
    const waitFor = async (state: string, n: number): Promise<void> => {
      for (let i = 0; i < 200 && linkStates().filter((s) => s === state).length < n; i++) await new Promise((res) => setTimeout(res, 10));
    };
    r.sender.start();
    await waitFor('online', 1);
    await r.sim.close();
    await waitFor('offline', 1);
    const sim = await startAcquirerSimulator({ profile: defaultProfile, port });
    cleanups.push(() => sim.close());
    await waitFor('online', 2);
    await r.sender.stop();
    expect(linkStates()).toEqual(['online', 'offline', 'online']);
    // Every probe is an 0800: nothing financial is sent by an idle sender.
    expect(new Set(sim.recordedMessages().filter((m) => m.direction === 'in').map((m) => m.mti))).toEqual(new Set(['0800']));
  });
});
