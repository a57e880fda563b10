// Money: integer minor units + ISO 4217 currency; parsing, formatting, exact rounding, proration, cash.
// Pure (imports only core/): no Node, no I/O, no floats on amounts; every product/quotient goes through BigInt.
import { DomainError } from './errors';

export type CurrencyCode = string;
export type CurrencyExponent = 0 | 2 | 3;
export type Locale = 'en' | 'zh';

interface CurrencyInfo {
  exponent: CurrencyExponent;
  /** Prefix symbol per locale; absent → the ISO code and a space ("CHF 12.50"). */
  symbol?: Partial<Record<Locale, string>>;
}

// ISO 4217 minor-unit exponents. A Map, not an object literal, so "constructor" or "__proto__" are never
// mistaken for currencies. JPY shows as "JPY" in English because a till in a CNY shop already uses "¥".
const CURRENCIES: ReadonlyMap<string, CurrencyInfo> = new Map<string, CurrencyInfo>([
  ['CNY', { exponent: 2, symbol: { en: '¥', zh: '¥' } }],
  ['EUR', { exponent: 2, symbol: { en: '€', zh: '€' } }],
  ['USD', { exponent: 2, symbol: { en: '$', zh: 'US$' } }],
  ['GBP', { exponent: 2, symbol: { en: '£', zh: '£' } }],
  ['CHF', { exponent: 2 }],
  ['JPY', { exponent: 0, symbol: { zh: 'JP¥' } }],
  ['KRW', { exponent: 0, symbol: { en: '₩', zh: '₩' } }],
  ['HKD', { exponent: 2, symbol: { en: 'HK$', zh: 'HK$' } }],
  ['TWD', { exponent: 2, symbol: { en: 'NT$', zh: 'NT$' } }],
  ['SGD', { exponent: 2, symbol: { en: 'S$', zh: 'S$' } }],
  ['AUD', { exponent: 2, symbol: { en: 'A$', zh: 'A$' } }],
  ['CAD', { exponent: 2, symbol: { en: 'CA$', zh: 'CA$' } }],
  ['SEK', { exponent: 2 }],
  ['NOK', { exponent: 2 }],
  ['DKK', { exponent: 2 }],
  ['PLN', { exponent: 2 }],
  ['CZK', { exponent: 2 }],
  ['ISK', { exponent: 0 }],
  ['VND', { exponent: 0 }],
  ['CLP', { exponent: 0 }],
  ['BHD', { exponent: 3 }],
  ['KWD', { exponent: 3 }],
  ['JOD', { exponent: 3 }],
  ['TND', { exponent: 3 }],
  ['OMR', { exponent: 3 }],
  ['IQD', { exponent: 3 }],
  ['LYD', { exponent: 3 }],
]);

function currencyInfo(code: unknown): CurrencyInfo {
  const info = typeof code === 'string' ? CURRENCIES.get(code) : undefined;
  if (!info) throw new DomainError('UNKNOWN_CURRENCY', { currency: String(code).slice(0, 16) });
  return info;
}

export function isSupportedCurrency(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && CURRENCIES.has(code);
}

export function supportedCurrencies(): CurrencyCode[] {
  return [...CURRENCIES.keys()];
}

/** Digits after the decimal point in the currency's minor unit: EUR 2, JPY 0, KWD 3. */
export function currencyExponent(code: unknown): CurrencyExponent {
  return currencyInfo(code).exponent;
}

// ---------------------------------------------------------------------------------------------------------------
// Safe integers
// ---------------------------------------------------------------------------------------------------------------

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export interface AmountCheck {
  /** Negative amounts are refused unless asked for: prices, tenders and counts are never negative. */
  allowNegative?: boolean;
  /** Name of the field, carried in the error's params for the support view. */
  field?: string;
}

