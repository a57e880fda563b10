// ISO 8583 codec: published bitmap vectors, hand-checked byte vectors for every message type (BCD and ASCII
// profiles), secondary bitmap, LLVAR/LLLVAR, odd-length BCD, strict decoding errors, profile validation.
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, fieldsInBitmap, fromHex, toHex, tryDecodeMessage, type Iso8583Message } from '../../../acquirer/iso8583/codec';
import { asciiProfile, defaultProfile } from '../../../acquirer/iso8583/default-profile';
import { Iso8583DecodeError, Iso8583EncodeError } from '../../../acquirer/iso8583/errors';
import { parseProfile, ProfileError } from '../../../acquirer/iso8583/profile';
import defaultJson from '../../../acquirer/iso8583/profiles/default.json';
import {
  buildAdvice, buildBatchUpload, buildEcho, buildReconciliation, buildReversal, emptyTotals, type CardTransaction,
} from '../../../acquirer/messages';

const ascii = (text: string): string => toHex(new TextEncoder().encode(text));
const hex = (...segments: string[]): string => segments.join('').replace(/\s+/g, '').toUpperCase();

const tx: CardTransaction = {
  uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  terminalId: 'TILL0001',
  merchantId: 'SHOP00000000001',
  batchNumber: 7,
  stan: 42,
  localDateTime: '2026-11-22T14:30:05',
  kind: 'sale',
  cardType: 'debit',
  amountMinor: 1234,
  currency: 'EUR',
  maskedPan: '476173******0119',
  authCode: 'Y1',
  entryMode: 'chip',
  offlineApproved: true,
};
const sentAtMs = Date.UTC(2026, 10, 22, 13, 30, 5); // field 7 = 1122133005 (UTC)

// The fields every transaction message shares, in the default (packed BCD) profile, annotated byte by byte.
const txFieldsBcd = [
  '16', ascii('476173******0119'), //   2  LLVAR: BCD length 16, masked PAN in ASCII
  '002000', //                          3  processing code: purchase from checking (debit)
  '000000001234', //                    4  amount 12.34 EUR in minor units, n12 BCD
  '1122133005', //                      7  transmission MMDDhhmmss UTC
  '000042', //                         11  STAN
  '143005', //                         12  local time
  '1122', //                           13  local date MMDD
  '0051', //                           22  entry mode 051 (chip), odd n3: a 0 nibble in front
  '00', //                             25  POS condition
  ascii('Y1    '), //                  38  auth code an6
  ascii('TILL0001'), //                41  terminal id ans8
  ascii('SHOP00000000001'), //         42  merchant id ans15
  '0978', //                           49  EUR, n3 BCD with a leading 0 nibble
  '0006', ascii('000007'), //          60  LLLVAR (BCD length 0006): batch 000007
  '0036', ascii(tx.uuid), //           62  LLLVAR: our UUID
];

describe('bitmaps (published examples)', () => {
  it('decodes the Wikipedia bitmap examples', () => {
    expect(fieldsInBitmap(fromHex('4210001102C04804'))).toEqual([2, 7, 12, 28, 32, 39, 41, 42, 50, 53, 62]);
    expect(fieldsInBitmap(fromHex('7234054128C28805'))).toEqual([2, 3, 4, 7, 11, 12, 14, 22, 24, 26, 32, 35, 37, 41, 42, 47, 49, 53, 62, 64]);
    expect(fieldsInBitmap(fromHex('8000000000000001'))).toEqual([1, 64]);
    expect(fieldsInBitmap(fromHex('C0000000000000010000000000000003'))).toEqual([1, 2, 64, 127, 128]);
  });
  it('decodes the Elavon primary bitmap example as its bytes say', () => {
    // Elavon's page lists field 7 too, but its own bit string (0011 0000 …) and bytes (30 34 …) leave bit 7 clear:
    // the bytes are the vector, the prose is wrong.
    expect(fieldsInBitmap(fromHex('30340459 28E18203'))).toEqual([3, 4, 11, 12, 14, 22, 26, 28, 29, 32, 35, 37, 41, 42, 43, 48, 49, 55, 63, 64]);
  });
});

