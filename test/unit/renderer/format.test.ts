// Display and entry of amounts, percentages and quantities on the screens: exact (no float), per locale.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  exponentOf,
  formatMoney,
  formatPercentBp,
  localDetail,
  minorToDecimal,
  parseAmountInput,
  parsePercentInput,
  parseQuantityInput,
  quickCashAmounts,
} from '../../../renderer/src/i18n/format';
import { applyKeypadKey } from '../../../renderer/src/lib/keypad-entry';
import { lockoutEndsAt } from '../../../renderer/src/features/login/lockout';
import { lineNames } from '../../../renderer/src/features/sell/line-name';

describe('amount display', () => {
  it('formats minor units by currency exponent with a minus sign on negatives', () => {
    expect(formatMoney(1250, 'EUR', 'en')).toBe('€12.50');
    expect(formatMoney(-305, 'EUR', 'zh')).toBe('-€3.05');
    expect(formatMoney(123456, 'EUR', 'en')).toBe('€1,234.56');
    expect(formatMoney(1235, 'JPY', 'en')).toBe('JPY 1,235');
    expect(exponentOf('KWD')).toBe(3);
  });

  it('falls back to Intl for a currency core/money does not list, still exact', () => {
    expect(formatMoney(1999, 'MXN', 'en')).toMatch(/19\.99/);
    expect(exponentOf('MXN')).toBe(2);
  });

  it('minorToDecimal is exact for every safe amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(0, 2, 3), (minor, exp) => {
        const text = minorToDecimal(minor, exp);
        expect(BigInt(text.replace('.', ''))).toBe(BigInt(minor));
        expect(text.split('.')[1]?.length ?? 0).toBe(exp);
      }),
    );
  });

  it('formats basis points as a locale percentage', () => {
    expect(formatPercentBp(1000, 'en')).toBe('10%');
    expect(formatPercentBp(1250, 'en')).toBe('12.5%');
    expect(formatPercentBp(700, 'zh')).toBe('7%');
  });
});

describe('amount and number entry', () => {
  it('parses typed amounts to minor units, decimal comma included', () => {
    expect(parseAmountInput('12.5', 'EUR')).toBe(1250);
    expect(parseAmountInput('12,50', 'EUR')).toBe(1250);
    expect(parseAmountInput('20', 'EUR')).toBe(2000);
    expect(parseAmountInput('0.01', 'EUR')).toBe(1);
    expect(parseAmountInput('1235', 'JPY')).toBe(1235);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', ' ', 'abc', '1.234', '-5', '1e3', '1,234.50', '.5']) expect(parseAmountInput(bad, 'EUR'), bad).toBeNull();
    expect(parseAmountInput('12.5', 'JPY')).toBeNull();
  });

  it('round-trips every amount through display text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (minor) => {
        expect(parseAmountInput(minorToDecimal(minor, 2), 'EUR')).toBe(minor);
      }),
    );
  });

  it('parses quantities and percentages within their ranges', () => {
    expect(parseQuantityInput('3')).toBe(3);
    expect(parseQuantityInput('0')).toBeNull();
    expect(parseQuantityInput('1.5')).toBeNull();
    expect(parsePercentInput('10')).toBe(1000);
    expect(parsePercentInput('12,5')).toBe(1250);
    expect(parsePercentInput('100')).toBe(10000);
    expect(parsePercentInput('100.01')).toBeNull();
    expect(parsePercentInput('0')).toBeNull();
  });

  it('quick cash: exact first, then the next notes up', () => {
    expect(quickCashAmounts(1234, 'EUR')).toEqual([1234, 1500, 2000, 5000, 10000]);
    expect(quickCashAmounts(0, 'EUR')).toEqual([]);
  });

  it('keypad keys edit the entry', () => {
    let text = '';
    for (const k of ['1', '2', '.', '5', '.', '0'] as const) text = applyKeypadKey(text, k);
    expect(text).toBe('12.50');
    expect(applyKeypadKey(text, 'back')).toBe('12.5');
    expect(applyKeypadKey(text, 'clear')).toBe('');
    expect(applyKeypadKey('', '.')).toBe('0.');
    expect(applyKeypadKey('1234', '5', 4)).toBe('1234');
  });
});

