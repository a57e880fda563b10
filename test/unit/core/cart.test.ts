import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type CartLineInput, type Discount, discountAmount, DomainError, extendedPrice, priceSale, type SaleConfig } from '../../../core';
import { codeOf } from './domain-error';

const EUR: SaleConfig = { currency: 'EUR', taxMode: 'inclusive', taxRounding: 'per-line', roundingMode: 'half-up' };

let nextId = 0;
function line(over: Partial<CartLineInput> = {}): CartLineInput {
  nextId += 1;
  return {
    lineId: `l${nextId}`,
    productId: `p${nextId}`,
    sku: `SKU${nextId}`,
    name: 'Item',
    taxCode: 'A',
    rateBp: 1900,
    unitPrice: 1000,
    quantity: 1,
    quantityKind: 'piece',
    ...over,
  };
}

describe('priceSale: examples', () => {
  it('prices pieces with inclusive tax', () => {
    const sale = priceSale([line({ unitPrice: 199, quantity: 3 }), line({ unitPrice: 1190, taxCode: 'B', rateBp: 700 })], null, EUR);
    expect(sale.subtotal).toBe(597 + 1190);
    expect(sale.total).toBe(1787);
    expect(sale.itemCount).toBe(4);
    expect(sale.lines[0]?.tax).toBe(95); // 597 × 19/119 = 95.3
    expect(sale.lines[1]?.tax).toBe(78); // 1190 × 7/107 = 77.85
    expect(sale.taxTotal).toBe(173);
    expect(sale.taxSummary).toEqual([
      { taxCode: 'A', rateBp: 1900, net: 502, tax: 95, gross: 597 },
      { taxCode: 'B', rateBp: 700, net: 1112, tax: 78, gross: 1190 },
    ]);
    expect(sale.lines[0]?.taxBase).toBe(502);
    expect(sale.cashTotal).toBe(1787);
    expect(sale.cashRounding).toBe(0);
  });

  it('prices weighed goods from grams, rounding once', () => {
    // 12.99/kg × 0.347 kg = 4.50753 → 4.51; 2.99/kg × 0.125 kg = 0.37375 → 0.37
    const sale = priceSale(
      [line({ unitPrice: 1299, quantity: 347, quantityKind: 'weight' }), line({ unitPrice: 299, quantity: 125, quantityKind: 'weight' })],
      null,
      EUR,
    );
    expect(sale.lines.map((l) => l.gross)).toEqual([451, 37]);
    expect(sale.itemCount).toBe(2);
    // half-even tie: 1.00/kg × 0.0125 kg... grams are whole, so a tie is 5 × 1/1000 × price: 100/kg × 5 g = 0.5 → 0 or 1
    const tie = (roundingMode: 'half-up' | 'half-even') =>
      priceSale([line({ unitPrice: 100, quantity: 5, quantityKind: 'weight' })], null, { ...EUR, roundingMode }).total;
    expect(tie('half-up')).toBe(1);
    expect(tie('half-even')).toBe(0);
  });

  it('applies price overrides, line discounts and a basket discount in order', () => {
    const sale = priceSale(
      [
        line({ unitPrice: 1000, quantity: 2, priceOverride: { unitPrice: 900 }, discount: { kind: 'percent', bp: 1000 } }),
        line({ unitPrice: 500, discount: { kind: 'amount', amount: 100 } }),
      ],
      { kind: 'amount', amount: 200 },
      EUR,
    );
    const [a, b] = sale.lines;
    expect(a?.appliedUnitPrice).toBe(900);
    expect(a?.priceOverridden).toBe(true);
    expect(a?.gross).toBe(1800);
    expect(a?.lineDiscount).toBe(180);
    expect(b?.lineDiscount).toBe(100);
    // Basket 2.00 over 16.20 and 4.00: 160.0 and 39.5 → 160 and 40 (largest remainder)
    expect(a?.basketDiscountShare).toBe(160);
    expect(b?.basketDiscountShare).toBe(40);
    expect(a?.net).toBe(1460);
    expect(sale.discountTotal).toBe(480);
    expect(sale.basketDiscount).toBe(200);
    expect(sale.total).toBe(2300 - 480);
  });

  it('basket percent is a percent of the discounted subtotal, rounded once', () => {
    const sale = priceSale([line({ unitPrice: 333 }), line({ unitPrice: 333 }), line({ unitPrice: 334 })], { kind: 'percent', bp: 1000 }, EUR);
    expect(sale.basketDiscount).toBe(100);
    expect(sale.lines.map((l) => l.basketDiscountShare)).toEqual([33, 33, 34]);
  });

  it('counts voided lines as zero and keeps them in the list', () => {
    const sale = priceSale([line({ unitPrice: 500 }), line({ unitPrice: 700, voided: true, quantity: -3 })], null, EUR);
    expect(sale.total).toBe(500);
    expect(sale.itemCount).toBe(1);
    expect(sale.lines[1]).toMatchObject({ gross: 0, net: 0, tax: 0, total: 0, voided: true });
  });

  it('adds tax on top in exclusive mode', () => {
    const sale = priceSale([line({ unitPrice: 1000, rateBp: 810, taxCode: 'N' })], null, { ...EUR, currency: 'USD', taxMode: 'exclusive' });
    expect(sale.lines[0]).toMatchObject({ net: 1000, tax: 81, total: 1081, taxBase: 1000 });
    expect(sale.total).toBe(1081);
    expect(sale.subtotal).toBe(1000);
  });

  it('computes the cash total with CHF 0.05 rounding', () => {
    const chf: SaleConfig = { ...EUR, currency: 'CHF', cashRoundingStep: 5 };
    const sale = priceSale([line({ unitPrice: 1233, rateBp: 810 })], null, chf);
    expect(sale.total).toBe(1233);
    expect(sale.cashTotal).toBe(1235);
    expect(sale.cashRounding).toBe(2);
    expect(priceSale([line({ unitPrice: 1232 })], null, chf).cashRounding).toBe(-2);
  });

  it('works for 0- and 3-decimal currencies', () => {
    const jpy = priceSale([line({ unitPrice: 398, quantity: 3, rateBp: 800 })], { kind: 'percent', bp: 500 }, { ...EUR, currency: 'JPY' });
    expect(jpy.basketDiscount).toBe(60); // 5% of 1194 = 59.7
    expect(jpy.total).toBe(1134);
    const kwd = priceSale([line({ unitPrice: 1250, quantity: 1, rateBp: 0 })], null, { ...EUR, currency: 'KWD' });
    expect(kwd.total).toBe(1250);
    expect(kwd.taxTotal).toBe(0);
  });

  it('an empty sale totals zero', () => {
    const sale = priceSale([], { kind: 'percent', bp: 1000 }, EUR);
    expect(sale).toMatchObject({ total: 0, itemCount: 0, taxTotal: 0, taxSummary: [], basketDiscount: 0 });
  });
});

