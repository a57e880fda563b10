// Acquirer messages: masked PAN only, dedupe key, totals layout, reply matching, response classes, currency.
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../../../acquirer/iso8583/default-profile';
import {
  buildAdvice, cardTransactionSchema, classifyResponse, currencyToNumeric, decodeTotals, dedupeKey, dedupeKeyFromMessage,
  emptyTotals, encodeTotals, isMaskedPan, processingCode, replyMatches, totalsOf, transmissionDateTime, type CardTransaction,
} from '../../../acquirer/messages';

const tx: CardTransaction = {
  uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', terminalId: 'TILL0001', merchantId: 'SHOP1', batchNumber: 7, stan: 42,
  localDateTime: '2026-11-22T14:30:05', kind: 'sale', cardType: 'debit', amountMinor: 1234, currency: 'EUR',
  maskedPan: '476173******0119', authCode: 'Y1', entryMode: 'chip', offlineApproved: true,
};

describe('card transaction', () => {
  it('accepts masked PANs and refuses full ones', () => {
    expect(isMaskedPan('476173******0119')).toBe(true);
    expect(isMaskedPan('************0119')).toBe(true);
    expect(isMaskedPan('4761739001010119')).toBe(false); // full PAN
    expect(isMaskedPan('4761739001*10119')).toBe(false); // 15 clear digits
    expect(isMaskedPan('4761')).toBe(false);
    expect(cardTransactionSchema.safeParse({ ...tx, maskedPan: '4761739001010119' }).success).toBe(false);
    expect(cardTransactionSchema.safeParse(tx).success).toBe(true);
  });
  it('refuses non-integer, zero and unsafe amounts and unknown currencies', () => {
    for (const amountMinor of [12.34, 0, -5, 1e13, Number.NaN]) expect(cardTransactionSchema.safeParse({ ...tx, amountMinor }).success).toBe(false);
    expect(cardTransactionSchema.safeParse({ ...tx, currency: 'XXX' }).success).toBe(false);
    expect(currencyToNumeric('EUR')).toBe('978');
    expect(currencyToNumeric('JPY')).toBe('392');
    expect(() => currencyToNumeric('ABC')).toThrow(RangeError);
  });
});

describe('dedupe key', () => {
  it('is terminal + batch + STAN + local date-time + UUID, the same on both sides of the wire', () => {
    expect(dedupeKey(tx)).toBe('TILL0001|000007|000042|1122143005|3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    const advice = buildAdvice(tx, defaultProfile, { repeat: true, sentAtMs: 0 });
    expect(dedupeKeyFromMessage(advice, defaultProfile)).toBe(dedupeKey(tx));
  });
  it('differs when only the UUID differs (a wrapped STAN never merges two sales)', () => {
    expect(dedupeKey({ ...tx, uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3302' })).not.toBe(dedupeKey(tx));
  });
});

describe('totals and codes', () => {
  it('field 63 layout round trips and sums per line', () => {
    const totals = totalsOf([tx, { ...tx, amountMinor: 100 }, { ...tx, kind: 'refund', cardType: 'credit', amountMinor: 50 }]);
    expect(totals.debitSales).toEqual({ count: 2, amountMinor: 1334 });
    expect(totals.creditRefunds).toEqual({ count: 1, amountMinor: 50 });
    const text = encodeTotals(totals);
    expect(text).toHaveLength(72);
    expect(decodeTotals(text)).toEqual(totals);
    expect(decodeTotals('12')).toBeNull();
    expect(decodeTotals(encodeTotals(emptyTotals()))).toEqual(emptyTotals());
  });
  it('processing codes carry sale/refund and debit/credit', () => {
    expect(processingCode({ kind: 'sale', cardType: 'debit' })).toBe('002000');
    expect(processingCode({ kind: 'sale', cardType: 'credit' })).toBe('003000');
    expect(processingCode({ kind: 'refund', cardType: 'debit' })).toBe('200020');
    expect(processingCode({ kind: 'refund', cardType: 'credit' })).toBe('200030');
  });
  it('transmission date-time is UTC MMDDhhmmss', () => {
    expect(transmissionDateTime(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('0102030405');
  });
  it('classifies response codes by the profile', () => {
    expect(classifyResponse('00', defaultProfile)).toBe('approved');
    expect(classifyResponse('94', defaultProfile)).toBe('duplicate');
    expect(classifyResponse('91', defaultProfile)).toBe('retry');
    expect(classifyResponse('30', defaultProfile)).toBe('reject');
    expect(classifyResponse('95', defaultProfile)).toBe('out-of-balance');
    expect(classifyResponse('05', defaultProfile)).toBe('declined');
    expect(classifyResponse(undefined, defaultProfile)).toBe('reject');
  });
  it('matches replies on MTI, STAN, terminal and UUID only', () => {
    const request = buildAdvice(tx, defaultProfile, { repeat: false, sentAtMs: 0 });
    const reply = { mti: '0230', fields: { 11: '000042', 39: '00', 41: 'TILL0001', 62: tx.uuid } };
    expect(replyMatches(request, reply, defaultProfile)).toBe(true);
    expect(replyMatches(request, { ...reply, mti: '0410' }, defaultProfile)).toBe(false);
    expect(replyMatches(request, { ...reply, fields: { ...reply.fields, 11: '000043' } }, defaultProfile)).toBe(false);
    expect(replyMatches(request, { ...reply, fields: { ...reply.fields, 62: '3f2504e0-4f89-41d3-9a0c-0305e82c3302' } }, defaultProfile)).toBe(false);
    expect(replyMatches(request, { ...reply, fields: { ...reply.fields, 41: 'TILL0002' } }, defaultProfile)).toBe(false);
  });
});
