// SQLite implementation of the acquirer storage port (acquirer/outbox-port.ts) on the ledger's own connection:
// every method is one transaction (a savepoint when the caller already has one open, so the sale's commit can
// carry its advice). Statements are prepared once. Never imports service/, web/, cli/, renderer/ or electron.
import type { Statement } from 'better-sqlite3';
import { cardTransactionSchema, type BatchTotals, type CardTransaction } from '../acquirer/messages';
import type {
  AcquirerAck, AcquirerOutboxPort, BacklogSummary, DeclinedEntry, LeaseResult, ManualReviewEntry, OutboxItem,
  OutboxItemKind, OutboxWriter, ReconciliationRecord,
} from '../acquirer/outbox-port';
import type { Db } from './open';

export interface SqliteAcquirerOutboxOptions {
  /** Training rows and live rows never mix: a store sees only its own mode's outbox, lists and batches. */
  training?: boolean;
  /** Seed the last STAN handed out (tests use 999990 to see the wrap). Only applied when given. */
  lastStan?: number;
}

interface OutboxRow {
  id: number;
  kind: OutboxItemKind;
  transaction_json: string;
  enqueued_at: number;
  send_count: number;
  failed_attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

interface ReviewRow extends Omit<OutboxRow, 'id'> {
  item_id: number;
  reason: string;
  response_code: string | null;
  at: number;
}

interface CountersRow {
  last_stan: number;
  batch_number: number;
  pending_count: number;
  offline_count: number;
  offline_amount: number;
}

export interface ReconciliationRow {
  id: number;
  batchNumber: number;
  at: number;
  balanced: boolean;
  uploaded: boolean;
  uploadedCount: number;
  responseCode: string;
  localTotals: BatchTotals;
  hostTotals: BatchTotals | null;
}

/**
 * A stored row is parsed leniently: the sender validates with cardTransactionSchema and moves a bad row to manual
 * review, so a damaged row must still come out as an item (never throw here and block the whole queue).
 */
function parseTransaction(json: string): CardTransaction {
  try {
    return JSON.parse(json) as CardTransaction;
  } catch {
    return {} as CardTransaction;
  }
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    transaction: parseTransaction(row.transaction_json),
    enqueuedAt: row.enqueued_at,
    sendCount: row.send_count,
    failedAttempts: row.failed_attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
  };
}

function isOfflineSale(kind: OutboxItemKind, tx: CardTransaction): boolean {
  return kind === 'advice' && tx.offlineApproved === true && tx.kind === 'sale';
}

export class SqliteAcquirerOutbox implements AcquirerOutboxPort, OutboxWriter {
  readonly training: 0 | 1;
  private readonly s: ReturnType<typeof prepare>;
  private readonly txn: <T>(fn: () => T) => T;

  constructor(db: Db, options: SqliteAcquirerOutboxOptions = {}) {
    this.training = options.training ? 1 : 0;
    this.s = prepare(db);
    // IMMEDIATE for the outermost call: a writer takes the write lock up front instead of failing to upgrade later
    // (SQLITE_BUSY mid-transaction). Nested in the caller's transaction, better-sqlite3 makes it a savepoint.
    this.txn = <T>(fn: () => T): T => (db.inTransaction ? db.transaction(fn)() : db.transaction(fn).immediate());
    if (options.lastStan !== undefined) {
      if (!Number.isInteger(options.lastStan) || options.lastStan < 0 || options.lastStan > 999_999) throw new RangeError('lastStan must be 0..999999');
      this.s.setLastStan.run(options.lastStan, this.training);
    }
  }

  // ------------------------------------------------------------ STAN, batch

  allocateStan(): number {
    return this.txn(() => this.s.allocateStan.get(this.training)!.last_stan);
  }

  /** The batch new card transactions go into. */
  currentBatch(): number {
    return this.counters().batch_number;
  }

  /**
   * Close the open batch if anything was written to it: new transactions go into the next batch (wrapping
   * 999999 → 1), so a reconciliation's totals cannot change under it. Returns the closed batch, or null.
   */
  closeBatch(): number | null {
    return this.txn(() => {
      const batch = this.counters().batch_number;
      const used = this.s.batchUsed.get(this.training, batch, this.training, batch, this.training, batch, this.training, batch);
      if (!used) return null;
      this.s.nextBatch.run(this.training);
      return batch;
    });
  }

