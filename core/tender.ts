// Tenders: split payment, change, overpayment rules per tender kind, cash rounding of the cash due.
// Pure (imports only core/): no Node, no I/O. Business refusals come back as values (accepted: false).
import { attempt, DomainError, type ErrorParams } from './errors';
import { assertCashStep, assertMinorUnits, isRoundingMode, roundCash, type CurrencyCode, type RoundingMode, sumMinor } from './money';

/** 'cash', 'card', or a kind the shop configures ('voucher', 'alipay', …). */
export type TenderKind = string;

export interface Tender {
  kind: TenderKind;
  /** Handed over (cash) or charged (card), in minor units; change is separate, never netted in. */
  amount: number;
}

export interface TenderKindRule {
  /** change: paying more than remains is allowed and the excess is given back in cash. refuse: it is refused. */
  overpay: 'change' | 'refuse';
}

export interface TenderRules {
  /** Per-kind rules. Default: cash → change, every other kind → refuse. */
  kinds?: Record<string, TenderKindRule>;
  /** Kinds not in `kinds` are refused (TENDER_NOT_ALLOWED) unless this is true. Default true. */
  allowUnlistedKinds?: boolean;
  /** The kind whose due is cash-rounded. Default 'cash'. */
  cashKind?: TenderKind;
  /** Cash rounding step in minor units (5 = CHF 0.05). Absent or 1: none. */
  cashRoundingStep?: number;
  cashRoundingMode?: RoundingMode;
  /** Only used to word error params ("Card cannot pay more than €12.50"). */
  currency?: CurrencyCode;
}

export const DEFAULT_TENDER_RULES: TenderRules = {
  kinds: { cash: { overpay: 'change' }, card: { overpay: 'refuse' } },
  allowUnlistedKinds: true,
  cashKind: 'cash',
};

export interface TenderState {
  totalDue: number;
  /** Σ tender amounts (what was handed over or charged). */
  paid: number;
  /** What is still owed, exactly (before cash rounding). 0 once settled. */
  remaining: number;
  /** What the customer would hand over in cash to settle now: remaining cash-rounded. */
  cashDue: number;
  /** Given back in cash. */
  change: number;
  /** Cash rounding applied when the sale was settled in cash (cashDue − remaining at that moment). */
  rounding: number;
  /** Tenders cover the total: paid − change = totalDue + rounding. */
  settled: boolean;
}

export interface TenderResult extends TenderState {
  accepted: boolean;
  /** Why the tender was refused; the state fields then describe the sale without it. */
  error?: DomainError;
}

function kindRule(kind: TenderKind, rules: TenderRules): TenderKindRule | null {
  const listed = rules.kinds && Object.hasOwn(rules.kinds, kind) ? rules.kinds[kind] : undefined;
  if (listed) return listed;
  if (rules.allowUnlistedKinds === false) return null;
  return { overpay: kind === (rules.cashKind ?? 'cash') ? 'change' : 'refuse' };
}

function cashDueOf(remaining: number, rules: TenderRules): number {
  const step = rules.cashRoundingStep ?? 1;
  return step === 1 ? remaining : roundCash(remaining, step, rules.cashRoundingMode ?? 'half-up');
}

function assertRules(rules: TenderRules): void {
  if (rules.cashRoundingStep !== undefined) assertCashStep(rules.cashRoundingStep);
  if (rules.cashRoundingMode !== undefined && !isRoundingMode(rules.cashRoundingMode)) {
    throw new DomainError('INVALID_ARGUMENT', { reason: 'cashRoundingMode' });
  }
}

/**
 * The state after a list of already-accepted tenders, applied in order. Cash rounding happens only when a
 * cash tender settles the sale: it then pays the cash-rounded remaining (cashDue) and the difference is
 * recorded as `rounding`. A card pays the exact remaining, so a card + cash split rounds only the cash part.
 */
export function tenderState(totalDue: number, tenders: readonly Tender[], rules: TenderRules = DEFAULT_TENDER_RULES): TenderState {
  assertMinorUnits(totalDue, { field: 'totalDue' });
  assertRules(rules);
  const cashKind = rules.cashKind ?? 'cash';
  let remaining = totalDue;
  let change = 0;
  let rounding = 0;
  let settledByTender = false;
  for (const t of tenders) {
    assertMinorUnits(t.amount, { field: 'tender' });
    if (settledByTender) throw new DomainError('INVALID_ARGUMENT', { reason: 'tender after the sale was settled' });
    const due = t.kind === cashKind ? cashDueOf(remaining, rules) : remaining;
    if (t.amount >= due) {
      change += t.amount - due;
      rounding += due - remaining;
      remaining = 0;
      settledByTender = true;
    } else if (t.amount >= remaining) {
      // Cash between the exact remaining and a rounded-up cash due (2.34 typed against 2.33 → 2.35): it
      // covers the debt, and the excess is below one step, so it is kept as rounding, not given as change
      // no coin could pay.
      rounding += t.amount - remaining;
      remaining = 0;
      settledByTender = true;
    } else {
      remaining -= t.amount;
      // Cash left the sale owing less than cash rounding can ask for (0.02 with 0.05 steps): the cash due
      // is 0, so the cash payment settled it. (After a card the cashier decides: a zero cash tender settles.)
      if (t.kind === cashKind && cashDueOf(remaining, rules) === 0) {
        rounding -= remaining;
        remaining = 0;
        settledByTender = true;
      }
    }
  }
  return {
    totalDue,
    paid: sumMinor(tenders.map((t) => t.amount)),
    remaining,
    cashDue: cashDueOf(remaining, rules),
    change,
    rounding,
    settled: remaining === 0,
  };
}

/**
 * Tries one more tender. Refused (accepted: false, with error) when: nothing is left to pay
 * (NOTHING_TO_PAY); the amount is not a positive safe integer (INVALID_AMOUNT/NEGATIVE_AMOUNT/…; a cash
 * tender of 0 is accepted only when cash rounding already brings the cash due to 0); the kind is not
 * allowed (TENDER_NOT_ALLOWED); or a kind that gives no change pays more than remains (TENDER_EXCEEDS_DUE).
 */
export function applyTender(
  totalDue: number,
  existingTenders: readonly Tender[],
  newTender: Tender,
  rules: TenderRules = DEFAULT_TENDER_RULES,
): TenderResult {
  const before = tenderState(totalDue, existingTenders, rules);
  const checked = attempt(() => {
    if (before.settled) throw new DomainError('NOTHING_TO_PAY', {});
    const kind: unknown = newTender?.kind;
    if (typeof kind !== 'string' || kind === '' || kind.length > 32) throw new DomainError('TENDER_NOT_ALLOWED', { kind: String(kind).slice(0, 32) });
    const rule = kindRule(kind, rules);
    if (!rule) throw new DomainError('TENDER_NOT_ALLOWED', { kind });
    assertMinorUnits(newTender.amount, { field: 'tender' });
    const isCash = kind === (rules.cashKind ?? 'cash');
    if (newTender.amount === 0 && !(isCash && before.cashDue === 0)) throw new DomainError('INVALID_AMOUNT', { field: 'tender', value: 0 });
    if (rule.overpay === 'refuse' && newTender.amount > before.remaining) {
      const params: ErrorParams = { kind, remaining: before.remaining };
      if (rules.currency) params.currency = rules.currency;
      throw new DomainError('TENDER_EXCEEDS_DUE', params);
    }
    return tenderState(totalDue, [...existingTenders, { kind, amount: newTender.amount }], rules);
  });
  if (!checked.ok) return { ...before, accepted: false, error: checked.error };
  return { ...checked.value, accepted: true };
}
