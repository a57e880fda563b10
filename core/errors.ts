// Domain errors with stable codes: the one error type core throws. Pure (core/ only; no Node, no I/O).
// The list of codes lives here; every code must have an English and a Chinese sentence in messages.ts.

/**
 * Every stable error code the till shows. Codes are part of the contract (hosts, logs, support view, tests):
 * never rename one, only add. To add a code: append it here, then add its sentences in messages.ts (the
 * compiler refuses a catalogue that misses one).
 */
export const ERROR_CODES = [
  // money and input
  'INVALID_AMOUNT',
  'NEGATIVE_AMOUNT',
  'AMOUNT_TOO_LARGE',
  'TOO_MANY_DECIMALS',
  'UNKNOWN_CURRENCY',
  'INVALID_ARGUMENT',
  'UNKNOWN_DENOMINATION',
  'INVALID_COUNT',
  'NO_DENOMINATIONS',
  // cart and tax
  'INVALID_QUANTITY',
  'INVALID_PRICE',
  'INVALID_TAX_RATE',
  'INVALID_DISCOUNT',
  'DISCOUNT_TOO_LARGE',
  'TOO_MANY_LINES',
  'DUPLICATE_LINE',
  // tenders and returns
  'TENDER_EXCEEDS_DUE',
  'TENDER_NOT_ALLOWED',
  'RETURN_EXCEEDS_SOLD',
  'REFUND_EXCEEDS_PAID',
  // barcodes
  'INVALID_BARCODE',
  'INVALID_EMBEDDED_RULE',
  // service (raised by service/, worded here so both languages live in one catalogue)
  'NOT_LOGGED_IN',
  'BAD_PIN',
  'LOCKED_OUT',
  'MANAGER_REQUIRED',
  'FORBIDDEN',
  'SHIFT_CLOSED',
  'SHIFT_ALREADY_OPEN',
  'SALE_NOT_OPEN',
  'SALE_STILL_OPEN',
  'PRODUCT_NOT_FOUND',
  'LINE_NOT_FOUND',
  'NOTHING_TO_PAY',
  'PAYMENT_IN_PROGRESS',
  'PAYMENT_UNRESOLVED',
  'RECEIPT_NOT_FOUND',
  'VALIDATION_FAILED',
  'UNKNOWN_METHOD',
  'DUPLICATE_BARCODE',
  'VARIANCE_NEEDS_MANAGER',
  'DB_CORRUPT',
  'DB_TOO_NEW',
  'CONFIG_INVALID',
  // devices and acquiring
  'PRINTER_PAPER_OUT',
  'PRINTER_COVER_OPEN',
  'PRINTER_OFFLINE',
  'PINPAD_OFFLINE',
  'CARD_DECLINED',
  'CARD_OUTCOME_UNKNOWN',
  'OFFLINE_LIMIT',
  'CASH_INSUFFICIENT',
  'CARD_ABORTED',
  'PINPAD_NOT_CONFIGURED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Parameters that go into the message (amounts as minor units with a `currency` param beside them). */
export type ErrorParams = Record<string, string | number>;

const codeSet: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && codeSet.has(code);
}

/**
 * The error core throws for anything a caller could have got wrong. `message` is an English developer hint
 * (code + params); the cashier's sentence comes from messageFor(code, params, lang).
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}) {
    const detail = Object.entries(params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    super(detail ? `${code} (${detail})` : code);
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
  }

  toJSON(): { code: ErrorCode; params: ErrorParams } {
    return { code: this.code, params: this.params };
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DomainError };

/**
 * Runs fn and turns a thrown DomainError into a value. Anything else is a bug and is rethrown: hiding it as
 * a domain error would show the cashier a confident sentence about something that did not happen.
 */
export function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: e };
    throw e;
  }
}
