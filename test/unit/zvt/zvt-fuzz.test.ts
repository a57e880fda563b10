// Fuzz: random and mutated bytes into the ZVT frame parser, the TCP reassembler and every decoder. Nothing may throw
// out of the parser, nothing may hang (all calls are synchronous and must return), buffers stay bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApduReassembler, encodeApdu } from '../../../native/zvt/zvt-apdu';
import { decodeBmps, decodeTlv, ZvtDataError } from '../../../native/zvt/zvt-bmp';
import { encodeFrame, ZvtFrameParser, type FrameParserEvent } from '../../../native/zvt/zvt-frame';
import {
  parseAbort,
  parseCompletion,
  parseIntermediateStatus,
  parsePrintLine,
  parsePrintTextBlock,
  parseStatusEnquiryCompletion,
  parseStatusInformation,
} from '../../../native/zvt/zvt-messages';
import { decodeTrace, describeApdu } from '../../../native/zvt/zvt-trace';

const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });
const apdu = fc.record({ cls: fc.integer({ min: 0, max: 255 }), ins: fc.integer({ min: 0, max: 255 }), data: bytes(700) });

/** Split `input` at the given cut points and push each chunk. */
function pushChunked(parser: ZvtFrameParser, input: Uint8Array, cuts: number[], bound: number): FrameParserEvent[] {
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const events: FrameParserEvent[] = [];
  let last = 0;
  for (const p of [...points, input.length]) {
    events.push(...parser.push(input.subarray(last, p)));
    expect(parser.bufferedBytes).toBeLessThanOrEqual(bound);
    last = p;
  }
  return events;
}

function mutate(frame: Uint8Array, ops: { kind: 'flip' | 'delete' | 'insert' | 'truncate'; at: number; value: number }[]): Uint8Array {
  let out = Array.from(frame);
  for (const op of ops) {
    const at = out.length === 0 ? 0 : op.at % out.length;
    if (op.kind === 'flip' && out.length) out[at] = out[at]! ^ (op.value || 1);
    if (op.kind === 'delete' && out.length) out.splice(at, 1);
    if (op.kind === 'insert') out.splice(at, 0, op.value);
    if (op.kind === 'truncate') out = out.slice(0, at);
  }
  return Uint8Array.from(out);
}

const mutation = fc.record({
  kind: fc.constantFrom('flip' as const, 'delete' as const, 'insert' as const, 'truncate' as const),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
});

