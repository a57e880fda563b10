// Published ZVT frames (research/zvt.md §2.9, externally sourced) must encode and decode byte for byte. Round trips
// alone cannot catch symmetric mistakes (extended-length byte order, CRC byte order), so every vector is external.
import { describe, expect, it } from 'vitest';
import { crc16Kermit, decodeFrame, encodeFrame, fromHex, toHex, zvtFrameCrc } from '../../../native/zvt/zvt-frame';
import { apduTotalLength, decodeApdu, encodeApdu } from '../../../native/zvt/zvt-apdu';
import {
  buildAbort,
  buildAuthorization,
  buildDiagnosis,
  buildEndOfDay,
  buildLogOff,
  buildNegativeResponse,
  buildRegistration,
  buildRepeatReceipt,
  buildReversal,
  buildStatusEnquiry,
  parseAbort,
  parseCompletion,
  parsePrintLine,
  parsePrintTextBlock,
  parseStatusEnquiryCompletion,
  parseStatusInformation,
  POSITIVE_RESPONSE,
} from '../../../native/zvt/zvt-messages';
import { tlv } from '../../../native/zvt/zvt-bmp';

// [what, APDU hex, serial frame hex] — §2.9 table rows 1–7 and the extra computed vectors.
const VECTORS: [string, string, string][] = [
  ['registration pw 123456, config BA, EUR', '06 00 06 12 34 56 BA 09 78', '10 02 06 00 06 12 34 56 BA 09 78 10 03 24 C3'],
  ['authorization 110.00 EUR (DLE in amount)', '06 01 0A 04 00 00 00 01 10 00 49 09 78', '10 02 06 01 0A 04 00 00 00 01 10 10 00 49 09 78 10 03 F2 FF'],
  ['positive response', '80 00 00', '10 02 80 00 00 10 03 F5 1F'],
  ['status enquiry', '05 01 03 12 34 56', '10 02 05 01 03 12 34 56 10 03 E0 43'],
  ['status enquiry completion from a real PT', '06 0F 0B F0 F0 F7 32 2E 31 34 2E 31 35 00', '10 02 06 0F 0B F0 F0 F7 32 2E 31 34 2E 31 35 00 10 03 B1 11'],
  ['authorization 1.90 EUR (P400 Plus log)', '06 01 07 04 00 00 00 00 01 90', '10 02 06 01 07 04 00 00 00 00 01 90 10 03 76 57'],
  ['diagnosis', '06 70 00', '10 02 06 70 00 10 03 D9 F9'],
  ['print line', '06 D1 19 00 47 65 73 61 6D 74 20 20 20 20 20 20 30 20 20 20 20 20 20 20 30 2C 30 30', '10 02 06 D1 19 00 47 65 73 61 6D 74 20 20 20 20 20 20 30 20 20 20 20 20 20 20 30 2C 30 30 10 03 B5 AB'],
  ['84 9C 00', '84 9C 00', '10 02 84 9C 00 10 03 C3 41'],
  ['registration with length 0x10 (DLE in length)', '06 00 10 12 34 56 BE 09 78 03 01 06 06 26 04 0A 02 06 D3', '10 02 06 00 10 10 12 34 56 BE 09 78 03 01 06 06 26 04 0A 02 06 D3 10 03 78 B5'],
  ['CRC high byte = 0x10, not stuffed', '06 01 07 04 00 00 00 00 00 59', '10 02 06 01 07 04 00 00 00 00 00 59 10 03 18 10'],
  ['abort', '06 B0 00', '10 02 06 B0 00 10 03 43 F3'],
  ['log-off', '06 02 00', '10 02 06 02 00 10 03 B9 CC'],
  ['end of day', '06 50 03 12 34 56', '10 02 06 50 03 12 34 56 10 03 C4 AF'],
  ['repeat receipt, status info, no print', '06 20 05 12 34 56 03 03', '10 02 06 20 05 12 34 56 03 03 10 03 70 38'],
  ['reversal receipt 0231', '06 30 06 12 34 56 87 02 31', '10 02 06 30 06 12 34 56 87 02 31 10 03 2C B4'],
  ['PT abort 6C', '06 1E 01 6C', '10 02 06 1E 01 6C 10 03 C9 F2'],
  ['84 83 00', '84 83 00', '10 02 84 83 00 10 03 91 8E'],
  ['84 CC 00', '84 CC 00', '10 02 84 CC 00 10 03 20 C2'],
  ['completion', '06 0F 00', '10 02 06 0F 00 10 03 C6 33'],
  ['intermediate status insert card', '04 FF 01 0A', '10 02 04 FF 01 0A 10 03 F5 7D'],
];