describe('message vectors, default profile (BCD, binary bitmaps)', () => {
  const cases: { name: string; message: Iso8583Message; expected: string }[] = [
    {
      name: '0220 advice',
      message: buildAdvice(tx, defaultProfile, { repeat: false, sentAtMs }),
      expected: hex('0220', '723804800 4C08014'.replace(' ', ''), ...txFieldsBcd),
    },
    {
      name: '0221 advice repeat (same STAN)',
      message: buildAdvice(tx, defaultProfile, { repeat: true, sentAtMs }),
      expected: hex('0221', '72380480 04C08014', ...txFieldsBcd),
    },
    {
      name: '0400 reversal with field 90 (secondary bitmap)',
      message: buildReversal(tx, defaultProfile, { repeat: false, sentAtMs }),
      expected: hex(
        '0400', 'F2380480 04C08014', //    primary: bit 1 set (secondary follows)
        '00000040 00000000', //            secondary: bit 90
        ...txFieldsBcd,
        '0220 000042 1122143005', '0000000000000000000000', // 90: original MTI, STAN, local MMDDhhmmss, 22 zero digits
      ),
    },
    {
      name: '0401 reversal repeat',
      message: buildReversal(tx, defaultProfile, { repeat: true, sentAtMs }),
      expected: hex('0401', 'F2380480 04C08014', '00000040 00000000', ...txFieldsBcd, '0220000042 1122143005', '00'.repeat(11)),
    },
    {
      name: '0320 batch upload',
      message: buildBatchUpload(tx, defaultProfile, { sentAtMs }),
      expected: hex('0320', 'F2380480 04C08014', '00000040 00000000', ...txFieldsBcd, '0220000042 1122143005', '00'.repeat(11)),
    },
    {
      name: '0500 reconciliation with totals in 63',
      message: buildReconciliation(defaultProfile, {
        terminalId: 'TILL0001', merchantId: 'SHOP00000000001', stan: 43, batchNumber: 7, currency: 'EUR', afterUpload: false, sentAtMs,
        totals: { ...emptyTotals(), debitSales: { count: 2, amountMinor: 2468 }, creditRefunds: { count: 1, amountMinor: 500 } },
      }),
      expected: hex(
        '0500', '22200000 00C08012', //    3, 7, 11, 41, 42, 49, 60, 63
        '920000', '1122133005', '000043', ascii('TILL0001'), ascii('SHOP00000000001'), '0978',
        '0006', ascii('000007'),
        '0072', ascii('000002000000002468' + '000000000000000000' + '000000000000000000' + '000001000000000500'),
      ),
    },
    {
      name: '0800 echo (7, 11, 41, 70)',
      message: buildEcho(defaultProfile, { terminalId: 'TILL0001', merchantId: 'SHOP00000000001', stan: 1, sentAtMs }),
      expected: hex('0800', '82200000 00800000', '04000000 00000000', '1122133005', '000001', ascii('TILL0001'), '0301'),
    },
  ];
  for (const c of cases) {
    it(`${c.name}: encodes to the hand-checked bytes and decodes back`, () => {
      const bytes = encodeMessage(c.message, defaultProfile);
      expect(toHex(bytes)).toBe(c.expected);
      expect(decodeMessage(bytes, defaultProfile)).toEqual(c.message);
    });
  }

  it('decodes hand-built replies: 0810 echo answer and 0510 out of balance', () => {
    const echoReply = decodeMessage(fromHex(hex('0810', '82200000 02800000', '04000000 00000000', '1122133005', '000001', ascii('00'), ascii('TILL0001'), '0301')), defaultProfile);
    expect(echoReply).toEqual({ mti: '0810', fields: { 7: '1122133005', 11: '000001', 39: '00', 41: 'TILL0001', 70: '301' } });
    const totals = '0'.repeat(72);
    const recon = decodeMessage(fromHex(hex('0510', '20200000 02808012', '920000', '000043', ascii('95'), ascii('TILL0001'), '0978', '0006', ascii('000007'), '0072', ascii(totals))), defaultProfile);
    expect(recon.fields).toEqual({ 3: '920000', 11: '000043', 39: '95', 41: 'TILL0001', 49: '978', 60: '000007', 63: totals });
  });

  it('odd-length BCD LLVAR (field 32, n..11): length counts digits, pad nibble in front', () => {
    const message = { mti: '0100', fields: { 11: '000123', 32: '12345' } };
    const bytes = encodeMessage(message, defaultProfile);
    expect(toHex(bytes)).toBe(hex('0100', '00200001 00000000', '000123', '05', '012345'));
    expect(decodeMessage(bytes, defaultProfile)).toEqual(message);
  });

  it('binary LLLVAR (field 55) and the last secondary bit (field 128)', () => {
    const message = { mti: '0220', fields: { 11: '000001', 55: 'DEADBEEF', 128: '0102030405060708' } };
    const bytes = encodeMessage(message, defaultProfile);
    expect(toHex(bytes)).toBe(hex('0220', '80200000 00000200', '00000000 00000001', '000001', '0004DEADBEEF', '0102030405060708'));
    expect(decodeMessage(bytes, defaultProfile)).toEqual(message);
  });
});

