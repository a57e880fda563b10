// Money as printed text: integer minor units → "¥1,234.50" by string arithmetic on the digits (no float ever
// touches an amount). Pure; never imports Node or a device module.

/** ISO 4217 exponents that are not 2. Anything not listed prints with 2 decimals. */
const EXPONENT: Record<string, number> = {
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, HUF: 2, TWD: 2,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3, IQD: 3, LYD: 3,
};

/** Symbols printed before the amount. `¥` is mapped to the full-width `￥` by the encoder's GB18030 guard. */
const SYMBOL: Record<string, string> = {
  CNY: '¥', JPY: '¥', EUR: '€', USD: '$', GBP: '£', HKD: 'HK$', TWD: 'NT$', CHF: 'CHF ', KRW: '₩',
};

export function currencyExponent(currency: string): number {
  return EXPONENT[currency] ?? 2;
}

function assertMinor(minor: number): void {
  if (!Number.isSafeInteger(minor)) throw new Error(`Amount must be a safe integer of minor units, got ${minor}`);
}

function group(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** "123456", exponent 2 → "1,234.56"; sign handled by the caller. Works on the decimal digits of the integer. */
function digitsToDecimal(digits: string, exponent: number, grouping: boolean): string {
  if (exponent === 0) return grouping ? group(digits) : digits;
  const padded = digits.padStart(exponent + 1, '0');
  const intPart = padded.slice(0, padded.length - exponent);
  const frac = padded.slice(padded.length - exponent);
  return `${grouping ? group(intPart) : intPart}.${frac}`;
}

/** Plain number without symbol: 1250 → "12.50", -5 → "-0.05". */
export function formatAmount(minor: number, currency: string, grouping = true): string {
  assertMinor(minor);
  const negative = minor < 0;
  // String(-n) of a safe integer is exact; the minus sign is stripped as text, not by arithmetic on floats.
  const digits = String(minor).replace('-', '');
  return (negative ? '-' : '') + digitsToDecimal(digits, currencyExponent(currency), grouping);
}

/** With symbol: 1250 CNY → "¥12.50", -1250 → "-¥12.50"; unknown currencies print their code: "SEK 12.50". */
export function formatMoney(minor: number, currency: string): string {
  assertMinor(minor);
  const negative = minor < 0;
  const digits = String(minor).replace('-', '');
  const symbol = SYMBOL[currency] ?? `${currency} `;
  return (negative ? '-' : '') + symbol + digitsToDecimal(digits, currencyExponent(currency), true);
}

/** Grams as kilograms with three decimals: 1234 → "1.234". */
export function formatKilograms(grams: number): string {
  assertMinor(grams);
  const negative = grams < 0;
  return (negative ? '-' : '') + digitsToDecimal(String(grams).replace('-', ''), 3, false);
}