describe('CRC-16/KERMIT', () => {
  it('has the KERMIT check value, sent low byte first', () => {
    expect(crc16Kermit(new TextEncoder().encode('123456789'))).toBe(0x2189);
  });
  it('is computed over APDU + ETX', () => {
    expect(zvtFrameCrc(fromHex('06 93 03 12 34 56'))).toBe(0xa4ca);
    expect(zvtFrameCrc(fromHex('06 18 00'))).toBe(0x3a56);
  });
});

describe('published serial frames (zvt.md §2.9)', () => {
  it.each(VECTORS)('%s: encode', (_what, apduHex, frameHex) => {
    expect(toHex(encodeFrame(fromHex(apduHex)))).toBe(toHex(fromHex(frameHex)));
  });
  it.each(VECTORS)('%s: decode', (_what, apduHex, frameHex) => {
    const apdu = decodeFrame(fromHex(frameHex));
    expect(toHex(apdu)).toBe(toHex(fromHex(apduHex)));
    const parsed = decodeApdu(apdu);
    expect(toHex(encodeApdu(parsed.cls, parsed.ins, parsed.data))).toBe(toHex(apdu));
  });
});

describe('command builders reproduce the published APDUs', () => {
  const cases: [string, Uint8Array, string][] = [
    ['registration', buildRegistration({ password: '123456', configByte: 0xba, currency: 'EUR' }), '06 00 06 12 34 56 BA 09 78'],
    [
      'registration card complete',
      buildRegistration({ password: '123456', configByte: 0xbe, currency: 978, serviceByte: 0x01, tlv: [tlv(0x26, [tlv(0x0a, Uint8Array.of(0x06, 0xd3))])] }),
      '06 00 10 12 34 56 BE 09 78 03 01 06 06 26 04 0A 02 06 D3',
    ],
    ['authorization 110.00', buildAuthorization({ amountMinor: 11000, currency: 'EUR' }), '06 01 0A 04 00 00 00 01 10 00 49 09 78'],
    ['authorization 1.90', buildAuthorization({ amountMinor: 190 }), '06 01 07 04 00 00 00 00 01 90'],
    ['status enquiry', buildStatusEnquiry('123456'), '05 01 03 12 34 56'],
    ['diagnosis', buildDiagnosis(), '06 70 00'],
    ['abort', buildAbort(), '06 B0 00'],
    ['log-off', buildLogOff(), '06 02 00'],
    ['end of day', buildEndOfDay('123456'), '06 50 03 12 34 56'],
    ['repeat receipt', buildRepeatReceipt('123456', 0x03), '06 20 05 12 34 56 03 03'],
    ['reversal', buildReversal({ password: '123456', receiptNumber: 231 }), '06 30 06 12 34 56 87 02 31'],
    ['positive', POSITIVE_RESPONSE, '80 00 00'],
    ['84 83', buildNegativeResponse(0x83), '84 83 00'],
  ];
  it.each(cases)('%s', (_what, bytes, hex) => expect(toHex(bytes)).toBe(toHex(fromHex(hex))));
});

describe('extended length is little-endian', () => {
  it('decodes the Portalum 06 D3 FF 8E 02 header as 654 data bytes', () => {
    const header = fromHex('06 D3 FF 8E 02');
    expect(apduTotalLength(header)).toBe(5 + 654);
  });
  it('encodes 654 data bytes as FF 8E 02', () => {
    expect(toHex(encodeApdu(0x06, 0xd3, new Uint8Array(654)).subarray(0, 5))).toBe('06 D3 FF 8E 02');
  });
  it('uses the extended form from 255 bytes on', () => {
    expect(toHex(encodeApdu(0x06, 0xd1, new Uint8Array(254)).subarray(0, 3))).toBe('06 D1 FE');
    expect(toHex(encodeApdu(0x06, 0xd1, new Uint8Array(255)).subarray(0, 5))).toBe('06 D1 FF FF 00');
  });
});

