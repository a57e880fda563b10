// ZVT application messages (PA00P015 §2, §3): builders for the ECR commands and decoders for everything the PT sends
// (04 FF, 04 0F, 06 D1, 06 D3, 06 0F, 06 1E, 04 01), into typed objects. Pure: never imports Node I/O or the service.
// Card data: only the masked PAN is ever kept; track data, expiry and CVV are dropped at decode time.
import iconv from 'iconv-lite';
import { encodeApdu, type Apdu } from './zvt-apdu';
import {
  bcdDigits,
  concatBytes,
  decodeBcd,
  decodeBmps,
  decodeVarLength,
  encodeAmount,
  encodeBcd,
  encodeBmp,
  encodeTlvBmp,
  findTlv,
  getBmp,
  type BmpDecodeResult,
  type TlvNode,
} from './zvt-bmp';
import { intermediateMessage, resultMessage, terminalStatusMessage, type CashierMessage } from './zvt-texts';

// ---------------------------------------------------------------------------------------------------------------
// Shared field encodings

/** ISO 4217 alpha → numeric for the currencies a till is likely to meet; numeric codes pass through. */
export const ISO4217_NUMERIC: Readonly<Record<string, number>> = {
  EUR: 978, CNY: 156, USD: 840, GBP: 826, CHF: 756, HKD: 344, JPY: 392, SEK: 752, DKK: 208, NOK: 578,
  PLN: 985, CZK: 203, HUF: 348, AUD: 36, CAD: 124, SGD: 702, MOP: 446, TWD: 901,
};

export type ZvtCurrency = string | number;

export function currencyNumeric(currency: ZvtCurrency): number {
  if (typeof currency === 'number') {
    if (!Number.isInteger(currency) || currency < 0 || currency > 999) throw new Error(`bad currency code ${currency}`);
    return currency;
  }
  const code = ISO4217_NUMERIC[currency.toUpperCase()];
  if (code === undefined) throw new Error(`currency ${currency} has no ZVT numeric code here`);
  return code;
}

/** BMP 49 value: the numeric code as 2 bytes BCD (EUR 978 → 09 78). */
export function encodeCurrency(currency: ZvtCurrency): Uint8Array {
  return encodeBcd(currencyNumeric(currency), 2);
}

/** The 6-digit PT password as 3 bytes BCD (`123456` → 12 34 56). */
export function encodePassword(password: string): Uint8Array {
  if (!/^\d{6}$/.test(password)) throw new Error('ZVT password must be 6 digits');
  return encodeBcd(Number(password), 3);
}

// ---------------------------------------------------------------------------------------------------------------
// Config byte (Registration) and service bytes

export const CONFIG = {
  ecrPrintsPaymentReceipts: 0x02,
  ecrPrintsAdminReceipts: 0x04,
  intermediateStatus: 0x08,
  ecrControlsPayment: 0x10,
  ecrControlsAdmin: 0x20,
  printViaPrintLines: 0x80,
} as const;

/** card complete's recommended value: ECR prints everything via print lines, wants intermediate status, controls. */
export const DEFAULT_CONFIG_BYTE = 0xbe;

export const REPEAT_RECEIPT_SERVICE = { statusInformation: 0x01, noPrint: 0x02 } as const;

// ---------------------------------------------------------------------------------------------------------------
// ECR → PT command builders (return the APDU bytes)

export interface RegistrationRequest {
  password: string;
  configByte: number;
  currency?: ZvtCurrency;
  serviceByte?: number;
  /** TLV container; e.g. tag 26 listing `0A 02 06 D3` to allow Print-Text-Block. */
  tlv?: TlvNode[];
}