  /** Batches with card transactions and no balanced reconciliation yet, oldest first (the current one excluded). */
  unreconciledBatches(): number[] {
    const current = this.currentBatch();
    return this.s.unreconciled.all(this.training, this.training, this.training)
      .map((r) => r.batch_number)
      .filter((b) => b !== current);
  }

  reconciliations(limit = 50): ReconciliationRow[] {
    return this.s.reconciliations.all(this.training, limit).map((r) => ({
      id: r.id, batchNumber: r.batch_number, at: r.at, balanced: r.balanced === 1, uploaded: r.uploaded === 1,
      uploadedCount: r.uploaded_count, responseCode: r.response_code, localTotals: JSON.parse(r.local_totals) as BatchTotals,
      hostTotals: r.host_totals === null ? null : (JSON.parse(r.host_totals) as BatchTotals),
    }));
  }

  /** Every transaction the acquirer acknowledged (captured and/or reversed), for checks and reports. */
  acknowledged(): { transaction: CardTransaction; captured: boolean; reversed: boolean }[] {
    return this.s.allAcknowledged.all(this.training).map((r) => ({
      transaction: parseTransaction(r.transaction_json), captured: r.captured === 1, reversed: r.reversed === 1,
    }));
  }

  /** The batches holding the card payments of these ledger tenders' sales (by payment id), oldest first. */
  batchesOfShift(shiftId: string): number[] {
    return this.s.batchesOfShift.all(shiftId, this.training, this.training).map((r) => r.batch_number);
  }

  /** The latest reconciliation of a batch, or null. */
  latestReconciliation(batchNumber: number): ReconciliationRow | null {
    const r = this.s.latestReconciliation.get(this.training, batchNumber);
    return r ? {
      id: r.id, batchNumber: r.batch_number, at: r.at, balanced: r.balanced === 1, uploaded: r.uploaded === 1,
      uploadedCount: r.uploaded_count, responseCode: r.response_code, localTotals: JSON.parse(r.local_totals) as BatchTotals,
      hostTotals: r.host_totals === null ? null : (JSON.parse(r.host_totals) as BatchTotals),
    } : null;
  }

  /** Is this card payment anywhere in the acquirer path (outbox, acknowledged, review, declined)? */
  knows(uuid: string): boolean {
    return this.s.knows.get(uuid, uuid, uuid, uuid) !== undefined;
  }

  // ------------------------------------------------------------ writer

  enqueue(kind: OutboxItemKind, transaction: CardTransaction, nowMs: number): OutboxItem {
    const tx = cardTransactionSchema.parse(transaction);
    return this.txn(() => {
      const offline = isOfflineSale(kind, tx);
      const row = this.s.insert.get({
        training: this.training, kind, uuid: tx.uuid.toLowerCase(), batch: tx.batchNumber, amount: tx.amountMinor,
        offline: offline ? 1 : 0, json: JSON.stringify(tx), at: nowMs,
      })!;
      this.s.addPending.run(1, offline ? 1 : 0, offline ? tx.amountMinor : 0, this.training);
      return toItem(row);
    });
  }

  // ------------------------------------------------------------ lease

  acquireLease(holderId: string, nowMs: number, ttlMs: number): LeaseResult {
    return this.txn(() => {
      const won = this.s.acquireLease.get({ holder: holderId, now: nowMs, expires: nowMs + ttlMs });
      if (won) return { held: true, expiresAt: won.expires_at };
      const current = this.s.lease.get()!;
      return { held: false, holderId: current.holder_id, expiresAt: current.expires_at };
    });
  }

  releaseLease(holderId: string): void {
    this.s.releaseLease.run(holderId);
  }

  // ------------------------------------------------------------ draining

  peekHead(): OutboxItem | null {
    const row = this.s.head.get(this.training);
    return row ? toItem(row) : null;
  }

  markSending(id: number, holderId: string, nowMs: number): OutboxItem | null {
    const row = this.s.markSending.get(id, this.training, holderId, nowMs);
    return row ? toItem(row) : null;
  }

