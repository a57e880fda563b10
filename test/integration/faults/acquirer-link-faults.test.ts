// Fault table rows 5, 6, 7, 8 and the acquirer side of 13 (research/reliability.md §5): read timeout after the
// request left, reset and truncated replies, a garbage-speaking host, duplicate and late replies, a retransmission
// storm with the STAN wrapping, manual review and a manager's requeue. The till runs in-process on a real ledger
// file with its real sender; the acquirer simulator speaks ISO 8583 on loopback. Ends with the invariant checker.
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { enqueueCardReversal } from '../../../service/sync-service';
import type { CardTransaction } from '../../../acquirer/messages';
import { cardSale, loginCashier, must, openAcquirerTill, waitForDrain, type AcquirerTill } from '../../support/acquirer-till';
import { expectInvariants, requestsFor, startHarness, type Harness } from '../../support/acquirer-harness';

let h: Harness | null = null;
let till: AcquirerTill | null = null;
afterEach(async () => {
  await till?.close();
  await h?.close();
  till = null;
  h = null;
});

async function setUp(scenario: Parameters<typeof startHarness>[0] = 'approve'): Promise<{ h: Harness; till: AcquirerTill }> {
  h = await startHarness(scenario);
  till = openAcquirerTill({ dataDir: h.dataDir, address: h.address });
  await loginCashier(till);
  return { h, till };
}

async function finish(t: AcquirerTill): Promise<void> {
  expect(await waitForDrain(t)).toBe(0);
  await t.close();
  till = null;
}

function auditActions(t: AcquirerTill, action: string): Record<string, unknown>[] {
  return t.ctx.db.prepare<[string], { detail: string }>('SELECT detail FROM audit_log WHERE action = ? ORDER BY seq').all(action).map((r) => JSON.parse(r.detail) as Record<string, unknown>);
}

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('row 5: read timeout after the advice was sent', () => {
  it('outcome unknown: repeated as 0221 with the same STAN (never a fresh one), captured once', async () => {
    const { h, till } = await setUp({ name: 'slow-reply', delayMs: 2500 }); // read timeout is 900 ms at 1/50
    const sale = await cardSale(till);
    await finish(till);
    const requests = requestsFor(h, sale.paymentId);
    expect(requests.map((r) => r.mti)).toEqual(['0220', '0221']);
    expect(requests.every((r) => Number(r.stan) === sale.stan)).toBe(true);
    expectInvariants(h);
  });
});

describe('row 6: reset and truncated replies', () => {
  it.each(['reset-mid-frame', 'truncated-frame'] as const)('%s: treated as outcome unknown, repeated, captured once', async (scenario) => {
    const { h, till } = await setUp(scenario);
    const sales = [await cardSale(till), await cardSale(till)];
    await finish(till);
    for (const s of sales) {
      expect(requestsFor(h, s.paymentId).map((r) => r.mti)).toEqual(['0220', '0221']);
    }
    expectInvariants(h);
  });
});