export function buildRegistration(req: RegistrationRequest): Uint8Array {
  const parts = [encodePassword(req.password), Uint8Array.of(req.configByte & 0xff)];
  // The currency has no BMP tag in Registration (fixed position after the config byte).
  if (req.currency !== undefined) parts.push(encodeCurrency(req.currency));
  else if (req.serviceByte !== undefined || req.tlv) parts.push(encodeCurrency(978));
  if (req.serviceByte !== undefined) parts.push(encodeBmp(0x03, Uint8Array.of(req.serviceByte)));
  if (req.tlv) parts.push(encodeTlvBmp(req.tlv));
  return encodeApdu(0x06, 0x00, concatBytes(parts));
}

export interface AmountRequest {
  amountMinor: number;
  currency?: ZvtCurrency;
  /** BMP 19 payment type, e.g. 0x40 "PT decides". */
  paymentType?: number;
  tlv?: TlvNode[];
}

function amountFields(req: AmountRequest): Uint8Array[] {
  const parts = [encodeBmp(0x04, encodeAmount(req.amountMinor))];
  if (req.currency !== undefined) parts.push(encodeBmp(0x49, encodeCurrency(req.currency)));
  if (req.paymentType !== undefined) parts.push(encodeBmp(0x19, Uint8Array.of(req.paymentType)));
  return parts;
}

export function buildAuthorization(req: AmountRequest & { timeoutSeconds?: number; maxStatusInfos?: number }): Uint8Array {
  const parts = amountFields(req);
  if (req.timeoutSeconds !== undefined) parts.push(encodeBmp(0x01, Uint8Array.of(req.timeoutSeconds)));
  if (req.maxStatusInfos !== undefined) parts.push(encodeBmp(0x02, Uint8Array.of(req.maxStatusInfos)));
  if (req.tlv) parts.push(encodeTlvBmp(req.tlv));
  return encodeApdu(0x06, 0x01, concatBytes(parts));
}

export function buildReversal(req: { password: string; receiptNumber: number; amountMinor?: number; currency?: ZvtCurrency }): Uint8Array {
  const parts = [encodePassword(req.password), encodeBmp(0x87, encodeBcd(req.receiptNumber, 2))];
  if (req.amountMinor !== undefined) parts.push(encodeBmp(0x04, encodeAmount(req.amountMinor)));
  if (req.currency !== undefined) parts.push(encodeBmp(0x49, encodeCurrency(req.currency)));
  return encodeApdu(0x06, 0x30, concatBytes(parts));
}

export function buildRefund(req: AmountRequest & { password: string }): Uint8Array {
  const parts = [encodePassword(req.password), ...amountFields(req)];
  if (req.tlv) parts.push(encodeTlvBmp(req.tlv));
  return encodeApdu(0x06, 0x31, concatBytes(parts));
}

export function buildEndOfDay(password: string): Uint8Array {
  return encodeApdu(0x06, 0x50, encodePassword(password));
}

export function buildDiagnosis(): Uint8Array {
  return encodeApdu(0x06, 0x70);
}

export function buildLogOff(): Uint8Array {
  return encodeApdu(0x06, 0x02);
}

export function buildAbort(): Uint8Array {
  return encodeApdu(0x06, 0xb0);
}

export function buildStatusEnquiry(password?: string, serviceByte?: number): Uint8Array {
  if (password === undefined) return encodeApdu(0x05, 0x01);
  const parts = [encodePassword(password)];
  if (serviceByte !== undefined) parts.push(encodeBmp(0x03, Uint8Array.of(serviceByte)));
  return encodeApdu(0x05, 0x01, concatBytes(parts));
}

export function buildRepeatReceipt(password: string, serviceByte?: number): Uint8Array {
  const parts = [encodePassword(password)];
  if (serviceByte !== undefined) parts.push(encodeBmp(0x03, Uint8Array.of(serviceByte)));
  return encodeApdu(0x06, 0x20, concatBytes(parts));
}

export const POSITIVE_RESPONSE = Uint8Array.of(0x80, 0x00, 0x00);