  acknowledge(id: number, ack: AcquirerAck): void {
    this.txn(() => {
      const row = this.s.byId.get(id, this.training);
      if (!row) return;
      this.removePending(row);
      const tx = parseTransaction(row.transaction_json);
      const params = {
        uuid: String(tx.uuid).toLowerCase(), training: this.training, batch: tx.batchNumber, json: row.transaction_json,
        code: ack.responseCode, auth: ack.authCode, rrn: ack.retrievalReference, at: ack.at,
      };
      if (row.kind === 'advice') this.s.ackAdvice.run(params);
      else this.s.ackReversal.run(params);
    });
  }

  recordFailure(id: number, failure: { error: string; nextAttemptAt: number; countsAsAttempt: boolean }): void {
    this.s.recordFailure.run(failure.error, failure.nextAttemptAt, failure.countsAsAttempt ? 1 : 0, id, this.training);
  }

  moveToManualReview(id: number, entry: { reason: string; responseCode: string | null; at: number }): void {
    this.txn(() => {
      const row = this.s.byId.get(id, this.training);
      if (!row) return;
      this.removePending(row);
      this.s.insertReview.run({
        item_id: row.id, training: this.training, kind: row.kind, uuid: String(parseTransaction(row.transaction_json).uuid ?? '').toLowerCase(),
        transaction_json: row.transaction_json, enqueued_at: row.enqueued_at, send_count: row.send_count,
        failed_attempts: row.failed_attempts, next_attempt_at: row.next_attempt_at, last_error: row.last_error,
        reason: entry.reason, response_code: entry.responseCode, at: entry.at,
      });
    });
  }

  markDeclinedAfterOfflineApproval(id: number, decline: { responseCode: string; at: number }): void {
    this.txn(() => {
      const row = this.s.byId.get(id, this.training);
      if (!row) return;
      this.removePending(row);
      const uuid = String(parseTransaction(row.transaction_json).uuid ?? '').toLowerCase();
      this.s.insertDeclined.run(uuid, this.training, row.id, row.transaction_json, decline.responseCode, decline.at);
    });
  }

  requeueFromManualReview(id: number, _nowMs: number): OutboxItem | null {
    return this.txn(() => {
      const review = this.s.reviewById.get(id, this.training);
      if (!review) return null;
      this.s.deleteReview.run(id);
      const tx = parseTransaction(review.transaction_json);
      const offline = isOfflineSale(review.kind, tx);
      // Keeps its STAN, UUID, age and send count (so it goes out as a repeat); a new id puts it at the end.
      const row = this.s.requeue.get({
        training: this.training, kind: review.kind, uuid: String(tx.uuid ?? '').toLowerCase(), batch: Number(tx.batchNumber) || 0,
        amount: Number(tx.amountMinor) || 1, offline: offline ? 1 : 0, json: review.transaction_json, at: review.enqueued_at,
        sends: review.send_count,
      })!;
      this.s.addPending.run(1, offline ? 1 : 0, offline ? tx.amountMinor : 0, this.training);
      return toItem(row);
    });
  }

  // ------------------------------------------------------------ views

  backlog(): BacklogSummary {
    const c = this.counters();
    return {
      count: c.pending_count,
      oldestEnqueuedAt: this.s.oldest.get(this.training)?.at ?? null,
      offlineApproved: { count: c.offline_count, amountMinor: c.offline_amount, oldestEnqueuedAt: this.s.oldestOffline.get(this.training)?.at ?? null },
    };
  }

  pendingInBatch(batchNumber: number): number {
    return this.s.pendingInBatch.get(this.training, batchNumber)!.n;
  }

  capturedInBatch(batchNumber: number): CardTransaction[] {
    return this.s.capturedInBatch.all(this.training, batchNumber).map((r) => parseTransaction(r.transaction_json));
  }

  recordReconciliation(record: ReconciliationRecord): void {
    this.s.insertReconciliation.run({
      training: this.training, batch: record.batchNumber, at: record.at, balanced: record.balanced ? 1 : 0,
      uploaded: record.uploaded ? 1 : 0, count: record.uploadedCount, code: record.responseCode,
      local: JSON.stringify(record.localTotals), host: record.hostTotals === null ? null : JSON.stringify(record.hostTotals),
    });
  }