/**
 * Asserts an amount is integer minor units that stays exact in a JS number. Refuses NaN, ±Infinity,
 * fractions (a float crept in upstream), 1e308 and anything beyond Number.MAX_SAFE_INTEGER (above 2^53
 * neighbouring integers collapse, so 9007199254740993 would silently become ...992).
 */
export function assertMinorUnits(n: unknown, check: AmountCheck = {}): asserts n is number {
  const field = check.field ?? 'amount';
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new DomainError('INVALID_AMOUNT', { field, value: String(n).slice(0, 32) });
  }
  if (!Number.isInteger(n)) throw new DomainError('INVALID_AMOUNT', { field, value: String(n) });
  if (!Number.isSafeInteger(n)) throw new DomainError('AMOUNT_TOO_LARGE', { field });
  if (n < 0 && !check.allowNegative) throw new DomainError('NEGATIVE_AMOUNT', { field });
}

/** The checked way back from BigInt: refuses a result a number cannot hold exactly. */
export function toSafeNumber(value: bigint, field = 'amount'): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) throw new DomainError('AMOUNT_TOO_LARGE', { field });
  return Number(value);
}

function bigOf(x: number | bigint, field: string): bigint {
  if (typeof x === 'bigint') return x;
  assertMinorUnits(x, { allowNegative: true, field });
  return BigInt(x);
}

