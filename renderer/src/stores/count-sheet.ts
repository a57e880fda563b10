// Pure rules of cash counts and the close wizard: counted amounts in integer minor units, the count as the service
// takes it, the cash reason codes in screen order, and which wizard step may be visited. No API, no DOM.
import type { CASH_REASON_CODES } from '../../../service/contract';

export type CashReasonCode = (typeof CASH_REASON_CODES)[number];
/** The contract's reason codes in screen order; a Record so a code added to the contract fails to compile here. */
const REASON_ORDER: Record<CashReasonCode, number> = {
  'float-top-up': 0,
  'change-delivery': 1,
  supplier: 2,
  expenses: 3,
  'refund-correction': 4,
  'bank-deposit': 5,
  other: 6,
};
export const CASH_REASONS = (Object.keys(REASON_ORDER) as CashReasonCode[]).sort((a, b) => REASON_ORDER[a] - REASON_ORDER[b]);

export type CloseStep = 'count' | 'compare' | 'reconcile' | 'confirm' | 'print';
export const CLOSE_STEPS: CloseStep[] = ['count', 'compare', 'reconcile', 'confirm', 'print'];
/** value in minor units (as the service's string key) → number of notes or coins. */
export type Counts = Record<string, number>;

/** Counts without zero rows, as the service's denominationCounts record. */
export function nonZeroCounts(counts: Counts): Counts {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/** The counted amount of a count sheet: integer minor units, value × pieces (never a float). */
export function countedAmount(counts: Counts): number {
  let total = 0;
  for (const [value, n] of Object.entries(counts)) total += Number(value) * n;
  return total;
}

/**
 * A step can be visited up to the furthest reached until the close is confirmed; after Confirm (the Z exists)
 * only Print/Export remains, because the shift is closed and nothing before it can change.
 */
export function canVisitStep(step: CloseStep, reached: CloseStep, confirmed: boolean, countChanged = false): boolean {
  if (confirmed) return step === 'print';
  // A count changed on revisit but not submitted again: what follows still shows the old count, so it waits.
  if (countChanged && step !== 'count') return false;
  return CLOSE_STEPS.indexOf(step) <= CLOSE_STEPS.indexOf(reached);
}

/** The same count, whatever the order or zero rows: compares what was submitted with what is on the sheet now. */
export function sameCount(a: Counts, b: Counts): boolean {
  const x = nonZeroCounts(a);
  const y = nonZeroCounts(b);
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/** The furthest of two steps (moving forward never forgets how far the wizard got). */
export function furthest(a: CloseStep, b: CloseStep): CloseStep {
  return CLOSE_STEPS.indexOf(a) >= CLOSE_STEPS.indexOf(b) ? a : b;
}
