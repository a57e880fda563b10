// BCD amounts in integer minor units, LL/LLL prefixes, TLV lengths (81/82 big-endian), cashier texts, trace decoding.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeBcd,
  decodeBmps,
  decodeTlv,
  encodeAmount,
  encodeBcd,
  encodeTlv,
  encodeVarLength,
  MAX_BCD_AMOUNT,
  tlv,
  ZvtDataError,
} from '../../../native/zvt/zvt-bmp';
import { fromHex, toHex } from '../../../native/zvt/zvt-frame';
import { maskPan } from '../../../native/zvt/zvt-messages';
import { ZVT_INTERMEDIATE_MESSAGES, ZVT_RESULT_MESSAGES, ZVT_TERMINAL_STATUS_MESSAGES, intermediateMessage, resultMessage } from '../../../native/zvt/zvt-texts';
import { createTraceDecoder, decodeTrace } from '../../../native/zvt/zvt-trace';

describe('BCD amounts', () => {
  it('encodes minor units exactly (25.00 → 00 00 00 00 25 00)', () => {
    expect(toHex(encodeAmount(2500))).toBe('00 00 00 00 25 00');
    expect(toHex(encodeAmount(MAX_BCD_AMOUNT))).toBe('99 99 99 99 99 99');
  });
  it('round-trips every amount up to 12 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_BCD_AMOUNT }), (n) => {
        expect(decodeBcd(encodeAmount(n))).toBe(n);
      }),
    );
  });
  it('refuses fractions, negatives and overflow instead of rounding', () => {
    expect(() => encodeAmount(12.5)).toThrow(ZvtDataError);
    expect(() => encodeAmount(-1)).toThrow(ZvtDataError);
    expect(() => encodeAmount(MAX_BCD_AMOUNT + 1)).toThrow(ZvtDataError);
    expect(() => encodeBcd(100, 1)).toThrow(ZvtDataError);
    expect(() => decodeBcd(Uint8Array.of(0x1a))).toThrow(ZvtDataError);
  });
  it('LLVAR/LLLVAR prefixes are digits in Fx bytes', () => {
    expect(toHex(encodeVarLength(11, 2))).toBe('F1 F1');
    expect(toHex(encodeVarLength(19, 3))).toBe('F0 F1 F9');
  });
});

describe('TLV', () => {
  it('uses 81 xx and big-endian 82 hi lo lengths', () => {
    expect(toHex(encodeTlv([tlv(0x07, new Uint8Array(0x90))]).subarray(0, 3))).toBe('07 81 90');
    expect(toHex(encodeTlv([tlv(0x07, new Uint8Array(0x455))]).subarray(0, 4))).toBe('07 82 04 55');
  });
  it('parses two-byte tags and constructed children', () => {
    const nodes = decodeTlv(fromHex('1F 07 01 02 25 08 09 01 81 07 03 41 42 43'));
    expect(nodes[0]).toMatchObject({ tag: 0x1f07 });
    expect(nodes[1]!.children?.map((c) => c.tag)).toEqual([0x09, 0x07]);
  });
  it('BMP decoding stops at an unknown BMP instead of guessing its length', () => {
    const r = decodeBmps(fromHex('27 00 77 01 02'));
    expect(r.fields).toHaveLength(1);
    expect(r.stoppedAt).toMatchObject({ id: 0x77, reason: 'unknown-bmp' });
  });
});

describe('cashier texts', () => {
  it('every table entry has English and Chinese', () => {
    for (const table of [ZVT_RESULT_MESSAGES, ZVT_INTERMEDIATE_MESSAGES, ZVT_TERMINAL_STATUS_MESSAGES]) {
      for (const m of Object.values(table)) {
        expect(m.en.length).toBeGreaterThan(0);
        expect(m.zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
  it('falls back sensibly for host codes and unknown codes', () => {
    expect(resultMessage(0x6c).en).toMatch(/Cancelled/);
    expect(resultMessage(0x12).en).toMatch(/issuer.*12/);
    expect(resultMessage(0xee).zh).toContain('EE');
    expect(intermediateMessage(0x4b).en).toMatch(/remove card, remove card|remove card/);
  });
});

describe('PAN masking', () => {
  it('keeps at most the first 6 and last 4 digits', () => {
    expect(maskPan('4539123456789012')).toBe('453912******9012');
    expect(maskPan('1234567')).toBe('***4567');
  });
});

describe('trace decoder', () => {
  it('decodes a serial capture into frames, ACKs and garbage with meanings', () => {
    const entries = decodeTrace(fromHex('FF 10 02 06 01 0A 04 00 00 00 01 10 10 00 49 09 78 10 03 F2 FF 06 15'), 'serial', 'ecr-to-pt');
    expect(entries.map((e) => e.meaning)).toEqual(['bytes outside a frame', 'Authorization: amount 110.00 EUR', 'ACK', 'NAK']);
    expect(entries[1]!.hex).toBe('10 02 06 01 0A 04 00 00 00 01 10 10 00 49 09 78 10 03 F2 FF');
    expect(entries[1]!.direction).toBe('ecr-to-pt');
  });
  it('is streaming: a frame split across chunks comes out once, complete', () => {
    const d = createTraceDecoder('serial', 'pt-to-ecr');
    expect(d.feed(fromHex('10 02 06 1E 01'))).toEqual([]);
    expect(d.feed(fromHex('6C 10 03 C9 F2'))[0]!.meaning).toBe('Abort (PT): result 6C (Cancelled (abort key or timeout))');
  });
  it('decodes TCP captures by length and never shows a full PAN', () => {
    const entries = decodeTrace(fromHex('04 0F 0D 27 00 22 F0 F8 45 39 12 34 56 78 90 12 04 FF 01 0A'), 'tcp');
    expect(entries[0]!.meaning).toContain('453912******9012');
    expect(entries[1]!.meaning).toBe('Intermediate Status 0A: Insert card');
  });
});