describe('row 13 (acquirer side): a host that answers garbage', () => {
  it('no crash, no hang: each garbage answer is an unknown outcome; the real host later captures once', async () => {
    const { h, till } = await setUp();
    const port = h.sim.port;
    await h.stopSim();
    // Garbage on the acquirer's port: a length header larger than the profile allows, or random bytes.
    let answered = 0;
    const garbage = net.createServer((socket) => {
      socket.on('data', () => {
        answered++;
        socket.write(answered % 2 ? Buffer.from([0xff, 0xff, ...randomBytes(32)]) : Buffer.concat([Buffer.from([0x00, 0x20]), randomBytes(32)]));
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => garbage.listen(port, '127.0.0.1', r));
    const sale = await cardSale(till);
    await until(() => answered >= 3);
    const status = must(await till.api['sync.status']({}));
    expect(status.backlog).toBe(1);
    expect(status.online).toBe(false);
    await new Promise<void>((r) => garbage.close(() => r()));
    await h.restartSim();
    await finish(till);
    expect(h.sim.captured().map((c) => c.uuid)).toEqual([sale.paymentId]);
    expectInvariants(h);
  });
});

describe('row 7: duplicate and late replies', () => {
  it('a duplicate reply is a stray: logged in the audit, never acted on; captured once', async () => {
    const { h, till } = await setUp('duplicate-reply');
    await cardSale(till);
    await cardSale(till);
    await until(() => auditActions(till, 'acquirer.stray-reply').length >= 2);
    expect(auditActions(till, 'acquirer.stray-reply').length).toBeGreaterThanOrEqual(2);
    await finish(till);
    expect(h.sim.captured()).toHaveLength(2);
    expectInvariants(h);
  });

  it('an approval arriving after the reversal does not reopen the payment: the reversal stands', async () => {
    const { h, till } = await setUp('answer-after-reversal');
    const sale = await cardSale(till);
    // The card payment is resolved as "not paid" before the acquirer answered: its reversal is queued behind the advice.
    const stored = JSON.parse(till.ctx.db.prepare<[string], { transaction_json: string }>('SELECT transaction_json FROM acquirer_outbox WHERE uuid = ?').get(sale.paymentId)!.transaction_json) as CardTransaction;
    till.ctx.tx(() => enqueueCardReversal(till.ctx, stored));
    await until(() => auditActions(till, 'acquirer.stray-reply').some((d) => d.mti === '0230'));
    expect(auditActions(till, 'acquirer.stray-reply').map((d) => d.mti)).toContain('0230');
    await finish(till);
    expect(requestsFor(h, sale.paymentId).map((r) => r.mti)).toEqual(['0220', '0221', '0400']);
    expect(h.sim.reversed()).toMatchObject([{ uuid: sale.paymentId, hadCapture: true }]);
    const report = expectInvariants(h);
    expect(report.counts.reversed).toBe(1);
  });
});

describe('row 8: retransmission storm, STAN wrap, manual review', () => {
  it('repeats keep their STAN; 999999 wraps to 1 without a collision; a hopeless item goes to review, a manager requeues it', async () => {
    const { h, till } = await setUp({ name: 'drop-after-receive', times: 2 });
    till.ctx.db.prepare('UPDATE acquirer_counters SET last_stan = 999990 WHERE training = 1').run();
    const sales = [];
    for (let i = 0; i < 20; i++) sales.push(await cardSale(till));
    expect(await waitForDrain(till)).toBe(0);
    for (const s of sales) {
      const requests = requestsFor(h, s.paymentId);
      expect(requests.map((r) => r.mti)).toEqual(['0220', '0221', '0221']);
      expect(new Set(requests.map((r) => r.stan))).toEqual(new Set([requests[0]!.stan]));
    }
    const stans = sales.map((s) => s.stan);
    expect(new Set(stans).size).toBe(20);
    expect(stans).toContain(999_999);
    expect(stans).toContain(1);
    expect(stans).not.toContain(0);

    // Now the host never answers this one: after 6 failed attempts it goes to manual review, never dropped.
    h.sim.setScenario({ name: 'drop-after-receive', times: Infinity });
    const hopeless = await cardSale(till);
    await until(async () => must(await till.api['sync.status']({})).reviewCount === 1, 10_000);
    must(await till.api['session.logout']({}));
    must(await till.api['session.login']({ username: 'manager', pin: '2222' }));
    const review = must(await till.api['sync.review']({}));
    expect(review.manualReview).toHaveLength(1);
    expect(review.manualReview[0]).toMatchObject({ uuid: hopeless.paymentId, stan: hopeless.stan, sendCount: 6 });
    expect(review.manualReview[0]!.reason).toMatch(/after 6 attempts/);
    expect(requestsFor(h, hopeless.paymentId)).toHaveLength(6);
    h.sim.setScenario('approve');
    const after = must(await till.api['sync.requeue']({ id: review.manualReview[0]!.id }));
    expect(after.reviewCount).toBe(0);
    expect(auditActions(till, 'acquirer.requeue')).toHaveLength(1);
    await finish(till);
    const requests = requestsFor(h, hopeless.paymentId);
    expect(requests.map((r) => r.mti)).toEqual(['0220', '0221', '0221', '0221', '0221', '0221', '0221']);
    expect(new Set(requests.map((r) => r.stan)).size).toBe(1);
    const report = expectInvariants(h);
    expect(report.counts.captured).toBe(21);
  });
});
