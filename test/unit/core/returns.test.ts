import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DomainError,
  type OriginalSale,
  priceReturn,
  priceSale,
  refundTenderPlan,
  returnableQuantities,
  type ReturnedLine,
  type SaleConfig,
} from '../../../core';
import { codeOf } from './domain-error';

// Three pieces at 10.00 with a 1.00 basket share: 29.00 paid for the line, tax 4.63 (19% incl.).
const SALE: OriginalSale = {
  lines: [
    { lineId: 'a', quantity: 3, total: 2900, tax: 463, taxCode: 'A', rateBp: 1900 },
    { lineId: 'b', quantity: 1, total: 500, tax: 33, taxCode: 'B', rateBp: 700 },
  ],
  returns: [],
};

describe('returnableQuantities', () => {
  it('subtracts earlier returns', () => {
    const r = returnableQuantities({ ...SALE, returns: [{ lineId: 'a', quantity: 1, amount: 967, tax: 154 }] });
    expect(r[0]).toEqual({ lineId: 'a', sold: 3, returned: 1, returnable: 2, paid: 2900, refunded: 967, refundable: 1933 });
    expect(r[1]).toMatchObject({ returnable: 1, refundable: 500 });
  });

  it('refuses a return referring to a line the sale does not have', () => {
    expect(codeOf(() => returnableQuantities({ ...SALE, returns: [{ lineId: 'zz', quantity: 1, amount: 1, tax: 0 }] }))).toBe('LINE_NOT_FOUND');
  });
});