describe('message vectors, ASCII profile (hex-text bitmaps, ASCII lengths)', () => {
  it('0800 echo', () => {
    const message = buildEcho(asciiProfile, { terminalId: 'TILL0001', merchantId: 'X', stan: 1, sentAtMs });
    const bytes = encodeMessage(message, asciiProfile);
    expect(toHex(bytes)).toBe(hex(ascii('0800'), ascii('8220000000800000'), ascii('0400000000000000'), ascii('1122133005'), ascii('000001'), ascii('TILL0001'), ascii('301')));
    expect(decodeMessage(bytes, asciiProfile)).toEqual(message);
  });
  it('0220 advice: ASCII LLVAR and LLLVAR prefixes, UUID in field 48', () => {
    const bytes = encodeMessage(buildAdvice(tx, asciiProfile, { repeat: false, sentAtMs }), asciiProfile);
    const text = new TextDecoder().decode(bytes);
    // 2,3,4,7 | 11,12,13 | 22 | 25 | 38 | 41,42,48 | 49 | 60
    expect(text.slice(0, 20)).toBe('0220' + '7238048004C18010');
    expect(text.slice(20)).toBe(
      '16476173******0119' + '002000' + '000000001234' + '1122133005' + '000042' + '143005' + '1122' + '051' + '00' + 'Y1    ' +
        'TILL0001' + 'SHOP00000000001' + '036' + tx.uuid + '978' + '006000007',
    );
  });
  it('right-F padded odd BCD in a custom profile', () => {
    const custom = parseProfile({
      ...defaultJson,
      fields: { ...defaultJson.fields, '32': { name: 'acq id', format: 'llvar', type: 'n', length: 11, encoding: 'bcd', lengthEncoding: 'bcd', bcdPad: 'right-F' } },
    });
    const message = { mti: '0100', fields: { 32: '12345' } };
    const bytes = encodeMessage(message, custom);
    expect(toHex(bytes)).toBe(hex('0100', '00000001 00000000', '05', '12345F'));
    expect(decodeMessage(bytes, custom)).toEqual(message);
    // The wrong pad nibble is a wrong frame.
    expect(() => decodeMessage(fromHex(hex('0100', '00000001 00000000', '05', '123450')), custom)).toThrow(/BAD_BCD/);
  });
});

