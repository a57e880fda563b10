import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkDigitValid,
  classifyScan,
  decodeEmbedded,
  type EmbeddedRule,
  gtinCheckDigit,
  normalizeGtin,
  symbologyOf,
  valueCheckDigit,
} from '../../../core';
import { codeOf } from './domain-error';

const RULES: EmbeddedRule[] = [
  { prefix: '21', kind: 'price', itemDigits: 5, valueDigits: 5 },
  { prefix: '22', kind: 'weight', itemDigits: 4, valueDigits: 5, valueCheckDigit: true },
  { prefix: '28', kind: 'price', itemDigits: 5, valueDigits: 4, valueCheckDigit: true },
];

describe('check digits', () => {
  it('accepts published examples of each symbology', () => {
    expect(checkDigitValid('4006381333931')).toBe(true); // EAN-13
    expect(checkDigitValid('036000291452')).toBe(true); // UPC-A
    expect(checkDigitValid('96385074')).toBe(true); // EAN-8
    expect(checkDigitValid('00012345600012')).toBe(true); // GTIN-14
    expect(checkDigitValid('10012345600019')).toBe(true); // GTIN-14, packaging indicator 1
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(symbologyOf('96385074')).toBe('EAN-8');
    expect(symbologyOf('036000291452')).toBe('UPC-A');
    expect(symbologyOf('00012345600012')).toBe('GTIN-14');
    expect(symbologyOf('1234567')).toBeNull();
  });

  it('refuses wrong check digits, lengths and non-digits', () => {
    for (const bad of ['4006381333932', '036000291453', '96385075', '123', '12345678901', '400638133393X', '', ' 4006381333931', '４００６３８１３３３９３１']) {
      expect(checkDigitValid(bad), bad).toBe(false);
    }
    expect(checkDigitValid(4006381333931)).toBe(false);
    expect(checkDigitValid(null)).toBe(false);
  });

  it('detects every single-digit error (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const code = body + String(gtinCheckDigit(body));
        expect(checkDigitValid(code)).toBe(true);
        const digit = (Number(code[pos]) + delta) % 10;
        const mutated = code.slice(0, pos) + String(digit) + code.slice(pos + 1);
        expect(checkDigitValid(mutated)).toBe(false);
      }),
    );
  });
});

describe('normalizeGtin', () => {
  it('maps every form of one product to the same key', () => {
    expect(normalizeGtin('036000291452')).toBe('0036000291452');
    expect(normalizeGtin('0036000291452')).toBe('0036000291452');
    expect(normalizeGtin('00036000291452')).toBe('0036000291452');
    expect(normalizeGtin('96385074')).toBe('0000096385074');
    expect(normalizeGtin('4006381333931')).toBe('4006381333931');
    expect(normalizeGtin('10012345600019')).toBe('10012345600019');
  });

  it('refuses invalid codes with INVALID_BARCODE', () => {
    expect(codeOf(() => normalizeGtin('4006381333932'))).toBe('INVALID_BARCODE');
    expect(codeOf(() => normalizeGtin('12345'))).toBe('INVALID_BARCODE');
    expect(codeOf(() => normalizeGtin(undefined))).toBe('INVALID_BARCODE');
  });
});

