// ESC/POS byte-stream decoder for the virtual printer: a chunk-safe tokenizer (every command consumes its own
// arguments, so image payloads never desynchronise it) and an interpreter that rebuilds the receipt document model
// (styled text incl. GB18030/GBK in Chinese mode, code pages, barcodes, QR, images, logos, cut, pulse).
// Pure: never imports Node I/O, a transport, the service or the db.
import iconv from 'iconv-lite';
import type { TextEncoding } from './profiles';
import { mergeRuns, trimTrailingSpaces, type Align, type BarcodeSymbology, type Block, type Run } from './receipt-doc';

export interface Token {
  /** Short name, e.g. 'ESC @', 'GS k', 'text', 'unknown'. */
  name: string;
  bytes: Uint8Array;
}

const ESC = 0x1b, GS = 0x1d, FS = 0x1c, DLE = 0x10;

/** Length of the token starting at i, or 0 if more bytes are needed to know or to complete it. */
export function tokenLength(b: Uint8Array, i: number, kanji: boolean): number {
  const left = b.length - i;
  const need = (n: number) => (left >= n ? n : 0);
  const c0 = b[i]!;
  if (c0 === ESC || c0 === GS || c0 === FS || c0 === DLE) {
    if (left < 2) return 0;
    const c1 = b[i + 1]!;
    if (c0 === ESC) {
      if ([0x40, 0x32, 0x3c, 0x53, 0x4c, 0x0c].includes(c1)) return 2;
      if ([0x74, 0x52, 0x61, 0x45, 0x2d, 0x21, 0x4d, 0x64, 0x4a, 0x33, 0x20, 0x7b, 0x47, 0x56, 0x55, 0x72, 0x65, 0x3d, 0x25, 0x54, 0x4b].includes(c1)) return need(3);
      if (c1 === 0x24 || c1 === 0x5c) return need(4);
      if (c1 === 0x63) return need(4);
      if (c1 === 0x70) return need(5);
      if (c1 === 0x2a) {
        if (left < 5) return 0;
        const k = b[i + 3]! + b[i + 4]! * 256;
        const m = b[i + 2]!;
        return need(5 + (m === 32 || m === 33 ? 3 * k : k));
      }
      if (c1 === 0x44) {
        for (let j = i + 2; j < b.length; j++) if (b[j] === 0) return j - i + 1;
        return 0;
      }
      return 2;
    }
    if (c0 === GS) {
      if ([0x21, 0x42, 0x61, 0x72, 0x68, 0x77, 0x48, 0x66, 0x49, 0x62, 0x2f].includes(c1)) return need(3);
      if (c1 === 0x56) {
        if (left < 3) return 0;
        const m = b[i + 2]!;
        return m === 0 || m === 1 || m === 48 || m === 49 ? 3 : need(4);
      }
      if ([0x4c, 0x57, 0x50, 0x24, 0x5c].includes(c1)) return need(4);
      if (c1 === 0x6b) {
        if (left < 3) return 0;
        const m = b[i + 2]!;
        if (m <= 6) {
          for (let j = i + 3; j < b.length; j++) if (b[j] === 0) return j - i + 1;
          return 0;
        }
        if (left < 4) return 0;
        return need(4 + b[i + 3]!);
      }
      if (c1 === 0x28) {
        if (left < 5) return 0;
        return need(5 + b[i + 3]! + b[i + 4]! * 256);
      }
      if (c1 === 0x38) {
        if (left < 7) return 0;
        return need(7 + b[i + 3]! + b[i + 4]! * 0x100 + b[i + 5]! * 0x10000 + b[i + 6]! * 0x1000000);
      }
      if (c1 === 0x76) {
        if (left < 8) return 0;
        return need(8 + (b[i + 4]! + b[i + 5]! * 256) * (b[i + 6]! + b[i + 7]! * 256));
      }
      if (c1 === 0x2a) {
        if (left < 4) return 0;
        return need(4 + b[i + 2]! * b[i + 3]! * 8);
      }
      return 2;
    }
    if (c0 === FS) {
      if (c1 === 0x26 || c1 === 0x2e) return 2;
      if ([0x21, 0x2d, 0x57, 0x43].includes(c1)) return need(3);
      if (c1 === 0x53 || c1 === 0x70) return need(4);
      if (c1 === 0x28) {
        if (left < 5) return 0;
        return need(5 + b[i + 3]! + b[i + 4]! * 256);
      }
      return 2;
    }
    // DLE
    if (c1 === 0x04 || c1 === 0x05) return need(3);
    if (c1 === 0x14) {
      if (left < 3) return 0;
      const fn = b[i + 2]!;
      if (fn === 1 || fn === 2 || fn === 7) return need(5);
      if (fn === 8) return need(10);
      return 3;
    }
    return 1;
  }
  if (kanji && c0 >= 0x81 && c0 <= 0xfe) {
    if (left < 2) return 0;
    const c1 = b[i + 1]!;
    return c1 >= 0x30 && c1 <= 0x39 ? need(4) : 2;
  }
  return 1;
}

