// The shared invariant checker of the fault tests and the soak (research/reliability.md §5, I1–I6), comparing the
// ledger with what the acquirer simulator recorded. Opens the ledger read-write only to run checks; sends nothing.
//   I1 every approval shown (and every card tender) is in the ledger together with its acquirer advice
//   I2 no transaction captured twice by the acquirer (by UUID, whatever the STAN or key)
//   I3 every transaction that may have reached the acquirer ends captured once or reversed (or is flagged)
//   I4 receipt numbers contiguous; audit chain valid
//   I5 settlement totals per batch: the till's acknowledged captures = the acquirer's captured − reversed
//   I6 integrity_check ok
import { SqliteAcquirerOutbox } from '../../db/acquirer-outbox';
import { verifyAuditChain } from '../../db/audit';
import { openLedger } from '../../db/open';
import { SalesRepo } from '../../db/sales-repo';
import { totalsEqual, totalsOf } from '../../acquirer/messages';
import type { SimulatorReport, RecordedMessage } from '../../acquirer/simulator';
import { ledgerPath } from '../../service/paths';

export interface InvariantInput {
  dataDir: string;
  /** The simulator's report (captured, reversed, declined, totals) and its recorded messages. */
  acquirer: SimulatorReport;
  messages: RecordedMessage[];
  /** Approvals the till showed (APPROVED lines of the children), by payment UUID. */
  shown?: Iterable<string>;
  /** Training ledger (the tests' default). */
  training?: boolean;
  /** The outbox must be empty (everything forwarded); default true. */
  drained?: boolean;
  /** Items in manual review or declined are allowed (the test expects them); default false. */
  allowReview?: boolean;
  allowDeclined?: boolean;
}

export interface InvariantReport {
  violations: string[];
  counts: {
    cardTenders: number;
    shown: number;
    captured: number;
    reversed: number;
    declined: number;
    manualReview: number;
    backlog: number;
    repeats: number;
    receipts: number;
    auditEntries: number;
    batches: number;
  };
}

