import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allocate,
  assertMinorUnits,
  cashQuickAmounts,
  countLines,
  currencyExponent,
  denominations,
  divRound,
  DomainError,
  formatAmount,
  formatPlain,
  isSupportedCurrency,
  mulRatio,
  parseAmount,
  roundCash,
  sumCount,
  sumMinor,
  supportedCurrencies,
  toSafeNumber,
} from '../../../core';
import { codeOf } from './domain-error';

describe('currencies', () => {
  it('knows the exponents of 0, 2 and 3 digit currencies', () => {
    for (const c of ['CNY', 'EUR', 'USD', 'GBP', 'CHF']) expect(currencyExponent(c)).toBe(2);
    for (const c of ['JPY', 'KRW']) expect(currencyExponent(c)).toBe(0);
    for (const c of ['BHD', 'KWD', 'JOD', 'TND', 'OMR']) expect(currencyExponent(c)).toBe(3);
  });

  it('refuses unknown codes, including prototype keys and lower case', () => {
    for (const c of ['XXX', 'eur', '', 'constructor', '__proto__', 'toString']) {
      expect(codeOf(() => currencyExponent(c))).toBe('UNKNOWN_CURRENCY');
      expect(isSupportedCurrency(c)).toBe(false);
    }
    expect(codeOf(() => currencyExponent(42 as unknown as string))).toBe('UNKNOWN_CURRENCY');
    expect(isSupportedCurrency('CHF')).toBe(true);
    expect(supportedCurrencies()).toEqual(expect.arrayContaining(['CNY', 'EUR', 'USD', 'GBP', 'CHF', 'JPY', 'KRW', 'BHD', 'KWD', 'JOD', 'TND', 'OMR']));
  });
});

describe('assertMinorUnits', () => {
  it('accepts safe integers', () => {
    expect(() => assertMinorUnits(0)).not.toThrow();
    expect(() => assertMinorUnits(Number.MAX_SAFE_INTEGER)).not.toThrow();
    expect(() => assertMinorUnits(-5, { allowNegative: true })).not.toThrow();
  });

  it('refuses NaN, Infinity, floats, 1e308, unsafe integers, strings and negatives', () => {
    expect(codeOf(() => assertMinorUnits(NaN))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => assertMinorUnits(Infinity))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => assertMinorUnits(-Infinity, { allowNegative: true }))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => assertMinorUnits(12.5))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => assertMinorUnits(0.1 + 0.2))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => assertMinorUnits('12'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => assertMinorUnits(null))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => assertMinorUnits(1e308))).toBe('AMOUNT_TOO_LARGE');
    expect(codeOf(() => assertMinorUnits(Number.MAX_SAFE_INTEGER + 1))).toBe('AMOUNT_TOO_LARGE');
    expect(codeOf(() => assertMinorUnits(-1))).toBe('NEGATIVE_AMOUNT');
  });

  it('carries the field name for the support view', () => {
    try {
      assertMinorUnits(-1, { field: 'floatAmount' });
    } catch (e) {
      expect((e as DomainError).params.field).toBe('floatAmount');
    }
  });

  it('toSafeNumber converts back from BigInt only inside the safe range', () => {
    expect(toSafeNumber(-9007199254740991n)).toBe(-9007199254740991);
    expect(codeOf(() => toSafeNumber(9007199254740992n))).toBe('AMOUNT_TOO_LARGE');
  });

  it('sumMinor refuses a total beyond the safe range instead of rounding it', () => {
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(codeOf(() => sumMinor([Number.MAX_SAFE_INTEGER, 1]))).toBe('AMOUNT_TOO_LARGE');
  });
});