const NAMES: Record<number, string> = { [ESC]: 'ESC', [GS]: 'GS', [FS]: 'FS', [DLE]: 'DLE' };

/** Incremental tokenizer: push chunks, take complete tokens. Kanji mode decides how text bytes pair up. */
export class Tokenizer {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;

  push(chunk: Uint8Array): void {
    const rest = this.buf.subarray(this.pos);
    const merged = new Uint8Array(rest.length + chunk.length);
    merged.set(rest, 0);
    merged.set(chunk, rest.length);
    this.buf = merged;
    this.pos = 0;
  }

  get pending(): number {
    return this.buf.length - this.pos;
  }

  next(kanji: boolean): Token | undefined {
    if (this.pos >= this.buf.length) return undefined;
    const len = tokenLength(this.buf, this.pos, kanji);
    if (len === 0) return undefined;
    const bytes = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    const c0 = bytes[0]!;
    const prefix = NAMES[c0];
    let name: string;
    if (prefix && len >= 2) name = `${prefix} ${String.fromCharCode(bytes[1]!)}`;
    else if (c0 < 0x20) name = `ctl ${c0}`;
    else name = 'text';
    return { name, bytes };
  }

  clear(): void {
    this.buf = new Uint8Array(0);
    this.pos = 0;
  }
}

export type DecodeEvent =
  | { type: 'init' }
  | { type: 'codepage'; page: number }
  | { type: 'chinese'; on: boolean }
  | { type: 'status-request'; kind: 'realtime' | 'in-sequence'; n: number }
  | { type: 'asb'; mask: number }
  | { type: 'unknown'; bytes: number[] };

/** Side effects the device layer acts on. */
export type Effect =
  | { type: 'printed'; what: 'line' | 'barcode' | 'qr' | 'image' | 'logo' | 'feed' | 'cut' }
  | { type: 'pulse' }
  | { type: 'asb-mask'; mask: number }
  | { type: 'in-sequence-status'; n: number }
  | { type: 'init' };

interface Style {
  bold: boolean;
  underline: boolean;
  invert: boolean;
  width: number;
  height: number;
}

const CODE_PAGES: Record<number, string> = { 0: 'cp437', 2: 'cp850', 16: 'windows1252', 17: 'cp866', 18: 'cp852', 19: 'cp858' };
const SYMBOLOGY: Record<number, BarcodeSymbology> = {
  0: 'UPC-A', 1: 'UPC-E', 2: 'EAN13', 3: 'EAN8', 4: 'CODE39', 5: 'ITF', 6: 'CODABAR',
  65: 'UPC-A', 66: 'UPC-E', 67: 'EAN13', 68: 'EAN8', 69: 'CODE39', 70: 'ITF', 71: 'CODABAR', 72: 'CODE93', 73: 'CODE128',
};
const ALIGNS: Align[] = ['left', 'center', 'right'];

