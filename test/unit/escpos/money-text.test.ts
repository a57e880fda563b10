// Money text: integer minor units formatted by string arithmetic, exponents 0/2/3, signs, grouping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, formatKilograms, formatMoney } from '../../../native/escpos/money-text';

describe('formatMoney', () => {
  it('formats per currency exponent and symbol', () => {
    expect(formatMoney(1250, 'CNY')).toBe('¥12.50');
    expect(formatMoney(5, 'EUR')).toBe('€0.05');
    expect(formatMoney(-123456789, 'CNY')).toBe('-¥1,234,567.89');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(1234, 'KWD')).toBe('KWD 1.234');
    expect(formatMoney(0, 'SEK')).toBe('SEK 0.00');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
  });
  it('refuses non-integers instead of printing a float', () => {
    expect(() => formatMoney(12.5, 'CNY')).toThrow(/safe integer/);
  });
  it('digits round-trip: removing separators gives back the integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom('CNY', 'JPY', 'KWD'), (n, c) => {
        const text = formatAmount(n, c);
        expect(BigInt(text.replace(/[,.]/g, ''))).toBe(BigInt(n));
      }),
    );
  });
  it('kilograms from grams', () => {
    expect(formatKilograms(1234)).toBe('1.234');
    expect(formatKilograms(5)).toBe('0.005');
  });
});
