// In-memory implementation of the acquirer storage port, for tests, the bench and training mode without a ledger.
// Same semantics as the SQLite one: every method is synchronous and atomic. Never imports service/, web/, cli/.
import type { CardTransaction } from './messages';
import type {
  AcquirerAck, AcquirerOutboxPort, BacklogSummary, DeclinedEntry, LeaseResult, ManualReviewEntry, OutboxItem,
  OutboxItemKind, OutboxWriter, ReconciliationRecord,
} from './outbox-port';

export interface MemoryOutboxOptions {
  /** The last STAN handed out (tests seed 999990 to see the wrap). */
  lastStan?: number;
}

export class MemoryOutbox implements AcquirerOutboxPort, OutboxWriter {
  private lastStan: number;
  private lastId = 0;
  private lease: { holderId: string; expiresAt: number } | null = null;
  // Ordered queue with a head index: acknowledgements happen at the head, so draining 100,000 items stays O(n).
  private readonly queue: number[] = [];
  private readonly requeued = new Set<number>();
  private head = 0;
  private readonly pending = new Map<number, OutboxItem>();
  private readonly pendingByBatch = new Map<number, number>();
  private offlineCount = 0;
  private offlineAmount = 0;
  private readonly review: ManualReviewEntry[] = [];
  private readonly declined: DeclinedEntry[] = [];
  private readonly captured = new Map<number, Map<string, CardTransaction>>();
  private readonly reversedUuids = new Set<string>();
  readonly reconciliations: ReconciliationRecord[] = [];
  readonly acks: { item: OutboxItem; ack: AcquirerAck }[] = [];

  constructor(options: MemoryOutboxOptions = {}) {
    this.lastStan = options.lastStan ?? 0;
  }

  allocateStan(): number {
    this.lastStan = this.lastStan >= 999_999 ? 1 : this.lastStan + 1;
    return this.lastStan;
  }

  enqueue(kind: OutboxItemKind, transaction: CardTransaction, nowMs: number): OutboxItem {
    const item: OutboxItem = {
      id: ++this.lastId, kind, transaction, enqueuedAt: nowMs, sendCount: 0, failedAttempts: 0, nextAttemptAt: 0, lastError: null,
    };
    this.insert(item);
    return item;
  }

  acquireLease(holderId: string, nowMs: number, ttlMs: number): LeaseResult {
    if (this.lease && this.lease.holderId !== holderId && this.lease.expiresAt > nowMs) {
      return { held: false, holderId: this.lease.holderId, expiresAt: this.lease.expiresAt };
    }
    this.lease = { holderId, expiresAt: nowMs + ttlMs };
    return { held: true, expiresAt: this.lease.expiresAt };
  }

  releaseLease(holderId: string): void {
    if (this.lease?.holderId === holderId) this.lease = null;
  }

  peekHead(): OutboxItem | null {
    while (this.head < this.queue.length && !this.pending.has(this.queue[this.head]!)) this.head++;
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return this.head < this.queue.length ? this.pending.get(this.queue[this.head]!)! : null;
  }

  markSending(id: number, holderId: string, nowMs: number): OutboxItem | null {
    if (!this.lease || this.lease.holderId !== holderId || this.lease.expiresAt <= nowMs) return null;
    const item = this.pending.get(id);
    if (!item) return null;
    return this.replace({ ...item, sendCount: item.sendCount + 1 });
  }

  acknowledge(id: number, ack: AcquirerAck): void {
    const item = this.pending.get(id);
    if (!item) return;
    this.remove(item);
    this.acks.push({ item, ack });
    const tx = item.transaction;
    if (item.kind === 'advice') {
      let batch = this.captured.get(tx.batchNumber);
      if (!batch) this.captured.set(tx.batchNumber, (batch = new Map()));
      batch.set(tx.uuid, tx);
    } else {
      this.reversedUuids.add(tx.uuid);
    }
  }

  recordFailure(id: number, failure: { error: string; nextAttemptAt: number; countsAsAttempt: boolean }): void {
    const item = this.pending.get(id);
    if (!item) return;
    this.replace({
      ...item,
      lastError: failure.error,
      nextAttemptAt: failure.nextAttemptAt,
      failedAttempts: item.failedAttempts + (failure.countsAsAttempt ? 1 : 0),
    });
  }