describe('ZVT frame parser fuzz', () => {
  it('random bytes in random chunks: never throws, bounded buffer, every reported frame has a good CRC', () => {
    const bound = 64;
    fc.assert(
      fc.property(bytes(2000), fc.array(fc.nat(), { maxLength: 20 }), (input, cuts) => {
        const parser = new ZvtFrameParser(bound);
        // raw copy ≤ 2 × apdu (every byte doubled) + header/trailer; garbage flushed per push (≤ 256 per slice)
        for (const e of pushChunked(parser, input, cuts, 2 * bound + 6 + 256 + bound)) {
          if (e.type === 'frame') expect(e.apdu.length).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('any APDU survives framing and arbitrary chunking byte for byte', () => {
    fc.assert(
      fc.property(apdu, fc.array(fc.nat(), { maxLength: 10 }), (a, cuts) => {
        const raw = encodeApdu(a.cls, a.ins, a.data);
        const events = pushChunked(new ZvtFrameParser(), encodeFrame(raw), cuts, 1 << 20);
        const frames = events.filter((e) => e.type === 'frame');
        expect(frames).toHaveLength(1);
        expect(Buffer.from((frames[0] as { apdu: Uint8Array }).apdu).equals(Buffer.from(raw))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated frames: never throw; a corrupted frame is never delivered as a different good APDU silently', () => {
    fc.assert(
      fc.property(apdu, fc.array(mutation, { minLength: 1, maxLength: 4 }), (a, ops) => {
        const raw = encodeApdu(a.cls, a.ins, a.data);
        const parser = new ZvtFrameParser();
        const events = parser.push(mutate(encodeFrame(raw), ops));
        for (const e of events) {
          // CRC-16 catches all 1-4 byte errors that keep framing; a "good" frame must carry a CRC that matches it.
          if (e.type === 'frame') expect(e.raw.length).toBeGreaterThanOrEqual(6);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('resyncs: a good frame after DLE-free garbage and a broken frame is recovered', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }).map((g) => g.map((b) => (b === 0x10 ? 0x11 : b))), apdu, fc.nat(), (garbage, a, cut) => {
        const raw = encodeApdu(a.cls, a.ins, a.data);
        const frame = encodeFrame(raw);
        const parser = new ZvtFrameParser();
        // A half frame (sender restarted mid-send) cut inside the data: the next DLE STX resyncs at once.
        // (Cut before a doubled DLE, not between its two bytes: a lone trailing DLE would escape the next DLE STX.)
        const half = frame[2] === 0x10 ? frame.subarray(0, 2) : frame.subarray(0, 3);
        const events = [...parser.push(garbage), ...parser.push(half), ...parser.push(frame)];
        // Cut anywhere (even before the raw CRC bytes, which would swallow the next DLE STX): the T1 gap before the
        // sender's repeat resets the receiver, as the transport does.
        parser.push(frame.subarray(0, cut % frame.length));
        parser.reset();
        events.push(...parser.push(frame));
        const frames = events.filter((e) => e.type === 'frame');
        expect(frames.length).toBe(2);
        for (const f of frames) expect(Buffer.from((f as { apdu: Uint8Array }).apdu).equals(Buffer.from(raw))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('an endless frame is dropped at the bound and the parser recovers', () => {
    const parser = new ZvtFrameParser(100);
    const events = parser.push(Uint8Array.from([0x10, 0x02, ...new Array(10_000).fill(0x41)]));
    expect(events.some((e) => e.type === 'overflow')).toBe(true);
    expect(parser.bufferedBytes).toBeLessThanOrEqual(300);
    const good = parser.push(Uint8Array.from([0x10, 0x03, 0, 0, ...encodeFrame(Uint8Array.of(0x80, 0x00, 0x00))]));
    expect(good.some((e) => e.type === 'frame')).toBe(true);
  });
});

describe('TCP reassembler fuzz', () => {
  it('reassembles any sequence of APDUs split at arbitrary boundaries', () => {
    fc.assert(
      fc.property(fc.array(apdu, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 30 }), (apdus, cuts) => {
        const raws = apdus.map((a) => encodeApdu(a.cls, a.ins, a.data));
        const stream = Buffer.concat(raws.map((r) => Buffer.from(r)));
        const r = new ApduReassembler();
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((x, y) => x - y);
        const out: Uint8Array[] = [];
        let last = 0;
        for (const p of [...points, stream.length]) {
          out.push(...r.push(stream.subarray(last, p)));
          last = p;
        }
        expect(out.map((o) => Buffer.from(o).toString('hex'))).toEqual(raws.map((o) => Buffer.from(o).toString('hex')));
        expect(r.bufferedBytes).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('decoder fuzz: random data into every decoder', () => {
  it('never throws (decodeTlv throws only ZvtDataError)', () => {
    fc.assert(
      fc.property(bytes(400), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (data, cls, ins) => {
        parseStatusInformation(data);
        parseIntermediateStatus(data);
        parsePrintLine(data);
        parsePrintTextBlock(data);
        parseCompletion(data);
        parseStatusEnquiryCompletion(data);
        parseAbort(data);
        decodeBmps(data);
        describeApdu(data);
        describeApdu(encodeApdu(cls, ins, data));
        for (const k of ['040F', '04FF', '06D1', '06D3', '060F', '061E', '0601', '0630', '0620', '0401']) {
          describeApdu(encodeApdu(parseInt(k.slice(0, 2), 16), parseInt(k.slice(2), 16), data));
        }
        decodeTrace(data, 'serial');
        decodeTrace(data, 'tcp');
        try {
          decodeTlv(data);
        } catch (e) {
          expect(e).toBeInstanceOf(ZvtDataError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a status information never exposes more than 6+4 PAN digits, whatever the PT sends', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 12 }), (pan) => {
        const lengthPrefix = [0xf0 | Math.floor(pan.length / 10), 0xf0 | pan.length % 10];
        const info = parseStatusInformation(Uint8Array.from([0x22, ...lengthPrefix, ...pan]));
        const digits = (info.maskedPan ?? '').replace(/\*/g, '');
        expect(digits.length).toBeLessThanOrEqual(10);
      }),
    );
  });
});