describe('decoders on real APDUs', () => {
  it('decodes the Feig 04 0F approval (EVerest capture) with a masked PAN only', () => {
    const data = fromHex(
      '27 00 04 00 00 00 00 25 00 49 09 78 0C 22 55 58 0D 04 05 22 F0 F8 55 98 83 EE EE EE 80 74 87 02 31 ' +
        '3B 37 35 30 30 37 31 00 00 0B 00 09 75 19 60 29 52 52 35 35 0E 24 05 8A 06 8C 01 ' +
        '8B F1 F1 4D 61 73 74 65 72 43 61 72 64 00 2A 38 30 34 30 31 31 39 32 36 20 20 20 20 20 20',
    );
    expect(data.length).toBe(0x5a);
    const s = parseStatusInformation(data);
    expect(s).toMatchObject({
      resultCode: 0,
      amountMinor: 2500,
      currencyNumeric: 978,
      time: '22:55:58',
      date: '04-05',
      maskedPan: '559883******8074',
      receiptNumber: 231,
      authorisationCode: '750071',
      traceNumber: 975,
      paymentType: 0x60,
      terminalId: '52523535',
      cardType: 0x06,
      networkCardType: 0x01,
      cardName: 'MasterCard',
      vuNumber: '804011926',
    });
    expect(s.droppedSensitiveBmps).toEqual([0x0e]);
    expect(JSON.stringify(s)).not.toContain('2405');
  });
  it('masks a full PAN a misconfigured PT might send', () => {
    const s = parseStatusInformation(fromHex('27 00 22 F0 F8 45 39 12 34 56 78 90 12'));
    expect(s.maskedPan).toBe('453912******9012');
  });
  it('decodes the registration completion with status byte 0x10', () => {
    expect(parseCompletion(fromHex('19 10 29 52 52 35 35 49 09 78'))).toMatchObject({ statusByte: 0x10, terminalId: '52523535', currencyNumeric: 978 });
  });
  it('decodes the spec registration completion with TLV 26', () => {
    const c = parseCompletion(fromHex('19 00 29 65 00 00 28 49 09 78 06 06 26 04 0A 02 06 D3'));
    expect(c.permittedCommands).toEqual(['06D3']);
  });
  it('decodes the status-enquiry completion with software version', () => {
    expect(parseStatusEnquiryCompletion(fromHex('F0 F0 F7 32 2E 31 34 2E 31 35 00'))).toMatchObject({ softwareVersion: '2.14.15', terminalStatus: 0 });
    expect(parseStatusEnquiryCompletion(fromHex('F0')).terminalStatus).toBe(0xf0);
  });
  it('decodes CP437 umlauts in a print line', () => {
    const apdu = decodeApdu(fromHex('06 D1 0D 00 54 65 73 74 20 84 20 94 20 81 20 E1'));
    expect(parsePrintLine(apdu.data).text).toBe('Test ä ö ü ß');
  });
  it('decodes the 06 D3 header with extended length and 82 TLV lengths', () => {
    // Header of the EVerest 06 D3 capture: 06 D3 FF 61 04 | 06 82 04 5D | 1F 07 01 02 | 25 82 04 55 | 09 01 00 | 07 …
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${String(i).padStart(2, '0')} ...................`);
    const inner = lines.flatMap((l) => [0x07, l.length, ...new TextEncoder().encode(l)]);
    const container = [0x1f, 0x07, 0x01, 0x02, 0x25, 0x82, (inner.length + 3) >> 8, (inner.length + 3) & 0xff, 0x09, 0x01, 0x81, ...inner];
    const data = Uint8Array.from([0x06, 0x82, container.length >> 8, container.length & 0xff, ...container]);
    const bytes = encodeApdu(0x06, 0xd3, data);
    expect(bytes[2]).toBe(0xff);
    const block = parsePrintTextBlock(decodeApdu(bytes).data);
    expect(block.receiptType).toBe('customer');
    expect(block.lines).toHaveLength(40);
    expect(block.isLast).toBe(true);
  });
  it('decodes a 06 1E with a trailing BMP (EVerest partial reversal)', () => {
    const a = parseAbort(fromHex('B8 87 FF FF'));
    expect(a.resultCode).toBe(0xb8);
    expect(a.receiptNumber).toBeUndefined();
  });
});
