// Fault table rows 9, 10, 11, 12 and 15 (research/reliability.md §5): settlement out of balance (batch upload),
// offline limits and age with the acquirer down (and the drain + balanced reconciliation when it returns),
// an offline approval the acquirer declines, clock jumps, and a double submit. In-process till on a real ledger
// file with its real sender against the loopback simulator; each ends with the invariant checker.
import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { offlineDecision } from '../../../service/sync-service';
import type { TillConfig } from '../../../service/config';
import type { StatusView, TillEventName } from '../../../service/contract';
import { cardSale, finishOpenSale, loginCashier, must, openAcquirerTill, waitForDrain, type AcquirerTill } from '../../support/acquirer-till';
import { expectInvariants, requestsFor, startHarness, type Harness } from '../../support/acquirer-harness';

let h: Harness | null = null;
let till: AcquirerTill | null = null;
afterEach(async () => {
  await till?.close();
  await h?.close();
  till = null;
  h = null;
});

function movableClock(start = Date.now()) {
  let offset = start - Date.now();
  const clock = () => new Date(Date.now() + offset);
  return Object.assign(clock, { jump: (ms: number) => void (offset += ms) });
}

async function setUp(options: { scenario?: Parameters<typeof startHarness>[0]; config?: Partial<TillConfig>; clock?: () => Date } = {}) {
  h = await startHarness(options.scenario);
  till = openAcquirerTill({ dataDir: h.dataDir, address: h.address, config: options.config, clock: options.clock });
  await loginCashier(till);
  return { h, till };
}

async function asManager(t: AcquirerTill): Promise<void> {
  must(await t.api['session.logout']({}));
  must(await t.api['session.login']({ username: 'manager', pin: '2222' }));
}

async function closeTill(t: AcquirerTill): Promise<void> {
  await t.close();
  till = null;
}

describe('row 9: settlement totals do not match', () => {
  it('the acquirer "lost" an advice: 0500 answers 95, the till uploads the batch (0320) and the second 0500 balances', async () => {
    const { h, till } = await setUp({ scenario: 'out-of-balance' });
    for (let i = 0; i < 3; i++) await cardSale(till);
    expect(await waitForDrain(till)).toBe(0);
    expect(h.sim.captured()).toHaveLength(2); // one was acknowledged but never booked
    await asManager(till);
    const result = must(await till.api['sync.reconcile']({}));
    expect(result.closedBatch).toBe(1);
    expect(result.currentBatch).toBe(2);
    expect(result.results).toHaveLength(1);
    expect(result.results[0]).toMatchObject({ batchNumber: 1, ok: true, balanced: true, uploaded: true });
    expect(result.results[0]!.localTotals).toEqual(result.results[0]!.hostTotals);
    expect(h.sim.recordedMessages().filter((m) => m.direction === 'in' && m.mti === '0320')).toHaveLength(3);
    const stored = till.ctx.db.prepare('SELECT batch_number, balanced, uploaded, uploaded_count FROM acquirer_reconciliations').all();
    expect(stored).toEqual([{ batch_number: 1, balanced: 1, uploaded: 1, uploaded_count: 3 }]);
    // A second call has nothing left to reconcile; a new sale goes into batch 2.
    expect(must(await till.api['sync.reconcile']({})).results).toEqual([]);
    await closeTill(till);
    expectInvariants(h);
  });
});

describe('row 10: offline limits and age, then the link returns (acceptance: keep selling by card offline)', () => {
  it('refuses before the card is presented with the reason, audits each decision, drains to zero and balances after', async () => {
    const clock = movableClock();
    const { h, till } = await setUp({
      clock,
      config: { acquirer: { mode: 'simulated', offline: { floorLimitMinor: 2000, maxStoredCount: 3, maxStoredAmountMinor: 100_000, maxOldestAgeMs: 24 * 3600_000 } } },
    });
    const events: { name: TillEventName; payload: unknown }[] = [];
    till.subscribe((name, payload) => events.push({ name, payload }));
    await h.stopSim();
    const decisions = [];
    decisions.push(offlineDecision(till.ctx, 2001));
    for (let i = 0; i < 3; i++) {
      const d = offlineDecision(till.ctx, 1150);
      decisions.push(d);
      expect(d.allowed).toBe(true);
      await cardSale(till, { offlineApproved: true });
    }
    decisions.push(offlineDecision(till.ctx, 1150));
    clock.jump(25 * 3600_000);
    decisions.push(offlineDecision(till.ctx, 1150));
    expect(decisions.map((d) => d.reasonCode)).toEqual(['OFFLINE_OVER_FLOOR_LIMIT', 'OFFLINE_OK', 'OFFLINE_OK', 'OFFLINE_OK', 'OFFLINE_STORED_COUNT_CAP', 'OFFLINE_OLDEST_TOO_OLD']);
    expect(decisions[0]!.message.en).toMatch(/offline limit/);
    const audited = till.ctx.db.prepare<[], { detail: string }>("SELECT detail FROM audit_log WHERE action = 'acquirer.offline-decision' ORDER BY seq").all().map((r) => JSON.parse(r.detail) as { reasonCode: string; storedCountAfter: number });
    expect(audited.map((a) => a.reasonCode)).toEqual(decisions.map((d) => d.reasonCode));
    expect(audited[4]!.storedCountAfter).toBe(4);
    // The status strip: offline, three waiting.
    await new Promise((r) => setTimeout(r, 50));
    const status = must(await till.api['status.get']({}));
    expect(status.sync).toMatchObject({ online: false, backlog: 3 });
    expect(status.devices.find((d) => d.kind === 'acquirer')).toMatchObject({ health: 'offline' });
    expect(events.some((e) => e.name === 'status.changed' && (e.payload as StatusView).sync.online === false)).toBe(true);
    // The acquirer comes back: the backlog drains to zero and the batch reconciles.
    await h.restartSim();
    expect(await waitForDrain(till)).toBe(0);
    const online = must(await till.api['sync.status']({}));
    expect(online).toMatchObject({ online: true, backlog: 0, offlineStored: { count: 0, amount: 0 } });
    expect(events.some((e) => e.name === 'sync.progress' && (e.payload as { backlog: number }).backlog === 0)).toBe(true);
    await asManager(till);
    const rec = must(await till.api['sync.reconcile']({}));
    expect(rec.results).toMatchObject([{ batchNumber: 1, ok: true, balanced: true, uploaded: false }]);
    await closeTill(till);
    expectInvariants(h);
  });
});

