// Returns against a posted sale: what may still be returned, the exact refund per line (cumulative pro rata,
// never more than was paid) and the refund plan per tender. Pure (imports only core/): no Node, no I/O.
import { DomainError } from './errors';
import type { QuantityKind } from './cart';
import { assertCashStep, assertMinorUnits, mulRatio, roundCash, type RoundingMode, sumMinor } from './money';
import { compareTaxRows, type TaxSummaryRow } from './tax';

/** A line of the original posted sale as the ledger holds it. */
export interface PostedLine {
  lineId: string;
  /** Pieces or grams sold. */
  quantity: number;
  quantityKind?: QuantityKind;
  /** What the customer paid for the line, tax included, after every discount and basket share. */
  total: number;
  /** The tax in total. */
  tax: number;
  taxCode?: string;
  rateBp?: number;
}

/** A line of an earlier return against the same sale (positive amounts: what was refunded). */
export interface ReturnedLine {
  lineId: string;
  quantity: number;
  amount: number;
  tax: number;
}

export interface OriginalSale {
  lines: readonly PostedLine[];
  /** Every earlier return line against this sale, in any order. */
  returns: readonly ReturnedLine[];
}

export interface ReturnableLine {
  lineId: string;
  sold: number;
  returned: number;
  returnable: number;
  paid: number;
  refunded: number;
  refundable: number;
}

export interface ReturnRequestLine {
  lineId: string;
  quantity: number;
}

export interface PricedReturnLine {
  lineId: string;
  quantity: number;
  /** Refund for these units, tax included (positive). */
  amount: number;
  tax: number;
  taxBase: number;
  taxCode?: string;
  rateBp?: number;
}

export interface PricedReturn {
  lines: PricedReturnLine[];
  refundTotal: number;
  taxTotal: number;
  /** Per (taxCode, rateBp) of the refunded lines, for the shift's running tax totals (lines without a code are left out). */
  taxSummary: TaxSummaryRow[];
}

interface LineLedger {
  posted: PostedLine;
  returned: number;
  refunded: number;
  taxRefunded: number;
}

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
}

function ledgerOf(original: OriginalSale): Map<string, LineLedger> {
  if (!original || !Array.isArray(original.lines) || !Array.isArray(original.returns)) {
    throw new DomainError('INVALID_ARGUMENT', { reason: 'original sale' });
  }
  const ledger = new Map<string, LineLedger>();
  for (const posted of original.lines) {
    if (ledger.has(posted.lineId)) throw new DomainError('DUPLICATE_LINE', { lineId: posted.lineId });
    if (!isPositiveInt(posted.quantity)) throw new DomainError('INVALID_QUANTITY', { lineId: posted.lineId });
    assertMinorUnits(posted.total, { field: 'total' });
    assertMinorUnits(posted.tax, { field: 'tax' });
    if (posted.tax > posted.total) throw new DomainError('INVALID_ARGUMENT', { reason: 'tax above total', lineId: posted.lineId });
    ledger.set(posted.lineId, { posted, returned: 0, refunded: 0, taxRefunded: 0 });
  }
  for (const r of original.returns) {
    const entry = ledger.get(r.lineId);
    if (!entry) throw new DomainError('LINE_NOT_FOUND', { lineId: r.lineId });
    if (!isPositiveInt(r.quantity)) throw new DomainError('INVALID_QUANTITY', { lineId: r.lineId });
    assertMinorUnits(r.amount, { field: 'amount' });
    assertMinorUnits(r.tax, { field: 'tax' });
    entry.returned += r.quantity;
    entry.refunded += r.amount;
    entry.taxRefunded += r.tax;
  }
  return ledger;
}

function view(e: LineLedger): ReturnableLine {
  return {
    lineId: e.posted.lineId,
    sold: e.posted.quantity,
    returned: e.returned,
    returnable: Math.max(0, e.posted.quantity - e.returned),
    paid: e.posted.total,
    refunded: e.refunded,
    refundable: Math.max(0, e.posted.total - e.refunded),
  };
}

/** Per original line: sold, already returned, still returnable, paid, already refunded, still refundable. */
export function returnableQuantities(original: OriginalSale): ReturnableLine[] {
  return [...ledgerOf(original).values()].map(view);
}