export function buildNegativeResponse(code: number): Uint8Array {
  return Uint8Array.of(0x84, code & 0xff, 0x00);
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/** CP437 is ZVT's default 8-bit set; tag 14 = FE switches to UTF-8. */
export function decodeZvtText(bytes: Uint8Array, charset?: number): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x00) end--; // card names are NUL-terminated, AIDs zero-padded
  const body = Buffer.from(bytes.subarray(0, end));
  return charset === 0xfe ? body.toString('utf8') : iconv.decode(body, 'cp437');
}

export function encodeZvtText(text: string, charset?: number): Uint8Array {
  return charset === 0xfe ? new Uint8Array(Buffer.from(text, 'utf8')) : new Uint8Array(iconv.encode(text, 'cp437'));
}

// ---------------------------------------------------------------------------------------------------------------
// PAN masking

/**
 * BMP 22 digits: 0–9 are digits, E is a digit the PT masked, F is padding. Whatever the PT sends, at most the first 6
 * and last 4 digits stay visible: a PT configured to send the full PAN must not make us store it.
 */
export function maskedPanFromBmp(value: Uint8Array): string {
  let digits = '';
  for (const b of value) {
    for (const nibble of [b >> 4, b & 0x0f]) {
      if (nibble <= 9) digits += String(nibble);
      else if (nibble === 0x0e) digits += '*';
      // F = padding; A–D are not defined for a PAN: drop them rather than guess.
    }
  }
  return maskPan(digits);
}

export function maskPan(pan: string): string {
  const chars = pan.replace(/[^0-9*]/g, '').split('');
  for (let i = 0; i < chars.length; i++) {
    if (i >= 6 && i < chars.length - 4) chars[i] = '*';
  }
  // A PAN shorter than 11 chars would leave almost everything visible: keep only the last 4.
  if (chars.length < 11) return chars.map((c, i) => (i < chars.length - 4 ? '*' : c)).join('');
  return chars.join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Status-Information (04 0F)

export type CardScheme = 'girocard' | 'jcb' | 'eurocard' | 'amex' | 'visa' | 'diners' | 'other';

export interface EndOfDayTotals {
  receiptNumberFrom: number;
  receiptNumberTo: number;
  schemes: { scheme: CardScheme; count: number; amountMinor: number }[];
}

export interface StatusInformation {
  resultCode?: number;
  resultMessage?: CashierMessage;
  amountMinor?: number;
  currencyNumeric?: number;
  traceNumber?: number;
  originalTraceNumber?: number;
  receiptNumber?: number;
  turnoverNumber?: number;
  terminalId?: string;
  vuNumber?: string;
  /** Masked: never more than the first 6 and last 4 digits. */
  maskedPan?: string;
  cardType?: number;
  cardName?: string;
  networkCardType?: number;
  cardSequenceNumber?: number;
  paymentType?: number;
  /** BMP 3B (authorisation attribute / approval code). */
  authorisationCode?: string;
  aidParameter?: string;
  additionalText?: string;
  /** HH:MM:SS from BMP 0C. */
  time?: string;
  /** MM-DD from BMP 0D. */
  date?: string;
  /** YY-MM-DD from BMP AA. */
  dateYmd?: string;
  resultCodeAs?: number;
  /** End-of-day per-scheme totals (BMP 60). */
  totals?: EndOfDayTotals;
  extendedErrorCode?: number;
  extendedErrorText?: string;
  /** TLV 1F1F mirror, 1F73 MsgSeqId etc. stay available raw. */
  tlv?: TlvNode[];
  /** BMP ids that were present but deliberately not kept (track data, expiry, CVV, chip data). */
  droppedSensitiveBmps: number[];
  /** Set when parsing stopped early (unknown BMP, truncated field). */
  parseProblem?: string;
}

const SENSITIVE_BMPS = new Set([0x0e, 0x23, 0x24, 0x2d, 0x2e, 0x3a, 0x92, 0x9a, 0xa7, 0xaf]);
const SCHEMES: CardScheme[] = ['girocard', 'jcb', 'eurocard', 'amex', 'visa', 'diners', 'other'];

function tryBcd(bytes: Uint8Array | undefined): number | undefined {
  if (!bytes) return undefined;
  try {
    return decodeBcd(bytes);
  } catch {
    return undefined; // e.g. `87 FF FF` = "no receipt" in some answers
  }
}

function tryDigits(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes) return undefined;
  try {
    return bcdDigits(bytes);
  } catch {
    return undefined;
  }
}

