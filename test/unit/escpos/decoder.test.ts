// The virtual printer's decoder reads the encoder's bytes back to the same text and styles (Chinese included), for
// every layout, profile, language and paper width, and whatever the chunking of the stream.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeReceipt, printableDoc } from '../../../native/escpos/encoder';
import { Tokenizer, decodeCode128, decodeEscPos } from '../../../native/escpos/escpos-decoder';
import { layoutCardSlip, layoutReport, layoutReturnReceipt, layoutSaleReceipt } from '../../../native/escpos/layouts';
import { PROFILES, type PrinterProfile } from '../../../native/escpos/profiles';
import type { LayoutOptions } from '../../../native/escpos/receipt-data';
import { columnsFor } from '../../../native/escpos/receipt-data';
import { runsColumns, type ReceiptDoc } from '../../../native/escpos/receipt-doc';
import { layoutTestPage, sampleCardSlip, sampleReport, sampleReturn, sampleSale } from '../../../native/escpos/sample-data';
import { VirtualPrinter } from '../../../native/escpos/virtual-printer';
import { bytesOf, gb } from './helpers';

const layouts: [string, (o: LayoutOptions) => ReceiptDoc][] = [
  ['sale', (o) => layoutSaleReceipt(sampleSale(8, { training: true }), o)],
  ['sale reprint qr', (o) => layoutSaleReceipt(sampleSale(3, { reprint: { at: '2026-11-23T09:00' }, receiptCode: 'qr' }), o)],
  [
    'sale card + voucher',
    (o) => {
      const d = sampleSale(4, { receiptCode: 'none', openDrawer: false });
      d.tenders = [
        { kind: 'other', label: 'Voucher 礼券', amount: 1000 },
        { kind: 'card', amount: d.total - 1000, cardMasked: '************1234', authCode: '123456' },
      ];
      d.change = 0;
      return layoutSaleReceipt(d, o);
    },
  ],
  ['return', (o) => layoutReturnReceipt(sampleReturn(), o)],
  ['card slip merchant', (o) => layoutCardSlip(sampleCardSlip('merchant', { store: sampleSale().store }), o)],
  ['card slip customer', (o) => layoutCardSlip(sampleCardSlip('customer', { training: true }), o)],
  ['X report', (o) => layoutReport(sampleReport('X'), o)],
  ['Z report', (o) => layoutReport(sampleReport('Z', { training: true }), o)],
  ['test page', (o) => layoutTestPage(o)],
];
const options: LayoutOptions[] = [
  { paper: 80, lang: 'zh' },
  { paper: 80, lang: 'en' },
  { paper: 58, lang: 'zh' },
  { paper: 80, lang: 'en', columns: 42 },
];
const profiles: PrinterProfile[] = [PROFILES.epson, PROFILES['generic-cn']];