/**
 * Prices a return exactly. Cumulative allocation: after c of q units have come back in all, the customer
 * has been refunded round(paid × c / q) in total (tax alike), so this return refunds that target minus what
 * earlier returns already refunded. Rounding never accumulates: the target for c = q is exactly `paid`,
 * and each refund is clamped to what is still unrefunded, so a sequence of partial returns can never pay
 * out more than the line cost, whatever the earlier returns' rounding was.
 */
export function priceReturn(original: OriginalSale, requested: readonly ReturnRequestLine[], mode: RoundingMode = 'half-up'): PricedReturn {
  const ledger = ledgerOf(original);
  if (!Array.isArray(requested) || requested.length === 0) throw new DomainError('INVALID_ARGUMENT', { reason: 'no lines to return' });
  const lines: PricedReturnLine[] = requested.map((req) => {
    const entry = ledger.get(req.lineId);
    if (!entry) throw new DomainError('LINE_NOT_FOUND', { lineId: String(req.lineId).slice(0, 64) });
    const { posted } = entry;
    if (!isPositiveInt(req.quantity)) throw new DomainError('INVALID_QUANTITY', { lineId: req.lineId });
    const returnable = posted.quantity - entry.returned;
    if (req.quantity > returnable) {
      throw new DomainError('RETURN_EXCEEDS_SOLD', {
        lineId: req.lineId,
        sold: posted.quantity,
        returned: entry.returned,
        returnable: Math.max(0, returnable),
      });
    }
    const cumulative = entry.returned + req.quantity;
    const amountTarget = mulRatio(posted.total, cumulative, posted.quantity, mode);
    const taxTarget = mulRatio(posted.tax, cumulative, posted.quantity, mode);
    const clamp = (x: number, hi: number) => Math.min(Math.max(x, 0), Math.max(hi, 0));
    const amount = clamp(amountTarget - entry.refunded, posted.total - entry.refunded);
    // The tax refunded is part of the amount refunded: never more tax than money, never more than charged.
    const tax = clamp(taxTarget - entry.taxRefunded, Math.min(posted.tax - entry.taxRefunded, amount));
    entry.returned = cumulative;
    entry.refunded += amount;
    entry.taxRefunded += tax;
    const line: PricedReturnLine = { lineId: req.lineId, quantity: req.quantity, amount, tax, taxBase: amount - tax };
    if (posted.taxCode !== undefined) line.taxCode = posted.taxCode;
    if (posted.rateBp !== undefined) line.rateBp = posted.rateBp;
    return line;
  });

  const summary = new Map<string, TaxSummaryRow>();
  for (const l of lines) {
    if (l.taxCode === undefined || l.rateBp === undefined) continue;
    const key = `${l.taxCode}\u0000${l.rateBp}`;
    const row = summary.get(key) ?? { taxCode: l.taxCode, rateBp: l.rateBp, net: 0, tax: 0, gross: 0 };
    row.gross = sumMinor([row.gross, l.amount]);
    row.tax = sumMinor([row.tax, l.tax]);
    row.net = row.gross - row.tax;
    summary.set(key, row);
  }
  return {
    lines,
    refundTotal: sumMinor(lines.map((l) => l.amount)),
    taxTotal: sumMinor(lines.map((l) => l.tax)),
    taxSummary: [...summary.values()].sort(compareTaxRows),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Refund to the original tenders
// ---------------------------------------------------------------------------------------------------------------

export interface PaidTender {
  kind: string;
  amount: number;
  /** The tender's own reference (card payment id) so a card refund can name the payment it reverses. */
  ref?: string;
}

export interface RefundPlanLine {
  kind: string;
  amount: number;
  ref?: string;
}

export interface RefundPlanOptions {
  /** Change given on the original sale: it came out of the cash tenders. */
  change?: number;
  /** Refunds already made against this sale, matched to tenders by ref, else by kind. */
  previousRefunds?: readonly RefundPlanLine[];
  cashKind?: string;
  /** Cash refunds are paid in coins that exist: rounded to this step (5 = CHF 0.05). */
  cashRoundingStep?: number;
  cashRoundingMode?: RoundingMode;
}

export interface RefundPlan {
  lines: RefundPlanLine[];
  /** Σ lines: refundAmount + rounding. */
  total: number;
  /** Cash rounding of the cash part (negative when rounded down). */
  rounding: number;
}

/**
 * Splits a refund over the original tenders. Rule: every non-cash tender first, in the order it was paid,
 * each up to what it paid net of earlier refunds; cash takes the rest, up to the cash kept (cash tendered
 * minus change minus earlier cash refunds). Card money goes back to the card: refunding a card purchase in
 * cash turns a card into cash (a classic fraud path) and drains the drawer float. REFUND_EXCEEDS_PAID when
 * the tenders cannot cover the refund. A cash part is cash-rounded when a step is set, and capped (rounded
 * down) to the cash the sale kept: a sale settled in cash below its total refunds what was paid, not more.
 */
export function refundTenderPlan(originalTenders: readonly PaidTender[], refundAmount: number, options: RefundPlanOptions = {}): RefundPlan {
  assertMinorUnits(refundAmount, { field: 'refund' });
  const cashKind = options.cashKind ?? 'cash';
  const slots = originalTenders.map((t) => {
    assertMinorUnits(t.amount, { field: 'tender' });
    return { kind: t.kind, ref: t.ref, available: t.amount };
  });
  // Change came out of the cash tenders, the last ones first.
  let change = options.change ?? 0;
  assertMinorUnits(change, { field: 'change' });
  for (const slot of [...slots].reverse()) {
    if (slot.kind !== cashKind || change === 0) continue;
    const take = Math.min(slot.available, change);
    slot.available -= take;
    change -= take;
  }
  if (change > 0) throw new DomainError('INVALID_ARGUMENT', { reason: 'change exceeds cash tendered' });
  for (const prev of options.previousRefunds ?? []) {
    assertMinorUnits(prev.amount, { field: 'previousRefund' });
    let left = prev.amount;
    const candidates = prev.ref !== undefined ? slots.filter((s) => s.ref === prev.ref) : slots.filter((s) => s.kind === prev.kind);
    for (const slot of candidates) {
      const take = Math.min(slot.available, left);
      slot.available -= take;
      left -= take;
    }
    // More refunded before than this tender kind holds: the ledger disagrees with itself; refuse, do not guess.
    if (left > 0) throw new DomainError('REFUND_EXCEEDS_PAID', { max: 0 });
  }
  const step = options.cashRoundingStep ?? 1;
  assertCashStep(step);
  const cashAvailable = sumMinor(slots.filter((s) => s.kind === cashKind).map((s) => s.available));
  // With cash rounding, the sale itself may have been settled up to half a step below its total (12.32
  // paid as 12.30): that much of a full refund finds no cash behind it, and is rounded away below.
  const slack = step > 1 && slots.some((s) => s.kind === cashKind) ? Math.floor(step / 2) : 0;
  const available = sumMinor(slots.map((s) => s.available));
  if (refundAmount > available + slack) throw new DomainError('REFUND_EXCEEDS_PAID', { max: available });

  const lines: RefundPlanLine[] = [];
  let left = refundAmount;
  for (const slot of slots) {
    if (slot.kind === cashKind) continue;
    const take = Math.min(slot.available, left);
    left -= take;
    if (take === 0) continue;
    const line: RefundPlanLine = { kind: slot.kind, amount: take };
    if (slot.ref !== undefined) line.ref = slot.ref;
    lines.push(line);
  }
  // Cash takes the rest: cash-rounded, and never more than the cash the sale kept (rounded down to a step).
  const cashPart = left;
  let rounding = 0;
  if (cashPart > 0) {
    let cash = cashPart;
    if (step > 1) {
      cash = Math.min(roundCash(cashPart, step, options.cashRoundingMode ?? 'half-up'), cashAvailable - (cashAvailable % step));
      rounding = cash - cashPart;
    }
    if (cash > 0) lines.push({ kind: cashKind, amount: cash });
  }
  return { lines, total: sumMinor(lines.map((l) => l.amount)), rounding };
}
