// ZVT serial framing (PA00P016 §3): CRC-16/KERMIT, DLE doubling, DLE STX … DLE ETX CRC frames, and a streaming
// byte-level frame parser with a bounded buffer. Pure functions of bytes: never imports Node I/O, the link or the service.

export const DLE = 0x10;
export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const NAK = 0x15;

/** Largest APDU the spec allows: 2 control bytes + 3 length bytes + 65535 data bytes. */
export const MAX_APDU_BYTES = 2 + 3 + 0xffff;

const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let i = 0; i < 8; i++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/**
 * CRC-16/KERMIT (reflected 0x1021 = 0x8408, init 0, no final xor) over the bytes given. The register value is
 * returned; on the wire it goes low byte first. Check value: "123456789" → 0x2189 (sent as 89 21).
 */
export function crc16Kermit(bytes: Uint8Array, initial = 0): number {
  let c = initial;
  for (const b of bytes) c = (c >>> 8) ^ CRC_TABLE[(c ^ b) & 0xff]!;
  return c;
}

/** The ZVT frame CRC: over the unstuffed APDU followed by ETX; excludes DLE STX, the DLE before ETX and stuffing. */
export function zvtFrameCrc(apdu: Uint8Array): number {
  return crc16Kermit(Uint8Array.of(ETX), crc16Kermit(apdu));
}

/** Double every DLE (0x10), including DLEs in the length bytes. */
export function stuffDle(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (const b of bytes) if (b === DLE) extra++;
  if (extra === 0) return bytes.slice();
  const out = new Uint8Array(bytes.length + extra);
  let o = 0;
  for (const b of bytes) {
    out[o++] = b;
    if (b === DLE) out[o++] = DLE;
  }
  return out;
}

/** Undo DLE doubling; throws on a lone DLE (which inside a frame means a framing error). */
export function unstuffDle(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === DLE) {
      if (bytes[i + 1] !== DLE) throw new ZvtFrameError(`lone DLE at offset ${i}`);
      i++;
    }
    out.push(b);
  }
  return Uint8Array.from(out);
}

export class ZvtFrameError extends Error {
  override readonly name = 'ZvtFrameError';
}

/**
 * Encode an APDU as a serial frame: DLE STX, the DLE-doubled APDU, DLE ETX, CRC low, CRC high.
 * Hazard: the two CRC bytes are NOT stuffed (a CRC byte of 0x10 goes out single); receivers read exactly 2 raw bytes.
 */
export function encodeFrame(apdu: Uint8Array): Uint8Array {
  const body = stuffDle(apdu);
  const crc = zvtFrameCrc(apdu);
  const out = new Uint8Array(body.length + 6);
  out[0] = DLE;
  out[1] = STX;
  out.set(body, 2);
  out[body.length + 2] = DLE;
  out[body.length + 3] = ETX;
  out[body.length + 4] = crc & 0xff;
  out[body.length + 5] = crc >>> 8;
  return out;
}

/** Decode one complete serial frame (exactly one, nothing around it) to its APDU; throws ZvtFrameError. */
export function decodeFrame(frame: Uint8Array): Uint8Array {
  const parser = new ZvtFrameParser();
  const events = parser.push(frame);
  if (parser.inFrame) throw new ZvtFrameError('incomplete frame');
  if (events.length !== 1) throw new ZvtFrameError(`expected one frame, got ${events.map((e) => e.type).join(', ')}`);
  const event = events[0]!;
  if (event.type !== 'frame') throw new ZvtFrameError(`not a good frame: ${event.type}`);
  return event.apdu;
}

export type FrameParserEvent =
  | { type: 'frame'; apdu: Uint8Array; raw: Uint8Array }
  | { type: 'ack' }
  | { type: 'nak' }
  /** A frame whose CRC did not match: the receiver answers NAK. */
  | { type: 'bad-crc'; apdu: Uint8Array; raw: Uint8Array; expected: number; received: number }
  /** DLE followed by something other than DLE/ETX inside a frame: the receiver answers NAK. */
  | { type: 'bad-escape'; raw: Uint8Array }
  /** The frame grew past the bound; dropped. The receiver answers NAK. */
  | { type: 'overflow'; droppedBytes: number }
  /** Bytes outside any frame (line noise, a half frame after a restart); ignored while hunting for DLE STX. */
  | { type: 'garbage'; bytes: Uint8Array };

type ParserState = 'idle' | 'idle-dle' | 'data' | 'data-dle' | 'crc-lo' | 'crc-hi';

/**
 * Streaming receiver: a byte state machine (idle → DLE → STX → data ⇄ DLE → CRC lo → CRC hi). It resyncs on DLE STX
 * from any state, reports ACK/NAK bytes seen between frames, and never holds more than `maxApduBytes` (+ the raw copy
 * of the frame in progress), so a stream of garbage cannot grow memory. It never throws on input.
 */
