// Contract of the acquirer storage port: STAN wrap, lease (exclusive, expiring, fencing), order, counters, lists,
// batch view. Not a test file itself: memory-outbox.test.ts runs it, and the SQLite implementation should too:
//   runOutboxPortContract('SqliteOutbox', (o) => openSqliteOutbox(tmpFile(), o));
import { describe, expect, it } from 'vitest';
import type { CardTransaction } from '../../../acquirer/messages';
import type { AcquirerOutboxPort, OutboxWriter } from '../../../acquirer/outbox-port';

export type OutboxFactory = (options: { lastStan?: number }) => AcquirerOutboxPort & OutboxWriter;

let n = 0;
function tx(over: Partial<CardTransaction> = {}): CardTransaction {
  n++;
  return {
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, terminalId: 'TILL0001', merchantId: 'SHOP1', batchNumber: 1, stan: n,
    localDateTime: '2026-11-22T14:30:05', kind: 'sale', cardType: 'debit', amountMinor: 100, currency: 'EUR',
    maskedPan: '476173******0119', authCode: 'Y1', entryMode: 'chip', offlineApproved: true, ...over,
  };
}
const ack = { responseCode: '00', authCode: null, retrievalReference: null, at: 1 };

export function runOutboxPortContract(name: string, make: OutboxFactory): void {
  describe(`${name} (acquirer storage port contract)`, () => {
    it('allocates STANs 1..999999 and wraps to 1, never 0', () => {
      const store = make({ lastStan: 999_997 });
      expect([store.allocateStan(), store.allocateStan(), store.allocateStan(), store.allocateStan()]).toEqual([999_998, 999_999, 1, 2]);
    });
    it('lease: one holder at a time, renewable by its holder, free after expiry or release', () => {
      const store = make({});
      expect(store.acquireLease('a', 0, 100)).toEqual({ held: true, expiresAt: 100 });
      expect(store.acquireLease('b', 50, 100)).toEqual({ held: false, holderId: 'a', expiresAt: 100 });
      expect(store.acquireLease('a', 60, 100)).toEqual({ held: true, expiresAt: 160 });
      expect(store.acquireLease('b', 160, 100)).toEqual({ held: true, expiresAt: 260 });
      store.releaseLease('a'); // not a's any more: no effect
      expect(store.acquireLease('a', 170, 100).held).toBe(false);
      store.releaseLease('b');
      expect(store.acquireLease('a', 170, 100).held).toBe(true);
    });
    it('markSending is fenced by the lease', () => {
      const store = make({});
      const item = store.enqueue('advice', tx(), 0);
      expect(store.markSending(item.id, 'a', 0)).toBeNull();
      store.acquireLease('a', 0, 100);
      expect(store.markSending(item.id, 'a', 10)?.sendCount).toBe(1);
      expect(store.markSending(item.id, 'a', 100)).toBeNull(); // expired
      expect(store.markSending(item.id, 'b', 10)).toBeNull();
    });
    it('keeps order, counts, backlog and the lists', () => {
      const store = make({});
      const a = store.enqueue('advice', tx({ amountMinor: 300 }), 10);
      const b = store.enqueue('advice', tx({ amountMinor: 200, batchNumber: 2 }), 20);
      const c = store.enqueue('reversal', a.transaction, 30);
      expect(store.peekHead()?.id).toBe(a.id);
      expect(store.backlog()).toEqual({ count: 3, oldestEnqueuedAt: 10, offlineApproved: { count: 2, amountMinor: 500, oldestEnqueuedAt: 10 } });
      store.recordFailure(a.id, { error: 'x', nextAttemptAt: 99, countsAsAttempt: true });
      store.recordFailure(a.id, { error: 'y', nextAttemptAt: 99, countsAsAttempt: false });
      expect(store.peekHead()).toMatchObject({ id: a.id, failedAttempts: 1, lastError: 'y', nextAttemptAt: 99 });
      store.acknowledge(a.id, ack);
      store.acknowledge(a.id, ack); // idempotent
      expect(store.capturedInBatch(1).map((t) => t.uuid)).toEqual([a.transaction.uuid]);
      expect(store.pendingInBatch(2)).toBe(1);
      store.moveToManualReview(b.id, { reason: 'r', responseCode: null, at: 5 });
      expect(store.listManualReview().map((e) => e.item.id)).toEqual([b.id]);
      expect(store.peekHead()?.id).toBe(c.id);
      store.acknowledge(c.id, ack);
      expect(store.capturedInBatch(1)).toEqual([]); // reversed
      expect(store.backlog().count).toBe(0);
      const again = store.requeueFromManualReview(b.id, 50)!;
      expect(again.id).toBeGreaterThan(c.id);
      expect(store.backlog()).toMatchObject({ count: 1, oldestEnqueuedAt: 20 });
      store.markDeclinedAfterOfflineApproval(again.id, { responseCode: '05', at: 60 });
      expect(store.listDeclined()).toEqual([{ transaction: b.transaction, responseCode: '05', at: 60 }]);
      expect(store.backlog()).toEqual({ count: 0, oldestEnqueuedAt: null, offlineApproved: { count: 0, amountMinor: 0, oldestEnqueuedAt: null } });
    });
  });
}