  moveToManualReview(id: number, entry: { reason: string; responseCode: string | null; at: number }): void {
    const item = this.pending.get(id);
    if (!item) return;
    this.remove(item);
    this.review.push({ item, ...entry });
  }

  markDeclinedAfterOfflineApproval(id: number, decline: { responseCode: string; at: number }): void {
    const item = this.pending.get(id);
    if (!item) return;
    this.remove(item);
    this.declined.push({ transaction: item.transaction, ...decline });
  }

  requeueFromManualReview(id: number, _nowMs: number): OutboxItem | null {
    const at = this.review.findIndex((e) => e.item.id === id);
    if (at < 0) return null;
    const [entry] = this.review.splice(at, 1);
    // Keeps its STAN and UUID (the acquirer dedupes), gets a new place at the end; sendCount stays so it goes as a repeat.
    const item: OutboxItem = { ...entry!.item, id: ++this.lastId, failedAttempts: 0, nextAttemptAt: 0, lastError: null };
    this.insert(item);
    this.requeued.add(item.id);
    return item;
  }

  backlog(): BacklogSummary {
    this.peekHead();
    let oldest: number | null = null;
    let offlineOldest: number | null = null;
    const consider = (item: OutboxItem): void => {
      if (oldest === null || item.enqueuedAt < oldest) oldest = item.enqueuedAt;
      if (isOfflineSale(item) && (offlineOldest === null || item.enqueuedAt < offlineOldest)) offlineOldest = item.enqueuedAt;
    };
    // Queue order is enqueue order, so the first pending item (and the first offline sale) is the oldest, except for
    // items a manager requeued from review: those keep their age and are checked separately.
    for (let i = this.head; i < this.queue.length; i++) {
      const item = this.pending.get(this.queue[i]!);
      if (!item || this.requeued.has(item.id)) continue;
      consider(item);
      if (this.offlineCount === 0 || offlineOldest !== null) break;
    }
    for (const id of this.requeued) {
      const item = this.pending.get(id);
      if (item) consider(item);
    }
    return {
      count: this.pending.size,
      oldestEnqueuedAt: oldest,
      offlineApproved: { count: this.offlineCount, amountMinor: this.offlineAmount, oldestEnqueuedAt: offlineOldest },
    };
  }

  pendingInBatch(batchNumber: number): number {
    return this.pendingByBatch.get(batchNumber) ?? 0;
  }

  capturedInBatch(batchNumber: number): CardTransaction[] {
    return [...(this.captured.get(batchNumber)?.values() ?? [])].filter((tx) => !this.reversedUuids.has(tx.uuid));
  }

  recordReconciliation(record: ReconciliationRecord): void {
    this.reconciliations.push(record);
  }

  listManualReview(): ManualReviewEntry[] {
    return [...this.review];
  }

  listDeclined(): DeclinedEntry[] {
    return [...this.declined];
  }

  private insert(item: OutboxItem): void {
    this.queue.push(item.id);
    this.pending.set(item.id, item);
    const b = item.transaction.batchNumber;
    this.pendingByBatch.set(b, (this.pendingByBatch.get(b) ?? 0) + 1);
    if (isOfflineSale(item)) {
      this.offlineCount++;
      this.offlineAmount += item.transaction.amountMinor;
    }
  }

  private replace(item: OutboxItem): OutboxItem {
    this.pending.set(item.id, item);
    return item;
  }

  private remove(item: OutboxItem): void {
    this.pending.delete(item.id);
    this.requeued.delete(item.id);
    const b = item.transaction.batchNumber;
    this.pendingByBatch.set(b, (this.pendingByBatch.get(b) ?? 1) - 1);
    if (isOfflineSale(item)) {
      this.offlineCount--;
      this.offlineAmount -= item.transaction.amountMinor;
    }
  }
}

function isOfflineSale(item: OutboxItem): boolean {
  return item.kind === 'advice' && item.transaction.offlineApproved && item.transaction.kind === 'sale';
}
