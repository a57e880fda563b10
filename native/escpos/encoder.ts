// The one encoder: receipt document model → ESC/POS bytes for a printer profile. receiptline does the Chinese-mode
// text (ESC t 0 + FS & + GB bytes), column measuring, CODE128 code-set packing and raster QR; commands.ts does the
// rest. Pure (no I/O); never imports a transport, the service or the db.
import iconv from 'iconv-lite';
import { commands } from 'receiptline';
import { cmd, type AlignCode } from './commands';
import type { PrinterProfile, TextEncoding } from './profiles';
import { flattenDoc, type Align, type BarcodeSymbology, type Block, type ReceiptDoc, type Run, type TextStyle } from './receipt-doc';

/** Characters GB18030 only has as 4-byte sequences (which clone firmware prints as garbage): use the full-width twin. */
const GB_SAFE: Record<string, string> = { '¥': '￥', '£': '￡', '¢': '￠', '¬': '￢', '¦': '￤', '€': 'EUR' };

/**
 * The GB18030 guard (research/escpos.md §5): map `¥` to `￥` and friends, and replace anything that would need a
 * 4-byte GB18030 sequence (or, in GBK, has no double-byte code) with `?`, so every byte pair the printer sees is in
 * its double-byte font.
 */
export function guardText(text: string, encoding: TextEncoding): string {
  let out = '';
  for (const ch of Array.from(text)) {
    const mapped = GB_SAFE[ch];
    if (mapped !== undefined && !(ch === '€' && encoding === 'gb18030')) {
      out += mapped;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out += ch;
      continue;
    }
    const bytes = iconv.encode(ch, encoding);
    const ok = bytes.length === 2 && bytes[0]! >= 0x81 && bytes[1]! >= 0x40;
    out += ok ? ch : '?';
  }
  return out;
}

function guardRuns(runs: Run[], encoding: TextEncoding): Run[] {
  return runs.map((r) => ({ ...r, text: guardText(r.text, encoding) }));
}

/**
 * The document exactly as the printer will print it for this profile and width: text guarded, columns and
 * separators flattened. The virtual printer decodes the encoder's bytes back to this (tests compare the two).
 */
export function printableDoc(doc: ReceiptDoc, profile: PrinterProfile, columns: number): ReceiptDoc {
  const guarded: Block[] = doc.blocks.map((b) => {
    switch (b.type) {
      case 'text':
        return { ...b, runs: guardRuns(b.runs, profile.encoding) };
      case 'columns':
        return { ...b, left: guardRuns(b.left, profile.encoding), right: guardRuns(b.right, profile.encoding) };
      case 'watermark':
        return { ...b, text: guardText(b.text, profile.encoding) };
      case 'separator':
        return { ...b, char: guardText(b.char, profile.encoding) };
      default:
        return b;
    }
  });
  return flattenDoc({ blocks: guarded }, columns);
}

const RECEIPTLINE_BARCODE: Record<BarcodeSymbology, 'upc' | 'ean' | 'code39' | 'itf' | 'codabar' | 'code93' | 'code128'> = {
  'UPC-A': 'upc', 'UPC-E': 'upc', EAN13: 'ean', EAN8: 'ean', CODE39: 'code39', ITF: 'itf', CODABAR: 'codabar', CODE93: 'code93', CODE128: 'code128',
};

const ALIGN: Record<Align, AlignCode> = { left: 0, center: 1, right: 2 };

interface PrintState {
  align: Align;
  bold: boolean;
  underline: boolean;
  invert: boolean;
  width: number;
  height: number;
}

/** Text bytes: ASCII as is; anything else through receiptline, which brackets it with `ESC t 0 FS &` (Chinese mode). */
function textBytes(text: string, encoding: TextEncoding): number[] {
  if (/^[\x20-\x7e]*$/.test(text)) return Array.from(Buffer.from(text, 'latin1'));
  return Array.from(Buffer.from(commands.escpos.text(text, encoding), 'binary'));
}

function styleBytes(state: PrintState, style: TextStyle): number[] {
  const out: number[] = [];
  const bold = style.bold ?? false;
  const underline = style.underline ?? false;
  const invert = style.invert ?? false;
  const width = style.width ?? 1;
  const height = style.height ?? 1;
  if (bold !== state.bold) out.push(...cmd.bold(bold));
  if (underline !== state.underline) out.push(...cmd.underline(underline));
  if (invert !== state.invert) out.push(...cmd.invert(invert));
  if (width !== state.width || height !== state.height) out.push(...cmd.size(width, height));
  Object.assign(state, { bold, underline, invert, width, height });
  return out;
}

export interface EncodeOptions {
  profile: PrinterProfile;
  columns: number;
}

/**
 * Encode a document. The job starts with `ESC @` (so a previous job's half-set modes cannot leak in) and ends with
 * whatever the document ends with (cut, pulse). Styles are sent only when they change; every text line ends in LF.
 * The driver, not the encoder, appends the `GS r 1` completion marker.
 */
export function encodeReceipt(doc: ReceiptDoc, options: EncodeOptions): Uint8Array {
  const { profile, columns } = options;
  const flat = printableDoc(doc, profile, columns);
  const out: number[] = [...cmd.init()];
  const state: PrintState = { align: 'left', bold: false, underline: false, invert: false, width: 1, height: 1 };
  const setAlign = (align: Align) => {
    if (align !== state.align) {
      out.push(...cmd.align(ALIGN[align]));
      state.align = align;
    }
  };
  for (const block of flat.blocks) {
    switch (block.type) {
      case 'text':
        setAlign(block.align);
        for (const run of block.runs) {
          out.push(...styleBytes(state, run), ...textBytes(run.text, profile.encoding));
        }
        out.push(0x0a);
        break;
      case 'barcode': {
        setAlign(block.align);
        out.push(...styleBytes(state, {}));
        const code = commands.escpos.barcode(
          { data: block.data, type: RECEIPTLINE_BARCODE[block.symbology], width: block.moduleWidth, height: block.height, hri: block.hri },
          profile.encoding,
        );
        out.push(...Array.from(Buffer.from(code, 'binary')));
        break;
      }
      case 'qr':
        setAlign(block.align);
        if (profile.qr === 'native') {
          out.push(...cmd.qr(new Uint8Array(Buffer.from(block.data, 'utf8')), block.moduleSize, block.ecc));
        } else {
          const level = block.ecc.toLowerCase() as 'l' | 'm' | 'q' | 'h';
          const raster = commands.generic.qrcode({ data: block.data, type: 'qrcode', cell: block.moduleSize, level }, profile.encoding);
          for (const b of Buffer.from(raster, 'binary')) out.push(b);
        }
        break;
      case 'logo':
        setAlign(block.align);
        out.push(...(profile.nvLogo === 'gs-l' ? cmd.nvLogoGsL(block.key) : cmd.nvLogoFsP(block.key)));
        break;
      case 'image': {
        setAlign(block.align);
        // Raster data can be tens of KB: append in a loop (spreading it into push() overflows the call stack).
        const raster = cmd.raster((block.widthDots + 7) >> 3, block.heightDots, new Uint8Array(0));
        out.push(...raster);
        for (const b of block.bits) out.push(b);
        break;
      }
      case 'feed':
        out.push(...cmd.feedLines(block.lines));
        break;
      case 'cut':
        out.push(...cmd.cut(block.partial));
        break;
      case 'pulse':
        out.push(...cmd.pulse(block.pin, block.onMs, block.offMs));
        break;
      default:
        // columns / separator / watermark were flattened away by printableDoc.
        break;
    }
  }
  return Uint8Array.from(out);
}
