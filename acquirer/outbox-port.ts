// The storage port the acquirer sender needs: outbox rows, the sender lease, STANs, the manual-review and
// declined-after-offline-approval lists, captured batch contents. Types only. Every method is synchronous and is
// meant to be ONE SQLite transaction (BEGIN IMMEDIATE for writers): no awaits inside, nothing held across I/O.
// Implemented in memory (memory-outbox.ts) and on SQLite by db/. Never imports service/, web/, cli/ or electron.
import type { BatchTotals, CardTransaction } from './messages';

export type OutboxItemKind = 'advice' | 'reversal';

export interface OutboxItem {
  /** Order of the outbox: strictly increasing; the sender always works on the lowest pending id. */
  readonly id: number;
  readonly kind: OutboxItemKind;
  /** The stored card transaction (a reversal carries the transaction it reverses, same STAN and UUID). */
  readonly transaction: CardTransaction;
  /** Epoch ms when the row was written (in the sale's own transaction). */
  readonly enqueuedAt: number;
  /** Times the request may have left the till. Written BEFORE the bytes go out, so after a crash the next send is a repeat (0221/0401). */
  readonly sendCount: number;
  /** Sends that ended without an acknowledgement (no reply, retry code, bad reply). Drives the manual-review limit. */
  readonly failedAttempts: number;
  /** Epoch ms before which the item must not be sent (backoff). */
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
}

export type LeaseResult = { held: true; expiresAt: number } | { held: false; holderId: string; expiresAt: number };

export interface AcquirerAck {
  /** Field 39 as received ('00', or the duplicate code '94', or original-not-found for a reversal). */
  responseCode: string;
  authCode: string | null;
  retrievalReference: string | null;
  at: number;
}

export interface ManualReviewEntry {
  item: OutboxItem;
  reason: string;
  responseCode: string | null;
  at: number;
}

export interface DeclinedEntry {
  /** The offline-approved transaction the acquirer refused: a merchant loss, shown to the manager and on the next report. */
  transaction: CardTransaction;
  responseCode: string;
  at: number;
}

export interface BacklogSummary {
  /** Items waiting in the outbox (advices and reversals). */
  count: number;
  oldestEnqueuedAt: number | null;
  /** Offline-approved sale advices not yet acknowledged: what the offline policy caps (the merchant's risk). */
  offlineApproved: { count: number; amountMinor: number; oldestEnqueuedAt: number | null };
}

export interface ReconciliationRecord {
  batchNumber: number;
  at: number;
  balanced: boolean;
  /** True when a 0320 batch upload ran before the final 0500. */
  uploaded: boolean;
  uploadedCount: number;
  responseCode: string;
  localTotals: BatchTotals;
  /** The acquirer's totals from the 0510 (null if it sent none). */
  hostTotals: BatchTotals | null;
}

export interface AcquirerOutboxPort {
  /** Next STAN: 1..999999, wrapping 999999 → 1, persisted. The service calls it inside the sale's transaction. */
  allocateStan(): number;

  /** Take the sender lease if it is free, expired or already ours (then renew it). One writer transaction. */
  acquireLease(holderId: string, nowMs: number, ttlMs: number): LeaseResult;
  /** Give the lease up if we hold it (clean stop); a no-op otherwise. */
  releaseLease(holderId: string): void;

  /** The pending item with the lowest id, or null. */
  peekHead(): OutboxItem | null;
  /**
   * Fence and journal before the write: if `holderId` holds an unexpired lease at `nowMs`, add 1 to sendCount and
   * return the updated item; otherwise change nothing and return null (another sender owns the ledger).
   */
  markSending(id: number, holderId: string, nowMs: number): OutboxItem | null;
  /** Acknowledged by the acquirer: remove from the outbox. An advice counts as captured in its batch; a reversal marks its transaction reversed. Idempotent. */
  acknowledge(id: number, ack: AcquirerAck): void;
  /** Not acknowledged: keep the item, store the error and the next attempt time; add 1 to failedAttempts if it counts. */
  recordFailure(id: number, failure: { error: string; nextAttemptAt: number; countsAsAttempt: boolean }): void;
  /** Out of the outbox into the manual-review list (never dropped). */
  moveToManualReview(id: number, entry: { reason: string; responseCode: string | null; at: number }): void;
  /** The acquirer declined an offline-approved advice: out of the outbox into the declined list. Never retried with another card. */
  markDeclinedAfterOfflineApproval(id: number, decline: { responseCode: string; at: number }): void;
  /** A manager sends a reviewed item again: back into the outbox with a new id (at the end), counters reset. */
  requeueFromManualReview(id: number, nowMs: number): OutboxItem | null;

  backlog(): BacklogSummary;
  /** Outbox items of this batch not yet acknowledged: reconciliation waits for zero (manual-review items do not block; a mismatch they cause is reported). */
  pendingInBatch(batchNumber: number): number;
  /** Advices of this batch the acquirer acknowledged, minus those whose reversal it acknowledged: the till's side of 0500. */
  capturedInBatch(batchNumber: number): CardTransaction[];
  recordReconciliation(record: ReconciliationRecord): void;

  listManualReview(): ManualReviewEntry[];
  listDeclined(): DeclinedEntry[];
}

/** Writing side used by the service (inside the sale's transaction) and by tests and the bench. */
export interface OutboxWriter {
  enqueue(kind: OutboxItemKind, transaction: CardTransaction, nowMs: number): OutboxItem;
}
