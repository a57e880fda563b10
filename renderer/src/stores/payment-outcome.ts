// Pure rules of the card flow's screens: which outcome screen an error leads to, when Cancel is still offered, and
// which card tender a payment answer added. No API, no DOM (unit-tested without a browser).
import type { PaymentResultView, TenderView, TillError, TillEvents } from '../../../service/contract';

export type CardOutcome =
  | { kind: 'approved'; amount: number; authCode: string | null; maskedPan: string | null; brand: string | null }
  | { kind: 'declined'; error: TillError }
  | { kind: 'aborted'; error: TillError }
  | { kind: 'unknown'; error: TillError }
  | { kind: 'failed'; error: TillError };

export type Progress = TillEvents['payment.progress'];

/** Terminal states after which Abort (06 B0) no longer applies: the PIN pad has decided or lost track. */
const FINAL_STATES = new Set(['approved', 'declined', 'aborted', 'unknown']);

export function cardOutcomeOf(error: TillError): CardOutcome {
  if (error.code === 'CARD_DECLINED') return { kind: 'declined', error };
  if (error.code === 'CARD_ABORTED') return { kind: 'aborted', error };
  // Unknown is never shown as a decline: the money may have moved, so the card must not be presented again.
  if (error.code === 'CARD_OUTCOME_UNKNOWN' || error.code === 'PAYMENT_UNRESOLVED') return { kind: 'unknown', error };
  return { kind: 'failed', error };
}

/** Cancel is offered while the terminal still accepts an abort: before it reported a final state. */
export function cancelAllowed(progress: readonly Progress[]): boolean {
  const last = progress[progress.length - 1];
  return !last || !FINAL_STATES.has(last.state);
}

/** The newest card tender of a payment answer: the one this payment added. */
export function lastCardTender(result: PaymentResultView): TenderView | null {
  const tenders = result.receipt?.tenders ?? result.sale?.tenders ?? [];
  return [...tenders].reverse().find((t) => t.kind === 'card') ?? null;
}