describe('priceReturn', () => {
  it('refunds a discounted line pro rata, cumulatively, to the exact cent', () => {
    const first = priceReturn(SALE, [{ lineId: 'a', quantity: 1 }]);
    expect(first.lines[0]).toMatchObject({ amount: 967, tax: 154, taxBase: 813 }); // 966.67 → 967; 154.33 → 154
    const after1: ReturnedLine[] = first.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity, amount: l.amount, tax: l.tax }));
    const second = priceReturn({ ...SALE, returns: after1 }, [{ lineId: 'a', quantity: 1 }]);
    expect(second.lines[0]).toMatchObject({ amount: 966, tax: 155 }); // target 1933 − 967; 308.67 → 309 − 154
    const after2 = [...after1, ...second.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity, amount: l.amount, tax: l.tax }))];
    const third = priceReturn({ ...SALE, returns: after2 }, [{ lineId: 'a', quantity: 1 }]);
    expect(third.lines[0]).toMatchObject({ amount: 967, tax: 154 });
    expect(967 + 966 + 967).toBe(2900);
    expect(154 + 155 + 154).toBe(463);
  });

  it('returns several lines with a per-rate tax summary', () => {
    const r = priceReturn(SALE, [{ lineId: 'a', quantity: 3 }, { lineId: 'b', quantity: 1 }]);
    expect(r.refundTotal).toBe(3400);
    expect(r.taxTotal).toBe(496);
    expect(r.taxSummary).toEqual([
      { taxCode: 'A', rateBp: 1900, net: 2437, tax: 463, gross: 2900 },
      { taxCode: 'B', rateBp: 700, net: 467, tax: 33, gross: 500 },
    ]);
  });

  it('refuses more than was sold, counting earlier returns and repeats in one request', () => {
    expect(codeOf(() => priceReturn(SALE, [{ lineId: 'a', quantity: 4 }]))).toBe('RETURN_EXCEEDS_SOLD');
    expect(codeOf(() => priceReturn(SALE, [{ lineId: 'a', quantity: 2 }, { lineId: 'a', quantity: 2 }]))).toBe('RETURN_EXCEEDS_SOLD');
    const returned = { ...SALE, returns: [{ lineId: 'b', quantity: 1, amount: 500, tax: 33 }] };
    try {
      priceReturn(returned, [{ lineId: 'b', quantity: 1 }]);
    } catch (e) {
      expect((e as DomainError).params).toMatchObject({ sold: 1, returned: 1, returnable: 0 });
    }
    expect(codeOf(() => priceReturn(SALE, [{ lineId: 'x', quantity: 1 }]))).toBe('LINE_NOT_FOUND');
    for (const quantity of [0, -1, 1.5, NaN, 1e308]) {
      expect(codeOf(() => priceReturn(SALE, [{ lineId: 'a', quantity }])), String(quantity)).toBe('INVALID_QUANTITY');
    }
    expect(codeOf(() => priceReturn(SALE, []))).toBe('INVALID_ARGUMENT');
  });

  it('never refunds more than was left, even if earlier refunds were rounded differently', () => {
    // An earlier (older software) return refunded 10.00 for one unit; two more units can only get 19.00 back.
    const odd = { ...SALE, returns: [{ lineId: 'a', quantity: 1, amount: 1000, tax: 160 }] };
    const rest = priceReturn(odd, [{ lineId: 'a', quantity: 2 }]);
    expect(rest.lines[0]).toMatchObject({ amount: 1900, tax: 303 });
  });

  it('property: any sequence of partial returns refunds at most what was paid, exactly all of it when all come back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 2500 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (sold, total, rateBp, chunks, mode) => {
          const tax = Math.floor((total * rateBp) / (10_000 + rateBp)); // test data only: any tax ≤ total will do
          const original: OriginalSale = { lines: [{ lineId: 'x', quantity: sold, total, tax }], returns: [] };
          const returns: ReturnedLine[] = [];
          let returned = 0;
          for (const chunk of chunks) {
            const left = sold - returned;
            if (chunk > left) {
              expect(codeOf(() => priceReturn({ ...original, returns }, [{ lineId: 'x', quantity: chunk }], mode))).toBe('RETURN_EXCEEDS_SOLD');
              continue;
            }
            const r = priceReturn({ ...original, returns }, [{ lineId: 'x', quantity: chunk }], mode);
            const l = r.lines[0];
            if (!l) throw new Error('no line');
            expect(l.amount >= 0 && l.tax >= 0 && l.tax <= l.amount).toBe(true);
            returns.push({ lineId: 'x', quantity: chunk, amount: l.amount, tax: l.tax });
            returned += chunk;
          }
          const refunded = returns.reduce((s, r) => s + r.amount, 0);
          const taxRefunded = returns.reduce((s, r) => s + r.tax, 0);
          expect(refunded <= total && taxRefunded <= tax).toBe(true);
          // Each partial refund is within one unit of its exact pro-rata share.
          for (const r of returns) expect(Math.abs(r.amount * sold - total * r.quantity) <= sold).toBe(true);
          if (returned === sold) {
            expect(refunded).toBe(total);
            expect(taxRefunded).toBe(tax);
          }
          expect(returnableQuantities({ ...original, returns })[0]?.returnable).toBe(sold - returned);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a full return of a priced sale refunds exactly its total and tax', () => {
    const config: SaleConfig = { currency: 'EUR', taxMode: 'inclusive', taxRounding: 'per-total', roundingMode: 'half-even' };
    const sale = priceSale(
      [
        { lineId: 'l1', productId: 'p', sku: 's', name: 'n', taxCode: 'A', rateBp: 1900, unitPrice: 333, quantity: 7, quantityKind: 'piece' },
        { lineId: 'l2', productId: 'q', sku: 't', name: 'm', taxCode: 'B', rateBp: 700, unitPrice: 1299, quantity: 347, quantityKind: 'weight' },
      ],
      { kind: 'percent', bp: 1250 },
      config,
    );
    const original: OriginalSale = {
      lines: sale.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity, total: l.total, tax: l.tax, taxCode: l.taxCode, rateBp: l.rateBp })),
      returns: [],
    };
    const r = priceReturn(original, sale.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })));
    expect(r.refundTotal).toBe(sale.total);
    expect(r.taxTotal).toBe(sale.taxTotal);
    expect(r.taxSummary.map((s) => s.tax)).toEqual(sale.taxSummary.map((s) => s.tax));
  });
});