function parseTotals(value: Uint8Array): EndOfDayTotals | undefined {
  // receipt-no start (2 BCD), end (2 BCD), then per scheme: count (1 binary) + turnover (6 BCD),
  // in the order girocard, JCB, Eurocard, Amex, Visa, Diners, remaining (PA00P015 §2.16; as ecrterm decodes it).
  if (value.length < 4) return undefined;
  const from = tryBcd(value.subarray(0, 2));
  const to = tryBcd(value.subarray(2, 4));
  if (from === undefined || to === undefined) return undefined;
  const schemes: EndOfDayTotals['schemes'] = [];
  for (let i = 0; i < SCHEMES.length; i++) {
    const at = 4 + i * 7;
    if (at + 7 > value.length) break;
    const amountMinor = tryBcd(value.subarray(at + 1, at + 7));
    if (amountMinor === undefined) return undefined;
    schemes.push({ scheme: SCHEMES[i]!, count: value[at]!, amountMinor });
  }
  return { receiptNumberFrom: from, receiptNumberTo: to, schemes };
}

export function encodeTotals(totals: EndOfDayTotals): Uint8Array {
  const parts = [encodeBcd(totals.receiptNumberFrom, 2), encodeBcd(totals.receiptNumberTo, 2)];
  for (const scheme of SCHEMES) {
    const entry = totals.schemes.find((s) => s.scheme === scheme);
    parts.push(Uint8Array.of(Math.min(entry?.count ?? 0, 255)), encodeAmount(entry?.amountMinor ?? 0));
  }
  return concatBytes(parts);
}

function formatPairs(digits: string | undefined, separator: string): string | undefined {
  if (digits === undefined) return undefined;
  return digits.match(/.{2}/g)?.join(separator);
}

/** Turn a BMP decode into the typed Status-Information; unknown/sensitive fields are dropped, never kept raw. */
export function statusFromBmps(bmps: BmpDecodeResult): StatusInformation {
  const info: StatusInformation = { droppedSensitiveBmps: [] };
  const get = (id: number) => getBmp(bmps, id);
  const rc = get(0x27);
  if (rc) {
    info.resultCode = rc[0]!;
    info.resultMessage = resultMessage(rc[0]!);
  }
  const set = <K extends keyof StatusInformation>(key: K, value: StatusInformation[K] | undefined) => {
    if (value !== undefined) info[key] = value;
  };
  set('amountMinor', tryBcd(get(0x04)));
  set('currencyNumeric', tryBcd(get(0x49)));
  set('traceNumber', tryBcd(get(0x0b)));
  set('originalTraceNumber', tryBcd(get(0x37)));
  set('receiptNumber', tryBcd(get(0x87)));
  set('turnoverNumber', tryBcd(get(0x88)));
  set('terminalId', tryDigits(get(0x29)));
  const vu = get(0x2a);
  if (vu) info.vuNumber = decodeZvtText(vu).trim();
  const pan = get(0x22);
  if (pan) info.maskedPan = maskedPanFromBmp(pan);
  const single = (id: number) => get(id)?.[0];
  set('cardType', single(0x8a));
  set('networkCardType', single(0x8c));
  set('paymentType', single(0x19));
  set('resultCodeAs', single(0xa0));
  const cardName = get(0x8b);
  if (cardName) info.cardName = decodeZvtText(cardName);
  set('cardSequenceNumber', tryBcd(get(0x17)));
  const auth = get(0x3b);
  if (auth) info.authorisationCode = decodeZvtText(auth).trim();
  const aidParameter = get(0xba);
  if (aidParameter) info.aidParameter = Buffer.from(aidParameter).toString('hex').toUpperCase();
  const text = get(0x3c);
  if (text) info.additionalText = decodeZvtText(text);
  set('time', formatPairs(tryDigits(get(0x0c)), ':'));
  set('date', formatPairs(tryDigits(get(0x0d)), '-'));
  set('dateYmd', formatPairs(tryDigits(get(0xaa)), '-'));
  const totals = get(0x60);
  if (totals) set('totals', parseTotals(totals));
  for (const field of bmps.fields) {
    if (SENSITIVE_BMPS.has(field.id) && !info.droppedSensitiveBmps.includes(field.id)) info.droppedSensitiveBmps.push(field.id);
  }
  if (bmps.tlv) {
    info.tlv = bmps.tlv.filter((n) => n.tag !== 0x22 && n.tag !== 0x23); // never keep card data that hides in TLV
    const extCode = findTlv(bmps.tlv, 0x1f16);
    if (extCode) set('extendedErrorCode', extCode.value.reduce((n, b) => n * 256 + b, 0));
    const extText = findTlv(bmps.tlv, 0x1f17);
    if (extText) info.extendedErrorText = decodeZvtText(extText.value);
    const longTrace = findTlv(bmps.tlv, 0x1f2b);
    if (longTrace && (info.traceNumber === undefined || info.traceNumber === 0)) set('traceNumber', tryBcd(longTrace.value));
  }
  if (bmps.stoppedAt) {
    info.parseProblem = `${bmps.stoppedAt.reason} at BMP ${bmps.stoppedAt.id.toString(16)} (offset ${bmps.stoppedAt.offset})`;
  }
  return info;
}