export function checkInvariants(input: InvariantInput): InvariantReport {
  const violations: string[] = [];
  const v = (msg: string) => violations.push(msg);
  const db = openLedger(ledgerPath(input.dataDir));
  try {
    const training = input.training ?? true;
    const store = new SqliteAcquirerOutbox(db, { training });
    const tenders = db
      .prepare<[], { payment_id: string; amount: number; sale_status: string }>(
        "SELECT t.payment_id, t.amount, s.status AS sale_status FROM tenders t JOIN sales s ON s.sale_id = t.sale_id WHERE t.kind = 'card' AND t.removed = 0",
      )
      .all();
    const tenderByUuid = new Map(tenders.map((t) => [t.payment_id.toLowerCase(), t]));
    if (tenderByUuid.size !== tenders.length) v('I1: two card tenders carry the same payment id');

    // I1: shown approvals are in the ledger; each card tender has its advice in the acquirer path.
    const shown = [...(input.shown ?? [])].map((u) => u.toLowerCase());
    for (const uuid of shown) if (!tenderByUuid.has(uuid)) v(`I1: approval ${uuid} was shown but is not in the ledger`);
    for (const uuid of tenderByUuid.keys()) if (!store.knows(uuid)) v(`I1: card tender ${uuid} has no acquirer advice (outbox, acknowledged, review or declined)`);
    const adviceUuids = db.prepare<[], { uuid: string }>(
      `SELECT uuid FROM acquirer_outbox WHERE kind = 'advice' UNION SELECT uuid FROM acquirer_acknowledged WHERE captured = 1
       UNION SELECT uuid FROM acquirer_manual_review WHERE kind = 'advice' UNION SELECT uuid FROM acquirer_declined`,
    ).all();
    for (const { uuid } of adviceUuids) if (!tenderByUuid.has(uuid)) v(`I1: acquirer advice ${uuid} has no card tender in the ledger`);

    // I2: captured at most once per UUID, and nothing captured that the ledger does not know.
    const capturedByUuid = new Map<string, number>();
    for (const c of input.acquirer.captured) capturedByUuid.set(c.uuid, (capturedByUuid.get(c.uuid) ?? 0) + 1);
    for (const [uuid, n] of capturedByUuid) {
      if (n > 1) v(`I2: ${uuid} captured ${n} times by the acquirer`);
      if (!tenderByUuid.has(uuid)) v(`I2: the acquirer captured ${uuid}, which the ledger does not hold`);
    }
    // Every request for one transaction used one STAN: repeats never take a fresh STAN.
    const stansByUuid = new Map<string, Set<string>>();
    let repeats = 0;
    for (const m of input.messages) {
      if (m.direction !== 'in' || !['0220', '0221', '0400', '0401', '0320'].includes(m.mti)) continue;
      const uuid = (m.fields[62] ?? '').toLowerCase();
      if (m.mti === '0221' || m.mti === '0401') repeats++;
      const set = stansByUuid.get(uuid) ?? new Set();
      set.add(m.fields[11] ?? '');
      stansByUuid.set(uuid, set);
    }
    for (const [uuid, stans] of stansByUuid) if (stans.size > 1) v(`I2: ${uuid} was sent with ${stans.size} different STANs`);

    // I3: what reached the acquirer ends captured once or reversed; locally it is acknowledged, declined or flagged.
    const reversedUuids = new Set(input.acquirer.reversed.map((r) => r.uuid));
    const declinedUuids = new Set(input.acquirer.declined.map((d) => d.uuid));
    const review = store.listManualReview();
    const reviewUuids = new Set(review.map((r) => String(r.item.transaction.uuid).toLowerCase()));
    const localDeclined = new Set(store.listDeclined().map((d) => d.transaction.uuid.toLowerCase()));
    const acked = new Map(store.acknowledged().map((a) => [a.transaction.uuid.toLowerCase(), a]));
    const backlog = store.backlog().count;
    if ((input.drained ?? true) && backlog > 0) v(`I3: ${backlog} items still wait in the outbox`);
    if (!input.allowReview && review.length > 0) v(`I3: ${review.length} items in manual review: ${review.map((r) => r.reason).join('; ')}`);
    if (!input.allowDeclined && localDeclined.size > 0) v(`I3: ${localDeclined.size} advices declined after offline approval`);
    for (const [uuid] of stansByUuid) {
      const captured = capturedByUuid.get(uuid) ?? 0;
      if (captured === 1 || reversedUuids.has(uuid) || declinedUuids.has(uuid) || reviewUuids.has(uuid)) continue;
      if ((input.drained ?? true) && !store.knows(uuid)) continue;
      v(`I3: ${uuid} reached the acquirer but is neither captured once, reversed, declined nor in review`);
    }
    for (const [uuid, a] of acked) {
      if (a.captured && (capturedByUuid.get(uuid) ?? 0) !== 1 && !reversedUuids.has(uuid)) v(`I3: the till counts ${uuid} captured; the acquirer does not`);
      if (a.reversed && !reversedUuids.has(uuid)) v(`I3: the till counts ${uuid} reversed; the acquirer does not`);
    }
    for (const uuid of tenderByUuid.keys()) {
      if (input.drained === false) break;
      if (acked.has(uuid) || localDeclined.has(uuid) || reviewUuids.has(uuid)) continue;
      v(`I3: card tender ${uuid} was never acknowledged, declined or flagged`);
    }

    // I4: receipts contiguous, audit chain intact.
    const sales = new SalesRepo(db);
    if (!sales.seriesContiguous()) v('I4: receipt numbers are not contiguous');
    const chain = verifyAuditChain(db);
    if (!chain.ok) v(`I4: audit chain broken at ${chain.brokenAt}: ${chain.reason}`);
    const receipts = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sales WHERE status = 'posted'").get()!.n;

    // I5: per batch, the till's acknowledged captures minus reversals = the acquirer's captured minus reversed.
    const batches = new Set<string>();
    for (const a of acked.values()) batches.add(`${a.transaction.terminalId}|${a.transaction.batchNumber}`);
    for (const t of input.acquirer.totals) batches.add(`${t.terminalId}|${t.batchNumber}`);
    for (const key of batches) {
      const [terminalId, batch] = key.split('|') as [string, string];
      const local = totalsOf(store.capturedInBatch(Number(batch)).filter((tx) => tx.terminalId === terminalId));
      const host = input.acquirer.totals.find((t) => t.terminalId === terminalId && t.batchNumber === Number(batch))?.totals ?? totalsOf([]);
      if (!totalsEqual(local, host)) v(`I5: batch ${batch} of ${terminalId}: till ${JSON.stringify(local)} ≠ acquirer ${JSON.stringify(host)}`);
    }
    // And against the ledger's tenders: captured-and-not-reversed card money = the acquirer's net captures.
    const ledgerNet = [...acked.values()].filter((a) => a.captured && !a.reversed).reduce((s, a) => s + (tenderByUuid.get(a.transaction.uuid.toLowerCase())?.amount ?? 0), 0);
    const hostNet = input.acquirer.captured.filter((c) => !input.acquirer.reversed.some((r) => r.uuid === c.uuid && r.hadCapture)).reduce((s, c) => s + c.amountMinor, 0);
    if (ledgerNet !== hostNet) v(`I5: ledger card tenders acknowledged ${ledgerNet} ≠ acquirer captured − reversed ${hostNet}`);

    // I6
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') v(`I6: integrity_check: ${integrity}`);

    return {
      violations,
      counts: {
        cardTenders: tenders.length, shown: shown.length, captured: input.acquirer.captured.length, reversed: input.acquirer.reversed.length,
        declined: localDeclined.size, manualReview: review.length, backlog, repeats, receipts, auditEntries: chain.entries, batches: batches.size,
      },
    };
  } finally {
    db.close();
  }
}
