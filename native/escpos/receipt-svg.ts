// Receipt preview: the printable document model → SVG on the printer's dot grid (font A 12×24, 203 dpi), and SVG → PNG
// through @resvg/resvg-js with the system's Noto CJK fonts. Never imports a transport, the service or the db.
import { Resvg } from '@resvg/resvg-js';
import { barcode as rlBarcode, qrcode as rlQrcode } from 'receiptline';
import { textColumns, type Align, type Block, type ReceiptDoc } from './receipt-doc';

const CHAR = 12;
const LINE = 24;
const SPACING = 6;
const MARGIN = 16;
const FONT = "'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', monospace";

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface SvgOptions {
  /** Characters per line (32 / 42 / 48); the paper is columns × 12 dots wide. */
  columns: number;
  /** Stored NV logos by key, so the preview shows the real logo instead of a placeholder. */
  logos?: Record<number, { widthDots: number; heightDots: number; bits: Uint8Array }>;
}

function xFor(align: Align, widthDots: number, paperDots: number): number {
  if (align === 'center') return Math.max(0, Math.floor((paperDots - widthDots) / 2));
  if (align === 'right') return Math.max(0, paperDots - widthDots);
  return 0;
}

function bitmapRects(x0: number, y0: number, widthDots: number, heightDots: number, bits: Uint8Array, scale = 1): string {
  const bytesPerRow = (widthDots + 7) >> 3;
  let out = '';
  for (let y = 0; y < heightDots; y++) {
    let runStart = -1;
    for (let x = 0; x <= widthDots; x++) {
      const on = x < widthDots && ((bits[y * bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
      if (on && runStart < 0) runStart = x;
      if (!on && runStart >= 0) {
        out += `<rect x="${x0 + runStart * scale}" y="${y0 + y * scale}" width="${(x - runStart) * scale}" height="${scale}"/>`;
        runStart = -1;
      }
    }
  }
  return out;
}

/** Render a printable document (text lines, codes, images, cuts) as an SVG receipt. */
export function renderSvg(doc: ReceiptDoc, options: SvgOptions): string {
  const paper = options.columns * CHAR;
  const parts: string[] = [];
  let y = MARGIN;
  const push = (s: string) => parts.push(s);
  for (const block of doc.blocks as Block[]) {
    switch (block.type) {
      case 'text': {
        const height = Math.max(1, ...block.runs.map((r) => r.height ?? 1)) * LINE;
        const widthDots = block.runs.reduce((s, r) => s + textColumns(r.text) * (r.width ?? 1) * CHAR, 0);
        let x = MARGIN + xFor(block.align, widthDots, paper);
        const base = y + height - Math.round(height * 0.18);
        for (const run of block.runs) {
          const w = run.width ?? 1;
          const h = run.height ?? 1;
          const xs: number[] = [];
          let cx = x;
          for (const ch of Array.from(run.text)) {
            xs.push(cx);
            cx += textColumns(ch) * w * CHAR;
          }
          const runWidth = cx - x;
          if (run.invert) push(`<rect x="${x}" y="${y}" width="${runWidth}" height="${height}" fill="#000"/>`);
          // Characters are placed cell by cell so CJK (two columns) and Latin (one) stay on the printer's grid.
          const scaleX = w / h;
          const attrs = `font-size="${LINE * h}"${run.bold ? ' font-weight="bold"' : ''} fill="${run.invert ? '#fff' : '#000'}"`;
          if (scaleX === 1) {
            push(`<text x="${xs.join(' ')}" y="${base}" ${attrs}>${esc(run.text)}</text>`);
          } else {
            const local = xs.map((v) => ((v - x) / scaleX).toFixed(1)).join(' ');
            push(`<text transform="translate(${x} ${base}) scale(${scaleX} 1)" x="${local}" y="0" ${attrs}>${esc(run.text)}</text>`);
          }
          if (run.underline) push(`<rect x="${x}" y="${y + height - 2}" width="${runWidth}" height="2"/>`);
          x = cx;
        }
        y += height + SPACING;
        break;
      }
      case 'barcode': {
        const type = block.symbology === 'CODE128' ? 'code128' : block.symbology === 'EAN13' ? 'ean' : 'code39';
        const form = rlBarcode.generate({ data: block.data, type, width: block.moduleWidth, height: block.height, hri: block.hri });
        let x = MARGIN + xFor(block.align, form.length, paper);
        form.widths.forEach((wd, i) => {
          // Even entries are spaces (the first is the quiet zone), odd entries bars.
          if (i % 2 === 1) push(`<rect x="${x}" y="${y}" width="${wd}" height="${form.height}"/>`);
          x += wd;
        });
        y += form.height;
        if (block.hri) {
          push(`<text x="${MARGIN + paper / 2}" y="${y + 20}" font-size="20" text-anchor="middle">${esc(form.text)}</text>`);
          y += 26;
        }
        y += SPACING;
        break;
      }
      case 'qr': {
        const matrix = rlQrcode.generate({ data: block.data, type: 'qrcode', cell: block.moduleSize, level: block.ecc.toLowerCase() as 'l' | 'm' | 'q' | 'h' });
        const size = matrix.length * block.moduleSize;
        const x0 = MARGIN + xFor(block.align, size, paper);
        matrix.forEach((row, r) =>
          Array.from(row).forEach((v, c) => {
            if (v === 1) push(`<rect x="${x0 + c * block.moduleSize}" y="${y + r * block.moduleSize}" width="${block.moduleSize}" height="${block.moduleSize}"/>`);
          }),
        );
        y += size + SPACING;
        break;
      }
      case 'image': {
        const x0 = MARGIN + xFor(block.align, block.widthDots, paper);
        push(bitmapRects(x0, y, block.widthDots, block.heightDots, block.bits));
        y += block.heightDots + SPACING;
        break;
      }
      case 'logo': {
        const stored = options.logos?.[block.key];
        if (stored) {
          const x0 = MARGIN + xFor(block.align, stored.widthDots, paper);
          push(bitmapRects(x0, y, stored.widthDots, stored.heightDots, stored.bits));
          y += stored.heightDots + SPACING;
        } else {
          const w = Math.min(paper, 240);
          const x0 = MARGIN + xFor(block.align, w, paper);
          push(`<rect x="${x0}" y="${y}" width="${w}" height="64" fill="none" stroke="#888" stroke-dasharray="6 4"/>`);
          push(`<text x="${x0 + w / 2}" y="${y + 40}" font-size="20" fill="#888" text-anchor="middle">LOGO ${block.key}</text>`);
          y += 64 + SPACING;
        }
        break;
      }
      case 'feed':
        y += block.lines * (LINE + SPACING);
        break;
      case 'cut':
        push(`<line x1="0" y1="${y + 8}" x2="${paper + 2 * MARGIN}" y2="${y + 8}" stroke="#999" stroke-dasharray="${block.partial ? '10 6' : '4 4'}"/>`);
        y += 16;
        break;
      default:
        // Drawer pulses and authoring blocks leave nothing on paper.
        break;
    }
  }
  const width = paper + 2 * MARGIN;
  const height = y + MARGIN;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="#fff"/>` +
    // xml:space="preserve": runs of spaces are columns on a receipt; collapsing them would shift every x position.
    `<g font-family="${esc(FONT)}" lang="zh-Hans" xml:space="preserve" fill="#000">${parts.join('')}</g></svg>`
  );
}

/** Rasterise an SVG preview to PNG with system fonts (Noto Sans CJK covers Chinese). */
export function renderPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans Mono CJK SC' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
