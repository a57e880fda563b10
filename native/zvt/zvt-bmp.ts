// ZVT data encoding (PA00P015 §3, §9, §13): packed BCD (amounts in integer minor units, never floats), LLVAR/LLLVAR
// prefixes, the table-driven BMP field codec and BER-style TLV (BMP 06). Pure: never imports Node I/O or the service.

export class ZvtDataError extends Error {
  override readonly name = 'ZvtDataError';
}

/** Largest amount BMP 04 can carry: 12 BCD digits of minor units. */
export const MAX_BCD_AMOUNT = 999_999_999_999;

/** Encode a non-negative safe integer as `bytes` bytes of packed BCD, most significant digit first. */
export function encodeBcd(value: number, bytes: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new ZvtDataError(`BCD needs a non-negative integer, got ${value}`);
  // Integer → decimal string: no floating-point arithmetic on the amount at any point.
  const digits = String(value);
  if (digits.length > bytes * 2) throw new ZvtDataError(`${value} does not fit in ${bytes} BCD bytes`);
  const padded = digits.padStart(bytes * 2, '0');
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (Number(padded[i * 2]) << 4) | Number(padded[i * 2 + 1]);
  return out;
}

/** Decimal digit string of packed BCD; throws on a nibble above 9. */
export function bcdDigits(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) throw new ZvtDataError(`not BCD: ${b.toString(16).padStart(2, '0')}`);
    s += String(hi) + String(lo);
  }
  return s;
}

export function decodeBcd(bytes: Uint8Array): number {
  const digits = bcdDigits(bytes);
  const value = Number(digits === '' ? '0' : digits);
  if (!Number.isSafeInteger(value)) throw new ZvtDataError('BCD value too large');
  return value;
}

/** Amount in minor units as BMP 04 carries it (6 bytes BCD): `04 00 00 00 00 25 00` = 2500. */
export function encodeAmount(amountMinor: number): Uint8Array {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0 || amountMinor > MAX_BCD_AMOUNT) {
    throw new ZvtDataError(`amount must be an integer number of minor units in 0..${MAX_BCD_AMOUNT}, got ${amountMinor}`);
  }
  return encodeBcd(amountMinor, 6);
}

/** LLVAR (2 digits) / LLLVAR (3 digits) prefix: decimal digits in the low nibbles of Fx bytes (`F1 F1` = 11). */
export function encodeVarLength(length: number, digits: 2 | 3): Uint8Array {
  const max = digits === 2 ? 99 : 999;
  if (!Number.isInteger(length) || length < 0 || length > max) throw new ZvtDataError(`length ${length} exceeds ${max}`);
  const text = String(length).padStart(digits, '0');
  return Uint8Array.from(text, (d) => 0xf0 | Number(d));
}

export function decodeVarLength(bytes: Uint8Array, offset: number, digits: 2 | 3): number {
  if (offset + digits > bytes.length) throw new ZvtDataError('truncated LL(L)VAR length');
  let n = 0;
  for (let i = 0; i < digits; i++) {
    const b = bytes[offset + i]!;
    if (b >> 4 !== 0x0f || (b & 0x0f) > 9) throw new ZvtDataError(`bad LL(L)VAR length byte ${b.toString(16)}`);
    n = n * 10 + (b & 0x0f);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// TLV (BMP 06): BER-like tags (1F xx two-byte tags, bit 0x20 = constructed), lengths 00–7F, 81 xx, 82 hi lo.
// Hazard: the 82 length is BIG-endian, the opposite of the APDU's extended length.

export interface TlvNode {
  /** Tag as a number: 0x07, 0x25, 0x1F07 … */
  tag: number;
  value: Uint8Array;
  /** Present for constructed tags whose value parsed as TLV. */
  children?: TlvNode[];
}

export function tlvTagBytes(tag: number): Uint8Array {
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  return Uint8Array.from(bytes);
}

function isConstructed(tag: number): boolean {
  const first = tlvTagBytes(tag)[0]!;
  return (first & 0x20) !== 0;
}

export function encodeTlvLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >>> 8, length & 0xff);
  throw new ZvtDataError(`TLV length ${length} too large`);
}

/** Returns [length, bytes used]. */
export function decodeTlvLength(bytes: Uint8Array, offset: number): [number, number] {
  const first = bytes[offset];
  if (first === undefined) throw new ZvtDataError('truncated TLV length');
  if (first < 0x80) return [first, 1];
  if (first === 0x81) {
    const b = bytes[offset + 1];
    if (b === undefined) throw new ZvtDataError('truncated TLV length');
    return [b, 2];
  }
  if (first === 0x82) {
    const hi = bytes[offset + 1];
    const lo = bytes[offset + 2];
    if (hi === undefined || lo === undefined) throw new ZvtDataError('truncated TLV length');
    return [(hi << 8) | lo, 3];
  }
  throw new ZvtDataError(`unsupported TLV length byte ${first.toString(16)}`);
}