describe('refundTenderPlan', () => {
  it('refunds the card part to the card first, then cash', () => {
    const plan = refundTenderPlan([{ kind: 'cash', amount: 2000 }, { kind: 'card', amount: 3000, ref: 'pay-1' }], 4000, { change: 500 });
    expect(plan).toEqual({ lines: [{ kind: 'card', amount: 3000, ref: 'pay-1' }, { kind: 'cash', amount: 1000 }], total: 4000, rounding: 0 });
    expect(refundTenderPlan([{ kind: 'card', amount: 3000 }], 1200).lines).toEqual([{ kind: 'card', amount: 1200 }]);
  });

  it('counts earlier refunds and the change given', () => {
    const tenders = [{ kind: 'card', amount: 3000, ref: 'p1' }, { kind: 'cash', amount: 5000 }];
    const plan = refundTenderPlan(tenders, 2000, { change: 3000, previousRefunds: [{ kind: 'card', amount: 2500, ref: 'p1' }] });
    expect(plan.lines).toEqual([{ kind: 'card', amount: 500, ref: 'p1' }, { kind: 'cash', amount: 1500 }]);
    expect(codeOf(() => refundTenderPlan(tenders, 2501, { change: 3000, previousRefunds: [{ kind: 'card', amount: 2500, ref: 'p1' }] }))).toBe('REFUND_EXCEEDS_PAID');
  });

  it('rounds a cash refund to the cash step without paying out more cash than was kept', () => {
    const plan = refundTenderPlan([{ kind: 'cash', amount: 1235 }], 1233, { cashRoundingStep: 5 });
    expect(plan).toEqual({ lines: [{ kind: 'cash', amount: 1235 }], total: 1235, rounding: 2 });
    const capped = refundTenderPlan([{ kind: 'cash', amount: 1233 }], 1233, { cashRoundingStep: 5 });
    expect(capped).toEqual({ lines: [{ kind: 'cash', amount: 1230 }], total: 1230, rounding: -3 });
  });

  it('a cash sale rounded down refunds what was paid when everything comes back', () => {
    // Total 12.32 paid with 12.30 cash (rounding −0.02). First half back: 6.16 → 6.15 cash.
    const first = refundTenderPlan([{ kind: 'cash', amount: 1230 }], 616, { cashRoundingStep: 5 });
    expect(first.lines).toEqual([{ kind: 'cash', amount: 615 }]);
    // Second half: 6.16 asked, 6.15 of cash left: paid 6.15, not refused.
    const second = refundTenderPlan([{ kind: 'cash', amount: 1230 }], 616, { cashRoundingStep: 5, previousRefunds: first.lines });
    expect(second).toEqual({ lines: [{ kind: 'cash', amount: 615 }], total: 615, rounding: -1 });
    // Beyond a step of slack it is refused.
    expect(codeOf(() => refundTenderPlan([{ kind: 'cash', amount: 1230 }], 1235, { cashRoundingStep: 5 }))).toBe('REFUND_EXCEEDS_PAID');
  });

  it('refuses bad amounts', () => {
    expect(codeOf(() => refundTenderPlan([{ kind: 'cash', amount: 100 }], -1))).toBe('NEGATIVE_AMOUNT');
    expect(codeOf(() => refundTenderPlan([{ kind: 'cash', amount: 100 }], NaN))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => refundTenderPlan([{ kind: 'cash', amount: 100 }], 101))).toBe('REFUND_EXCEEDS_PAID');
    expect(codeOf(() => refundTenderPlan([{ kind: 'card', amount: 100 }], 10, { change: 5 }))).toBe('INVALID_ARGUMENT');
  });

  it('property: the plan sums to the refund and no tender gets back more than it paid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom('cash', 'card', 'voucher'), amount: fc.integer({ min: 1, max: 100_000 }) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (tenders, wanted) => {
          const paid = tenders.reduce((s, t) => s + t.amount, 0);
          const refund = wanted % (paid + 1);
          const plan = refundTenderPlan(tenders, refund);
          expect(plan.total).toBe(refund);
          for (const kind of ['cash', 'card', 'voucher']) {
            const back = plan.lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amount, 0);
            const had = tenders.filter((t) => t.kind === kind).reduce((s, t) => s + t.amount, 0);
            expect(back <= had).toBe(true);
          }
          // Cash only once every non-cash tender is fully refunded.
          const cashBack = plan.lines.find((l) => l.kind === 'cash')?.amount ?? 0;
          if (cashBack > 0) expect(refund - cashBack).toBe(tenders.filter((t) => t.kind !== 'cash').reduce((s, t) => s + t.amount, 0));
        },
      ),
    );
  });

  it('property: with cash rounding, repeated cash refunds never pay out more cash than the sale kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 60 })), { minLength: 1, maxLength: 10 }),
        fc.constantFrom(5, 10, 100),
        (kept, asks, step) => {
          const tenders = [{ kind: 'cash', amount: kept }];
          const done: { kind: string; amount: number }[] = [];
          for (const ask of asks) {
            const left = kept - done.reduce((s, l) => s + l.amount, 0);
            if (ask > left + step / 2) {
              expect(codeOf(() => refundTenderPlan(tenders, ask, { cashRoundingStep: step, previousRefunds: done }))).toBe('REFUND_EXCEEDS_PAID');
              continue;
            }
            const plan = refundTenderPlan(tenders, ask, { cashRoundingStep: step, previousRefunds: done });
            // Never more than half a step above what was asked; below only by rounding and the cash cap.
            expect(plan.rounding <= step / 2).toBe(true);
            expect(plan.total).toBe(ask + plan.rounding);
            done.push(...plan.lines);
          }
          expect(done.reduce((s, l) => s + l.amount, 0) <= kept).toBe(true);
          for (const l of done) expect(l.amount % step).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
