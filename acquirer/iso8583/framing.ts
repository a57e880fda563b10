// TCP framing for ISO 8583: a 2-byte big-endian length header before each message, and a streaming deframer whose
// buffer never exceeds one maximum frame. Pure; never imports service/, web/, cli/, renderer/ or electron.
import { Iso8583DecodeError } from './errors';

export const FRAME_HEADER_BYTES = 2;

/** Prefix a message with its length (big-endian, 2 bytes). */
export function frameMessage(payload: Uint8Array): Uint8Array {
  if (payload.length === 0 || payload.length > 0xffff) {
    throw new RangeError(`frame payload must be 1..65535 bytes, got ${payload.length}`);
  }
  const out = new Uint8Array(payload.length + FRAME_HEADER_BYTES);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/**
 * Reassembles frames from a byte stream. Memory is bounded: a header announcing more than `maxFrameLength` is
 * refused at once (before any body is buffered), so a hostile or corrupt peer cannot make us hold more than
 * maxFrameLength + 2 bytes. After an error the deframer is poisoned: the stream has lost sync and the only safe
 * move is to drop the connection.
 */
export class Deframer {
  private buffer: Uint8Array;
  private filled = 0;
  private failed: Iso8583DecodeError | null = null;

  constructor(readonly maxFrameLength: number) {
    if (!Number.isInteger(maxFrameLength) || maxFrameLength < 1 || maxFrameLength > 0xffff) {
      throw new RangeError(`maxFrameLength must be 1..65535, got ${maxFrameLength}`);
    }
    this.buffer = new Uint8Array(maxFrameLength + FRAME_HEADER_BYTES);
  }

  /** Bytes of an incomplete frame held right now (0 between frames). */
  get pendingBytes(): number {
    return this.filled;
  }

  /** Feed a chunk; returns the complete frames' payloads in order. Throws Iso8583DecodeError (and stays failed). */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failed) throw this.failed;
    const frames: Uint8Array[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.filled < FRAME_HEADER_BYTES) {
        this.buffer[this.filled++] = chunk[i++]!;
        if (this.filled === FRAME_HEADER_BYTES) {
          const length = this.announced();
          if (length === 0) this.fail('EMPTY_FRAME', 'frame header announces 0 bytes');
          if (length > this.maxFrameLength) this.fail('FRAME_TOO_LONG', `frame announces ${length} bytes, limit ${this.maxFrameLength}`);
        }
        continue;
      }
      const need = FRAME_HEADER_BYTES + this.announced() - this.filled;
      const take = Math.min(need, chunk.length - i);
      this.buffer.set(chunk.subarray(i, i + take), this.filled);
      this.filled += take;
      i += take;
      if (this.filled === FRAME_HEADER_BYTES + this.announced()) {
        frames.push(this.buffer.slice(FRAME_HEADER_BYTES, this.filled));
        this.filled = 0;
      }
    }
    return frames;
  }

  private announced(): number {
    return (this.buffer[0]! << 8) | this.buffer[1]!;
  }

  private fail(code: 'EMPTY_FRAME' | 'FRAME_TOO_LONG', message: string): never {
    this.failed = new Iso8583DecodeError(code, message, 0);
    this.filled = 0;
    throw this.failed;
  }
}