export function tlv(tag: number, value: Uint8Array | TlvNode[]): TlvNode {
  if (Array.isArray(value)) return { tag, value: encodeTlv(value), children: value };
  return { tag, value };
}

export function encodeTlv(nodes: TlvNode[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const node of nodes) {
    const value = node.children ? encodeTlv(node.children) : node.value;
    parts.push(tlvTagBytes(node.tag), encodeTlvLength(value.length), value);
  }
  return concatBytes(parts);
}

const MAX_TLV_DEPTH = 8;

export function decodeTlv(bytes: Uint8Array, depth = 0): TlvNode[] {
  const nodes: TlvNode[] = [];
  let i = 0;
  while (i < bytes.length) {
    let tag = bytes[i++]!;
    if ((tag & 0x1f) === 0x1f) {
      // Multi-byte tag: continuation bytes have bit 8 set, the last one does not.
      let next: number | undefined;
      let guard = 0;
      do {
        next = bytes[i++];
        if (next === undefined) throw new ZvtDataError('truncated TLV tag');
        tag = tag * 256 + next;
        if (++guard > 3) throw new ZvtDataError('TLV tag too long');
      } while ((next & 0x80) !== 0);
    }
    const [length, used] = decodeTlvLength(bytes, i);
    i += used;
    if (i + length > bytes.length) throw new ZvtDataError(`TLV tag ${tag.toString(16)} overruns its container`);
    const value = bytes.slice(i, i + length);
    i += length;
    const node: TlvNode = { tag, value };
    if (isConstructed(tag) && depth < MAX_TLV_DEPTH) {
      try {
        node.children = decodeTlv(value, depth + 1);
      } catch {
        // Some PTs put opaque data in constructed tags; keep the raw value rather than reject the message.
      }
    }
    nodes.push(node);
  }
  return nodes;
}