/** CODE128 GS k data (code set selectors `{A {B {C`, shift `{S`, `{{` = `{`) back to the encoded text. */
export function decodeCode128(data: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let out = '';
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === 0x7b && i + 1 < data.length) {
      const sel = data[i + 1]!;
      i++;
      if (sel === 0x41) set = 'A';
      else if (sel === 0x42) set = 'B';
      else if (sel === 0x43) set = 'C';
      else if (sel === 0x7b) out += '{';
      else if (sel === 0x53 && i + 1 < data.length) {
        // Shift: one character from the other of A/B.
        i++;
        out += String.fromCharCode(data[i]!);
      }
      continue;
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

export interface InterpreterOptions {
  /** Double-byte encoding of the printer's Chinese font. */
  encoding: TextEncoding;
  /** Clones start (and return after ESC @) in Chinese mode; Epson models do not. */
  chineseAtInit: boolean;
  /** Dots per character at width 1 (font A: 12), for ESC $ / ESC \ positions. */
  charDots?: number;
  /** When false, DLE EOT / ENQ / DC4 are skipped here because the device already acted on them as they arrived. */
  realtimeInStream?: boolean;
}

/** Turns tokens into blocks. Holds the printer's mode state (styles, alignment, code page, Chinese mode). */
export class Interpreter {
  readonly blocks: Block[] = [];
  readonly events: DecodeEvent[] = [];
  chinese: boolean;
  private codePage = 0;
  private align: Align = 'left';
  private lineAlign: Align | undefined;
  private style: Style = { bold: false, underline: false, invert: false, width: 1, height: 1 };
  private runs: Run[] = [];
  private column = 0;
  private barcode = { height: 162, width: 3, hri: 0 };
  private qr = { size: 3, ecc: 'L' as 'L' | 'M' | 'Q' | 'H', data: '' };
  private graphics: { widthDots: number; heightDots: number; bits: Uint8Array } | undefined;

  constructor(private readonly options: InterpreterOptions) {
    this.chinese = options.chineseAtInit;
  }

  private reset(): void {
    this.chinese = this.options.chineseAtInit;
    this.codePage = 0;
    this.align = 'left';
    this.style = { bold: false, underline: false, invert: false, width: 1, height: 1 };
    this.barcode = { height: 162, width: 3, hri: 0 };
  }

  private addText(text: string, columns: number): void {
    if (this.lineAlign === undefined) this.lineAlign = this.align;
    const s = this.style;
    const run: Run = { text };
    if (s.bold) run.bold = true;
    if (s.underline) run.underline = true;
    if (s.invert) run.invert = true;
    if (s.width !== 1) run.width = s.width;
    if (s.height !== 1) run.height = s.height;
    this.runs.push(run);
    this.column += columns * s.width;
  }

  /** Print the line buffer (LF, or implicitly before a barcode, image, feed or cut). */
  private flushLine(force: boolean): boolean {
    if (!force && this.runs.length === 0) return false;
    this.blocks.push({ type: 'text', align: this.lineAlign ?? this.align, runs: trimTrailingSpaces(mergeRuns(this.runs)) });
    this.runs = [];
    this.column = 0;
    this.lineAlign = undefined;
    return true;
  }

  private moveTo(column: number): void {
    if (column > this.column) this.addText(' '.repeat(column - this.column), column - this.column);
  }

  apply(tok: Token): Effect[] {
    const b = tok.bytes;
    const effects: Effect[] = [];
    const printed = (what: Extract<Effect, { type: 'printed' }>['what']) => effects.push({ type: 'printed', what });
    const flushFirst = () => {
      if (this.flushLine(false)) printed('line');
    };
    switch (tok.name) {
      case 'text': {
        const c = b[0]!;
        if (b.length === 1 && c < 0x80) this.addText(String.fromCharCode(c), 1);
        else if (this.chinese && b.length >= 2) {
          // 4-byte sequences decode under gb18030 only; firmware with a GBK font prints them as garbage ('?').
          const text = b.length === 4 && this.options.encoding !== 'gb18030' ? '?' : iconv.decode(Buffer.from(b), 'gb18030');
          this.addText(text, 2);
        } else {
          const page = CODE_PAGES[this.codePage] ?? 'cp437';
          this.addText(iconv.decode(Buffer.from(b), page), 1);
        }
        break;
      }
      case 'ctl 10':
      case 'ctl 12':
        this.flushLine(true);
        printed('line');
        break;
      case 'ctl 9':
        this.moveTo(Math.floor(this.column / 8) * 8 + 8);
        break;
      case 'ctl 0':
      case 'ctl 13':
        break;
      case 'ESC @':
        flushFirst();
        this.reset();
        this.events.push({ type: 'init' });
        effects.push({ type: 'init' });
        break;
      case 'ESC t':
        this.codePage = b[2]!;
        this.events.push({ type: 'codepage', page: b[2]! });
        break;
      case 'FS &':
        this.chinese = true;
        this.events.push({ type: 'chinese', on: true });
        break;
      case 'FS .':
        this.chinese = false;
        this.events.push({ type: 'chinese', on: false });
        break;
      case 'ESC a': {
        const n = b[2]! % 48;
        this.align = ALIGNS[n] ?? 'left';
        break;
      }
      case 'ESC E':
        this.style.bold = (b[2]! & 1) === 1;
        break;
      case 'ESC -':
        this.style.underline = b[2]! % 48 !== 0;
        break;
      case 'GS B':
        this.style.invert = (b[2]! & 1) === 1;
        break;
      case 'GS !':
        this.style.width = (b[2]! >> 4) + 1;
        this.style.height = (b[2]! & 0x0f) + 1;
        break;
      case 'ESC !': {
        const n = b[2]!;
        this.style.bold = (n & 0x08) !== 0;
        this.style.height = n & 0x10 ? 2 : 1;
        this.style.width = n & 0x20 ? 2 : 1;
        this.style.underline = (n & 0x80) !== 0;
        break;
      }
      case 'ESC $':
        this.moveTo(Math.floor((b[2]! + b[3]! * 256) / (this.options.charDots ?? 12)));
        break;
      case 'ESC \\':
        this.moveTo(this.column + Math.floor((b[2]! + b[3]! * 256) / (this.options.charDots ?? 12)));
        break;
      case 'ESC d':
        flushFirst();
        this.blocks.push({ type: 'feed', lines: b[2]! });
        printed('feed');
        break;
      case 'GS V':
        flushFirst();
        // m 1/49/66/98 are partial cuts, 0/48/65/97 full.
        this.blocks.push({ type: 'cut', partial: [1, 49, 66, 98, 104].includes(b[2]!) });
        printed('cut');
        break;
      case 'ESC p':
        this.blocks.push({ type: 'pulse', pin: b[2]! % 48 === 0 ? 2 : 5, onMs: b[3]! * 2, offMs: Math.max(b[3]!, b[4]!) * 2 });
        effects.push({ type: 'pulse' });
        break;
      case 'GS h':
        this.barcode.height = b[2]!;
        break;
      case 'GS w':
        this.barcode.width = b[2]!;
        break;
      case 'GS H':
        this.barcode.hri = b[2]! % 48;
        break;
      case 'GS k': {
        flushFirst();
        const m = b[2]!;
        const data = m <= 6 ? b.subarray(3, b.length - 1) : b.subarray(4);
        const symbology = SYMBOLOGY[m];
        if (!symbology) {
          this.events.push({ type: 'unknown', bytes: Array.from(b) });
          break;
        }
        this.blocks.push({
          type: 'barcode',
          symbology,
          data: symbology === 'CODE128' ? decodeCode128(data) : Buffer.from(data).toString('latin1'),
          height: this.barcode.height,
          moduleWidth: this.barcode.width,
          hri: this.barcode.hri !== 0,
          align: this.align,
        });
        printed('barcode');
        break;
      }
      case 'GS (':
        effects.push(...this.gsParen(b, flushFirst, printed));
        break;
      case 'GS 8': {
        // GS 8 L: like GS ( L with a 4-byte length; used by receiptline for QR and images.
        const fn = b[8];
        if (b[2] === 0x4c && fn === 0x70) this.storeGraphics(b.subarray(9));
        else this.events.push({ type: 'unknown', bytes: Array.from(b.subarray(0, 9)) });
        break;
      }
      case 'GS v': {
        flushFirst();
        const x = b[4]! + b[5]! * 256;
        const y = b[6]! + b[7]! * 256;
        this.blocks.push({ type: 'image', widthDots: x * 8, heightDots: y, bits: Uint8Array.from(b.subarray(8)), align: this.align });
        printed('image');
        break;
      }
      case 'FS p':
        flushFirst();
        this.blocks.push({ type: 'logo', key: b[2]!, align: this.align });
        printed('logo');
        break;
      case 'GS a':
        this.events.push({ type: 'asb', mask: b[2]! });
        effects.push({ type: 'asb-mask', mask: b[2]! });
        break;
      case 'GS r':
        this.events.push({ type: 'status-request', kind: 'in-sequence', n: b[2]! % 48 });
        effects.push({ type: 'in-sequence-status', n: b[2]! % 48 });
        break;
      case 'DLE \x04':
        if (this.options.realtimeInStream !== false) this.events.push({ type: 'status-request', kind: 'realtime', n: b[2]! });
        break;
      case 'DLE \x14':
        if (this.options.realtimeInStream !== false && b[2] === 1) {
          this.blocks.push({ type: 'pulse', pin: b[3] === 0 ? 2 : 5, onMs: b[4]! * 100, offMs: b[4]! * 100 });
          effects.push({ type: 'pulse' });
        }
        break;
      case 'DLE \x05':
        break;
      // Accepted, no effect on the model: font, spacing, upside-down, print area, Chinese size/underline, etc.
      case 'ESC M':
      case 'ESC 2':
      case 'ESC 3':
      case 'ESC  ':
      case 'ESC {':
      case 'ESC R':
      case 'ESC G':
      case 'ESC J':
      case 'GS L':
      case 'GS W':
      case 'GS f':
      case 'FS !':
      case 'FS -':
      case 'FS W':
      case 'FS C':
      case 'FS S':
      case 'FS (':
        break;
      default:
        this.events.push({ type: 'unknown', bytes: Array.from(b.subarray(0, Math.min(b.length, 8))) });
    }
    return effects;
  }

  private storeGraphics(p: Uint8Array): void {
    // a bx by c xL xH yL yH d…
    const x = p[4]! + p[5]! * 256;
    const y = p[6]! + p[7]! * 256;
    this.graphics = { widthDots: x, heightDots: y, bits: Uint8Array.from(p.subarray(8)) };
  }

  private gsParen(b: Uint8Array, flushFirst: () => void, printed: (what: 'qr' | 'image' | 'logo') => void): Effect[] {
    const fnLetter = b[2]!;
    const body = b.subarray(5);
    if (fnLetter === 0x6b && body[0] === 0x31) {
      // GS ( k, cn 49 = QR Code.
      const fn = body[1]!;
      if (fn === 0x43) this.qr.size = body[2]!;
      else if (fn === 0x45) this.qr.ecc = (['L', 'M', 'Q', 'H'] as const)[body[2]! - 48] ?? 'L';
      else if (fn === 0x50) this.qr.data = Buffer.from(body.subarray(3)).toString('utf8');
      else if (fn === 0x51) {
        flushFirst();
        this.blocks.push({ type: 'qr', data: this.qr.data, moduleSize: this.qr.size, ecc: this.qr.ecc, align: this.align });
        printed('qr');
      }
      return [];
    }
    if (fnLetter === 0x4c) {
      const fn = body[1]!;
      if (fn === 0x45) {
        flushFirst();
        const key = Number(String.fromCharCode(body[2]!, body[3]!));
        this.blocks.push({ type: 'logo', key: Number.isInteger(key) ? key : 0, align: this.align });
        printed('logo');
      } else if (fn === 0x70) this.storeGraphics(body.subarray(2));
      else if (fn === 0x32 && this.graphics) {
        flushFirst();
        this.blocks.push({ type: 'image', ...this.graphics, align: this.align });
        this.graphics = undefined;
        printed('image');
      }
      return [];
    }
    if (fnLetter === 0x44) return []; // GS ( D: enable/disable real-time commands.
    this.events.push({ type: 'unknown', bytes: Array.from(b.subarray(0, Math.min(b.length, 8))) });
    return [];
  }

  /** Print whatever is left in the line buffer (end of stream without LF). */
  finish(): void {
    this.flushLine(false);
  }
}

export interface DecodeResult {
  blocks: Block[];
  events: DecodeEvent[];
  /** Bytes at the end that did not form a complete command. */
  trailing: number;
}

/** Decode a complete byte stream at once (no device state, no blocking): what a healthy printer would print. */
export function decodeEscPos(bytes: Uint8Array, options: Partial<InterpreterOptions> = {}): DecodeResult {
  const interp = new Interpreter({ encoding: options.encoding ?? 'gb18030', chineseAtInit: options.chineseAtInit ?? false, ...options });
  const tokens = new Tokenizer();
  tokens.push(bytes);
  for (let tok = tokens.next(interp.chinese); tok; tok = tokens.next(interp.chinese)) interp.apply(tok);
  interp.finish();
  return { blocks: interp.blocks, events: interp.events, trailing: tokens.pending };
}