export class ZvtFrameParser {
  private state: ParserState = 'idle';
  private apdu: number[] = [];
  private raw: number[] = [];
  private garbage: number[] = [];
  private crcLo = 0;
  private dropping = false;
  private droppedBytes = 0;

  constructor(private readonly maxApduBytes = MAX_APDU_BYTES) {}

  /** True between DLE STX and the second CRC byte: the T1 inter-byte timer runs only then. */
  get inFrame(): boolean {
    return this.state !== 'idle' && this.state !== 'idle-dle';
  }

  /** Bytes currently buffered (for the bounded-memory tests). */
  get bufferedBytes(): number {
    return this.apdu.length + this.raw.length + this.garbage.length;
  }

  /** Abandon a frame in progress (T1 expired, link reset). */
  reset(): void {
    this.state = 'idle';
    this.apdu = [];
    this.raw = [];
    this.dropping = false;
    this.droppedBytes = 0;
  }

  push(chunk: Uint8Array): FrameParserEvent[] {
    const events: FrameParserEvent[] = [];
    for (const b of chunk) this.step(b, events);
    this.flushGarbage(events);
    return events;
  }

  private flushGarbage(events: FrameParserEvent[]): void {
    if (this.garbage.length > 0) {
      events.push({ type: 'garbage', bytes: Uint8Array.from(this.garbage) });
      this.garbage = [];
    }
  }

  private startFrame(events: FrameParserEvent[]): void {
    this.flushGarbage(events);
    this.state = 'data';
    this.apdu = [];
    this.raw = [DLE, STX];
    this.dropping = false;
    this.droppedBytes = 0;
  }

  private addGarbage(b: number, events: FrameParserEvent[]): void {
    this.garbage.push(b);
    // Bound the garbage run too: report it in slices rather than accumulate.
    if (this.garbage.length >= 256) this.flushGarbage(events);
  }

  private addData(b: number, events: FrameParserEvent[]): void {
    if (this.dropping) {
      this.droppedBytes++;
      return;
    }
    if (this.apdu.length >= this.maxApduBytes) {
      // Over the bound: stop buffering, keep counting until the frame ends or a new DLE STX resyncs us.
      this.dropping = true;
      this.droppedBytes = this.apdu.length + 1;
      this.apdu = [];
      this.raw = [];
      events.push({ type: 'overflow', droppedBytes: this.droppedBytes });
      return;
    }
    this.apdu.push(b);
  }

  private step(b: number, events: FrameParserEvent[]): void {
    switch (this.state) {
      case 'idle':
        if (b === DLE) this.state = 'idle-dle';
        else if (b === ACK || b === NAK) {
          this.flushGarbage(events);
          events.push({ type: b === ACK ? 'ack' : 'nak' });
        } else this.addGarbage(b, events);
        return;
      case 'idle-dle':
        if (b === STX) this.startFrame(events);
        else {
          this.addGarbage(DLE, events);
          if (b === DLE) return; // stay in idle-dle: the second DLE may start DLE STX
          this.state = 'idle';
          this.addGarbage(b, events);
        }
        return;
      case 'data':
        if (!this.dropping) this.raw.push(b);
        if (b === DLE) this.state = 'data-dle';
        else this.addData(b, events);
        return;
      case 'data-dle':
        if (!this.dropping) this.raw.push(b);
        if (b === DLE) {
          this.state = 'data';
          this.addData(DLE, events);
        } else if (b === ETX) {
          this.state = 'crc-lo';
        } else if (b === STX) {
          // DLE STX inside a frame: the sender restarted. Drop the partial frame and resync on the new one.
          events.push({ type: 'bad-escape', raw: Uint8Array.from(this.raw) });
          this.startFrame(events);
        } else {
          events.push({ type: 'bad-escape', raw: Uint8Array.from(this.raw) });
          this.reset();
        }
        return;
      case 'crc-lo':
        if (!this.dropping) this.raw.push(b);
        this.crcLo = b;
        this.state = 'crc-hi';
        return;
      case 'crc-hi': {
        if (this.dropping) {
          this.reset();
          return;
        }
        this.raw.push(b);
        const apdu = Uint8Array.from(this.apdu);
        const raw = Uint8Array.from(this.raw);
        const received = this.crcLo | (b << 8);
        const expected = zvtFrameCrc(apdu);
        events.push(expected === received ? { type: 'frame', apdu, raw } : { type: 'bad-crc', apdu, raw, expected, received });
        this.reset();
        return;
      }
    }
  }
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Parse "10 02 06 00" / "100206" into bytes (test vectors, CLI input). */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[^0-9a-fA-F]/g, '');
  if (clean.length % 2 !== 0) throw new Error(`odd number of hex digits: "${text}"`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