describe('small screen rules', () => {
  it('reads the lockout end from whichever parameter the service sends', () => {
    const at = 1_000_000;
    expect(lockoutEndsAt({ code: 'LOCKED_OUT', message: '', params: { minutes: 5 } }, at)).toBe(at + 300_000);
    expect(lockoutEndsAt({ code: 'LOCKED_OUT', message: '', params: { seconds: 42 } }, at)).toBe(at + 42_000);
    expect(lockoutEndsAt({ code: 'LOCKED_OUT', message: '', params: { until: '2026-11-23T00:10:00.000Z' } }, at)).toBe(Date.parse('2026-11-23T00:10:00.000Z'));
    expect(lockoutEndsAt({ code: 'LOCKED_OUT', message: '' }, at)).toBeNull();
  });

  it('puts the cashier language first and the other small underneath', () => {
    expect(lineNames('Green tea', '绿茶', 'en')).toEqual({ primary: 'Green tea', secondary: '绿茶' });
    expect(lineNames('Green tea', '绿茶', 'zh')).toEqual({ primary: '绿茶', secondary: 'Green tea' });
    expect(lineNames('Bread', null, 'zh')).toEqual({ primary: 'Bread', secondary: null });
  });
});

describe('override request text', () => {
  it('says what needs a manager from the action and its params, in both languages', async () => {
    const { describeOverride } = await import('../../../renderer/src/features/override/override-text');
    const error = { code: 'MANAGER_REQUIRED', message: 'A discount this large needs a manager.', params: { action: 'discount', line: 3, percent: 25 } };
    expect(describeOverride(error, 'en')).toBe('Discount 25% on line 3 needs a manager.');
    expect(describeOverride(error, 'zh')).toBe('第 3 行折扣 25% 需要店长授权。');
    const price = { code: 'MANAGER_REQUIRED', message: '', params: { action: 'price-override', line: 1, amount: 250, currency: 'CNY' } };
    expect(describeOverride(price, 'en')).toBe('Price override to ¥2.50 on line 1 needs a manager.');
    const basket = { code: 'MANAGER_REQUIRED', message: '', params: { action: 'discount', amount: 1000, currency: 'CNY' } };
    expect(describeOverride(basket, 'en')).toBe('Discount ¥10.00 on the whole sale needs a manager.');
    const unknown = { code: 'MANAGER_REQUIRED', message: 'A return without a receipt needs a manager.', params: { action: 'return-without-receipt' } };
    expect(describeOverride(unknown, 'en')).toBe('A return without a receipt needs a manager.');
  });
});

describe('weight entry', () => {
  it('reads kilograms to grams exactly', async () => {
    const { parseWeightInput } = await import('../../../renderer/src/i18n/format');
    expect(parseWeightInput('0.5')).toBe(500);
    expect(parseWeightInput('1,25')).toBe(1250);
    expect(parseWeightInput('2')).toBe(2000);
    expect(parseWeightInput('0.001')).toBe(1);
    expect(parseWeightInput('0')).toBeNull();
    expect(parseWeightInput('0.0005')).toBeNull();
    expect(parseWeightInput('abc')).toBeNull();
  });
});

describe('service details in the reader\'s language', () => {
  it('shows detailZh to a Chinese reader, the English otherwise, and never an empty line when Chinese is missing', () => {
    const both = { detail: 'training simulator', detailZh: '培训模拟器' };
    expect(localDetail(both, 'zh')).toBe('培训模拟器');
    expect(localDetail(both, 'en')).toBe('training simulator');
    expect(localDetail({ detail: 'sales differ by 1 (¥5.00)' }, 'zh')).toBe('sales differ by 1 (¥5.00)');
    expect(localDetail({ detail: 'offline', detailZh: '' }, 'zh')).toBe('offline');
    expect(localDetail(null, 'zh')).toBe('');
  });
});
