// Fuzz the ISO 8583 decoder and the deframer with random and mutated input (fast-check): only typed errors, no
// hang (every run is bounded), bounded memory (the deframer never holds more than one maximum frame).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, type FieldValues } from '../../../acquirer/iso8583/codec';
import { asciiProfile, defaultProfile } from '../../../acquirer/iso8583/default-profile';
import { Iso8583DecodeError } from '../../../acquirer/iso8583/errors';
import { Deframer, FRAME_HEADER_BYTES, frameMessage } from '../../../acquirer/iso8583/framing';
import type { FieldSpec, Iso8583Profile } from '../../../acquirer/iso8583/profile';

const profiles: [string, Iso8583Profile][] = [['default', defaultProfile], ['ascii', asciiProfile]];

function valueArb(spec: FieldSpec): fc.Arbitrary<string> {
  const minLength = spec.format === 'fixed' ? spec.length : 0;
  const maxLength = Math.min(spec.length, 60);
  const fixed = spec.format === 'fixed' ? spec.length : undefined;
  const len = { minLength: fixed ?? minLength, maxLength: fixed ?? maxLength };
  switch (spec.type) {
    case 'n':
      return fc.string({ unit: fc.constantFrom(...'0123456789'), ...len });
    case 'an':
      return fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189 '), ...len });
    case 'ans':
      return fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), ...len });
    case 'b':
      return fc.uint8Array(len).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(''));
  }
}

function messageArb(profile: Iso8583Profile): fc.Arbitrary<{ mti: string; fields: FieldValues }> {
  const entries = [...profile.fields.entries()].map(([n, spec]) => [String(n), valueArb(spec)] as const);
  return fc.record({
    mti: fc.constantFrom('0220', '0221', '0230', '0400', '0401', '0410', '0500', '0510', '0320', '0330', '0800', '0810'),
    fields: fc.record(Object.fromEntries(entries), { requiredKeys: [] }) as fc.Arbitrary<FieldValues>,
  });
}

function decodesOrTypedError(bytes: Uint8Array, profile: Iso8583Profile): void {
  try {
    decodeMessage(bytes, profile);
  } catch (err) {
    if (!(err instanceof Iso8583DecodeError)) throw new Error(`untyped error: ${String(err)}`);
  }
}

describe.each(profiles)('codec fuzz (%s profile)', (_name, profile) => {
  it('round trips every message the profile can carry', () => {
    fc.assert(
      fc.property(messageArb(profile), (message) => {
        const bytes = encodeMessage(message, profile);
        expect(decodeMessage(bytes, profile)).toEqual(message);
      }),
      { numRuns: 400 },
    );
  });

  it('random bytes: a message or a typed error, never anything else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => decodesOrTypedError(bytes, profile)), { numRuns: 3000 });
  });

  it('mutated valid messages (flip, truncate, splice, duplicate): a message or a typed error', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(messageArb(profile), fc.array(mutation, { minLength: 1, maxLength: 4 }), (message, mutations) => {
        let bytes = encodeMessage(message, profile);
        for (const m of mutations) {
          const at = bytes.length === 0 ? 0 : m.at % bytes.length;
          if (m.kind === 'flip' && bytes.length > 0) {
            bytes = bytes.slice();
            bytes[at] = bytes[at]! ^ m.xor;
          } else if (m.kind === 'truncate') bytes = bytes.slice(0, at);
          else if (m.kind === 'insert') bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
          else if (m.kind === 'repeat') bytes = Uint8Array.from([...bytes, ...bytes.subarray(at)]);
        }
        decodesOrTypedError(bytes, profile);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('deframer', () => {
  it('reassembles frames from any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (payloads, cuts) => {
          const stream = Uint8Array.from(payloads.flatMap((p) => [...frameMessage(p)]));
          const d = new Deframer(300);
          const out: Uint8Array[] = [];
          let at = 0;
          let i = 0;
          while (at < stream.length) {
            const size = cuts[i++ % cuts.length]!;
            out.push(...d.push(stream.subarray(at, at + size)));
            at += size;
          }
          expect(out).toEqual(payloads);
          expect(d.pendingBytes).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random streams: typed errors only, buffer never above one maximum frame', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 30 }), fc.integer({ min: 1, max: 512 }), (chunks, max) => {
        const d = new Deframer(max);
        for (const chunk of chunks) {
          try {
            for (const frame of d.push(chunk)) expect(frame.length).toBeLessThanOrEqual(max);
          } catch (err) {
            expect(err).toBeInstanceOf(Iso8583DecodeError);
            // Poisoned: the stream lost sync, every later push fails the same way.
            expect(() => d.push(Uint8Array.of(0, 1, 2))).toThrow(Iso8583DecodeError);
            return;
          }
          expect(d.pendingBytes).toBeLessThanOrEqual(max + FRAME_HEADER_BYTES);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an oversize or empty header before buffering a body', () => {
    const d = new Deframer(100);
    expect(() => d.push(Uint8Array.of(0xff, 0xff, 1, 2, 3))).toThrow(/FRAME_TOO_LONG/);
    expect(() => new Deframer(100).push(Uint8Array.of(0, 0))).toThrow(/EMPTY_FRAME/);
    expect(() => frameMessage(new Uint8Array(70_000))).toThrow(RangeError);
  });
});