export function findTlv(nodes: TlvNode[] | undefined, tag: number): TlvNode | undefined {
  if (!nodes) return undefined;
  for (const n of nodes) {
    if (n.tag === tag) return n;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// BMP fields: `<id><value>` in arbitrary order. The table gives each id its length rule; an unknown id stops parsing
// (its length cannot be known).

export type BmpFormat =
  | { kind: 'fixed'; length: number }
  | { kind: 'llvar' }
  | { kind: 'lllvar' }
  | { kind: 'tlv' };

export interface BmpSpec {
  id: number;
  name: string;
  format: BmpFormat;
}

const fixed = (length: number): BmpFormat => ({ kind: 'fixed', length });
const LL: BmpFormat = { kind: 'llvar' };
const LLL: BmpFormat = { kind: 'lllvar' };

export const BMP_TABLE: ReadonlyMap<number, BmpSpec> = new Map(
  (
    [
      [0x01, 'timeout', fixed(1)],
      [0x02, 'max status infos', fixed(1)],
      [0x03, 'service byte', fixed(1)],
      [0x04, 'amount', fixed(6)],
      [0x05, 'pump number', fixed(1)],
      [0x06, 'TLV container', { kind: 'tlv' }],
      [0x0b, 'trace number', fixed(3)],
      [0x0c, 'time', fixed(3)],
      [0x0d, 'date', fixed(2)],
      [0x0e, 'expiry date', fixed(2)],
      [0x17, 'card sequence number', fixed(2)],
      [0x19, 'status / payment type', fixed(1)],
      [0x22, 'PAN', LL],
      [0x23, 'track 2', LL],
      [0x24, 'track 3', LLL],
      [0x27, 'result code', fixed(1)],
      [0x29, 'terminal id', fixed(4)],
      [0x2a, 'VU number', fixed(15)],
      [0x2d, 'track 1', LL],
      [0x2e, 'sync chip data', LLL],
      [0x37, 'original trace', fixed(3)],
      [0x3a, 'CVV', fixed(2)],
      [0x3b, 'AID', fixed(8)],
      [0x3c, 'additional text', LLL],
      [0x3d, 'password', fixed(3)],
      [0x49, 'currency', fixed(2)],
      [0x60, 'individual totals', LLL],
      [0x87, 'receipt number', fixed(2)],
      [0x88, 'turnover record number', fixed(3)],
      [0x8a, 'card type', fixed(1)],
      [0x8b, 'card name', LL],
      [0x8c, 'network card type', fixed(1)],
      [0x92, 'additional data ec-Cash', LLL],
      [0x9a, 'Geldkarte record', LLL],
      [0xa0, 'result code AS', fixed(1)],
      [0xa7, 'chip data', LL],
      [0xaa, 'date YYMMDD', fixed(3)],
      [0xaf, 'EF_Info', LLL],
      [0xba, 'AID parameter', fixed(5)],
      [0xd0, 'algorithm key', fixed(1)],
      [0xd1, 'offset', LL],
      [0xd2, 'card output direction', fixed(1)],
      [0xd3, 'DUKPT key', fixed(1)],
      [0xe0, 'min length', fixed(1)],
      [0xe1, 'text line 1', LL],
      [0xe2, 'text line 2', LL],
      [0xe3, 'text line 3', LL],
      [0xe4, 'text line 4', LL],
      [0xe5, 'text line 5', LL],
      [0xe6, 'text line 6', LL],
      [0xe7, 'text line 7', LL],
      [0xe8, 'text line 8', LL],
      [0xe9, 'max length', fixed(1)],
      [0xea, 'echo', fixed(1)],
      [0xeb, 'MAC', fixed(8)],
      [0xf0, 'display duration', fixed(1)],
      [0xf1, 'text line 1', LL],
      [0xf2, 'text line 2', LL],
      [0xf3, 'text line 3', LL],
      [0xf4, 'text line 4', LL],
      [0xf5, 'text line 5', LL],
      [0xf6, 'text line 6', LL],
      [0xf7, 'text line 7', LL],
      [0xf8, 'text line 8', LL],
      [0xf9, 'beep tones', fixed(1)],
      [0xfa, 'card reader activation', fixed(1)],
    ] as const
  ).map(([id, name, format]) => [id, { id, name, format }]),
);

export interface BmpField {
  id: number;
  /** The value without its LL/LLL/TLV length prefix. */
  value: Uint8Array;
}

export interface BmpDecodeResult {
  fields: BmpField[];
  /** Decoded BMP 06 container, if present (the last one wins). */
  tlv?: TlvNode[];
  /** Set when parsing stopped at an id not in the table (its length is unknowable), or at a truncated field. */
  stoppedAt?: { offset: number; id: number; reason: 'unknown-bmp' | 'truncated' | 'bad-length' };
}

/** Decode a BMP sequence starting at `offset`. Never throws: problems end up in `stoppedAt`. */
export function decodeBmps(data: Uint8Array, offset = 0): BmpDecodeResult {
  const fields: BmpField[] = [];
  const result: BmpDecodeResult = { fields };
  let i = offset;
  while (i < data.length) {
    const id = data[i]!;
    const spec = BMP_TABLE.get(id);
    if (!spec) {
      result.stoppedAt = { offset: i, id, reason: 'unknown-bmp' };
      return result;
    }
    try {
      let start: number;
      let length: number;
      switch (spec.format.kind) {
        case 'fixed':
          start = i + 1;
          length = spec.format.length;
          break;
        case 'llvar':
          length = decodeVarLength(data, i + 1, 2);
          start = i + 3;
          break;
        case 'lllvar':
          length = decodeVarLength(data, i + 1, 3);
          start = i + 4;
          break;
        case 'tlv': {
          const [len, used] = decodeTlvLength(data, i + 1);
          length = len;
          start = i + 1 + used;
          break;
        }
      }
      if (start + length > data.length) {
        result.stoppedAt = { offset: i, id, reason: 'truncated' };
        return result;
      }
      const value = data.slice(start, start + length);
      fields.push({ id, value });
      if (spec.format.kind === 'tlv') {
        try {
          result.tlv = decodeTlv(value);
        } catch {
          result.tlv = [];
        }
      }
      i = start + length;
    } catch {
      result.stoppedAt = { offset: i, id, reason: 'bad-length' };
      return result;
    }
  }
  return result;
}

/** Encode one BMP field with its id and the length prefix its format requires. */
export function encodeBmp(id: number, value: Uint8Array): Uint8Array {
  const spec = BMP_TABLE.get(id);
  if (!spec) throw new ZvtDataError(`unknown BMP ${id.toString(16)}`);
  switch (spec.format.kind) {
    case 'fixed':
      if (value.length !== spec.format.length) {
        throw new ZvtDataError(`BMP ${id.toString(16)} needs ${spec.format.length} bytes, got ${value.length}`);
      }
      return concatBytes([Uint8Array.of(id), value]);
    case 'llvar':
      return concatBytes([Uint8Array.of(id), encodeVarLength(value.length, 2), value]);
    case 'lllvar':
      return concatBytes([Uint8Array.of(id), encodeVarLength(value.length, 3), value]);
    case 'tlv':
      return concatBytes([Uint8Array.of(id), encodeTlvLength(value.length), value]);
  }
}

export function encodeTlvBmp(nodes: TlvNode[]): Uint8Array {
  return encodeBmp(0x06, encodeTlv(nodes));
}

export function getBmp(result: BmpDecodeResult, id: number): Uint8Array | undefined {
  for (let i = result.fields.length - 1; i >= 0; i--) if (result.fields[i]!.id === id) return result.fields[i]!.value;
  return undefined;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