describe('extendedPrice and discountAmount', () => {
  it('extends pieces exactly and grams with one rounding', () => {
    expect(extendedPrice(199, 3, 'piece', 'half-up')).toBe(597);
    expect(extendedPrice(1299, 347, 'weight', 'half-up')).toBe(451);
    expect(extendedPrice(1000, 1500, 'weight', 'half-up')).toBe(1500);
    expect(codeOf(() => extendedPrice(100, 0, 'piece', 'half-up'))).toBe('INVALID_QUANTITY');
    expect(codeOf(() => extendedPrice(100.5, 1, 'piece', 'half-up'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => extendedPrice(Number.MAX_SAFE_INTEGER, 2, 'piece', 'half-up'))).toBe('AMOUNT_TOO_LARGE');
  });

  it('takes percent and amount discounts, refusing or capping an amount above the base', () => {
    expect(discountAmount({ kind: 'percent', bp: 1250 }, 999, 'half-up', 'EUR')).toEqual({ amount: 125, capped: false }); // 124.875
    expect(discountAmount({ kind: 'percent', bp: 10_000 }, 999, 'half-up', 'EUR')).toEqual({ amount: 999, capped: false });
    expect(discountAmount({ kind: 'amount', amount: 300 }, 999, 'half-up', 'EUR')).toEqual({ amount: 300, capped: false });
    expect(discountAmount({ kind: 'amount', amount: 1300 }, 999, 'half-up', 'EUR', 'l1', 'cap')).toEqual({ amount: 999, capped: true });
    try {
      discountAmount({ kind: 'amount', amount: 1300 }, 999, 'half-up', 'EUR', 'l1');
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe('DISCOUNT_TOO_LARGE');
      expect((e as DomainError).params).toEqual({ lineId: 'l1', max: 999, currency: 'EUR' });
    }
  });
});

describe('priceSale: bad input', () => {
  it('refuses bad quantities', () => {
    for (const quantity of [0, -1, 1.5, NaN, Infinity, 1e308, 2_000_000]) {
      expect(codeOf(() => priceSale([line({ quantity })], null, EUR)), String(quantity)).toBe('INVALID_QUANTITY');
    }
    expect(codeOf(() => priceSale([line({ quantity: 1_000_001, quantityKind: 'weight' })], null, EUR))).toBe('INVALID_QUANTITY');
  });

  it('refuses bad prices and rates', () => {
    for (const unitPrice of [-1, NaN, 12.5, 1e308, Infinity]) {
      expect(codeOf(() => priceSale([line({ unitPrice })], null, EUR)), String(unitPrice)).toBe('INVALID_PRICE');
    }
    expect(codeOf(() => priceSale([line({ priceOverride: { unitPrice: -1 } })], null, EUR))).toBe('INVALID_PRICE');
    expect(codeOf(() => priceSale([line({ rateBp: -1 })], null, EUR))).toBe('INVALID_TAX_RATE');
    expect(codeOf(() => priceSale([line({ rateBp: 19 * 1000 })], null, EUR))).toBe('INVALID_TAX_RATE');
  });

  it('refuses discounts larger than the line or the sale, and malformed ones', () => {
    expect(codeOf(() => priceSale([line({ unitPrice: 500, discount: { kind: 'amount', amount: 501 } })], null, EUR))).toBe('DISCOUNT_TOO_LARGE');
    expect(codeOf(() => priceSale([line({ unitPrice: 500 })], { kind: 'amount', amount: 501 }, EUR))).toBe('DISCOUNT_TOO_LARGE');
    expect(codeOf(() => priceSale([line({ discount: { kind: 'percent', bp: 10001 } })], null, EUR))).toBe('INVALID_DISCOUNT');
    expect(codeOf(() => priceSale([line({ discount: { kind: 'percent', bp: -5 } })], null, EUR))).toBe('INVALID_DISCOUNT');
    expect(codeOf(() => priceSale([line({ discount: { kind: 'amount', amount: NaN } })], null, EUR))).toBe('INVALID_DISCOUNT');
    expect(codeOf(() => priceSale([line()], { kind: 'bogus' } as unknown as Discount, EUR))).toBe('INVALID_DISCOUNT');
    // Exactly the price is allowed: the line goes to zero, never below.
    expect(priceSale([line({ unitPrice: 500, discount: { kind: 'amount', amount: 500 } })], null, EUR).total).toBe(0);
  });

  it("caps instead with discountOverflow 'cap', so a sale whose base shrank stays viewable", () => {
    const cap: SaleConfig = { ...EUR, discountOverflow: 'cap' };
    const a = priceSale([line({ unitPrice: 500, discount: { kind: 'amount', amount: 800 } })], null, cap);
    expect(a.lines[0]).toMatchObject({ lineDiscount: 500, lineDiscountCapped: true, total: 0 });
    // A 5.00 basket discount, then the only line over 3.00 is voided down to one 3.00 line.
    const b = priceSale([line({ unitPrice: 300 }), line({ unitPrice: 900, voided: true })], { kind: 'amount', amount: 500 }, cap);
    expect(b).toMatchObject({ basketDiscount: 300, basketDiscountCapped: true, total: 0 });
    const empty = priceSale([], { kind: 'amount', amount: 500 }, cap);
    expect(empty).toMatchObject({ basketDiscount: 0, basketDiscountCapped: true, total: 0 });
    expect(codeOf(() => priceSale([], { kind: 'amount', amount: 500 }, EUR))).toBe('DISCOUNT_TOO_LARGE');
    expect(codeOf(() => priceSale([], null, { ...EUR, discountOverflow: 'clamp' as 'cap' }))).toBe('INVALID_ARGUMENT');
  });

  it('refuses duplicate line ids, too many lines, bad config and an overflowing total', () => {
    const a = line();
    expect(codeOf(() => priceSale([a, { ...a }], null, EUR))).toBe('DUPLICATE_LINE');
    expect(codeOf(() => priceSale(Array.from({ length: 1001 }, () => line()), null, EUR))).toBe('TOO_MANY_LINES');
    expect(codeOf(() => priceSale([line()], null, { ...EUR, currency: 'XXX' }))).toBe('UNKNOWN_CURRENCY');
    expect(codeOf(() => priceSale([line()], null, { ...EUR, roundingMode: 'up' as 'half-up' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => priceSale([line()], null, { ...EUR, cashRoundingStep: 0 }))).toBe('INVALID_ARGUMENT');
    const huge = Array.from({ length: 10 }, () => line({ unitPrice: 1_000_000_000_000, quantity: 1_000_000 }));
    expect(codeOf(() => priceSale(huge, null, EUR))).toBe('AMOUNT_TOO_LARGE');
  });
});

const discountArb: fc.Arbitrary<Discount | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 0, max: 10_000 }).map((bp) => ({ kind: 'percent' as const, bp })),
  fc.integer({ min: 0, max: 300 }).map((amount) => ({ kind: 'amount' as const, amount })),
);

