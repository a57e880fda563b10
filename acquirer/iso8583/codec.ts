// ISO 8583:1987 codec: MTI, primary + secondary bitmap, fixed/LLVAR/LLLVAR fields in ASCII, BCD or binary, driven
// by a field profile. Pure functions of bytes (no Node, no I/O); never imports service/, web/, cli/, renderer/.
import { Iso8583DecodeError, Iso8583EncodeError } from './errors';
import type { FieldSpec, Iso8583Profile } from './profile';

/** Field values are strings: digits for n, text for an/ans, upper-case hex for b (so messages stay JSON). */
export type FieldValues = { [fieldNumber: number]: string | undefined };

export interface Iso8583Message {
  mti: string;
  fields: FieldValues;
}

const DIGITS = /^[0-9]*$/;
const AN = /^[A-Za-z0-9 ]*$/;
const ANS = /^[\x20-\x7e]*$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

function charsetOk(type: FieldSpec['type'], value: string): boolean {
  switch (type) {
    case 'n':
      return DIGITS.test(value);
    case 'an':
      return AN.test(value);
    case 'ans':
      return ANS.test(value);
    case 'b':
      return HEX.test(value);
  }
}

/** Length of a value in the field's own unit (digits, characters, bytes). */
function unitLength(spec: FieldSpec, value: string): number {
  return spec.type === 'b' ? value.length / 2 : value.length;
}

// ---------------------------------------------------------------- encoding

class Writer {
  private chunks: number[] = [];
  push(...bytes: number[]): void {
    for (const b of bytes) this.chunks.push(b);
  }
  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.chunks.push(text.charCodeAt(i));
  }
  get length(): number {
    return this.chunks.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function packBcd(digits: string, pad: FieldSpec['bcdPad']): number[] {
  let text = digits;
  if (text.length % 2 === 1) text = pad === 'left-0' ? `0${text}` : pad === 'right-F' ? `${text}F` : `${text}0`;
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 2) out.push(parseInt(text.slice(i, i + 2), 16));
  return out;
}

function writeLengthPrefix(w: Writer, spec: FieldSpec, length: number): void {
  const digits = spec.format === 'llvar' ? 2 : 3;
  const text = String(length).padStart(digits, '0');
  if (spec.lengthEncoding === 'ascii') w.ascii(text);
  else w.push(...packBcd(text, 'left-0'));
}

function encodeField(w: Writer, n: number, spec: FieldSpec, value: string): void {
  if (!charsetOk(spec.type, value)) throw new Iso8583EncodeError('BAD_VALUE', `not valid ${spec.type} content`, n);
  const len = unitLength(spec, value);
  if (spec.format === 'fixed') {
    if (len !== spec.length) throw new Iso8583EncodeError('BAD_LENGTH', `fixed length ${spec.length}, got ${len}`, n);
  } else {
    if (len > spec.length) throw new Iso8583EncodeError('BAD_LENGTH', `at most ${spec.length}, got ${len}`, n);
    writeLengthPrefix(w, spec, len);
  }
  if (spec.encoding === 'ascii') w.ascii(value);
  else if (spec.encoding === 'bcd') w.push(...packBcd(value, spec.bcdPad));
  else for (let i = 0; i < value.length; i += 2) w.push(parseInt(value.slice(i, i + 2), 16));
}

function writeBitmap(w: Writer, profile: Iso8583Profile, bits: boolean[], from: number): void {
  const bytes: number[] = [];
  for (let i = 0; i < 8; i++) {
    let b = 0;
    for (let j = 0; j < 8; j++) if (bits[from + i * 8 + j]) b |= 0x80 >> j;
    bytes.push(b);
  }
  if (profile.bitmapEncoding === 'binary') w.push(...bytes);
  else w.ascii(bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(''));
}