describe('parseAmount', () => {
  it('parses exactly per exponent', () => {
    expect(parseAmount('12.34', 'EUR')).toBe(1234);
    expect(parseAmount('12.3', 'EUR')).toBe(1230);
    expect(parseAmount('12', 'EUR')).toBe(1200);
    expect(parseAmount('0.01', 'EUR')).toBe(1);
    expect(parseAmount(' 7.50 ', 'CNY')).toBe(750);
    expect(parseAmount('1235', 'JPY')).toBe(1235);
    expect(parseAmount('1.005', 'KWD')).toBe(1005);
    expect(parseAmount('0.1', 'BHD')).toBe(100);
    // Floats would give 1.15 * 100 = 114.99999999999999; string arithmetic gives 115.
    expect(parseAmount('1.15', 'EUR')).toBe(115);
    expect(parseAmount('90071992547409.91', 'EUR')).toBe(9007199254740991);
  });

  it('accepts extra decimals only when they are zeros', () => {
    expect(parseAmount('12.340', 'EUR')).toBe(1234);
    expect(parseAmount('1235.00', 'JPY')).toBe(1235);
    expect(codeOf(() => parseAmount('12.345', 'EUR'))).toBe('TOO_MANY_DECIMALS');
    expect(codeOf(() => parseAmount('12.5', 'JPY'))).toBe('TOO_MANY_DECIMALS');
    expect(codeOf(() => parseAmount('1.0001', 'KWD'))).toBe('TOO_MANY_DECIMALS');
  });

  it('refuses exponents, grouping, signs and junk', () => {
    for (const bad of ['1e3', '1E3', '1,234.00', '12,50', '+1', '.5', '12.', '', '   ', 'abc', '1 000', 'NaN', 'Infinity', '0x10', '١٢', '12.3.4', '--1']) {
      expect(codeOf(() => parseAmount(bad, 'EUR')), bad).toBe('INVALID_AMOUNT');
    }
    expect(codeOf(() => parseAmount(12 as unknown as string, 'EUR'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => parseAmount('1'.repeat(41), 'EUR'))).toBe('INVALID_AMOUNT');
  });

  it('refuses a negative unless allowed', () => {
    expect(codeOf(() => parseAmount('-1', 'EUR'))).toBe('NEGATIVE_AMOUNT');
    expect(parseAmount('-1', 'EUR', { allowNegative: true })).toBe(-100);
    expect(parseAmount('-0.05', 'CHF', { allowNegative: true })).toBe(-5);
    expect(parseAmount('-0', 'EUR')).toBe(0);
  });

  it('refuses amounts beyond the safe range and unknown currencies', () => {
    expect(codeOf(() => parseAmount('90071992547409.92', 'EUR'))).toBe('AMOUNT_TOO_LARGE');
    expect(codeOf(() => parseAmount('1' + '0'.repeat(308), 'EUR'))).toBe('INVALID_AMOUNT'); // over 40 chars
    expect(codeOf(() => parseAmount('1' + '0'.repeat(30), 'EUR'))).toBe('AMOUNT_TOO_LARGE');
    expect(codeOf(() => parseAmount('1', 'XYZ'))).toBe('UNKNOWN_CURRENCY');
  });

  it('round-trips with formatPlain for every exponent', () => {
    fc.assert(
      fc.property(fc.constantFrom('EUR', 'JPY', 'KWD'), fc.maxSafeInteger(), (currency, n) => {
        expect(parseAmount(formatPlain(n, currency), currency, { allowNegative: true })).toBe(n);
      }),
    );
  });
});

describe('formatting', () => {
  it('formats plain amounts', () => {
    expect(formatPlain(1250, 'EUR')).toBe('12.50');
    expect(formatPlain(5, 'EUR')).toBe('0.05');
    expect(formatPlain(-5, 'EUR')).toBe('-0.05');
    expect(formatPlain(0, 'EUR')).toBe('0.00');
    expect(formatPlain(123456, 'EUR')).toBe('1234.56');
    expect(formatPlain(1235, 'JPY')).toBe('1235');
    expect(formatPlain(1005, 'KWD')).toBe('1.005');
    expect(formatPlain(7, 'BHD')).toBe('0.007');
  });

  it('formats display amounts with symbols, codes and grouping', () => {
    expect(formatAmount(1250, 'CNY')).toBe('¥12.50');
    expect(formatAmount(123456, 'EUR')).toBe('€1,234.56');
    expect(formatAmount(1235, 'JPY')).toBe('JPY 1,235');
    expect(formatAmount(1235, 'JPY', { locale: 'zh' })).toBe('JP¥1,235');
    expect(formatAmount(999, 'USD', { locale: 'zh' })).toBe('US$9.99');
    expect(formatAmount(1234567, 'CHF')).toBe('CHF 12,345.67');
    expect(formatAmount(-305, 'CHF')).toBe('CHF -3.05');
    expect(formatAmount(-305, 'EUR')).toBe('-€3.05');
    expect(formatAmount(1234567, 'KWD')).toBe('KWD 1,234.567');
    expect(formatAmount(100000000, 'GBP', { symbol: false })).toBe('1,000,000.00');
    expect(formatAmount(0, 'EUR')).toBe('€0.00');
  });

  it('refuses non-integer amounts rather than printing them', () => {
    expect(codeOf(() => formatAmount(12.5, 'EUR'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => formatPlain(NaN, 'EUR'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => formatPlain(1e308, 'EUR'))).toBe('AMOUNT_TOO_LARGE');
  });
});

describe('divRound and mulRatio', () => {
  it('rounds half-up away from zero, symmetric for negatives', () => {
    expect(divRound(5, 2, 'half-up')).toBe(3);
    expect(divRound(-5, 2, 'half-up')).toBe(-3);
    expect(divRound(7, 2, 'half-up')).toBe(4);
    expect(divRound(14, 10, 'half-up')).toBe(1);
    expect(divRound(15, 10, 'half-up')).toBe(2);
    expect(divRound(-15, 10, 'half-up')).toBe(-2);
    expect(divRound(-14, 10, 'half-up')).toBe(-1);
    expect(divRound(16, -10, 'half-up')).toBe(-2);
  });

  it('rounds half-even to the even neighbour', () => {
    expect(divRound(5, 2, 'half-even')).toBe(2);
    expect(divRound(7, 2, 'half-even')).toBe(4);
    expect(divRound(-5, 2, 'half-even')).toBe(-2);
    expect(divRound(-7, 2, 'half-even')).toBe(-4);
    expect(divRound(1005, 10, 'half-even')).toBe(100);
    expect(divRound(1015, 10, 'half-even')).toBe(102);
    expect(divRound(1016, 10, 'half-even')).toBe(102);
  });

  it('is exact beyond float precision via BigInt', () => {
    expect(divRound(10n ** 20n + 5n * 10n ** 4n, 10n ** 5n, 'half-up')).toBe(10 ** 15 + 1); // x.5 above 2^53 / 10^5
    expect(divRound(10n ** 20n + 5n * 10n ** 4n, 10n ** 5n, 'half-even')).toBe(10 ** 15);
    expect(mulRatio(Number.MAX_SAFE_INTEGER, 3, 3, 'half-up')).toBe(Number.MAX_SAFE_INTEGER);
    expect(mulRatio(1999, 1900, 10000, 'half-up')).toBe(380); // 379.81
    expect(mulRatio(250, 1, 100, 'half-even')).toBe(2); // 2.5
  });

  it('refuses bad inputs', () => {
    expect(codeOf(() => divRound(1, 0, 'half-up'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => divRound(NaN, 2, 'half-up'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => divRound(1.5, 2, 'half-up'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => divRound(1, 2, 'up' as 'half-up'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => mulRatio(Number.MAX_SAFE_INTEGER, 2, 1, 'half-up'))).toBe('AMOUNT_TOO_LARGE');
  });

  it('agrees with a rational reference and stays within half a unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (n, d, mode) => {
          const r = BigInt(divRound(n, d, mode));
          const err = r * d - n; // (r - n/d) * d
          expect(2n * (err < 0n ? -err : err) <= d).toBe(true);
          // symmetric: -n rounds to -r
          expect(divRound(-n, d, mode)).toBe(r === 0n ? 0 : -Number(r));
          if (2n * (err < 0n ? -err : err) === d) {
            if (mode === 'half-even') expect(r % 2n).toBe(0n);
            else expect((r < 0n ? -r : r) * d > (n < 0n ? -n : n)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('allocate', () => {
  it('prorates by largest remainder, ties to the lower index', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(10, [0, 5, 5])).toEqual([0, 5, 5]);
    expect(allocate(1, [1, 1])).toEqual([1, 0]);
    expect(allocate(500, [1000, 2000, 3000])).toEqual([83, 167, 250]); // 83.3, 166.7, 250
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
    expect(allocate(7, [3])).toEqual([7]);
  });

  it('refuses bad weights', () => {
    expect(codeOf(() => allocate(10, []))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => allocate(10, [0, 0]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => allocate(10, [1, -1]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => allocate(10, [1, 0.5]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => allocate(10, [1, NaN]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => allocate(1.5, [1]))).toBe('INVALID_AMOUNT');
  });

  it('sums exactly, keeps each share within one unit of its exact share, and is deterministic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 30 }).filter((w) => w.some((x) => x > 0)),
        (amount, weights) => {
          const shares = allocate(amount, weights);
          expect(shares.reduce((s, x) => s + x, 0)).toBe(amount);
          const total = BigInt(weights.reduce((s, x) => s + x, 0));
          shares.forEach((share, i) => {
            const exact = BigInt(amount) * BigInt(weights[i] ?? 0); // share ≈ exact / total
            const diff = BigInt(share) * total - exact;
            expect((diff < 0n ? -diff : diff) < total).toBe(true);
            if (weights[i] === 0) expect(share).toBe(0);
          });
          expect(allocate(amount, weights)).toEqual(shares);
        },
      ),
    );
  });
});

describe('cash', () => {
  it('rounds to cash steps', () => {
    expect(roundCash(1233, 5, 'half-up')).toBe(1235);
    expect(roundCash(1232, 5, 'half-up')).toBe(1230);
    expect(roundCash(1225, 10, 'half-up')).toBe(1230);
    expect(roundCash(1225, 10, 'half-even')).toBe(1220);
    expect(roundCash(-1233, 5, 'half-up')).toBe(-1235);
    expect(roundCash(1234, 1, 'half-up')).toBe(1234);
    expect(codeOf(() => roundCash(1234, 0, 'half-up'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => roundCash(1234, 2.5, 'half-up'))).toBe('INVALID_ARGUMENT');
  });

  it('cash rounding never moves an amount by more than half a step', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), fc.constantFrom(1, 5, 10, 50, 100), (amount, step) => {
        const r = roundCash(amount, step, 'half-up');
        expect(r % step === 0).toBe(true);
        expect(2 * Math.abs(r - amount) <= step).toBe(true);
      }),
    );
  });

  it('suggests quick cash amounts from the currency notes', () => {
    expect(cashQuickAmounts(1234, 'EUR')).toEqual([1234, 1500, 2000, 5000, 10000]);
    expect(cashQuickAmounts(2000, 'EUR')).toEqual([2000, 5000, 10000, 20000, 50000]);
    expect(cashQuickAmounts(1235, 'JPY')).toEqual([1235, 2000, 5000, 10000]);
    expect(cashQuickAmounts(8800, 'CNY')).toEqual([8800, 9000, 10000]);
    expect(cashQuickAmounts(1234, 'EUR', 3)).toEqual([1234, 1500, 2000]);
    expect(cashQuickAmounts(1234, 'KWD')).toEqual([1234, 2000, 5000, 10000, 20000]);
    expect(cashQuickAmounts(0, 'EUR')).toEqual([]);
    expect(codeOf(() => cashQuickAmounts(-1, 'EUR'))).toBe('NEGATIVE_AMOUNT');
  });

  it('quick amounts are ascending, distinct and cover the due', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.constantFrom('EUR', 'CNY', 'JPY', 'CHF', 'USD', 'GBP', 'KWD'), (due, currency) => {
        const amounts = cashQuickAmounts(due, currency);
        expect(amounts[0]).toBe(due);
        for (let i = 1; i < amounts.length; i++) expect((amounts[i] ?? 0) > (amounts[i - 1] ?? 0)).toBe(true);
        expect(amounts.length <= 5).toBe(true);
      }),
    );
  });
});

describe('denominations and counts', () => {
  it('lists notes and coins per currency, largest first', () => {
    for (const c of ['CNY', 'EUR', 'USD', 'GBP', 'CHF', 'JPY']) {
      const list = denominations(c);
      expect(list.length).toBeGreaterThan(4);
      const values = list.map((d) => d.value);
      expect([...values].sort((a, b) => b - a)).toEqual(values);
      expect(new Set(values).size).toBe(values.length);
    }
    expect(denominations('CHF').at(-1)).toEqual({ value: 5, kind: 'coin' });
    expect(denominations('JPY')[0]).toEqual({ value: 10000, kind: 'note' });
    expect(codeOf(() => denominations('KWD'))).toBe('NO_DENOMINATIONS');
    expect(codeOf(() => denominations('XXX'))).toBe('UNKNOWN_CURRENCY');
  });

  it('sums a count', () => {
    expect(sumCount('EUR', { '2000': 3, '500': 1, '1': 7 })).toBe(6507);
    expect(sumCount('JPY', { '10000': 2, '1': 3 })).toBe(20003);
    expect(sumCount('EUR', {})).toBe(0);
    const lines = countLines('GBP', { '5000': 1 });
    expect(lines[0]).toEqual({ value: 5000, kind: 'note', count: 1, amount: 5000 });
    expect(lines.every((l, i) => i === 0 || l.count === 0)).toBe(true);
  });

  it('refuses unknown denominations and bad counts', () => {
    expect(codeOf(() => sumCount('EUR', { '300': 1 }))).toBe('UNKNOWN_DENOMINATION');
    expect(codeOf(() => sumCount('CHF', { '1': 1 }))).toBe('UNKNOWN_DENOMINATION'); // no 1 Rappen coin
    expect(codeOf(() => sumCount('EUR', { '02000': 1 }))).toBe('UNKNOWN_DENOMINATION');
    expect(codeOf(() => sumCount('EUR', { abc: 1 }))).toBe('UNKNOWN_DENOMINATION');
    expect(codeOf(() => sumCount('EUR', { '2000': -1 }))).toBe('INVALID_COUNT');
    expect(codeOf(() => sumCount('EUR', { '2000': 1.5 }))).toBe('INVALID_COUNT');
    expect(codeOf(() => sumCount('EUR', { '2000': NaN }))).toBe('INVALID_COUNT');
    expect(codeOf(() => sumCount('EUR', { '2000': '3' } as unknown as Record<string, number>))).toBe('INVALID_COUNT');
    expect(codeOf(() => sumCount('EUR', { '2000': 1e308 }))).toBe('INVALID_COUNT');
    expect(codeOf(() => sumCount('EUR', null))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => sumCount('EUR', [1, 2]))).toBe('INVALID_ARGUMENT');
  });
});