/** Sum of minor-unit amounts, refusing (not wrapping or rounding) a total beyond the safe range. */
export function sumMinor(amounts: readonly number[], field = 'total'): number {
  let total = 0n;
  for (const a of amounts) total += bigOf(a, field);
  return toSafeNumber(total, field);
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing and formatting (string arithmetic only)
// ---------------------------------------------------------------------------------------------------------------

export interface ParseOptions {
  /** Accept a leading minus (returns, corrections). Default false. */
  allowNegative?: boolean;
}

const AMOUNT_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Decimal text → minor units, exactly: "12.34" EUR → 1234, "1235" JPY → 1235, "1.005" KWD → 1005.
 * Accepted: optional "-" (with allowNegative), ASCII digits, at most one "." followed by digits. Refused:
 * exponents ("1e3"), grouping ("1,234": a decimal comma in half of Europe), "+", ".5", "12.", spaces inside,
 * and more decimals than the currency has (TOO_MANY_DECIMALS) unless the extra digits are zeros ("12.340").
 * Surrounding whitespace is trimmed.
 */
export function parseAmount(text: unknown, currency: CurrencyCode, options: ParseOptions = {}): number {
  const exponent = currencyExponent(currency);
  if (typeof text !== 'string') throw new DomainError('INVALID_AMOUNT', { value: String(text).slice(0, 32) });
  const trimmed = text.trim();
  // 40 characters is far beyond any real amount; the bound keeps error params and BigInt work small.
  const match = trimmed.length <= 40 ? AMOUNT_TEXT.exec(trimmed) : null;
  if (!match) throw new DomainError('INVALID_AMOUNT', { value: trimmed.slice(0, 32) });
  const [, minus, whole = '', fraction = ''] = match;
  if (fraction.length > exponent && /[1-9]/.test(fraction.slice(exponent))) {
    throw new DomainError('TOO_MANY_DECIMALS', { currency, decimals: exponent, value: trimmed });
  }
  const minor = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  if (minus && minor !== 0n && !options.allowNegative) throw new DomainError('NEGATIVE_AMOUNT', { value: trimmed });
  return toSafeNumber(minus ? -minor : minor);
}

function splitMinor(minor: number, exponent: CurrencyExponent): { negative: boolean; whole: string; fraction: string } {
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return {
    negative: minor < 0,
    whole: digits.slice(0, digits.length - exponent),
    fraction: digits.slice(digits.length - exponent),
  };
}

function groupThousands(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Minor units → plain decimal text for fields, CSV and the CLI: 1250 EUR → "12.50", -5 → "-0.05", JPY → "1235". */
export function formatPlain(minor: number, currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  assertMinorUnits(minor, { allowNegative: true });
  const { negative, whole, fraction } = splitMinor(minor, exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

export interface FormatOptions {
  /** Prefix the currency symbol (or its ISO code). Default true. */
  symbol?: boolean;
  /** Symbol choice: 'zh' writes US$ and JP¥ where English writes $ and JPY. Separators are the same. */
  locale?: Locale;
}

/**
 * Minor units → display text with thousands grouping: "¥12.50", "€1,234.56", "JPY 1,235", "CHF -3.05",
 * "-€3.05". A minus sign always shows (UX: negative amounts are unmistakable).
 */
export function formatAmount(minor: number, currency: CurrencyCode, options: FormatOptions = {}): string {
  const info = currencyInfo(currency);
  assertMinorUnits(minor, { allowNegative: true });
  const { negative, whole, fraction } = splitMinor(minor, info.exponent);
  const number = `${groupThousands(whole)}${info.exponent > 0 ? `.${fraction}` : ''}`;
  const sign = negative ? '-' : '';
  if (options.symbol === false) return `${sign}${number}`;
  const symbol = info.symbol?.[options.locale ?? 'en'];
  return symbol ? `${sign}${symbol}${number}` : `${currency} ${sign}${number}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Exact rounding
// ---------------------------------------------------------------------------------------------------------------

/**
 * half-up: ties away from zero (2.5 → 3, -2.5 → -3), what receipts and most tax rules mean by "round".
 * half-even: ties to the even neighbour (2.5 → 2, 3.5 → 4), banker's rounding, unbiased over many sums.
 * Both are symmetric around zero, so a return rounds exactly like the sale it reverses.
 */
export type RoundingMode = 'half-up' | 'half-even';

export function isRoundingMode(mode: unknown): mode is RoundingMode {
  return mode === 'half-up' || mode === 'half-even';
}

function assertRoundingMode(mode: unknown): asserts mode is RoundingMode {
  if (!isRoundingMode(mode)) throw new DomainError('INVALID_ARGUMENT', { reason: 'rounding mode', value: String(mode) });
}

/** numerator / denominator rounded to an integer per mode, in BigInt. */
export function divRoundBig(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  assertRoundingMode(mode);
  if (denominator === 0n) throw new DomainError('INVALID_ARGUMENT', { reason: 'division by zero' });
  let n = numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const quotient = n / d; // BigInt division truncates toward zero
  const remainder = n % d; // carries the sign of n
  if (remainder === 0n) return quotient;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  const awayFromZero = n < 0n ? quotient - 1n : quotient + 1n;
  if (twiceRemainder > d) return awayFromZero;
  if (twiceRemainder < d) return quotient;
  if (mode === 'half-up') return awayFromZero;
  return quotient % 2n === 0n ? quotient : awayFromZero;
}

/** Exact integer division with rounding: divRound(1005, 10, 'half-up') = 101, 'half-even' = 100. */
export function divRound(numerator: number | bigint, denominator: number | bigint, mode: RoundingMode): number {
  return toSafeNumber(divRoundBig(bigOf(numerator, 'numerator'), bigOf(denominator, 'denominator'), mode));
}

/** amount × num / den rounded once, with no intermediate rounding or overflow (19% of 1999 = 379.81 → 380). */
export function mulRatio(amount: number, num: number, den: number, mode: RoundingMode): number {
  return toSafeNumber(divRoundBig(bigOf(amount, 'amount') * bigOf(num, 'num'), bigOf(den, 'den'), mode));
}

function divCeilNonNegative(n: bigint, d: bigint): bigint {
  return (n + d - 1n) / d;
}

// ---------------------------------------------------------------------------------------------------------------
// Proration
// ---------------------------------------------------------------------------------------------------------------

/**
 * Splits amount over weights by largest remainder: every share is the exact proportional share rounded
 * down or up (never further), and the shares sum to amount exactly. Ties in the remainder go to the lower
 * index, so the same input always gives the same split. Zero weights get zero. A negative amount is split
 * as its absolute value and negated (symmetric, like the rounding modes).
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  assertMinorUnits(amount, { allowNegative: true });
  if (!Array.isArray(weights) || weights.length === 0) {
    throw new DomainError('INVALID_ARGUMENT', { reason: 'allocate needs at least one weight' });
  }
  const w = weights.map((x) => {
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
      throw new DomainError('INVALID_ARGUMENT', { reason: 'weights are non-negative safe integers', value: String(x) });
    }
    return BigInt(x);
  });
  const totalWeight = w.reduce((s, x) => s + x, 0n);
  if (totalWeight === 0n) {
    if (amount === 0) return weights.map(() => 0);
    throw new DomainError('INVALID_ARGUMENT', { reason: 'cannot allocate over zero weights' });
  }
  const whole = BigInt(Math.abs(amount));
  const shares = w.map((x) => (whole * x) / totalWeight);
  const remainders = w.map((x) => (whole * x) % totalWeight);
  let left = whole - shares.reduce((s, x) => s + x, 0n);
  const order = remainders
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  // left < weights.length: each floor loses less than 1, and exactly `left` units are missing in total.
  for (const { i } of order) {
    if (left === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1n;
  }
  const sign = amount < 0 ? -1 : 1;
  return shares.map((s) => (s === 0n ? 0 : sign * Number(s)));
}

// ---------------------------------------------------------------------------------------------------------------
// Cash
// ---------------------------------------------------------------------------------------------------------------

/**
 * Rounds an amount to a cash step in minor units: 5 for CHF 0.05, 10 for SEK/CNY-style 0.10, 100 for
 * whole units. roundCash(1233, 5, 'half-up') = 1235; roundCash(1232, 5, ...) = 1230. With an even step the
 * mode decides exact ties: roundCash(1225, 10, 'half-up') = 1230, 'half-even' = 1220.
 */
export function roundCash(amount: number, step: number, mode: RoundingMode): number {
  assertMinorUnits(amount, { allowNegative: true });
  assertCashStep(step);
  return toSafeNumber(divRoundBig(BigInt(amount), BigInt(step), mode) * BigInt(step));
}

export function assertCashStep(step: unknown): asserts step is number {
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 1) {
    throw new DomainError('INVALID_ARGUMENT', { reason: 'cash rounding step is a positive integer', value: String(step) });
  }
}

export type DenominationKind = 'note' | 'coin';
export interface Denomination {
  /** Face value in minor units. */
  value: number;
  kind: DenominationKind;
}

const note = (value: number): Denomination => ({ value, kind: 'note' });
const coin = (value: number): Denomination => ({ value, kind: 'coin' });

// Largest first, in minor units. Where a value exists as both a note and a coin (CNY ¥1 and 5 jiao, USD $1)
// it is listed once: a drawer count needs the value, and one row per value keeps the count's keys unique.
const DENOMINATIONS: ReadonlyMap<string, readonly Denomination[]> = new Map([
  ['CNY', [note(10000), note(5000), note(2000), note(1000), note(500), coin(100), coin(50), coin(10)]],
  ['EUR', [note(50000), note(20000), note(10000), note(5000), note(2000), note(1000), note(500),
    coin(200), coin(100), coin(50), coin(20), coin(10), coin(5), coin(2), coin(1)]],
  ['USD', [note(10000), note(5000), note(2000), note(1000), note(500), note(200), note(100),
    coin(50), coin(25), coin(10), coin(5), coin(1)]],
  ['GBP', [note(5000), note(2000), note(1000), note(500), coin(200), coin(100), coin(50), coin(20), coin(10),
    coin(5), coin(2), coin(1)]],
  ['CHF', [note(100000), note(20000), note(10000), note(5000), note(2000), note(1000),
    coin(500), coin(200), coin(100), coin(50), coin(20), coin(10), coin(5)]],
  ['JPY', [note(10000), note(5000), note(2000), note(1000), coin(500), coin(100), coin(50), coin(10), coin(5), coin(1)]],
]);

export function hasDenominations(currency: CurrencyCode): boolean {
  return DENOMINATIONS.has(currency);
}

/** The notes and coins of a currency, largest first, values in minor units. */
export function denominations(currency: CurrencyCode): Denomination[] {
  currencyInfo(currency);
  const list = DENOMINATIONS.get(currency);
  if (!list) throw new DomainError('NO_DENOMINATIONS', { currency });
  return list.map((d) => ({ ...d }));
}

/** Upper bound on one denomination's count: a typo guard (a million coins is no drawer). */
export const MAX_DENOMINATION_COUNT = 1_000_000;

export type DenominationCounts = Record<string, number>;

export interface CountLine extends Denomination {
  count: number;
  amount: number;
}

/**
 * A cash count by denomination → one line per denomination (zeros included, largest first). Keys are the
 * face value in minor units as a decimal string ("2000" = €20). Refuses a key the currency does not have
 * (UNKNOWN_DENOMINATION) and a count that is not a whole number from 0 to MAX_DENOMINATION_COUNT
 * (INVALID_COUNT): a negative count is never "a correction".
 */
export function countLines(currency: CurrencyCode, counts: unknown): CountLine[] {
  const list = denominations(currency);
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
    throw new DomainError('INVALID_ARGUMENT', { reason: 'counts is an object of value → count' });
  }
  const byValue = new Map<number, number>();
  for (const [key, count] of Object.entries(counts)) {
    const value = /^[1-9]\d{0,15}$/.test(key) ? Number(key) : NaN;
    if (!list.some((d) => d.value === value)) {
      throw new DomainError('UNKNOWN_DENOMINATION', { currency, denomination: key.slice(0, 20) });
    }
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || count > MAX_DENOMINATION_COUNT) {
      throw new DomainError('INVALID_COUNT', { currency, denomination: value, count: String(count).slice(0, 20) });
    }
    byValue.set(value, count);
  }
  return list.map((d) => {
    const count = byValue.get(d.value) ?? 0;
    return { ...d, count, amount: toSafeNumber(BigInt(d.value) * BigInt(count)) };
  });
}

/** Total of a cash count in minor units (validated as countLines does). */
export function sumCount(currency: CurrencyCode, counts: unknown): number {
  return sumMinor(countLines(currency, counts).map((l) => l.amount));
}

/**
 * Quick-cash button amounts for an amount due: the exact amount first, then the next amounts a customer
 * would hand over in notes (the due rounded up to each note value), ascending and distinct, up to `max`
 * amounts in all. EUR 12.34 → [12.34, 15, 20, 50, 100]. Currencies without a note table use 1, 5, 10, 20,
 * 50, 100 major units. Nothing due → [].
 */
export function cashQuickAmounts(due: number, currency: CurrencyCode, max = 5): number[] {
  assertMinorUnits(due, { field: 'due' });
  const exponent = currencyExponent(currency);
  if (due === 0) return [];
  const major = 10n ** BigInt(exponent);
  const noteValues = DENOMINATIONS.get(currency)
    ?.filter((d) => d.kind === 'note')
    .map((d) => BigInt(d.value))
    ?? [1n, 5n, 10n, 20n, 50n, 100n].map((m) => m * major);
  const dueBig = BigInt(due);
  const candidates = new Set<bigint>();
  for (const v of noteValues) {
    const next = divCeilNonNegative(dueBig, v) * v;
    if (next > dueBig) candidates.add(next);
  }
  const ascending = [...candidates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [due, ...ascending.slice(0, Math.max(0, max - 1)).map((v) => toSafeNumber(v))];
}
