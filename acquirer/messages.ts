// Acquirer messages built on the ISO 8583 codec: 0220/0221 advice, 0400/0401 reversal, 0320 batch upload,
// 0500/0510 reconciliation totals, 0800/0810 echo; reply matching and response classes. Pure; never imports
// service/, web/, cli/, renderer/ or electron. Only masked PANs exist here: a full PAN is refused, not stored.
import { z } from 'zod';
import type { Iso8583Message } from './iso8583/codec';
import type { Iso8583Profile } from './iso8583/profile';

// ---------------------------------------------------------------- currency (ISO 4217 numeric for field 49)

const currencyNumeric: Readonly<Record<string, string>> = {
  AUD: '036', BHD: '048', CAD: '124', CHF: '756', CNY: '156', CZK: '203', DKK: '208', EUR: '978', GBP: '826',
  HKD: '344', HUF: '348', JOD: '400', JPY: '392', KRW: '410', KWD: '414', MOP: '446', MYR: '458', NOK: '578',
  NZD: '554', PLN: '985', SEK: '752', SGD: '702', THB: '764', TWD: '901', USD: '840',
};

/** ISO 4217 alpha code → numeric code for field 49. Throws on a currency the table does not know. */
export function currencyToNumeric(alpha: string): string {
  const numeric = currencyNumeric[alpha];
  if (!numeric) throw new RangeError(`currency ${alpha} has no ISO 4217 numeric code in the table`);
  return numeric;
}

export function currencyFromNumeric(numeric: string): string | undefined {
  return Object.keys(currencyNumeric).find((k) => currencyNumeric[k] === numeric);
}

// ---------------------------------------------------------------- the stored card transaction

/**
 * Masked PAN as the PIN pad gives it: 12–19 characters, digits and mask characters only, at least one mask
 * character and at most 10 clear digits (PCI: first 6 + last 4). A string of only digits is a full PAN: refused.
 */
export function isMaskedPan(text: string): boolean {
  if (!/^[0-9*Xx#]{12,19}$/.test(text)) return false;
  const clear = text.replace(/[^0-9]/g, '').length;
  return clear < text.length && clear <= 10;
}

export const cardTransactionSchema = z
  .object({
    /** Our own id of the card payment: the last, collision-proof part of the dedupe key. */
    uuid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
    terminalId: z.string().regex(/^[\x20-\x7e]{8}$/),
    merchantId: z.string().regex(/^[\x20-\x7e]{1,15}$/),
    batchNumber: z.number().int().min(1).max(999_999),
    /** Allocated once, when the transaction is stored; every repeat (0221, 0401, 0320) carries the same STAN. */
    stan: z.number().int().min(1).max(999_999),
    /** Local date-time of the transaction at the till, `YYYY-MM-DDTHH:mm:ss`. */
    localDateTime: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/),
    kind: z.enum(['sale', 'refund']),
    cardType: z.enum(['debit', 'credit']),
    amountMinor: z.number().int().min(1).max(999_999_999_999),
    currency: z.string().refine((c) => currencyNumeric[c] !== undefined, 'unknown ISO 4217 currency'),
    maskedPan: z.string().refine(isMaskedPan, 'not a masked PAN (a full PAN is never stored or sent)'),
    authCode: z.string().regex(/^[A-Za-z0-9 ]{0,6}$/),
    entryMode: z.enum(['chip', 'contactless', 'swipe', 'manual']),
    offlineApproved: z.boolean(),
  })
  .strict();

export type CardTransaction = z.infer<typeof cardTransactionSchema>;

/**
 * terminal id + batch + STAN + local date-time + our UUID: never STAN alone (it is 6 digits and wraps). The local
 * date-time is written as the wire carries it (fields 13 + 12, MMDDhhmmss), so till and acquirer compute one key.
 */
export function dedupeKey(tx: Pick<CardTransaction, 'terminalId' | 'batchNumber' | 'stan' | 'localDateTime' | 'uuid'>): string {
  const [date, time] = tx.localDateTime.split('T') as [string, string];
  const local = date.slice(5, 7) + date.slice(8, 10) + time.replace(/:/g, '');
  return wireKey(tx.terminalId, pad(tx.batchNumber, 6), pad(tx.stan, 6), local, tx.uuid);
}

function wireKey(terminalId: string, batch: string, stan: string, localMmddhhmmss: string, uuid: string): string {
  return `${terminalId}|${batch}|${stan}|${localMmddhhmmss}|${uuid.toLowerCase()}`;
}

// ---------------------------------------------------------------- totals (reconciliation, field 63)

export interface TotalsLine {
  count: number;
  amountMinor: number;
}
export interface BatchTotals {
  debitSales: TotalsLine;
  debitRefunds: TotalsLine;
  creditSales: TotalsLine;
  creditRefunds: TotalsLine;
}

const totalsOrder = ['debitSales', 'debitRefunds', 'creditSales', 'creditRefunds'] as const;

export function emptyTotals(): BatchTotals {
  return {
    debitSales: { count: 0, amountMinor: 0 },
    debitRefunds: { count: 0, amountMinor: 0 },
    creditSales: { count: 0, amountMinor: 0 },
    creditRefunds: { count: 0, amountMinor: 0 },
  };
}

export function totalsLineOf(tx: Pick<CardTransaction, 'kind' | 'cardType'>): keyof BatchTotals {
  if (tx.cardType === 'debit') return tx.kind === 'sale' ? 'debitSales' : 'debitRefunds';
  return tx.kind === 'sale' ? 'creditSales' : 'creditRefunds';
}

export function addToTotals(totals: BatchTotals, tx: Pick<CardTransaction, 'kind' | 'cardType' | 'amountMinor'>, sign: 1 | -1 = 1): void {
  const line = totals[totalsLineOf(tx)];
  line.count += sign;
  line.amountMinor += sign * tx.amountMinor;
}

export function totalsOf(transactions: Iterable<Pick<CardTransaction, 'kind' | 'cardType' | 'amountMinor'>>): BatchTotals {
  const totals = emptyTotals();
  for (const tx of transactions) addToTotals(totals, tx);
  return totals;
}

export function totalsEqual(a: BatchTotals, b: BatchTotals): boolean {
  return totalsOrder.every((k) => a[k].count === b[k].count && a[k].amountMinor === b[k].amountMinor);
}

/** Field 63 layout: for debit sales, debit refunds, credit sales, credit refunds: count n6 then amount n12. */
export function encodeTotals(totals: BatchTotals): string {
  return totalsOrder.map((k) => pad(totals[k].count, 6) + pad(totals[k].amountMinor, 12)).join('');
}

export function decodeTotals(text: string | undefined): BatchTotals | null {
  if (text === undefined || !/^\d{72}$/.test(text)) return null;
  const totals = emptyTotals();
  totalsOrder.forEach((k, i) => {
    const at = i * 18;
    totals[k] = { count: Number(text.slice(at, at + 6)), amountMinor: Number(text.slice(at + 6, at + 18)) };
  });
  return totals;
}

// ---------------------------------------------------------------- building requests

function pad(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  const text = String(value);
  if (text.length > width) throw new RangeError(`${value} does not fit ${width} digits`);
  return text.padStart(width, '0');
}

/** MMDDhhmmss in UTC: field 7 (transmission date and time), set anew on every send. */
export function transmissionDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  return iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
}

