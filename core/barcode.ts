// Barcodes: GTIN check digits (EAN-8, UPC-A, EAN-13, GTIN-14), the lookup key, in-store price/weight
// EAN-13 (prefixes 20–29) and scan classification. Pure (imports only core/): no Node, no I/O.
import { DomainError } from './errors';

export type Symbology = 'EAN-8' | 'UPC-A' | 'EAN-13' | 'GTIN-14';

const SYMBOLOGY_BY_LENGTH: ReadonlyMap<number, Symbology> = new Map([
  [8, 'EAN-8'],
  [12, 'UPC-A'],
  [13, 'EAN-13'],
  [14, 'GTIN-14'],
]);

const DIGITS = /^\d+$/;

/** GS1 mod-10 check digit of the digits before it: weights 3, 1, 3, … from the right. */
export function gtinCheckDigit(body: string): number {
  if (!DIGITS.test(body)) throw new DomainError('INVALID_BARCODE', { code: body.slice(0, 20), reason: 'not-digits' });
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** The symbology a digit string's length says it is, or null (any other length, or not digits). */
export function symbologyOf(code: unknown): Symbology | null {
  if (typeof code !== 'string' || !DIGITS.test(code)) return null;
  return SYMBOLOGY_BY_LENGTH.get(code.length) ?? null;
}

/** True for an EAN-13, UPC-A, EAN-8 or GTIN-14 whose last digit is its check digit. */
export function checkDigitValid(code: unknown): boolean {
  if (symbologyOf(code) === null) return false;
  const text = code as string;
  return gtinCheckDigit(text.slice(0, -1)) === text.charCodeAt(text.length - 1) - 48;
}

/**
 * The catalogue's lookup key for a GTIN: 13 digits for everything that fits (EAN-8 and UPC-A left-padded
 * with zeros, GTIN-14 with indicator 0 stripped), 14 digits for a GTIN-14 with a packaging indicator 1–9.
 * Padding with zeros keeps the check digit valid, so the same product scanned as UPC-A (12) or read from a
 * GS1 feed as GTIN-14 (0 + 13) finds the same row. Refuses anything whose check digit is wrong.
 */
export function normalizeGtin(code: unknown): string {
  const symbology = symbologyOf(code);
  const text = typeof code === 'string' ? code : String(code);
  if (symbology === null) throw new DomainError('INVALID_BARCODE', { code: text.slice(0, 20), reason: 'length' });
  if (!checkDigitValid(text)) throw new DomainError('INVALID_BARCODE', { code: text, reason: 'check-digit' });
  if (text.length === 14) return text.startsWith('0') ? text.slice(1) : text;
  return text.padStart(13, '0');
}

// ---------------------------------------------------------------------------------------------------------------
// In-store EAN-13 with an embedded price or weight (GS1 prefixes 20–29, layout set per shop)
// ---------------------------------------------------------------------------------------------------------------

export interface EmbeddedRule {
  /** '20'…'29', or a three-digit refinement such as '231'; the longest matching prefix wins. */
  prefix: string;
  kind: 'price' | 'weight';
  itemDigits: number;
  /** 4 or 5 with a value check digit; 1–6 without. Price in minor units, weight in grams. */
  valueDigits: number;
  /** A GS1 price/weight check digit sits between the item code and the value. */
  valueCheckDigit?: boolean;
}

export type EmbeddedValue =
  | { prefix: string; itemCode: string; kind: 'price'; priceMinor: number }
  | { prefix: string; itemCode: string; kind: 'weight'; weightGrams: number };

/** Refuses a rule set the layout arithmetic cannot decode: every rule must fill 12 digits exactly. */
export function assertEmbeddedRules(rules: readonly EmbeddedRule[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    const prefix = typeof rule?.prefix === 'string' ? rule.prefix : '';
    const bad = (reason: string) => new DomainError('INVALID_EMBEDDED_RULE', { prefix, reason });
    if (!/^2\d{1,2}$/.test(prefix)) throw bad('prefix is 20-29 (two or three digits)');
    if (seen.has(prefix)) throw bad('duplicate prefix');
    seen.add(prefix);
    if (rule.kind !== 'price' && rule.kind !== 'weight') throw bad('kind is price or weight');
    const isCount = (n: unknown, min: number, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
    if (!isCount(rule.itemDigits, 1, 9)) throw bad('itemDigits');
    if (rule.valueCheckDigit ? !isCount(rule.valueDigits, 4, 5) : !isCount(rule.valueDigits, 1, 6)) throw bad('valueDigits');
    if (prefix.length + rule.itemDigits + (rule.valueCheckDigit ? 1 : 0) + rule.valueDigits !== 12) {
      throw bad('prefix + item + value digits must be 12');
    }
  }
}

// GS1 weighting tables for the price check digit (General Specifications, "price/weight check digit").
const W2_MINUS = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const W3 = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const W5_PLUS = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const W5_MINUS = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

/** The GS1 check digit over a 4- or 5-digit embedded price or weight. */
export function valueCheckDigit(value: string): number {
  const d = [...value].map((c) => c.charCodeAt(0) - 48);
  const at = (table: number[], i: number) => table[d[i] ?? 0] ?? 0;
  if (value.length === 4 && DIGITS.test(value)) {
    const sum = at(W2_MINUS, 0) + at(W2_MINUS, 1) + at(W3, 2) + at(W5_MINUS, 3);
    return (sum * 3) % 10;
  }
  if (value.length === 5 && DIGITS.test(value)) {
    const sum = at(W5_PLUS, 0) + at(W2_MINUS, 1) + at(W5_MINUS, 2) + at(W5_PLUS, 3) + at(W2_MINUS, 4);
    return W5_MINUS.indexOf((10 - (sum % 10)) % 10);
  }
  throw new DomainError('INVALID_ARGUMENT', { reason: 'value check digit covers 4 or 5 digits' });
}

function ruleFor(code: string, rules: readonly EmbeddedRule[]): EmbeddedRule | null {
  let best: EmbeddedRule | null = null;
  for (const rule of rules) {
    if (code.startsWith(rule.prefix) && (!best || rule.prefix.length > best.prefix.length)) best = rule;
  }
  return best;
}

/**
 * Decodes an in-store EAN-13 by the shop's rules: null when no rule's prefix matches (an ordinary GTIN);
 * INVALID_BARCODE when the check digit or the value check digit is wrong, or a weight label says 0 g.
 * Example with {prefix '21', price, itemDigits 5, valueDigits 5}: 2112345012344 → item 12345, price 1234.
 */
export function decodeEmbedded(code: string, rules: readonly EmbeddedRule[]): EmbeddedValue | null {
  assertEmbeddedRules(rules);
  if (typeof code !== 'string' || code.length !== 13 || !DIGITS.test(code)) return null;
  const rule = ruleFor(code, rules);
  if (!rule) return null;
  if (!checkDigitValid(code)) throw new DomainError('INVALID_BARCODE', { code, reason: 'check-digit' });
  let at = rule.prefix.length;
  const itemCode = code.slice(at, at + rule.itemDigits);
  at += rule.itemDigits;
  const check = rule.valueCheckDigit ? code.charCodeAt(at) - 48 : null;
  if (rule.valueCheckDigit) at += 1;
  const valueText = code.slice(at, at + rule.valueDigits);
  if (check !== null && valueCheckDigit(valueText) !== check) {
    throw new DomainError('INVALID_BARCODE', { code, reason: 'value-check-digit' });
  }
  const value = Number(valueText);
  if (rule.kind === 'weight') {
    if (value === 0) throw new DomainError('INVALID_BARCODE', { code, reason: 'zero-weight' });
    return { prefix: rule.prefix, itemCode, kind: 'weight', weightGrams: value };
  }
  return { prefix: rule.prefix, itemCode, kind: 'price', priceMinor: value };
}

// ---------------------------------------------------------------------------------------------------------------
// What did the cashier (or the scanner) type?
// ---------------------------------------------------------------------------------------------------------------

export type ScanClass =
  | { kind: 'empty' }
  /** A GTIN with a valid check digit. Look it up by `gtin`; if absent, try `text` as a SKU (numeric SKUs exist). */
  | { kind: 'barcode'; text: string; gtin: string; symbology: Symbology }
  /** An in-store price/weight label that matched a rule. Look up the product by prefix + itemCode. */
  | { kind: 'embedded'; text: string; gtin: string; value: EmbeddedValue }
  /**
   * One token with a digit in it: a SKU. `badCheckDigit` marks a GTIN-length digit string whose check digit
   * is wrong: look it up as a SKU, and if nothing matches answer INVALID_BARCODE (a misread), not "not found".
   */
  | { kind: 'sku'; text: string; badCheckDigit: boolean }
  /** Anything else: a name search. Whitespace collapsed, at most MAX_SCAN_TEXT characters. */
  | { kind: 'text'; text: string };

export const MAX_SCAN_TEXT = 100;

// Scanners configured for AIM symbology identifiers prefix "]E0" (EAN-13/UPC-A), "]E4" (EAN-8), "]C1"…
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/**
 * Sorts input from the scan field into barcode, in-store label, SKU or free text. Strips the scanner's
 * terminator (CR/LF/tab) and an AIM symbology identifier. Pass the shop's embedded rules to recognise
 * price/weight labels; a label with a wrong value check digit is still thrown as INVALID_BARCODE.
 */
export function classifyScan(input: unknown, rules: readonly EmbeddedRule[] = []): ScanClass {
  if (typeof input !== 'string') return { kind: 'empty' };
  // eslint-disable-next-line no-control-regex -- scanners end a read with CR, LF or TAB; strip every control char.
  let text = input.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (AIM_PREFIX.test(text) && DIGITS.test(text.slice(3))) text = text.slice(3);
  if (text === '') return { kind: 'empty' };
  if (DIGITS.test(text) && symbologyOf(text) !== null) {
    if (!checkDigitValid(text)) return { kind: 'sku', text, badCheckDigit: true };
    const gtin = normalizeGtin(text);
    const value = text.length === 13 ? decodeEmbedded(text, rules) : null;
    if (value) return { kind: 'embedded', text, gtin, value };
    return { kind: 'barcode', text, gtin, symbology: symbologyOf(text) ?? 'EAN-13' };
  }
  if (/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(text) && /\d/.test(text)) return { kind: 'sku', text, badCheckDigit: false };
  return { kind: 'text', text: text.replace(/\s+/g, ' ').slice(0, MAX_SCAN_TEXT) };
}
