import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeTaxes, perTotalBound, taxOf, taxOfGross, taxOfNet, type TaxConfig } from '../../../core';
import { codeOf } from './domain-error';

describe('taxOfGross / taxOfNet', () => {
  it('computes inclusive and exclusive tax exactly', () => {
    expect(taxOfGross(1190, 1900, 'half-up')).toBe(190); // 11.90 incl. 19% → 1.90
    expect(taxOfGross(1000, 1900, 'half-up')).toBe(160); // 159.66 → 160
    expect(taxOfGross(1070, 700, 'half-up')).toBe(70);
    expect(taxOfGross(1081, 810, 'half-up')).toBe(81); // CH 8.1%
    expect(taxOfNet(1000, 810, 'half-up')).toBe(81);
    expect(taxOfNet(1000, 1300, 'half-up')).toBe(130); // CN 13%
    expect(taxOfNet(50, 1900, 'half-up')).toBe(10); // 9.5 → 10
    expect(taxOfNet(50, 1900, 'half-even')).toBe(10); // 9.5 → 10 (even)
    expect(taxOfNet(150, 700, 'half-up')).toBe(11); // 10.5 → 11
    expect(taxOfNet(150, 700, 'half-even')).toBe(10); // 10.5 → 10
    expect(taxOfNet(1000, 0, 'half-up')).toBe(0);
    expect(taxOfNet(-150, 700, 'half-up')).toBe(-11); // a return mirrors the sale
    expect(taxOf(1190, 1900, 'inclusive', 'half-up')).toBe(190);
    expect(taxOf(1000, 1900, 'exclusive', 'half-up')).toBe(190);
  });

  it('refuses bad rates and amounts', () => {
    expect(codeOf(() => taxOfNet(100, -1, 'half-up'))).toBe('INVALID_TAX_RATE');
    expect(codeOf(() => taxOfNet(100, 10001, 'half-up'))).toBe('INVALID_TAX_RATE');
    expect(codeOf(() => taxOfNet(100, 8.1, 'half-up'))).toBe('INVALID_TAX_RATE');
    expect(codeOf(() => taxOfNet(NaN, 810, 'half-up'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => taxOfGross(1e308, 810, 'half-up'))).toBe('AMOUNT_TOO_LARGE');
  });
});

const configs = (['inclusive', 'exclusive'] as const).flatMap((taxMode) =>
  (['per-line', 'per-total'] as const).flatMap((taxRounding) =>
    (['half-up', 'half-even'] as const).map((roundingMode): TaxConfig => ({ taxMode, taxRounding, roundingMode })),
  ),
);

const lineArb = fc.record({
  taxCode: fc.constantFrom('A', 'B', 'C'),
  amount: fc.integer({ min: 0, max: 10_000_000 }),
});
const RATES: Record<string, number> = { A: 1900, B: 700, C: 810 };

describe('computeTaxes', () => {
  it('per-line sums the rounded line taxes; per-total rounds once and spreads', () => {
    // Three lines of 0.10 at 19% inclusive: per line 0.02 each (1.597 → 2) = 0.06; per total 0.30 → 0.05.
    const lines = [1, 2, 3].map(() => ({ taxCode: 'A', rateBp: 1900, amount: 10 }));
    const perLine = computeTaxes(lines, { taxMode: 'inclusive', taxRounding: 'per-line', roundingMode: 'half-up' });
    expect(perLine.lineTaxes).toEqual([2, 2, 2]);
    expect(perLine.summary).toEqual([{ taxCode: 'A', rateBp: 1900, net: 24, tax: 6, gross: 30 }]);
    const perTotal = computeTaxes(lines, { taxMode: 'inclusive', taxRounding: 'per-total', roundingMode: 'half-up' });
    expect(perTotal.summary).toEqual([{ taxCode: 'A', rateBp: 1900, net: 25, tax: 5, gross: 30 }]);
    expect(perTotal.lineTaxes).toEqual([2, 2, 1]);
  });

  it('summarises several rates sorted by code, in exclusive mode too', () => {
    const r = computeTaxes(
      [
        { taxCode: 'B', rateBp: 700, amount: 1000 },
        { taxCode: 'A', rateBp: 1900, amount: 2000 },
        { taxCode: 'B', rateBp: 700, amount: 500 },
      ],
      { taxMode: 'exclusive', taxRounding: 'per-line', roundingMode: 'half-up' },
    );
    expect(r.lineTaxes).toEqual([70, 380, 35]);
    expect(r.summary).toEqual([
      { taxCode: 'A', rateBp: 1900, net: 2000, tax: 380, gross: 2380 },
      { taxCode: 'B', rateBp: 700, net: 1500, tax: 105, gross: 1605 },
    ]);
  });

  it('refuses a bad config, rate or amount', () => {
    const ok: TaxConfig = { taxMode: 'inclusive', taxRounding: 'per-line', roundingMode: 'half-up' };
    expect(codeOf(() => computeTaxes([], { ...ok, taxMode: 'gross' as 'inclusive' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => computeTaxes([], { ...ok, taxRounding: 'sometimes' as 'per-line' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => computeTaxes([{ taxCode: 'A', rateBp: 1900, amount: -1 }], ok))).toBe('NEGATIVE_AMOUNT');
    expect(codeOf(() => computeTaxes([{ taxCode: 'A', rateBp: NaN, amount: 1 }], ok))).toBe('INVALID_TAX_RATE');
  });

  it('property: Σ line taxes = Σ summary tax, net + tax = gross, summary gross/net = Σ amounts (every config)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), fc.constantFrom(...configs), (raw, config) => {
        const lines = raw.map((l) => ({ ...l, rateBp: RATES[l.taxCode] ?? 0 }));
        const { lineTaxes, summary } = computeTaxes(lines, config);
        const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
        expect(sum(lineTaxes)).toBe(sum(summary.map((r) => r.tax)));
        for (const row of summary) {
          expect(row.net + row.tax).toBe(row.gross);
          const amounts = sum(lines.filter((l) => l.taxCode === row.taxCode).map((l) => l.amount));
          expect(config.taxMode === 'inclusive' ? row.gross : row.net).toBe(amounts);
        }
        // Each line's tax is within one unit of its exact share (never more than the line in inclusive mode).
        lines.forEach((l, i) => {
          const tax = lineTaxes[i] ?? 0;
          expect(tax >= 0).toBe(true);
          if (config.taxMode === 'inclusive') expect(tax <= l.amount).toBe(true);
        });
        // Order independence of the summary.
        expect(computeTaxes([...lines].reverse(), config).summary).toEqual(summary);
      }),
    );
  });

  it('property: per-total differs from per-line by at most ⌊(n+1)/2⌋ per rate', () => {
    let worst = 0;
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom('inclusive' as const, 'exclusive' as const),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (raw, taxMode, roundingMode) => {
          const lines = raw.map((l) => ({ ...l, rateBp: RATES[l.taxCode] ?? 0 }));
          const perLine = computeTaxes(lines, { taxMode, roundingMode, taxRounding: 'per-line' }).summary;
          const perTotal = computeTaxes(lines, { taxMode, roundingMode, taxRounding: 'per-total' }).summary;
          for (const row of perTotal) {
            const other = perLine.find((r) => r.taxCode === row.taxCode);
            const n = lines.filter((l) => l.taxCode === row.taxCode).length;
            const diff = Math.abs(row.tax - (other?.tax ?? 0));
            worst = Math.max(worst, diff);
            expect(diff <= perTotalBound(n)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(perTotalBound(1)).toBe(1);
    expect(perTotalBound(40)).toBe(20);
  });

  it('the bound is reached: many lines each rounding up by almost ½', () => {
    // 0.05 exclusive at 7%: 0.35 → 0 each per line, per total 10 × 0.35 = 3.5 → 4 (half-up). n = 10 → diff 4 ≤ 5.
    const lines = Array.from({ length: 10 }, () => ({ taxCode: 'B', rateBp: 700, amount: 5 }));
    const perLine = computeTaxes(lines, { taxMode: 'exclusive', taxRounding: 'per-line', roundingMode: 'half-up' });
    const perTotal = computeTaxes(lines, { taxMode: 'exclusive', taxRounding: 'per-total', roundingMode: 'half-up' });
    expect(perLine.summary[0]?.tax).toBe(0);
    expect(perTotal.summary[0]?.tax).toBe(4);
  });
});