const lineArb = fc
  .record({
    unitPrice: fc.integer({ min: 0, max: 100_000 }),
    quantity: fc.integer({ min: 1, max: 50 }),
    weighed: fc.boolean(),
    grams: fc.integer({ min: 1, max: 5000 }),
    taxCode: fc.constantFrom('A', 'B', 'C'),
    override: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    discount: discountArb,
    voided: fc.boolean(),
  })
  .map((r) => {
    const rates: Record<string, number> = { A: 1900, B: 700, C: 0 };
    return line({
      unitPrice: r.unitPrice,
      quantityKind: r.weighed ? 'weight' : 'piece',
      quantity: r.weighed ? r.grams : r.quantity,
      taxCode: r.taxCode,
      rateBp: rates[r.taxCode] ?? 0,
      priceOverride: r.override === undefined ? undefined : { unitPrice: r.override },
      discount: r.discount,
      voided: r.voided,
    });
  });

const configArb = fc.record({
  currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'CHF'),
  taxMode: fc.constantFrom('inclusive' as const, 'exclusive' as const),
  taxRounding: fc.constantFrom('per-line' as const, 'per-total' as const),
  roundingMode: fc.constantFrom('half-up' as const, 'half-even' as const),
  cashRoundingStep: fc.constantFrom(1, 5, 10),
  discountOverflow: fc.constantFrom('refuse' as const, 'cap' as const),
});