const entryModeCode: Record<CardTransaction['entryMode'], string> = { chip: '051', contactless: '071', swipe: '901', manual: '012' };

/** Processing code: 00 purchase / 20 refund; account type 20 (checking: debit) or 30 (credit) from/to. */
export function processingCode(tx: Pick<CardTransaction, 'kind' | 'cardType'>): string {
  const account = tx.cardType === 'debit' ? '20' : '30';
  return tx.kind === 'sale' ? `00${account}00` : `2000${account}`;
}

export const processingCodes = { reconcile: '920000', reconcileAfterUpload: '960000' } as const;
export const networkCodes = { echo: '301' } as const;

function transactionFields(tx: CardTransaction, profile: Iso8583Profile, sentAtMs: number): Iso8583Message['fields'] {
  const [date, time] = tx.localDateTime.split('T') as [string, string];
  return {
    2: tx.maskedPan,
    3: processingCode(tx),
    4: pad(tx.amountMinor, 12),
    7: transmissionDateTime(sentAtMs),
    11: pad(tx.stan, 6),
    12: time.replace(/:/g, ''),
    13: date.slice(5, 7) + date.slice(8, 10),
    22: entryModeCode[tx.entryMode],
    25: '00',
    38: tx.authCode.padEnd(6, ' '),
    41: tx.terminalId,
    42: tx.merchantId.padEnd(15, ' '),
    49: currencyToNumeric(tx.currency),
    [profile.roles.batchField]: pad(tx.batchNumber, 6),
    [profile.roles.uuidField]: tx.uuid.toLowerCase(),
  };
}

/** Original data elements (1987 field 90, n42): original MTI, STAN, local MMDDhhmmss, two 11-digit ids. */
function originalData(originalMti: string, tx: CardTransaction): string {
  const [date, time] = tx.localDateTime.split('T') as [string, string];
  return originalMti + pad(tx.stan, 6) + date.slice(5, 7) + date.slice(8, 10) + time.replace(/:/g, '') + '0'.repeat(22);
}

/** 0220 advice, or 0221 when this advice may already have reached the acquirer (same STAN, same UUID). */
export function buildAdvice(tx: CardTransaction, profile: Iso8583Profile, opts: { repeat: boolean; sentAtMs: number }): Iso8583Message {
  return { mti: opts.repeat ? '0221' : '0220', fields: transactionFields(tx, profile, opts.sentAtMs) };
}