export function parseStatusInformation(data: Uint8Array): StatusInformation {
  return statusFromBmps(decodeBmps(data));
}

// ---------------------------------------------------------------------------------------------------------------
// Intermediate status (04 FF)

export interface IntermediateStatus {
  code: number;
  message: CashierMessage;
  /** New T4 in minutes, when the PT sends one. */
  t4Minutes?: number;
  /** TLV 24 display texts (lines), when status = FF or the PT sends them. */
  displayTexts?: string[];
}

export function parseIntermediateStatus(data: Uint8Array): IntermediateStatus {
  const code = data[0] ?? 0xff;
  const status: IntermediateStatus = { code, message: intermediateMessage(code) };
  let offset = 1;
  if (data.length > offset && data[offset] !== 0x06) {
    const t4 = tryBcd(data.subarray(offset, offset + 1));
    if (t4 !== undefined) status.t4Minutes = t4;
    offset++;
  }
  if (data[offset] === 0x06) {
    const bmps = decodeBmps(data, offset);
    const display = findTlv(bmps.tlv, 0x24);
    const lines = display?.children?.filter((n) => n.tag === 0x07).map((n) => decodeZvtText(n.value));
    if (lines && lines.length > 0) {
      status.displayTexts = lines;
      if (code === 0xff) status.message = { en: lines.join(' '), zh: lines.join(' ') };
    }
  }
  return status;
}

// ---------------------------------------------------------------------------------------------------------------
// Printing (06 D1 line, 06 D3 text block)

export type ReceiptType = 'merchant' | 'customer' | 'admin';

export interface PrintLine {
  attribute: number;
  text: string;
  /** Attribute 1xxx xxxx (≠ 80, ≠ FF): last line of a receipt / switch between customer and merchant copy. */
  isLast: boolean;
  centred: boolean;
  doubleWidth: boolean;
  doubleHeight: boolean;
  indent: number;
  /** Attribute FF: the text byte is a count of line feeds. */
  lineFeeds?: number;
}

