// The receipt document model shared by the layouts (which build it), the encoder (which turns it into ESC/POS) and
// the virtual printer (which decodes bytes back into it). Pure: never imports Node, serialport or any transport.
import { commands } from 'receiptline';

export type Align = 'left' | 'center' | 'right';

/** GS k symbologies (function B numbering 65..73); the layouts print receipt numbers as CODE128. */
export type BarcodeSymbology = 'UPC-A' | 'UPC-E' | 'EAN13' | 'EAN8' | 'CODE39' | 'ITF' | 'CODABAR' | 'CODE93' | 'CODE128';

export interface TextStyle {
  bold?: boolean;
  underline?: boolean;
  invert?: boolean;
  /** Character width multiplier (GS !): 1..8; layouts use 1 and 2. */
  width?: number;
  /** Character height multiplier (GS !): 1..8; layouts use 1 and 2. */
  height?: number;
}

export interface Run extends TextStyle {
  text: string;
}

/**
 * Blocks. `text` lines, `barcode`, `qr`, `logo`, `image`, `feed`, `cut` and `pulse` are what a printer prints, so the
 * virtual printer decodes into exactly these. `columns`, `separator` and `watermark` are authoring conveniences that
 * `flattenDoc` turns into text lines for a given column count.
 */
export type Block =
  | { type: 'text'; align: Align; runs: Run[] }
  | { type: 'columns'; left: Run[]; right: Run[] }
  | { type: 'separator'; char: string }
  | { type: 'watermark'; text: string }
  | { type: 'barcode'; symbology: BarcodeSymbology; data: string; height: number; moduleWidth: number; hri: boolean; align: Align }
  | { type: 'qr'; data: string; moduleSize: number; ecc: 'L' | 'M' | 'Q' | 'H'; align: Align }
  /** Stored NV logo, printed by key (FS p n / GS ( L fn 69). */
  | { type: 'logo'; key: number; align: Align }
  /** Raster image, 1 bit per dot, MSB first, `bytesPerRow × height` bytes. */
  | { type: 'image'; widthDots: number; heightDots: number; bits: Uint8Array; align: Align }
  | { type: 'feed'; lines: number }
  | { type: 'cut'; partial: boolean }
  /** Drawer kick: pin 2 or 5, on/off times in ms. */
  | { type: 'pulse'; pin: 2 | 5; onMs: number; offMs: number };

export interface ReceiptDoc {
  blocks: Block[];
}

export type TextBlock = Extract<Block, { type: 'text' }>;

/** Display columns of a string: CJK and other non-ASCII characters count two (receiptline's GB18030 rule). */
export function textColumns(text: string): number {
  return commands.escpos.measureText(text, 'gb18030');
}

export function runColumns(run: Run): number {
  return textColumns(run.text) * (run.width ?? 1);
}

export function runsColumns(runs: Run[]): number {
  return runs.reduce((sum, run) => sum + runColumns(run), 0);
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return (
    (a.bold ?? false) === (b.bold ?? false) &&
    (a.underline ?? false) === (b.underline ?? false) &&
    (a.invert ?? false) === (b.invert ?? false) &&
    (a.width ?? 1) === (b.width ?? 1) &&
    (a.height ?? 1) === (b.height ?? 1)
  );
}

/** Canonical run: style flags present only when set, so decoded and authored runs compare with deep equality. */
export function canonicalRun(run: Run): Run {
  const out: Run = { text: run.text };
  if (run.bold) out.bold = true;
  if (run.underline) out.underline = true;
  if (run.invert) out.invert = true;
  if ((run.width ?? 1) !== 1) out.width = run.width;
  if ((run.height ?? 1) !== 1) out.height = run.height;
  return out;
}

/** Merge neighbouring runs of the same style and drop empty ones. */
export function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const raw of runs) {
    if (raw.text === '') continue;
    const run = canonicalRun(raw);
    const last = out[out.length - 1];
    if (last && sameStyle(last, run)) last.text += run.text;
    else out.push(run);
  }
  return out;
}

/** Cut a run list to at most `max` columns (never splitting a double-width character). */
export function truncateRuns(runs: Run[], max: number): Run[] {
  const out: Run[] = [];
  let used = 0;
  for (const run of runs) {
    const w = run.width ?? 1;
    let text = '';
    for (const ch of Array.from(run.text)) {
      const cols = textColumns(ch) * w;
      if (used + cols > max) break;
      text += ch;
      used += cols;
    }
    if (text) out.push({ ...run, text });
    if (text.length < run.text.length) break;
  }
  return out;
}