/** Encode a message. Throws Iso8583EncodeError if the message does not fit the profile (our bug, not the wire's). */
export function encodeMessage(message: Iso8583Message, profile: Iso8583Profile): Uint8Array {
  if (!/^0[0-9]{3}$/.test(message.mti)) throw new Iso8583EncodeError('BAD_MTI', `"${message.mti}" is not a 1987 MTI`);
  const present: number[] = [];
  for (const [key, value] of Object.entries(message.fields)) {
    if (value === undefined) continue;
    const n = Number(key);
    if (!profile.fields.has(n)) throw new Iso8583EncodeError('UNKNOWN_FIELD', 'not in the profile', n);
    present.push(n);
  }
  present.sort((a, b) => a - b);
  const secondary = present.some((n) => n > 64);
  // bits[1..128]; bit 1 flags the secondary bitmap.
  const bits: boolean[] = new Array<boolean>(129).fill(false);
  bits[1] = secondary;
  for (const n of present) bits[n] = true;

  const w = new Writer();
  if (profile.mtiEncoding === 'ascii') w.ascii(message.mti);
  else w.push(...packBcd(message.mti, 'left-0'));
  writeBitmap(w, profile, bits, 1);
  if (secondary) writeBitmap(w, profile, bits, 65);
  for (const n of present) encodeField(w, n, profile.fields.get(n)!, message.fields[n]!);
  if (w.length > profile.maxMessageLength) {
    throw new Iso8583EncodeError('TOO_LONG', `${w.length} bytes exceeds the profile's ${profile.maxMessageLength}`);
  }
  return w.bytes();
}

// ---------------------------------------------------------------- decoding

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}
  get remaining(): number {
    return this.bytes.length - this.offset;
  }
  take(count: number, what: string, field?: number): Uint8Array {
    if (count > this.remaining) {
      throw new Iso8583DecodeError('TRUNCATED', `${what} needs ${count} bytes, ${this.remaining} left`, this.offset, field);
    }
    const out = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }
}

function unpackBcd(bytes: Uint8Array, digits: number, pad: FieldSpec['bcdPad'], at: number, field?: number): string {
  let text = '';
  for (const b of bytes) text += (b >> 4).toString(16) + (b & 0x0f).toString(16);
  if (text.length !== digits) {
    // Odd count: exactly one pad nibble, and it must be the one the profile says (strict: a wrong pad is a wrong frame).
    const padNibble = pad === 'right-F' ? 'f' : '0';
    const padAt = pad === 'left-0' ? 0 : text.length - 1;
    if (text[padAt] !== padNibble) throw new Iso8583DecodeError('BAD_BCD', `pad nibble "${text[padAt]}" is not "${padNibble}"`, at, field);
    text = pad === 'left-0' ? text.slice(1) : text.slice(0, -1);
  }
  if (!DIGITS.test(text)) throw new Iso8583DecodeError('BAD_BCD', 'nibble above 9', at, field);
  return text;
}

function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}

function readLengthPrefix(r: Reader, spec: FieldSpec, n: number): number {
  const digits = spec.format === 'llvar' ? 2 : 3;
  const at = r.offset;
  let text: string;
  if (spec.lengthEncoding === 'ascii') {
    text = asciiText(r.take(digits, 'length prefix', n));
    if (!/^[0-9]+$/.test(text)) throw new Iso8583DecodeError('BAD_LENGTH_PREFIX', `"${text}" is not digits`, at, n);
  } else {
    const raw = r.take(Math.ceil(digits / 2), 'length prefix', n);
    try {
      text = unpackBcd(raw, digits, 'left-0', at, n);
    } catch {
      throw new Iso8583DecodeError('BAD_LENGTH_PREFIX', 'not BCD digits', at, n);
    }
  }
  const length = Number(text);
  if (length > spec.length) throw new Iso8583DecodeError('LENGTH_OVER_MAX', `${length} exceeds ${spec.length}`, at, n);
  return length;
}

