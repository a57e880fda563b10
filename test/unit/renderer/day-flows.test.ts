// Pure parts of the card flow, the close wizard and the support view: when Cancel is still offered, how an error
// maps to an outcome screen, which card tender a payment added, count sheets in integer minor units, which wizard
// steps can be revisited, and how the live trace behaves paused, filtered and bounded. No browser, no service.
import { describe, expect, it } from 'vitest';
import type { DeviceTraceView, PaymentResultView, TillEvents } from '../../../service/contract';
import { cancelAllowed, cardOutcomeOf, lastCardTender } from '../../../renderer/src/stores/payment-outcome';
import { CASH_REASONS, CLOSE_STEPS, canVisitStep, countedAmount, furthest, nonZeroCounts, sameCount } from '../../../renderer/src/stores/count-sheet';
import { TRACE_LIMIT, withLiveTrace, type TraceListState } from '../../../renderer/src/stores/trace-list';

const progress = (state: string): TillEvents['payment.progress'] => ({ saleId: 's', paymentId: 'p', state, text: state, textZh: state });

describe('card payment outcome', () => {
  it('offers Cancel until the terminal reports a final state', () => {
    expect(cancelAllowed([])).toBe(true);
    expect(cancelAllowed([progress('sent'), progress('progress')])).toBe(true);
    for (const final of ['approved', 'declined', 'aborted', 'unknown']) expect(cancelAllowed([progress('sent'), progress(final)])).toBe(false);
  });

  it('maps the service errors to the outcome screens; unknown never looks like a decline', () => {
    expect(cardOutcomeOf({ code: 'CARD_DECLINED', message: 'x' }).kind).toBe('declined');
    expect(cardOutcomeOf({ code: 'CARD_ABORTED', message: 'x' }).kind).toBe('aborted');
    expect(cardOutcomeOf({ code: 'CARD_OUTCOME_UNKNOWN', message: 'x' }).kind).toBe('unknown');
    expect(cardOutcomeOf({ code: 'PAYMENT_UNRESOLVED', message: 'x' }).kind).toBe('unknown');
    expect(cardOutcomeOf({ code: 'OFFLINE_LIMIT', message: 'x' }).kind).toBe('failed');
    expect(cardOutcomeOf({ code: 'TENDER_EXCEEDS_DUE', message: 'x' }).kind).toBe('failed');
  });

  it('takes the newest card tender of the answer (a split has cash and earlier cards too)', () => {
    const tender = (id: string, kind: 'cash' | 'card', auth: string | null) => ({ tenderId: id, kind, amount: 100, ...(kind === 'card' ? { card: { maskedPan: '4****1', brand: 'visa', authCode: auth, trace: null } } : {}) });
    const result = { sale: { tenders: [tender('a', 'card', 'OLD'), tender('b', 'cash', null), tender('c', 'card', 'NEW')] }, receipt: null } as unknown as PaymentResultView;
    expect(lastCardTender(result)?.card?.authCode).toBe('NEW');
    expect(lastCardTender({ sale: null, receipt: null })).toBeNull();
  });
});

describe('count sheets and the close wizard', () => {
  it('counts in integer minor units and sends only counted denominations', () => {
    expect(countedAmount({ '10000': 3, '5000': 1, '10': 7 })).toBe(35_070);
    expect(countedAmount({})).toBe(0);
    expect(nonZeroCounts({ '10000': 0, '50': 2 })).toEqual({ '50': 2 });
  });

  it('lists every cash reason code of the contract once, the usual one first', () => {
    expect(new Set(CASH_REASONS).size).toBe(7);
    expect(CASH_REASONS[0]).toBe('float-top-up');
  });

  it('revisits any step up to the furthest reached, never one not reached yet', () => {
    expect(canVisitStep('count', 'reconcile', false)).toBe(true);
    expect(canVisitStep('reconcile', 'reconcile', false)).toBe(true);
    expect(canVisitStep('confirm', 'reconcile', false)).toBe(false);
    expect(canVisitStep('compare', 'count', false)).toBe(false);
  });

  it('a count changed on revisit keeps the later steps closed until it is submitted again', () => {
    expect(canVisitStep('compare', 'reconcile', false, true)).toBe(false);
    expect(canVisitStep('count', 'reconcile', false, true)).toBe(true);
    expect(sameCount({ '100': 2, '50': 0 }, { '100': 2 })).toBe(true);
    expect(sameCount({ '100': 2 }, { '100': 3 })).toBe(false);
    expect(sameCount({ '100': 2 }, { '100': 2, '10': 1 })).toBe(false);
  });

  it('after Confirm only Print/Export remains', () => {
    for (const step of CLOSE_STEPS) expect(canVisitStep(step, 'print', true)).toBe(step === 'print');
  });

  it('going back never forgets how far the wizard got', () => {
    expect(furthest('count', 'reconcile')).toBe('reconcile');
    expect(furthest('confirm', 'compare')).toBe('confirm');
  });
});

describe('live trace', () => {
  const frame = (device: DeviceTraceView['device'], hex: string): DeviceTraceView => ({ device, at: '2026-11-22T10:00:00.000Z', direction: 'in', kind: 'frame', hex, meaning: 'm' });
  const empty: TraceListState = { traces: [], paused: false, missedWhilePaused: 0, traceFilter: null };
  const feed = (state: TraceListState, frames: DeviceTraceView[]) => frames.reduce<TraceListState>((s, f) => ({ ...s, ...withLiveTrace(s, f) }), state);

  it('appends live frames, holds still while paused and counts what it missed', () => {
    const live = feed(empty, [frame('pinpad', '06')]);
    const paused = feed({ ...live, paused: true }, [frame('pinpad', '15'), frame('printer', '10 04 01')]);
    expect(paused.traces.map((t) => t.hex)).toEqual(['06']);
    expect(paused.missedWhilePaused).toBe(2);
  });

  it('shows only the filtered device', () => {
    const s = feed({ ...empty, traceFilter: 'pinpad' }, [frame('printer', '10 04 01'), frame('pinpad', '06')]);
    expect(s.traces.map((t) => t.device)).toEqual(['pinpad']);
  });

  it('keeps at most TRACE_LIMIT frames, the newest', () => {
    const s = feed(empty, Array.from({ length: TRACE_LIMIT + 25 }, (_, i) => frame('pinpad', String(i))));
    expect(s.traces).toHaveLength(TRACE_LIMIT);
    expect(s.traces[s.traces.length - 1]!.hex).toBe(String(TRACE_LIMIT + 24));
    expect(s.traces[0]!.hex).toBe('25');
  });
});