  listManualReview(): ManualReviewEntry[] {
    return this.s.listReview.all(this.training).map((r) => ({
      item: toItem({ ...r, id: r.item_id }), reason: r.reason, responseCode: r.response_code, at: r.at,
    }));
  }

  listDeclined(): DeclinedEntry[] {
    return this.s.listDeclined.all(this.training).map((r) => ({
      transaction: parseTransaction(r.transaction_json), responseCode: r.response_code, at: r.at,
    }));
  }

  // ------------------------------------------------------------ internals

  private counters(): CountersRow {
    return this.s.counters.get(this.training)!;
  }

  private removePending(row: OutboxRow): void {
    const tx = parseTransaction(row.transaction_json);
    const offline = isOfflineSale(row.kind, tx);
    this.s.deleteItem.run(row.id);
    this.s.addPending.run(-1, offline ? -1 : 0, offline ? -tx.amountMinor : 0, this.training);
  }
}

function prepare(db: Db) {
  const cols = 'id, kind, transaction_json, enqueued_at, send_count, failed_attempts, next_attempt_at, last_error';
  const stmt = <P extends unknown[] | object, R>(sql: string) => db.prepare<P, R>(sql) as Statement<P, R>;
  type Item = { training: number; kind: string; uuid: string; batch: number; amount: number; offline: number; json: string; at: number };
  type AckParams = { uuid: string; training: number; batch: number; json: string; code: string; auth: string | null; rrn: string | null; at: number };
  return {
    counters: stmt<[number], CountersRow>('SELECT * FROM acquirer_counters WHERE training = ?'),
    setLastStan: stmt<[number, number], unknown>('UPDATE acquirer_counters SET last_stan = ? WHERE training = ?'),
    allocateStan: stmt<[number], { last_stan: number }>(
      'UPDATE acquirer_counters SET last_stan = CASE WHEN last_stan >= 999999 THEN 1 ELSE last_stan + 1 END WHERE training = ? RETURNING last_stan',
    ),
    nextBatch: stmt<[number], unknown>(
      'UPDATE acquirer_counters SET batch_number = CASE WHEN batch_number >= 999999 THEN 1 ELSE batch_number + 1 END WHERE training = ?',
    ),
    batchUsed: stmt<[number, number, number, number, number, number, number, number], { x: number }>(
      `SELECT 1 AS x WHERE EXISTS (SELECT 1 FROM acquirer_outbox WHERE training = ? AND batch_number = ?)
         OR EXISTS (SELECT 1 FROM acquirer_acknowledged WHERE training = ? AND batch_number = ?)
         OR EXISTS (SELECT 1 FROM acquirer_manual_review WHERE training = ? AND json_extract(transaction_json, '$.batchNumber') = ?)
         OR EXISTS (SELECT 1 FROM acquirer_declined WHERE training = ? AND json_extract(transaction_json, '$.batchNumber') = ?)`,
    ),
    unreconciled: stmt<[number, number, number], { batch_number: number }>(
      `SELECT batch_number FROM (
         SELECT batch_number FROM acquirer_acknowledged WHERE training = ?
         UNION SELECT batch_number FROM acquirer_outbox WHERE training = ?)
       WHERE batch_number NOT IN (SELECT batch_number FROM acquirer_reconciliations WHERE training = ? AND balanced = 1)
       ORDER BY batch_number`,
    ),
    reconciliations: stmt<[number, number], {
      id: number; batch_number: number; at: number; balanced: number; uploaded: number; uploaded_count: number;
      response_code: string; local_totals: string; host_totals: string | null;
    }>('SELECT * FROM acquirer_reconciliations WHERE training = ? ORDER BY id DESC LIMIT ?'),
    batchesOfShift: stmt<[string, number, number], { batch_number: number }>(
      `WITH uuids AS (SELECT lower(t.payment_id) AS uuid FROM tenders t JOIN sales s ON s.sale_id = t.sale_id
                      WHERE s.shift_id = ? AND t.kind = 'card' AND t.removed = 0 AND t.payment_id IS NOT NULL)
       SELECT DISTINCT batch_number FROM (
         SELECT batch_number FROM acquirer_acknowledged WHERE training = ? AND uuid IN (SELECT uuid FROM uuids)
         UNION SELECT batch_number FROM acquirer_outbox WHERE training = ? AND uuid IN (SELECT uuid FROM uuids))
       ORDER BY batch_number`,
    ),
    latestReconciliation: stmt<[number, number], {
      id: number; batch_number: number; at: number; balanced: number; uploaded: number; uploaded_count: number;
      response_code: string; local_totals: string; host_totals: string | null;
    }>('SELECT * FROM acquirer_reconciliations WHERE training = ? AND batch_number = ? ORDER BY id DESC LIMIT 1'),
    allAcknowledged: stmt<[number], { transaction_json: string; captured: number; reversed: number }>(
      'SELECT transaction_json, captured, reversed FROM acquirer_acknowledged WHERE training = ? ORDER BY rowid',
    ),
    knows: stmt<[string, string, string, string], { x: number }>(
      `SELECT 1 AS x WHERE EXISTS (SELECT 1 FROM acquirer_outbox WHERE uuid = ?)
         OR EXISTS (SELECT 1 FROM acquirer_acknowledged WHERE uuid = ?)
         OR EXISTS (SELECT 1 FROM acquirer_manual_review WHERE uuid = ?)
         OR EXISTS (SELECT 1 FROM acquirer_declined WHERE uuid = ?)`,
    ),
    insert: stmt<Item, OutboxRow>(
      `INSERT INTO acquirer_outbox (training, kind, uuid, batch_number, amount_minor, offline_sale, transaction_json, enqueued_at)
       VALUES (:training, :kind, :uuid, :batch, :amount, :offline, :json, :at) RETURNING ${cols}`,
    ),
    requeue: stmt<Item & { sends: number }, OutboxRow>(
      `INSERT INTO acquirer_outbox (training, kind, uuid, batch_number, amount_minor, offline_sale, transaction_json, enqueued_at, send_count)
       VALUES (:training, :kind, :uuid, :batch, :amount, :offline, :json, :at, :sends) RETURNING ${cols}`,
    ),
    addPending: stmt<[number, number, number, number], unknown>(
      'UPDATE acquirer_counters SET pending_count = pending_count + ?, offline_count = offline_count + ?, offline_amount = offline_amount + ? WHERE training = ?',
    ),
    acquireLease: stmt<{ holder: string; now: number; expires: number }, { expires_at: number }>(
      `INSERT INTO acquirer_lease (id, holder_id, expires_at) VALUES (1, :holder, :expires)
       ON CONFLICT (id) DO UPDATE SET holder_id = excluded.holder_id, expires_at = excluded.expires_at
       WHERE acquirer_lease.holder_id = excluded.holder_id OR acquirer_lease.expires_at <= :now
         -- A lease running longer than one TTL from now was taken before the wall clock jumped back: without this a
         -- dead holder's lease would block every sender for the size of the jump. A live holder is still fenced out
         -- by markSending (holder_id must match), so stealing it cannot lead to two senders sending.
         OR acquirer_lease.expires_at > :expires
       RETURNING expires_at`,
    ),
    lease: stmt<[], { holder_id: string; expires_at: number }>('SELECT holder_id, expires_at FROM acquirer_lease WHERE id = 1'),
    releaseLease: stmt<[string], unknown>('DELETE FROM acquirer_lease WHERE id = 1 AND holder_id = ?'),
    head: stmt<[number], OutboxRow>(`SELECT ${cols} FROM acquirer_outbox WHERE training = ? ORDER BY id LIMIT 1`),
    byId: stmt<[number, number], OutboxRow>(`SELECT ${cols} FROM acquirer_outbox WHERE id = ? AND training = ?`),
    // Fenced by the lease in the same statement: a sender that lost its lease cannot journal a send.
    markSending: stmt<[number, number, string, number], OutboxRow>(
      `UPDATE acquirer_outbox SET send_count = send_count + 1 WHERE id = ? AND training = ?
         AND EXISTS (SELECT 1 FROM acquirer_lease WHERE id = 1 AND holder_id = ? AND expires_at > ?)
       RETURNING ${cols}`,
    ),
    deleteItem: stmt<[number], unknown>('DELETE FROM acquirer_outbox WHERE id = ?'),
    ackAdvice: stmt<AckParams, unknown>(
      `INSERT INTO acquirer_acknowledged (uuid, training, batch_number, transaction_json, captured, response_code, auth_code, retrieval_reference, captured_at)
       VALUES (:uuid, :training, :batch, :json, 1, :code, :auth, :rrn, :at)
       ON CONFLICT (uuid) DO UPDATE SET captured = 1, captured_at = excluded.captured_at, auth_code = excluded.auth_code,
         retrieval_reference = excluded.retrieval_reference, response_code = excluded.response_code`,
    ),
    ackReversal: stmt<AckParams, unknown>(
      `INSERT INTO acquirer_acknowledged (uuid, training, batch_number, transaction_json, reversed, response_code, reversed_at)
       VALUES (:uuid, :training, :batch, :json, 1, :code, :at)
       ON CONFLICT (uuid) DO UPDATE SET reversed = 1, reversed_at = excluded.reversed_at`,
    ),
    recordFailure: stmt<[string, number, number, number, number], unknown>(
      'UPDATE acquirer_outbox SET last_error = ?, next_attempt_at = ?, failed_attempts = failed_attempts + ? WHERE id = ? AND training = ?',
    ),
    insertReview: stmt<Omit<ReviewRow, never> & { training: number; uuid: string }, unknown>(
      `INSERT INTO acquirer_manual_review (item_id, training, kind, uuid, transaction_json, enqueued_at, send_count, failed_attempts, next_attempt_at, last_error, reason, response_code, at)
       VALUES (:item_id, :training, :kind, :uuid, :transaction_json, :enqueued_at, :send_count, :failed_attempts, :next_attempt_at, :last_error, :reason, :response_code, :at)`,
    ),
    reviewById: stmt<[number, number], ReviewRow>('SELECT * FROM acquirer_manual_review WHERE item_id = ? AND training = ?'),
    deleteReview: stmt<[number], unknown>('DELETE FROM acquirer_manual_review WHERE item_id = ?'),
    listReview: stmt<[number], ReviewRow>('SELECT * FROM acquirer_manual_review WHERE training = ? ORDER BY item_id'),
    insertDeclined: stmt<[string, number, number, string, string, number], unknown>(
      'INSERT OR IGNORE INTO acquirer_declined (uuid, training, item_id, transaction_json, response_code, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    listDeclined: stmt<[number], { transaction_json: string; response_code: string; at: number }>(
      'SELECT transaction_json, response_code, at FROM acquirer_declined WHERE training = ? ORDER BY rowid',
    ),
    oldest: stmt<[number], { at: number }>('SELECT enqueued_at AS at FROM acquirer_outbox WHERE training = ? ORDER BY enqueued_at LIMIT 1'),
    oldestOffline: stmt<[number], { at: number }>(
      'SELECT enqueued_at AS at FROM acquirer_outbox WHERE training = ? AND offline_sale = 1 ORDER BY enqueued_at LIMIT 1',
    ),
    pendingInBatch: stmt<[number, number], { n: number }>('SELECT count(*) AS n FROM acquirer_outbox WHERE training = ? AND batch_number = ?'),
    capturedInBatch: stmt<[number, number], { transaction_json: string }>(
      'SELECT transaction_json FROM acquirer_acknowledged WHERE training = ? AND batch_number = ? AND captured = 1 AND reversed = 0 ORDER BY rowid',
    ),
    insertReconciliation: stmt<{ training: number; batch: number; at: number; balanced: number; uploaded: number; count: number; code: string; local: string; host: string | null }, unknown>(
      `INSERT INTO acquirer_reconciliations (training, batch_number, at, balanced, uploaded, uploaded_count, response_code, local_totals, host_totals)
       VALUES (:training, :batch, :at, :balanced, :uploaded, :count, :code, :local, :host)`,
    ),
  };
}