describe('encode → decode round trip', () => {
  for (const [name, layout] of layouts) {
    for (const o of options) {
      for (const profile of profiles) {
        it(`${name} · ${o.paper} mm/${columnsFor(o)} cols · ${o.lang} · ${profile.id}`, () => {
          const columns = columnsFor(o);
          const doc = layout(o);
          const bytes = encodeReceipt(doc, { profile, columns });
          const decoded = decodeEscPos(bytes, { encoding: profile.encoding });
          expect(decoded.events.filter((e) => e.type === 'unknown')).toEqual([]);
          expect(decoded.trailing).toBe(0);
          expect(decoded.blocks).toEqual(printableDoc(doc, profile, columns).blocks);
          // No printed line is wider than the paper (double-width CJK counted as two columns).
          for (const b of decoded.blocks) if (b.type === 'text') expect(runsColumns(b.runs)).toBeLessThanOrEqual(columns);
        });
      }
    }
  }

  it('reads back Chinese with its styles: 合计 bold double size, ￥ amounts, 找零 double height', () => {
    const doc = layoutSaleReceipt(sampleSale(4), { paper: 80, lang: 'zh' });
    const { blocks } = decodeEscPos(encodeReceipt(doc, { profile: PROFILES.epson, columns: 48 }));
    const total = blocks.find((b) => b.type === 'text' && b.runs[0]?.text === '合计');
    expect(total).toMatchObject({ align: 'left', runs: [{ text: '合计', bold: true, width: 2, height: 2 }, { text: expect.stringMatching(/^ +$/) }, { text: expect.stringMatching(/^￥/), bold: true, width: 2, height: 2 }] });
    const change = blocks.find((b) => b.type === 'text' && b.runs[0]?.text === '找零');
    expect(change).toMatchObject({ runs: [{ text: '找零', bold: true, height: 2 }, {}, { bold: true, height: 2 }] });
    expect(blocks.filter((b) => b.type === 'cut')).toHaveLength(1);
    expect(blocks.filter((b) => b.type === 'pulse')).toEqual([{ type: 'pulse', pin: 2, onMs: 100, offMs: 500 }]);
    expect(blocks.find((b) => b.type === 'barcode')).toEqual({ type: 'barcode', symbology: 'CODE128', data: 'T01-000123', height: 60, moduleWidth: 2, hri: true, align: 'center' });
    expect(blocks[0]).toEqual({ type: 'logo', key: 1, align: 'center' });
  });

  it('decodes the same whatever the chunk boundaries (fed byte by byte into the virtual printer)', () => {
    const doc = layoutSaleReceipt(sampleSale(5), { paper: 80, lang: 'zh' });
    const bytes = encodeReceipt(doc, { profile: PROFILES.epson, columns: 48 });
    const expected = printableDoc(doc, PROFILES.epson, 48).blocks;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 200 }), (sizes) => {
        const vp = new VirtualPrinter();
        let i = 0;
        for (let k = 0; i < bytes.length; k++) {
          const n = sizes[k % sizes.length]!;
          vp.receive(bytes.subarray(i, i + n));
          i += n;
        }
        expect(vp.printed()).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});

describe('decoder details', () => {
  it('GB18030 4-byte sequences decode on gb18030 firmware and print as ? on GBK firmware', () => {
    const bytes = Uint8Array.from([0x1c, 0x26, 0x81, 0x30, 0x84, 0x36, ...gb('合计'), 0x0a]);
    expect(decodeEscPos(bytes, { encoding: 'gb18030' }).blocks[0]).toMatchObject({ runs: [{ text: '¥合计' }] });
    expect(decodeEscPos(bytes, { encoding: 'cp936' }).blocks[0]).toMatchObject({ runs: [{ text: '?合计' }] });
  });

  it('single-byte code pages: ESC t 16 (WPC1252) and ESC t 0 (PC437) outside Chinese mode', () => {
    const bytes = Uint8Array.from([0x1c, 0x2e, 0x1b, 0x74, 16, 0x80, 0x0a, 0x1b, 0x74, 0, 0x9c, 0x0a]);
    const r = decodeEscPos(bytes);
    expect(r.blocks.map((b) => (b.type === 'text' ? b.runs[0]?.text : ''))).toEqual(['€', '£']);
    expect(r.events).toEqual([{ type: 'chinese', on: false }, { type: 'codepage', page: 16 }, { type: 'codepage', page: 0 }]);
  });

  it('clones in Chinese mode at power-on read GB bytes without FS &', () => {
    const bytes = Uint8Array.from([0x1b, 0x40, ...gb('小票'), 0x0a]);
    expect(decodeEscPos(bytes, { chineseAtInit: true }).blocks[0]).toMatchObject({ runs: [{ text: '小票' }] });
  });

  it('raster images (GS v 0) are consumed by length, so status-like bytes inside them stay data', () => {
    const bits = Uint8Array.from([0x10, 0x04, 0x01, 0xff, 0x10, 0x04, 0x04, 0x00]);
    const bytes = Uint8Array.from([0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x04, 0x00, ...bits, ...bytesOf('ok'), 0x0a]);
    const r = decodeEscPos(bytes);
    expect(r.blocks).toEqual([
      { type: 'image', widthDots: 16, heightDots: 4, bits, align: 'left' },
      { type: 'text', align: 'left', runs: [{ text: 'ok' }] },
    ]);
  });

  it('raster QR (profile qr: raster) becomes an image block of the QR size', () => {
    const profile: PrinterProfile = { ...PROFILES['generic-cn'], qr: 'raster' };
    const doc: ReceiptDoc = { blocks: [{ type: 'qr', data: 'T01-000123', moduleSize: 4, ecc: 'M', align: 'center' }] };
    const r = decodeEscPos(encodeReceipt(doc, { profile, columns: 48 }));
    expect(r.blocks[0]).toMatchObject({ type: 'image', heightDots: 84, align: 'center' });
  });

  it('unknown commands are reported and do not desynchronise the text after them', () => {
    const bytes = Uint8Array.from([0x1b, 0x7e, ...bytesOf('A'), 0x0a]);
    const r = decodeEscPos(bytes);
    expect(r.events).toEqual([{ type: 'unknown', bytes: [0x1b, 0x7e] }]);
    expect(r.blocks).toEqual([{ type: 'text', align: 'left', runs: [{ text: 'A' }] }]);
  });

  it('CODE128 code-set data decodes back to the text', () => {
    expect(decodeCode128(Uint8Array.from([0x7b, 0x42, ...bytesOf('T01-'), 0x7b, 0x43, 0, 1, 23]))).toBe('T01-000123');
    expect(decodeCode128(Uint8Array.from([0x7b, 0x42, 0x7b, 0x7b, 0x41]))).toBe('{A');
  });

  it('the tokenizer never throws or hangs on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const r = decodeEscPos(bytes);
        expect(r.trailing).toBeLessThanOrEqual(bytes.length);
        const t = new Tokenizer();
        t.push(bytes);
        let guard = 0;
        while (t.next(false) && guard++ < 1000);
        expect(guard).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 300 },
    );
  });
});