describe('priceSale: invariants', () => {
  it('totals equal the sum of lines; tax summary equals line taxes; no line negative', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 25 }), discountArb, configArb, (lines, basket, config) => {
        let sale;
        try {
          sale = priceSale(lines, basket, config);
        } catch (e) {
          // The only refusal random valid-shaped input may meet: an amount discount bigger than its base.
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe('DISCOUNT_TOO_LARGE');
          expect(config.discountOverflow).toBe('refuse');
          return;
        }
        const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
        const live = sale.lines.filter((l) => !l.voided);
        expect(sale.total).toBe(sum(live.map((l) => l.total)));
        expect(sale.subtotal).toBe(sum(live.map((l) => l.gross)));
        expect(sale.discountTotal).toBe(sum(live.map((l) => l.lineDiscount + l.basketDiscountShare)));
        expect(sale.taxTotal).toBe(sum(live.map((l) => l.tax)));
        expect(sale.taxTotal).toBe(sum(sale.taxSummary.map((r) => r.tax)));
        expect(sale.total).toBe(sale.subtotal - sale.discountTotal + (config.taxMode === 'exclusive' ? sale.taxTotal : 0));
        expect(sum(sale.taxSummary.map((r) => r.gross))).toBe(sale.total);
        expect(sale.basketDiscount).toBe(sum(live.map((l) => l.basketDiscountShare)));
        for (const l of sale.lines) {
          expect(l.net >= 0 && l.tax >= 0 && l.total >= 0 && l.taxBase >= 0).toBe(true);
          expect(l.net).toBe(l.gross - l.lineDiscount - l.basketDiscountShare);
          expect(l.total - l.tax).toBe(l.taxBase);
          if (l.voided) expect(l.total).toBe(0);
        }
        expect(Math.abs(sale.cashRounding) * 2 <= (config.cashRoundingStep ?? 1)).toBe(true);
        expect(sale.cashTotal % (config.cashRoundingStep ?? 1)).toBe(0);
        // Without a basket discount, independent of the order the lines were rung up. (With one, the
        // largest-remainder tie-break goes to the earlier line, which may move a unit between rates.)
        if (!basket) expect(priceSale([...lines].reverse(), basket, config).taxSummary).toEqual(sale.taxSummary);
        expect(priceSale(lines, basket, config)).toEqual(sale);
      }),
      { numRuns: 300 },
    );
  });
});