describe('strict decoding', () => {
  const good = encodeMessage(buildAdvice(tx, defaultProfile, { repeat: false, sentAtMs }), defaultProfile);
  const codeOf = (bytes: Uint8Array): string => {
    const r = tryDecodeMessage(bytes, defaultProfile);
    return r.ok ? 'ok' : r.error.code;
  };
  it('rejects each kind of damage with its own typed code', () => {
    expect(codeOf(new Uint8Array())).toBe('EMPTY');
    expect(codeOf(good.subarray(0, good.length - 1))).toBe('TRUNCATED');
    expect(codeOf(Uint8Array.from([...good, 0]))).toBe('TRAILING_BYTES');
    expect(codeOf(fromHex('1220' + toHex(good.subarray(2))))).toBe('BAD_MTI');
    expect(codeOf(fromHex('0A20' + toHex(good.subarray(2))))).toBe('BAD_MTI');
    // bit 5 set: field 5 is not in the profile
    expect(codeOf(fromHex(hex('0100', '08000000 00000000', '000000000001')))).toBe('UNKNOWN_FIELD');
    // field 32 LLVAR announcing 12 digits (max 11)
    expect(codeOf(fromHex(hex('0100', '00000001 00000000', '12', '012345678901')))).toBe('LENGTH_OVER_MAX');
    // field 32 length prefix not BCD
    expect(codeOf(fromHex(hex('0100', '00000001 00000000', '1A', '012345')))).toBe('BAD_LENGTH_PREFIX');
    // field 11 with a nibble above 9
    expect(codeOf(fromHex(hex('0100', '00200000 00000000', '00012A')))).toBe('BAD_BCD');
    // field 41 with a control character
    expect(codeOf(fromHex(hex('0100', '00000000 00800000', '54494C4C3030300A')))).toBe('BAD_CHARSET');
    // field 62 LLLVAR announcing 999 bytes in a short message: truncated, not a read past the end
    expect(codeOf(fromHex(hex('0100', '00000000 00000004', '0999', ascii('abc'))))).toBe('TRUNCATED');
    expect(codeOf(new Uint8Array(5000))).toBe('TOO_LONG');
  });
  it('throws Iso8583DecodeError with the field and offset', () => {
    try {
      decodeMessage(good.subarray(0, 30), defaultProfile);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(Iso8583DecodeError);
      expect((err as Iso8583DecodeError).fieldNumber).toBeDefined();
    }
  });
});

describe('encoding refuses what the profile cannot carry', () => {
  it('wrong fixed length, bad charset, unknown field, bad MTI', () => {
    expect(() => encodeMessage({ mti: '0800', fields: { 11: '12345' } }, defaultProfile)).toThrow(Iso8583EncodeError);
    expect(() => encodeMessage({ mti: '0800', fields: { 11: '12345a' } }, defaultProfile)).toThrow(Iso8583EncodeError);
    expect(() => encodeMessage({ mti: '0800', fields: { 5: '000000000001' } }, defaultProfile)).toThrow(/UNKNOWN_FIELD/);
    expect(() => encodeMessage({ mti: '1800', fields: {} }, defaultProfile)).toThrow(/BAD_MTI/);
    expect(() => encodeMessage({ mti: '0800', fields: { 32: '123456789012' } }, defaultProfile)).toThrow(/BAD_LENGTH/);
  });
});

describe('profile validation', () => {
  it('accepts the shipped profiles and rejects broken ones with every issue listed', () => {
    expect(defaultProfile.fields.size).toBeGreaterThan(20);
    expect(() => parseProfile({ ...defaultJson, fields: { ...defaultJson.fields, '65': defaultJson.fields['11'] } })).toThrow(ProfileError);
    expect(() => parseProfile({ ...defaultJson, fields: { ...defaultJson.fields, '11': { ...defaultJson.fields['11'], encoding: 'binary' } } })).toThrow(/binary/);
    expect(() => parseProfile({ ...defaultJson, roles: { ...defaultJson.roles, uuidField: 99 } })).toThrow(/field 99/);
    expect(() => parseProfile({ ...defaultJson, fields: { ...defaultJson.fields, '32': { ...defaultJson.fields['32'], length: 150 } } })).toThrow(/llvar/);
    expect(() => parseProfile({ ...defaultJson, extra: 1 })).toThrow(ProfileError);
  });
});
