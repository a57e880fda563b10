// The SQLite acquirer outbox against the storage-port contract (same as MemoryOutbox), plus what only SQLite has:
// enqueue inside the caller's transaction (rolls back with it), training/live separation, persistence across
// reopen, batch closing, and migration 3 applied to a version-2 ledger that already holds data.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAcquirerOutbox } from '../../../db/acquirer-outbox';
import { openLedger, schemaVersion } from '../../../db/open';
import type { CardTransaction } from '../../../acquirer/messages';
import { runOutboxPortContract } from '../acquirer/outbox-port-contract';

const tmpLedger = () => join(mkdtempSync(join(tmpdir(), 'acq-outbox-')), 'ledger.sqlite');

runOutboxPortContract('SqliteAcquirerOutbox', (options) => new SqliteAcquirerOutbox(openLedger(tmpLedger()), options));

let n = 0;
function tx(over: Partial<CardTransaction> = {}): CardTransaction {
  n++;
  return {
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, terminalId: 'TILL0001', merchantId: 'SHOP1', batchNumber: 1, stan: n,
    localDateTime: '2026-11-22T14:30:05', kind: 'sale', cardType: 'debit', amountMinor: 100, currency: 'EUR',
    maskedPan: '476173******0119', authCode: 'Y1', entryMode: 'chip', offlineApproved: true, ...over,
  };
}

describe('SqliteAcquirerOutbox on the ledger', () => {
  it('enqueues inside the caller\'s transaction: rolled back with it, committed with it', () => {
    const db = openLedger(tmpLedger());
    const store = new SqliteAcquirerOutbox(db);
    expect(() =>
      db.transaction(() => {
        store.enqueue('advice', { ...tx(), stan: store.allocateStan() }, 1);
        throw new Error('sale failed after the advice was written');
      }).immediate(),
    ).toThrow('sale failed');
    expect(store.backlog().count).toBe(0);
    expect(store.allocateStan()).toBe(1); // the STAN taken in the rolled-back transaction came back too
    db.transaction(() => store.enqueue('advice', tx(), 2)).immediate();
    expect(store.backlog().count).toBe(1);
  });

  it('refuses a second advice for the same card payment and a full PAN', () => {
    const store = new SqliteAcquirerOutbox(openLedger(tmpLedger()));
    const t = tx();
    store.enqueue('advice', t, 1);
    expect(() => store.enqueue('advice', t, 2)).toThrow(/UNIQUE/);
    expect(() => store.enqueue('advice', tx({ maskedPan: '4761730000000119' }), 3)).toThrow(/masked PAN/);
    expect(store.backlog().count).toBe(1);
  });

  it('keeps training and live apart, and survives a reopen', () => {
    const path = tmpLedger();
    const db = openLedger(path);
    const live = new SqliteAcquirerOutbox(db);
    const training = new SqliteAcquirerOutbox(db, { training: true });
    const t = training.enqueue('advice', tx({ amountMinor: 700 }), 5);
    expect(live.peekHead()).toBeNull();
    expect(live.backlog().count).toBe(0);
    expect(training.peekHead()?.id).toBe(t.id);
    training.allocateStan();
    db.close();
    const again = new SqliteAcquirerOutbox(openLedger(path), { training: true });
    expect(again.backlog()).toEqual({ count: 1, oldestEnqueuedAt: 5, offlineApproved: { count: 1, amountMinor: 700, oldestEnqueuedAt: 5 } });
    expect(again.allocateStan()).toBe(2);
  });

  it('a lease from before a backwards clock jump does not block the next sender; the old holder is fenced out', () => {
    const store = new SqliteAcquirerOutbox(openLedger(tmpLedger()));
    const item = store.enqueue('advice', tx(), 0);
    expect(store.acquireLease('dead', 10_000_000, 60_000).held).toBe(true);
    // The wall clock jumps back two hours; a new process may not wait for it to catch up.
    const now = 10_000_000 - 7_200_000;
    expect(store.acquireLease('new', now, 60_000)).toEqual({ held: true, expiresAt: now + 60_000 });
    expect(store.markSending(item.id, 'dead', now)).toBeNull();
    expect(store.markSending(item.id, 'new', now)?.sendCount).toBe(1);
    // Within one TTL the lease is exclusive as before.
    expect(store.acquireLease('dead', now + 1, 60_000).held).toBe(false);
  });

  it('closes a used batch only, and lists batches still to reconcile', () => {
    const store = new SqliteAcquirerOutbox(openLedger(tmpLedger()));
    expect(store.closeBatch()).toBeNull(); // nothing in batch 1: stays open
    const a = store.enqueue('advice', tx({ batchNumber: store.currentBatch() }), 1);
    expect(store.closeBatch()).toBe(1);
    expect(store.currentBatch()).toBe(2);
    expect(store.unreconciledBatches()).toEqual([1]);
    store.acknowledge(a.id, { responseCode: '00', authCode: null, retrievalReference: null, at: 2 });
    store.recordReconciliation({
      batchNumber: 1, at: 3, balanced: true, uploaded: false, uploadedCount: 0, responseCode: '00',
      localTotals: { debitSales: { count: 1, amountMinor: 100 }, debitRefunds: { count: 0, amountMinor: 0 }, creditSales: { count: 0, amountMinor: 0 }, creditRefunds: { count: 0, amountMinor: 0 } },
      hostTotals: null,
    });
    expect(store.unreconciledBatches()).toEqual([]);
    expect(store.reconciliations()[0]).toMatchObject({ batchNumber: 1, balanced: true });
  });
});

describe('migration 3 (acquirer)', () => {
  it('applies to a version-2 ledger holding sales data and leaves that data alone', () => {
    const path = tmpLedger();
    const v2 = openLedger(path, { targetVersion: 2 });
    expect(schemaVersion(v2)).toBe(2);
    v2.prepare("INSERT INTO tax_rates (code, rate_bp, label) VALUES ('A', 1300, 'VAT 13%')").run();
    v2.prepare("INSERT INTO outbox (topic, ref, payload, created_at) VALUES ('print', 's1', '{}', '2026-11-22T10:00:00Z')").run();
    v2.close();
    const db = openLedger(path, { targetVersion: 3 });
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT count(*) AS n FROM tax_rates').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT training, last_stan, batch_number, pending_count FROM acquirer_counters ORDER BY training').all()).toEqual([
      { training: 0, last_stan: 0, batch_number: 1, pending_count: 0 },
      { training: 1, last_stan: 0, batch_number: 1, pending_count: 0 },
    ]);
    const strict = db.prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE name LIKE 'acquirer_%'").all();
    expect(strict.length).toBe(7);
    expect(strict.every((t) => t.strict === 1)).toBe(true);
    // STRICT and CHECK hold: no REAL money, no text in an integer column.
    expect(() => db.prepare("INSERT INTO acquirer_outbox (training, kind, uuid, batch_number, amount_minor, offline_sale, transaction_json, enqueued_at) VALUES (0, 'advice', 'u', 1, 1.5, 1, '{}', 0)").run()).toThrow();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
