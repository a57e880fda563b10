// Locale-aware display of amounts, percentages, quantities and times for the cashier screens.
// Pure (Intl + core/money); amounts stay integer minor units, and are turned into text only here.
import type { Language } from '../../../service/contract';
import { cashQuickAmounts, currencyExponent, formatAmount, isSupportedCurrency, parseAmount } from '../../../core/money';

/** The BCP 47 locale for a user language: en-GB (day/month order, 24 h) for English, zh-CN for Chinese. */
export function localeOf(language: Language): string {
  return language === 'zh' ? 'zh-CN' : 'en-GB';
}

/** Minor units → exact decimal text ("-0.05"), no float: the string goes to Intl, which formats it exactly. */
export function minorToDecimal(minor: number, exponent: number): string {
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${minor < 0 ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Exponent of a currency's minor unit; Intl knows currencies core/money's table does not. */
export function exponentOf(currency: string): number {
  if (isSupportedCurrency(currency)) return currencyExponent(currency);
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "€12.50", "-€3.05", "¥1,234.00": core/money's formatting (one look across screens, receipts and CLI). */
export function formatMoney(minor: number, currency: string, language: Language): string {
  if (isSupportedCurrency(currency)) return formatAmount(minor, currency, { locale: language });
  const exponent = exponentOf(currency);
  const decimal = minorToDecimal(minor, exponent) as `${number}`;
  try {
    return new Intl.NumberFormat(localeOf(language), {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(decimal);
  } catch {
    return `${currency} ${decimal}`;
  }
}

/** Plain decimal text for an amount field ("12.50"), no symbol, no grouping. */
export function formatAmountPlain(minor: number, currency: string): string {
  return minorToDecimal(minor, exponentOf(currency));
}

/**
 * Text a cashier typed ("12.5", "12,50", "1250") → minor units, or null when it is not an amount.
 * A decimal comma is accepted because half of Europe types one; grouping separators are not.
 */
export function parseAmountInput(text: string, currency: string): number | null {
  const normalised = text.trim().replace(',', '.');
  if (normalised === '' || !/^\d+(\.\d+)?$/.test(normalised)) return null;
  if (isSupportedCurrency(currency)) {
    try {
      return parseAmount(normalised, currency);
    } catch {
      return null;
    }
  }
  const exponent = exponentOf(currency);
  const [whole = '', fraction = ''] = normalised.split('.');
  if (fraction.length > exponent) return null;
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Whole positive quantity typed on the keypad, or null. */
export function parseQuantityInput(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 1_000_000 ? n : null;
}

/** Weight typed in kg ("0.5", "1,25") → grams, or null outside 1 g – 1000 kg. */
export function parseWeightInput(text: string): number | null {
  const match = /^(\d{1,4})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!match) return null;
  const grams = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return grams >= 1 && grams <= 1_000_000 ? grams : null;
}

/** Percent typed as "10" or "12.5" → basis points (1000, 1250), or null outside 0.01–100 %. */
export function parsePercentInput(text: string): number | null {
  const t = text.trim().replace(',', '.');
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(t);
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp >= 1 && bp <= 10_000 ? bp : null;
}

/** Basis points → "7%", "12.5%" in the user's locale (exact: the decimal goes to Intl as text). */
export function formatPercentBp(bp: number, language: Language): string {
  const decimal = minorToDecimal(bp, 4) as `${number}`;
  return new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 2 }).format(decimal);
}

/** Quantity in the locale's digits and grouping; weights are grams, shown as kg. */
export function formatQuantity(quantity: number, kind: 'piece' | 'weight', language: Language): string {
  if (kind === 'weight') {
    const decimal = minorToDecimal(quantity, 3) as `${number}`;
    return `${new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: 3 }).format(decimal)} kg`;
  }
  return new Intl.NumberFormat(localeOf(language)).format(quantity);
}

export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

export function formatTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), { timeStyle: 'short' }).format(date);
}

/** "4 min 05 s" style duration for the lockout countdown, in whole seconds. */
export function formatDuration(totalSeconds: number, language: Language): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const minutes = Math.floor(s / 60);
  const seconds = s % 60;
  const unit = (value: number, u: 'minute' | 'second') =>
    new Intl.NumberFormat(localeOf(language), { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
  return minutes > 0 ? `${unit(minutes, 'minute')} ${unit(seconds, 'second')}` : unit(seconds, 'second');
}

/** Quick cash buttons: the exact amount, then the next round notes (core/money), or just exact if unknown. */
export function quickCashAmounts(due: number, currency: string): number[] {
  if (due <= 0) return [];
  if (!isSupportedCurrency(currency)) return [due];
  return cashQuickAmounts(due, currency, 5);
}

/**
 * A service text that may come in Chinese beside the English (device details, reconciliation differences): the
 * Chinese when the user reads Chinese and the service has it, else the English (never an empty line).
 */
export function localDetail(view: { detail: string; detailZh?: string } | null | undefined, language: Language): string {
  if (!view) return '';
  return language === 'zh' && view.detailZh ? view.detailZh : view.detail;
}
