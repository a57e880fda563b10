import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyTender, type Tender, tenderState, type TenderRules } from '../../../core';

const CHF: TenderRules = { cashRoundingStep: 5, currency: 'CHF' };

describe('applyTender', () => {
  it('cash pays with change', () => {
    const r = applyTender(1234, [], { kind: 'cash', amount: 2000 });
    expect(r).toMatchObject({ accepted: true, paid: 2000, remaining: 0, change: 766, settled: true, rounding: 0 });
  });

  it('splits card and cash', () => {
    const card = applyTender(5000, [], { kind: 'card', amount: 3000 });
    expect(card).toMatchObject({ accepted: true, remaining: 2000, settled: false, change: 0 });
    const cash = applyTender(5000, [{ kind: 'card', amount: 3000 }], { kind: 'cash', amount: 5000 });
    expect(cash).toMatchObject({ accepted: true, paid: 8000, remaining: 0, change: 3000, settled: true });
  });

  it('refuses a card above the remaining due, and says how much remains', () => {
    const r = applyTender(5000, [{ kind: 'cash', amount: 1000 }], { kind: 'card', amount: 4001 }, { ...CHF, cashRoundingStep: 1, currency: 'EUR' });
    expect(r.accepted).toBe(false);
    expect(r.error?.code).toBe('TENDER_EXCEEDS_DUE');
    expect(r.error?.params).toEqual({ kind: 'card', remaining: 4000, currency: 'EUR' });
    expect(r).toMatchObject({ paid: 1000, remaining: 4000 });
    expect(applyTender(5000, [], { kind: 'voucher', amount: 6000 }).error?.code).toBe('TENDER_EXCEEDS_DUE');
  });

  it('refuses tenders once settled, bad amounts and unknown kinds', () => {
    expect(applyTender(1000, [{ kind: 'cash', amount: 1000 }], { kind: 'cash', amount: 1 }).error?.code).toBe('NOTHING_TO_PAY');
    expect(applyTender(0, [], { kind: 'cash', amount: 1 }).error?.code).toBe('NOTHING_TO_PAY');
    expect(applyTender(1000, [], { kind: 'cash', amount: NaN }).error?.code).toBe('INVALID_AMOUNT');
    expect(applyTender(1000, [], { kind: 'cash', amount: -1 }).error?.code).toBe('NEGATIVE_AMOUNT');
    expect(applyTender(1000, [], { kind: 'cash', amount: 1e308 }).error?.code).toBe('AMOUNT_TOO_LARGE');
    expect(applyTender(1000, [], { kind: 'cash', amount: 12.5 }).error?.code).toBe('INVALID_AMOUNT');
    expect(applyTender(1000, [], { kind: 'card', amount: 0 }).error?.code).toBe('INVALID_AMOUNT');
    expect(applyTender(1000, [], { kind: '', amount: 100 }).error?.code).toBe('TENDER_NOT_ALLOWED');
    const strict: TenderRules = { kinds: { cash: { overpay: 'change' } }, allowUnlistedKinds: false };
    expect(applyTender(1000, [], { kind: 'card', amount: 100 }, strict).error?.code).toBe('TENDER_NOT_ALLOWED');
    expect(applyTender(1000, [], { kind: 'constructor', amount: 100 }, strict).error?.code).toBe('TENDER_NOT_ALLOWED');
  });

  it('a kind configured to give change may overpay', () => {
    const rules: TenderRules = { kinds: { cash: { overpay: 'change' }, voucher: { overpay: 'change' } } };
    expect(applyTender(800, [], { kind: 'voucher', amount: 1000 }, rules)).toMatchObject({ accepted: true, change: 200 });
  });
});

describe('cash rounding (CHF 0.05)', () => {
  it('rounds the cash due when the sale is paid in cash', () => {
    expect(tenderState(1233, [], CHF).cashDue).toBe(1235);
    const r = applyTender(1233, [], { kind: 'cash', amount: 1235 }, CHF);
    expect(r).toMatchObject({ accepted: true, change: 0, rounding: 2, settled: true });
    const down = applyTender(1232, [], { kind: 'cash', amount: 2000 }, CHF);
    expect(down).toMatchObject({ change: 770, rounding: -2 });
  });

  it('rounds only the cash part of a card + cash split', () => {
    const card = applyTender(1233, [], { kind: 'card', amount: 1000 }, CHF);
    expect(card).toMatchObject({ remaining: 233, cashDue: 235, settled: false });
    const cash = applyTender(1233, [{ kind: 'card', amount: 1000 }], { kind: 'cash', amount: 500 }, CHF);
    expect(cash).toMatchObject({ change: 265, rounding: 2, settled: true });
    // A card paying the exact remaining needs no rounding.
    expect(applyTender(1233, [], { kind: 'card', amount: 1233 }, CHF)).toMatchObject({ settled: true, rounding: 0 });
  });

  it('a cash due rounded to zero is settled by a zero cash tender', () => {
    const before = tenderState(1002, [{ kind: 'card', amount: 1000 }], CHF);
    expect(before).toMatchObject({ remaining: 2, cashDue: 0, settled: false });
    expect(applyTender(1002, [{ kind: 'card', amount: 1000 }], { kind: 'cash', amount: 0 }, CHF)).toMatchObject({
      accepted: true, settled: true, rounding: -2, change: 0,
    });
  });

  it('cash that leaves less than the cash step can ask for settles the sale', () => {
    expect(applyTender(1233, [], { kind: 'cash', amount: 1231 }, CHF)).toMatchObject({ settled: true, rounding: -2, change: 0, remaining: 0 });
    expect(applyTender(1233, [], { kind: 'cash', amount: 1230 }, CHF)).toMatchObject({ settled: false, remaining: 3, cashDue: 5 });
  });

  it('cash between the exact due and the rounded-up due settles without change', () => {
    expect(applyTender(1233, [], { kind: 'cash', amount: 1234 }, CHF)).toMatchObject({ settled: true, change: 0, rounding: 1 });
  });
});

describe('tender invariants', () => {
  it('accepted tenders cover the total: paid − change = total + rounding, non-cash never overpays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.record({ kind: fc.constantFrom('cash', 'card', 'voucher'), amount: fc.integer({ min: 0, max: 600_000 }) }), { maxLength: 8 }),
        fc.constantFrom(1, 5, 10, 100),
        (total, attempts, step) => {
          const rules: TenderRules = { cashRoundingStep: step };
          const accepted: Tender[] = [];
          for (const t of attempts) {
            const r = applyTender(total, accepted, t, rules);
            if (r.accepted) accepted.push(t);
            else expect(r.error).toBeDefined();
          }
          const s = tenderState(total, accepted, rules);
          const nonCash = accepted.filter((t) => t.kind !== 'cash').reduce((a, t) => a + t.amount, 0);
          const cash = accepted.filter((t) => t.kind === 'cash').reduce((a, t) => a + t.amount, 0);
          expect(nonCash <= total).toBe(true);
          expect(s.change >= 0 && s.change <= cash).toBe(true);
          expect(s.remaining >= 0).toBe(true);
          expect(2 * Math.abs(s.rounding) <= step).toBe(true);
          if (s.settled) expect(s.paid - s.change).toBe(total + s.rounding);
          else expect(s.paid + s.remaining).toBe(total);
          // Once settled, a further cash payment would be refused with a reason.
          if (s.settled && total > 0) expect(applyTender(total, accepted, { kind: 'cash', amount: 100 }, rules).accepted).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