function decodeField(r: Reader, n: number, spec: FieldSpec): string {
  const length = spec.format === 'fixed' ? spec.length : readLengthPrefix(r, spec, n);
  const at = r.offset;
  let value: string;
  if (spec.encoding === 'bcd') {
    value = unpackBcd(r.take(Math.ceil(length / 2), 'BCD content', n), length, spec.bcdPad, at, n);
  } else if (spec.encoding === 'binary') {
    value = Array.from(r.take(length, 'binary content', n), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  } else {
    value = asciiText(r.take(length, 'content', n));
    if (!charsetOk(spec.type, value)) throw new Iso8583DecodeError('BAD_CHARSET', `not valid ${spec.type} content`, at, n);
  }
  return value;
}

function readBitmap(r: Reader, profile: Iso8583Profile, which: string): Uint8Array {
  const at = r.offset;
  if (profile.bitmapEncoding === 'binary') return r.take(8, `${which} bitmap`);
  const text = asciiText(r.take(16, `${which} bitmap`));
  if (!/^[0-9A-Fa-f]{16}$/.test(text)) throw new Iso8583DecodeError('BAD_BITMAP', `${which} bitmap is not hex`, at);
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function decodeStrict(bytes: Uint8Array, profile: Iso8583Profile): Iso8583Message {
  if (bytes.length === 0) throw new Iso8583DecodeError('EMPTY', 'no bytes', 0);
  if (bytes.length > profile.maxMessageLength) {
    throw new Iso8583DecodeError('TOO_LONG', `${bytes.length} bytes exceeds ${profile.maxMessageLength}`, 0);
  }
  const r = new Reader(bytes);
  let mti: string;
  if (profile.mtiEncoding === 'ascii') {
    mti = asciiText(r.take(4, 'MTI'));
  } else {
    const raw = r.take(2, 'MTI');
    mti = Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  if (!/^0[0-9]{3}$/.test(mti)) throw new Iso8583DecodeError('BAD_MTI', `"${mti}" is not a 1987 MTI`, 0);

  const primary = readBitmap(r, profile, 'primary');
  const secondaryPresent = (primary[0]! & 0x80) !== 0;
  const secondary = secondaryPresent ? readBitmap(r, profile, 'secondary') : new Uint8Array(8);
  const bitSet = (n: number): boolean => {
    const map = n <= 64 ? primary : secondary;
    const i = (n - 1) % 64;
    return (map[i >> 3]! & (0x80 >> (i & 7))) !== 0;
  };
  const fields: FieldValues = {};
  for (let n = 2; n <= 128; n++) {
    if (!bitSet(n)) continue;
    const spec = profile.fields.get(n);
    if (!spec) throw new Iso8583DecodeError('UNKNOWN_FIELD', 'bit set for a field the profile does not define', r.offset, n);
    fields[n] = decodeField(r, n, spec);
  }
  if (r.remaining !== 0) throw new Iso8583DecodeError('TRAILING_BYTES', `${r.remaining} bytes after the last field`, r.offset);
  return { mti, fields };
}

/**
 * Decode one message (the payload of one frame). Strict: every length is checked, nothing is skipped.
 * Throws only Iso8583DecodeError, whatever the bytes.
 */
export function decodeMessage(bytes: Uint8Array, profile: Iso8583Profile): Iso8583Message {
  try {
    return decodeStrict(bytes, profile);
  } catch (err) {
    if (err instanceof Iso8583DecodeError) throw err;
    // Belt and braces: a bug here must still surface as a typed decode error, never crash the sender.
    throw new Iso8583DecodeError('INTERNAL', err instanceof Error ? err.message : String(err), 0);
  }
}

export type DecodeResult = { ok: true; message: Iso8583Message } | { ok: false; error: Iso8583DecodeError };

/** The same as decodeMessage, with the error as a value. */
export function tryDecodeMessage(bytes: Uint8Array, profile: Iso8583Profile): DecodeResult {
  try {
    return { ok: true, message: decodeMessage(bytes, profile) };
  } catch (err) {
    return { ok: false, error: err as Iso8583DecodeError };
  }
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!HEX.test(clean)) throw new Error(`not hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Field numbers flagged in an 8- or 16-byte binary bitmap (bit 1 included when set). For tests and diagnostics. */
export function fieldsInBitmap(bitmap: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bitmap.length * 8; i++) if ((bitmap[i >> 3]! & (0x80 >> (i & 7))) !== 0) out.push(i + 1);
  return out;
}
