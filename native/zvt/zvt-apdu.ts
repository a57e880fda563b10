// ZVT APDU codec (PA00P016 §5.2): CLASS INSTR (or CCRC APRC) + length (1 byte, or FF + 2 bytes little-endian) + data,
// and the length-driven reassembler for TCP. Pure: never imports Node I/O, the link or the service.
import { MAX_APDU_BYTES } from './zvt-frame';

export interface Apdu {
  /** CLASS (commands) or CCRC (responses: 80 positive, 84 negative). */
  cls: number;
  /** INSTR (commands) or APRC (responses: error code, 00 positive). */
  ins: number;
  data: Uint8Array;
}

export class ZvtApduError extends Error {
  override readonly name = 'ZvtApduError';
}

/**
 * Encode an APDU. Lengths 0..254 use one byte; 255 and above use FF + length low + length high.
 * Hazard: the extended length is LITTLE-endian (Portalum PrintTextBlock vector `06 D3 FF 8E 02` = 654); two public
 * emulators got this wrong, so the test suite checks it against the external vector, not a round trip.
 */
export function encodeApdu(cls: number, ins: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (data.length > 0xffff) throw new ZvtApduError(`APDU data too long: ${data.length} bytes`);
  const extended = data.length >= 0xff;
  const header = extended ? [cls, ins, 0xff, data.length & 0xff, data.length >>> 8] : [cls, ins, data.length];
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

export function apduBytes(apdu: Apdu): Uint8Array {
  return encodeApdu(apdu.cls, apdu.ins, apdu.data);
}

/**
 * Total byte length of the APDU starting at `buf[0]`, or undefined if the header is not complete yet.
 * Used by the TCP reassembler (data may arrive split at any byte boundary).
 */
export function apduTotalLength(buf: Uint8Array): number | undefined {
  if (buf.length < 3) return undefined;
  if (buf[2] !== 0xff) return 3 + buf[2]!;
  if (buf.length < 5) return undefined;
  return 5 + (buf[3]! | (buf[4]! << 8));
}

/** Decode exactly one APDU; the length field must match the bytes given. Throws ZvtApduError. */
export function decodeApdu(bytes: Uint8Array): Apdu {
  const total = apduTotalLength(bytes);
  if (total === undefined) throw new ZvtApduError(`APDU too short (${bytes.length} bytes)`);
  if (total !== bytes.length) throw new ZvtApduError(`APDU length field says ${total} bytes, got ${bytes.length}`);
  const headerLength = bytes[2] === 0xff ? 5 : 3;
  return { cls: bytes[0]!, ins: bytes[1]!, data: bytes.slice(headerLength) };
}

/** "06 01" style key for dispatch tables. */
export function apduKey(apdu: Pick<Apdu, 'cls' | 'ins'>): string {
  return `${apdu.cls.toString(16).padStart(2, '0')}${apdu.ins.toString(16).padStart(2, '0')}`.toUpperCase();
}

export function isPositiveResponse(apdu: Apdu): boolean {
  return (apdu.cls === 0x80 && apdu.ins === 0x00) || (apdu.cls === 0x84 && apdu.ins === 0x00);
}

export function isResponse(apdu: Apdu): boolean {
  return apdu.cls === 0x80 || apdu.cls === 0x84;
}

/**
 * TCP has no framing: messages are cut out of the byte stream by their length field. Bounded: one APDU at most
 * (65540 bytes) is buffered; anything larger cannot be announced by a 2-byte length.
 */
export class ApduReassembler {
  private buffer = new Uint8Array(0);

  get bufferedBytes(): number {
    return this.buffer.length;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const out: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      const rest = joined.subarray(offset);
      const total = apduTotalLength(rest);
      if (total === undefined || rest.length < total) break;
      out.push(rest.slice(0, total));
      offset += total;
    }
    this.buffer = joined.slice(offset);
    if (this.buffer.length > MAX_APDU_BYTES) this.buffer = new Uint8Array(0); // cannot happen by construction; belt and braces
    return out;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}