/**
 * Flatten authoring blocks into printable ones for `columns` characters per line. Columns become one left-aligned
 * line with the right part padded to the edge (two lines when both do not fit), separators a full line of the
 * character, watermarks an inverted double-size centred line.
 */
export function flattenDoc(doc: ReceiptDoc, columns: number): ReceiptDoc {
  const blocks: Block[] = [];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'columns': {
        const rightCols = runsColumns(block.right);
        if (rightCols > 0 && runsColumns(block.left) + 1 + rightCols > columns) {
          // Too long for one line (a long product name on 58 mm): left part on its own line, right part under it,
          // right-aligned by padding, so no text is lost and amounts stay in their column.
          const right = truncateRuns(block.right, columns);
          blocks.push({ type: 'text', align: 'left', runs: trimTrailingSpaces(mergeRuns(truncateRuns(block.left, columns))) });
          blocks.push({ type: 'text', align: 'left', runs: trimTrailingSpaces(mergeRuns([{ text: ' '.repeat(columns - runsColumns(right)) }, ...right])) });
          break;
        }
        const gap = Math.max(0, columns - runsColumns(block.left) - rightCols);
        const runs = mergeRuns([...block.left, { text: ' '.repeat(gap) }, ...block.right]);
        blocks.push({ type: 'text', align: 'left', runs: trimTrailingSpaces(runs) });
        break;
      }
      case 'separator': {
        const unit = textColumns(block.char) || 1;
        blocks.push({ type: 'text', align: 'left', runs: [{ text: block.char.repeat(Math.floor(columns / unit)) }] });
        break;
      }
      case 'watermark':
        blocks.push({
          type: 'text',
          align: 'center',
          runs: mergeRuns(truncateRuns([{ text: block.text, bold: true, invert: true, width: 2, height: 2 }], columns)),
        });
        break;
      case 'text':
        blocks.push({ type: 'text', align: block.align, runs: trimTrailingSpaces(mergeRuns(truncateRuns(block.runs, columns))) });
        break;
      default:
        blocks.push(block);
    }
  }
  return { blocks };
}

/** Trailing spaces in plain (non-inverted, non-underlined) style are invisible; drop them so the model is canonical. */
export function trimTrailingSpaces(runs: Run[]): Run[] {
  const out = runs.map((r) => ({ ...r }));
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    if (last.invert || last.underline) break;
    const trimmed = last.text.replace(/ +$/, '');
    if (trimmed === '') out.pop();
    else {
      last.text = trimmed;
      break;
    }
  }
  return out;
}

/** Plain-text rendering (one string per printed line), for logs, the simulator's console and cheap assertions. */
export function docToText(doc: ReceiptDoc, columns: number): string[] {
  const out: string[] = [];
  for (const block of flattenDoc(doc, columns).blocks) {
    switch (block.type) {
      case 'text': {
        // Widened runs: pad each character to the columns it takes on paper, so the text lines up in a terminal.
        const text = block.runs
          .map((r) => ((r.width ?? 1) === 1 ? r.text : Array.from(r.text).map((ch) => ch + ' '.repeat(textColumns(ch) * ((r.width ?? 1) - 1))).join('')))
          .join('');
        const cols = runsColumns(block.runs);
        const pad = block.align === 'center' ? Math.floor((columns - cols) / 2) : block.align === 'right' ? columns - cols : 0;
        out.push(' '.repeat(Math.max(0, pad)) + text);
        break;
      }
      case 'barcode':
        out.push(`[CODE128 ${block.data}]`);
        break;
      case 'qr':
        out.push(`[QR ${block.data}]`);
        break;
      case 'logo':
        out.push(`[LOGO ${block.key}]`);
        break;
      case 'image':
        out.push(`[IMAGE ${block.widthDots}x${block.heightDots}]`);
        break;
      case 'feed':
        for (let i = 0; i < block.lines; i++) out.push('');
        break;
      case 'cut':
        out.push(block.partial ? '-------- cut (partial) --------' : '-------- cut --------');
        break;
      case 'pulse':
        out.push(`[DRAWER pin ${block.pin} ${block.onMs}/${block.offMs} ms]`);
        break;
      default:
        break;
    }
  }
  return out;
}