function lineFromAttribute(attribute: number, textBytes: Uint8Array, charset?: number): PrintLine {
  if (attribute === 0xff) {
    return { attribute, text: '', isLast: false, centred: false, doubleWidth: false, doubleHeight: false, indent: 0, lineFeeds: textBytes[0] ?? 1 };
  }
  const isLast = (attribute & 0x80) !== 0 && attribute !== 0x80;
  return {
    attribute,
    text: decodeZvtText(textBytes, charset),
    isLast,
    centred: (attribute & 0x40) !== 0,
    doubleWidth: (attribute & 0x20) !== 0,
    doubleHeight: (attribute & 0x10) !== 0,
    indent: attribute & 0x0f,
  };
}

export function parsePrintLine(data: Uint8Array): PrintLine {
  return lineFromAttribute(data[0] ?? 0, data.subarray(1));
}

export interface PrintTextBlock {
  receiptType?: ReceiptType;
  lines: PrintLine[];
  isLast: boolean;
}

const RECEIPT_TYPES: Record<number, ReceiptType> = { 1: 'merchant', 2: 'customer', 3: 'admin' };

export function parsePrintTextBlock(data: Uint8Array): PrintTextBlock {
  const bmps = decodeBmps(data);
  const nodes = bmps.tlv ?? [];
  const charset = findTlv(nodes, 0x14)?.value[0];
  const block: PrintTextBlock = { lines: [], isLast: false };
  const type = findTlv(nodes, 0x1f07)?.value[0];
  if (type !== undefined && RECEIPT_TYPES[type]) block.receiptType = RECEIPT_TYPES[type];
  for (const node of nodes) {
    if (node.tag !== 0x25 || !node.children) continue;
    let attribute = 0;
    for (const child of node.children) {
      if (child.tag === 0x09) {
        attribute = child.value[0] ?? 0;
        if ((attribute & 0x80) !== 0 && attribute !== 0x80 && attribute !== 0xff) block.isLast = true;
      } else if (child.tag === 0x07) {
        const line = lineFromAttribute(attribute === 0xff ? 0 : attribute, child.value, charset);
        line.isLast = false; // the block, not each line, carries the end-of-receipt mark
        block.lines.push(line);
      }
    }
  }
  return block;
}

// ---------------------------------------------------------------------------------------------------------------
// Completion (06 0F), Abort (06 1E), set date/time (04 01)

export interface Completion {
  resultCode?: number;
  statusByte?: number;
  terminalId?: string;
  currencyNumeric?: number;
  time?: string;
  dateYmd?: string;
  tlv?: TlvNode[];
  /** TLV 26: the ZVT commands the PT permits (e.g. "06D3"). */
  permittedCommands?: string[];
}

export function parseCompletion(data: Uint8Array): Completion {
  const bmps = decodeBmps(data);
  const out: Completion = {};
  const rc = getBmp(bmps, 0x27);
  if (rc) out.resultCode = rc[0]!;
  const statusByte = getBmp(bmps, 0x19);
  if (statusByte) out.statusByte = statusByte[0]!;
  const tid = tryDigits(getBmp(bmps, 0x29));
  if (tid) out.terminalId = tid;
  const cc = tryBcd(getBmp(bmps, 0x49));
  if (cc !== undefined) out.currencyNumeric = cc;
  const time = formatPairs(tryDigits(getBmp(bmps, 0x0c)), ':');
  if (time) out.time = time;
  const date = formatPairs(tryDigits(getBmp(bmps, 0xaa)), '-');
  if (date) out.dateYmd = date;
  if (bmps.tlv) {
    out.tlv = bmps.tlv;
    const permitted = findTlv(bmps.tlv, 0x26);
    if (permitted?.children) {
      out.permittedCommands = permitted.children
        .filter((n) => n.tag === 0x0a)
        .map((n) => Buffer.from(n.value).toString('hex').toUpperCase());
    }
  }
  return out;
}

export interface StatusEnquiryCompletion {
  softwareVersion?: string;
  terminalStatus: number;
  message: CashierMessage;
  tlv?: TlvNode[];
}