describe('embedded price and weight', () => {
  it('computes the GS1 price check digits (4 and 5 digits)', () => {
    expect(valueCheckDigit('2875')).toBe(9);
    expect(valueCheckDigit('14685')).toBe(6);
    expect(codeOf(() => valueCheckDigit('123'))).toBe('INVALID_ARGUMENT');
  });

  it('decodes price and weight labels', () => {
    expect(decodeEmbedded('2112345012346', RULES)).toEqual({ prefix: '21', itemCode: '12345', kind: 'price', priceMinor: 1234 });
    expect(decodeEmbedded('2212349003477', RULES)).toEqual({ prefix: '22', itemCode: '1234', kind: 'weight', weightGrams: 347 });
    expect(decodeEmbedded('2812345212998', RULES)).toEqual({ prefix: '28', itemCode: '12345', kind: 'price', priceMinor: 1299 });
    expect(decodeEmbedded('4006381333931', RULES)).toBeNull(); // an ordinary GTIN
    expect(decodeEmbedded('2512345012343', RULES)).toBeNull(); // prefix 25 has no rule
  });

  it('refuses a wrong check digit, a wrong value check digit and a zero weight', () => {
    expect(codeOf(() => decodeEmbedded('2112345012347', RULES))).toBe('INVALID_BARCODE');
    // 2212348003477 → same weight, value check digit 8 instead of 9, outer check digit fixed up.
    const body = '221234800347';
    const mutated = body + String(gtinCheckDigit(body));
    expect(codeOf(() => decodeEmbedded(mutated, RULES))).toBe('INVALID_BARCODE');
    const zeroBody = '22123400000' + '0'; // value 00000, check digit of 00000 is 0
    expect(codeOf(() => decodeEmbedded(zeroBody.slice(0, 12) + String(gtinCheckDigit(zeroBody.slice(0, 12))), RULES))).toBe('INVALID_BARCODE');
  });

  it('refuses rule sets that do not add up', () => {
    const bad: EmbeddedRule[][] = [
      [{ prefix: '31', kind: 'price', itemDigits: 5, valueDigits: 5 }],
      [{ prefix: '21', kind: 'price', itemDigits: 5, valueDigits: 4 }],
      [{ prefix: '21', kind: 'price', itemDigits: 4, valueDigits: 6, valueCheckDigit: true }],
      [{ prefix: '21', kind: 'volume' as 'price', itemDigits: 5, valueDigits: 5 }],
      [RULES[0] as EmbeddedRule, RULES[0] as EmbeddedRule],
    ];
    for (const rules of bad) expect(codeOf(() => decodeEmbedded('2112345012346', rules))).toBe('INVALID_EMBEDDED_RULE');
  });

  it('takes the longest matching prefix', () => {
    const rules: EmbeddedRule[] = [
      { prefix: '21', kind: 'price', itemDigits: 5, valueDigits: 5 },
      { prefix: '211', kind: 'weight', itemDigits: 4, valueDigits: 5 },
    ];
    expect(decodeEmbedded('2112345012346', rules)).toMatchObject({ prefix: '211', kind: 'weight', itemCode: '2345', weightGrams: 1234 });
  });
});

describe('classifyScan', () => {
  it('sorts barcodes, labels, SKUs and text', () => {
    expect(classifyScan('4006381333931\r\n')).toEqual({ kind: 'barcode', text: '4006381333931', gtin: '4006381333931', symbology: 'EAN-13' });
    expect(classifyScan(']E0036000291452')).toMatchObject({ kind: 'barcode', gtin: '0036000291452', symbology: 'UPC-A' });
    expect(classifyScan('96385074')).toMatchObject({ kind: 'barcode', gtin: '0000096385074', symbology: 'EAN-8' });
    expect(classifyScan('2112345012346', RULES)).toMatchObject({ kind: 'embedded', value: { itemCode: '12345', priceMinor: 1234 } });
    expect(classifyScan('2112345012346')).toMatchObject({ kind: 'barcode' }); // no rules configured
    expect(classifyScan('4006381333932')).toEqual({ kind: 'sku', text: '4006381333932', badCheckDigit: true });
    expect(classifyScan('A-1001')).toEqual({ kind: 'sku', text: 'A-1001', badCheckDigit: false });
    expect(classifyScan('12345')).toEqual({ kind: 'sku', text: '12345', badCheckDigit: false });
    expect(classifyScan('  green   tea ')).toEqual({ kind: 'text', text: 'green tea' });
    expect(classifyScan('milk')).toEqual({ kind: 'text', text: 'milk' });
    expect(classifyScan('绿茶')).toEqual({ kind: 'text', text: '绿茶' });
    expect(classifyScan('   ')).toEqual({ kind: 'empty' });
    expect(classifyScan(undefined)).toEqual({ kind: 'empty' });
    expect((classifyScan('x '.repeat(500)) as { text: string }).text.length).toBe(100);
  });

  it('never throws on random text without rules', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
      expect(['empty', 'barcode', 'sku', 'text', 'embedded']).toContain(classifyScan(s).kind);
    }));
  });
});