/** 0400 reversal of a stored transaction, 0401 on repeats; field 90 ties it to the original advice. */
export function buildReversal(tx: CardTransaction, profile: Iso8583Profile, opts: { repeat: boolean; sentAtMs: number }): Iso8583Message {
  return {
    mti: opts.repeat ? '0401' : '0400',
    fields: { ...transactionFields(tx, profile, opts.sentAtMs), [profile.roles.originalDataField]: originalData('0220', tx) },
  };
}

/** 0320 batch upload of one transaction after an out-of-balance 0510: the transaction again, same STAN and UUID. */
export function buildBatchUpload(tx: CardTransaction, profile: Iso8583Profile, opts: { sentAtMs: number }): Iso8583Message {
  return {
    mti: '0320',
    fields: { ...transactionFields(tx, profile, opts.sentAtMs), [profile.roles.originalDataField]: originalData('0220', tx) },
  };
}

export interface TerminalIdentity {
  terminalId: string;
  merchantId: string;
}

/** 0500 reconciliation request with the till's totals for one batch (920000 first, 960000 after a batch upload). */
export function buildReconciliation(
  profile: Iso8583Profile,
  opts: TerminalIdentity & { stan: number; batchNumber: number; currency: string; totals: BatchTotals; afterUpload: boolean; sentAtMs: number },
): Iso8583Message {
  return {
    mti: '0500',
    fields: {
      3: opts.afterUpload ? processingCodes.reconcileAfterUpload : processingCodes.reconcile,
      7: transmissionDateTime(opts.sentAtMs),
      11: pad(opts.stan, 6),
      41: opts.terminalId,
      42: opts.merchantId.padEnd(15, ' '),
      49: currencyToNumeric(opts.currency),
      [profile.roles.batchField]: pad(opts.batchNumber, 6),
      [profile.roles.totalsField]: encodeTotals(opts.totals),
    },
  };
}

/** 0800 echo test: tells a live acquirer application from a port that merely accepts connections. */
export function buildEcho(profile: Iso8583Profile, opts: TerminalIdentity & { stan: number; sentAtMs: number }): Iso8583Message {
  return {
    mti: '0800',
    fields: {
      7: transmissionDateTime(opts.sentAtMs),
      11: pad(opts.stan, 6),
      41: opts.terminalId,
      [profile.roles.networkCodeField]: networkCodes.echo,
    },
  };
}

// ---------------------------------------------------------------- replies

const replyMti: Readonly<Record<string, string>> = {
  '0220': '0230', '0221': '0230', '0400': '0410', '0401': '0410', '0320': '0330', '0500': '0510', '0800': '0810',
};

export function responseMtiFor(requestMti: string): string | undefined {
  return replyMti[requestMti];
}

/**
 * Is `reply` the answer to `request`? Response MTI, STAN and terminal id must match, and our UUID too when the
 * acquirer echoes it. A duplicate or late reply to an earlier request therefore never acknowledges a later one.
 */
export function replyMatches(request: Iso8583Message, reply: Iso8583Message, profile: Iso8583Profile): boolean {
  if (reply.mti !== replyMti[request.mti]) return false;
  if (reply.fields[11] !== request.fields[11]) return false;
  if (reply.fields[41] !== request.fields[41]) return false;
  const uuidField = profile.roles.uuidField;
  const sentUuid = request.fields[uuidField];
  const echoedUuid = reply.fields[uuidField];
  return sentUuid === undefined || echoedUuid === undefined || echoedUuid.toLowerCase() === sentUuid.toLowerCase();
}

export type ResponseClass = 'approved' | 'duplicate' | 'retry' | 'reject' | 'out-of-balance' | 'original-not-found' | 'declined';

/** Sort a response code (field 39) into what the sender does with it; the classes are the profile's. */
export function classifyResponse(code: string | undefined, profile: Iso8583Profile): ResponseClass {
  const rc = profile.responseCodes;
  if (code === undefined) return 'reject';
  if (rc.approved.includes(code)) return 'approved';
  if (rc.duplicate.includes(code)) return 'duplicate';
  if (rc.retry.includes(code)) return 'retry';
  if (rc.reject.includes(code)) return 'reject';
  if (rc.outOfBalance.includes(code)) return 'out-of-balance';
  if (rc.originalNotFound.includes(code)) return 'original-not-found';
  return 'declined';
}

/** The dedupe key of the transaction a request carries (advice, repeat, reversal, upload), or null if incomplete. */
export function dedupeKeyFromMessage(message: Iso8583Message, profile: Iso8583Profile): string | null {
  const f = message.fields;
  const tid = f[41], batch = f[profile.roles.batchField], stan = f[11], uuid = f[profile.roles.uuidField];
  const date = f[13], time = f[12];
  if (tid === undefined || batch === undefined || stan === undefined || uuid === undefined || date === undefined || time === undefined) return null;
  return wireKey(tid, batch, stan, date + time, uuid);
}
