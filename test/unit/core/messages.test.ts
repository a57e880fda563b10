import { describe, expect, it } from 'vitest';
import { attempt, DomainError, ERROR_CODES, isErrorCode, messageFor, parseAmount, wordFor } from '../../../core';

describe('error catalogue', () => {
  it('has a non-empty sentence in both languages for every code, Chinese actually in Chinese', () => {
    for (const code of ERROR_CODES) {
      const en = messageFor(code, {}, 'en');
      const zh = messageFor(code, {}, 'zh');
      expect(en.length, code).toBeGreaterThan(20);
      expect(zh.length, code).toBeGreaterThan(5);
      expect(/[\u4e00-\u9fff]/.test(zh), code).toBe(true);
      expect(en).not.toBe(zh);
      // No unfilled placeholders or "undefined" leaking into the cashier's sentence.
      expect(en + zh).not.toMatch(/undefined|\{|\}|NaN/);
      // A sentence, not a code.
      expect(en).not.toContain(code);
    }
  });

  it('formats money params in the params currency and the language', () => {
    expect(messageFor('TENDER_EXCEEDS_DUE', { kind: 'card', remaining: 1250, currency: 'EUR' }, 'en')).toBe(
      'Card cannot pay more than the amount due (€12.50). Enter €12.50 or less.',
    );
    expect(messageFor('TENDER_EXCEEDS_DUE', { kind: 'card', remaining: 1250, currency: 'CNY' }, 'zh')).toBe(
      '银行卡付款不能超过应收 ¥12.50。请输入 ¥12.50 或更少。',
    );
    expect(messageFor('UNKNOWN_DENOMINATION', { denomination: 300, currency: 'EUR' }, 'en')).toContain('€3.00');
    // A money param without a currency is shown raw rather than guessed.
    expect(messageFor('DISCOUNT_TOO_LARGE', { max: 500 }, 'en')).toContain('(500 at most)');
  });

  it('says what to do next for the device and payment codes', () => {
    expect(messageFor('PRINTER_PAPER_OUT', {}, 'en')).toBe('Printer out of paper: load a new roll; the receipt will print by itself.');
    expect(messageFor('CARD_OUTCOME_UNKNOWN', {}, 'en')).toMatch(/do not present the card again/);
    expect(messageFor('CARD_OUTCOME_UNKNOWN', {}, 'zh')).toMatch(/结果未知/);
    expect(messageFor('LOCKED_OUT', { minutes: 30 }, 'en')).toContain('30 minutes');
    expect(messageFor('LOCKED_OUT', { minutes: 30 }, 'zh')).toContain('30 分钟');
    expect(messageFor('MANAGER_REQUIRED', { action: 'price-override' }, 'en')).toBe('A price override needs a manager. Ask a manager to enter their PIN.');
    expect(messageFor('MANAGER_REQUIRED', { action: 'price-override' }, 'zh')).toBe('改价需要店长授权。请店长输入 PIN。');
    expect(messageFor('MANAGER_REQUIRED', {}, 'en')).toMatch(/^This action needs a manager/);
    expect(messageFor('OFFLINE_LIMIT', { reason: 'floor-limit' }, 'en')).toContain('over the offline limit');
    expect(messageFor('TOO_MANY_DECIMALS', { currency: 'JPY', decimals: 0 }, 'en')).toBe('JPY has no decimal places. Enter a whole amount.');
    expect(messageFor('TOO_MANY_DECIMALS', { currency: 'EUR', decimals: 2 }, 'zh')).toBe('EUR 最多 2 位小数。请重新输入。');
  });

  it('falls back to the INTERNAL sentence for an unknown code and to English for an unknown language', () => {
    expect(messageFor('NO_SUCH_CODE', {}, 'en')).toBe(messageFor('INTERNAL', {}, 'en'));
    expect(messageFor('INTERNAL', {}, 'fr' as 'en')).toBe(messageFor('INTERNAL', {}, 'en'));
    expect(messageFor('__proto__', {}, 'en')).toBe(messageFor('INTERNAL', {}, 'en'));
    expect(isErrorCode('constructor')).toBe(false);
  });

  it('uses the UX word table', () => {
    expect(wordFor('cash', 'zh')).toBe('现金');
    expect(wordFor('card', 'zh')).toBe('银行卡');
    expect(wordFor('voucher', 'zh')).toBe('voucher');
  });
});

describe('DomainError and attempt', () => {
  it('carries a stable code and params and serialises without the stack', () => {
    const e = new DomainError('INVALID_QUANTITY', { lineId: 'l1', max: 1000 });
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('INVALID_QUANTITY (lineId=l1 max=1000)');
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'INVALID_QUANTITY', params: { lineId: 'l1', max: 1000 } });
  });

  it('turns domain errors into values and rethrows bugs', () => {
    const bad = attempt(() => parseAmount('12.345', 'EUR'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('TOO_MANY_DECIMALS');
    expect(attempt(() => parseAmount('12.34', 'EUR'))).toEqual({ ok: true, value: 1234 });
    expect(() => attempt(() => { throw new TypeError('bug'); })).toThrow(TypeError);
  });
});