describe('row 11: an offline approval the acquirer declines', () => {
  it('becomes "declined after offline approval": listed for the manager, audited, never sent again', async () => {
    const { h, till } = await setUp({ scenario: { name: 'decline-advice', declineCode: '51' } });
    const a = await cardSale(till);
    const b = await cardSale(till);
    expect(await waitForDrain(till)).toBe(0);
    await new Promise((r) => setTimeout(r, 200)); // a retry would have happened by now (backoff base 10 ms)
    for (const s of [a, b]) expect(requestsFor(h, s.paymentId).map((r) => r.mti)).toEqual(['0220']);
    await asManager(till);
    const review = must(await till.api['sync.review']({}));
    expect(review.declined.map((d) => [d.uuid, d.responseCode, d.amount])).toEqual([[a.paymentId, '51', a.cardAmount], [b.paymentId, '51', b.cardAmount]]);
    expect(must(await till.api['sync.status']({})).declinedCount).toBe(2);
    expect(till.ctx.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'acquirer.declined-after-offline-approval'").get()).toEqual({ n: 2 });
    await closeTill(till);
    const report = expectInvariants(h, { allowDeclined: true });
    expect(report.counts.declined).toBe(2);
    expect(report.counts.captured).toBe(0);
  });
});

describe('row 12: clock jumps on the till', () => {
  it('backwards and forwards mid-shift: receipts contiguous, audit chain valid, every dedupe key distinct, captured once', async () => {
    const clock = movableClock();
    const { h, till } = await setUp({ clock });
    const sales = [await cardSale(till)];
    for (const jump of [-5 * 60_000, 2 * 3600_000, -3 * 3600_000, 0]) {
      clock.jump(jump);
      sales.push(await cardSale(till));
    }
    expect(await waitForDrain(till)).toBe(0);
    await closeTill(till);
    const report = expectInvariants(h);
    expect(report.counts.receipts).toBe(5);
    expect(new Set(h.sim.captured().map((c) => c.key)).size).toBe(5);
    // Order comes from the outbox id, not the wall clock: the acquirer got them in the order they were rung up.
    const order = h.sim.recordedMessages().filter((m) => m.direction === 'in' && m.mti === '0220').map((m) => (m.fields[62] ?? '').toLowerCase());
    expect(order).toEqual(sales.map((s) => s.paymentId));
  });
});

describe('row 15: double submit', () => {
  it('the same card payment recorded twice is refused whole: one tender, one advice, one capture', async () => {
    const { h, till } = await setUp();
    const paymentId = randomUUID();
    await cardSale(till, { paymentId });
    await expect(cardSale(till, { paymentId })).rejects.toThrow(/UNIQUE/);
    // The second attempt rolled back entirely: its sale is still open with no card tender; the cashier pays cash.
    const open = must(await till.api['sale.current']({}));
    expect(open!.tenders).toEqual([]);
    await finishOpenSale(till);
    // Three forced passes at once besides the background loop: serialised, nothing sent twice.
    must(await till.api['session.logout']({}));
    must(await till.api['session.login']({ username: 'tech', pin: '3333' }));
    await Promise.all([till.api['sync.now']({}), till.api['sync.now']({}), till.api['sync.now']({})]);
    expect(await waitForDrain(till)).toBe(0);
    await closeTill(till);
    expect(requestsFor(h, paymentId).map((r) => r.mti)).toEqual(['0220']);
    const report = expectInvariants(h);
    expect(report.counts).toMatchObject({ cardTenders: 1, captured: 1, receipts: 2 });
  });
});