/** 06 0F after 05 01: `[<SW version LLLVAR, no tag>] <terminal status code> [06 TLV]`. */
export function parseStatusEnquiryCompletion(data: Uint8Array): StatusEnquiryCompletion {
  let offset = 0;
  let softwareVersion: string | undefined;
  // The status code itself may be F0 (reconciliation required), so only read an LLLVAR when it fits exactly.
  if (data.length >= 4 && (data[0]! & 0xf0) === 0xf0 && (data[1]! & 0xf0) === 0xf0 && (data[2]! & 0xf0) === 0xf0) {
    try {
      const length = decodeVarLength(data, 0, 3);
      if (3 + length < data.length) {
        softwareVersion = decodeZvtText(data.subarray(3, 3 + length));
        offset = 3 + length;
      }
    } catch {
      // not a version prefix
    }
  }
  const terminalStatus = data[offset] ?? 0xff;
  const out: StatusEnquiryCompletion = { terminalStatus, message: terminalStatusMessage(terminalStatus) };
  if (softwareVersion !== undefined) out.softwareVersion = softwareVersion;
  if (data[offset + 1] === 0x06) {
    const tlv = decodeBmps(data, offset + 1).tlv;
    if (tlv) out.tlv = tlv;
  }
  return out;
}

export interface AbortInfo {
  resultCode: number;
  message: CashierMessage;
  receiptNumber?: number;
  extendedErrorCode?: number;
  extendedErrorText?: string;
}

/** 06 1E: `<result code (no BMP tag)> [CC, only with 6F] [BMPs] [06 TLV(1F16, 1F17)]`. */
export function parseAbort(data: Uint8Array): AbortInfo {
  const resultCode = data[0] ?? 0xff;
  const out: AbortInfo = { resultCode, message: resultMessage(resultCode) };
  const rest = resultCode === 0x6f && data.length >= 3 && data[1] !== 0x06 ? 3 : 1;
  const info = statusFromBmps(decodeBmps(data, rest));
  if (info.receiptNumber !== undefined) out.receiptNumber = info.receiptNumber;
  if (info.extendedErrorCode !== undefined) out.extendedErrorCode = info.extendedErrorCode;
  if (info.extendedErrorText !== undefined) {
    out.extendedErrorText = info.extendedErrorText;
    out.message = { en: `${out.message.en}: ${info.extendedErrorText}`, zh: `${out.message.zh}：${info.extendedErrorText}` };
  }
  return out;
}

/** 04 01 (set date and time, after Diagnosis): `AA YYMMDD 0C HHMMSS`. */
export function parseSetDateTime(data: Uint8Array): { dateYmd?: string; time?: string } {
  const bmps = decodeBmps(data);
  const out: { dateYmd?: string; time?: string } = {};
  const d = formatPairs(tryDigits(getBmp(bmps, 0xaa)), '-');
  if (d) out.dateYmd = d;
  const t = formatPairs(tryDigits(getBmp(bmps, 0x0c)), ':');
  if (t) out.time = t;
  return out;
}

/** The command an APDU carries, as the ECR sends it: for the simulator's dispatch and the trace. */
export function parseAmountFields(apdu: Apdu, offset = 0): { amountMinor?: number; currencyNumeric?: number; receiptNumber?: number; serviceByte?: number; tlv?: TlvNode[] } {
  const bmps = decodeBmps(apdu.data, offset);
  const out: { amountMinor?: number; currencyNumeric?: number; receiptNumber?: number; serviceByte?: number; tlv?: TlvNode[] } = {};
  const amount = tryBcd(getBmp(bmps, 0x04));
  if (amount !== undefined) out.amountMinor = amount;
  const cc = tryBcd(getBmp(bmps, 0x49));
  if (cc !== undefined) out.currencyNumeric = cc;
  const receipt = tryBcd(getBmp(bmps, 0x87));
  if (receipt !== undefined) out.receiptNumber = receipt;
  const service = getBmp(bmps, 0x03);
  if (service) out.serviceByte = service[0]!;
  if (bmps.tlv) out.tlv = bmps.tlv;
  return out;
}
