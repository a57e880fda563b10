// Byte-exact encoder tests: each layout's key command sequences, Chinese mode and the GB18030 guard, per profile.
import { describe, expect, it } from 'vitest';
import { encodeReceipt, guardText } from '../../../native/escpos/encoder';
import { layoutCardSlip, layoutReport, layoutReturnReceipt, layoutSaleReceipt } from '../../../native/escpos/layouts';
import { formatMoney } from '../../../native/escpos/money-text';
import { PROFILES } from '../../../native/escpos/profiles';
import { textColumns } from '../../../native/escpos/receipt-doc';
import { sampleCardSlip, sampleReport, sampleReturn, sampleSale } from '../../../native/escpos/sample-data';
import { bytesOf, cn, countSeq, gb, hex, indexOfSeq } from './helpers';

const epson48 = { profile: PROFILES.epson, columns: 48 };
const money = (minor: number) => guardText(formatMoney(minor, 'CNY'), 'gb18030');
/** A left/right row as one plain run: `left…right` padded to the width. */
const row = (left: string, right: string, columns = 48) => left + ' '.repeat(columns - textColumns(left) - textColumns(right)) + right;
const line = (text: string) => [...(/^[\x20-\x7e]*$/.test(text) ? bytesOf(text) : cn(text)), 0x0a];

function expectSeq(bytes: Uint8Array, seq: number[]): void {
  if (indexOfSeq(bytes, seq) < 0) throw new Error(`missing ${hex(seq)}\nin ${hex(bytes)}`);
}

describe('card slip', () => {
  it('encodes the customer copy byte for byte (32 columns, PIN pad lines verbatim)', () => {
    const data = sampleCardSlip('customer');
    const bytes = encodeReceipt(layoutCardSlip(data, { paper: 58, lang: 'en' }), { profile: PROFILES.epson, columns: 32 });
    const expected = [
      0x1b, 0x40, // ESC @
      0x1b, 0x61, 0x01, 0x1b, 0x45, 0x01, ...bytesOf('CUSTOMER COPY'), 0x0a,
      0x1b, 0x61, 0x00, 0x1b, 0x45, 0x00, ...bytesOf('-'.repeat(32)), 0x0a,
      ...data.lines.flatMap((l) => [...bytesOf(l), 0x0a]),
      ...bytesOf('-'.repeat(32)), 0x0a,
      ...bytesOf(row('Receipt', 'T01-000124', 32)), 0x0a,
      0x1b, 0x64, 0x02, // ESC d 2
      0x1d, 0x56, 0x42, 0x00, // GS V 66 0: feed to cutter, partial cut
    ];
    expect(hex(bytes)).toBe(hex(expected));
  });

  it('merchant copy in Chinese carries the 商户存根 label and the training watermark', () => {
    const bytes = encodeReceipt(layoutCardSlip(sampleCardSlip('merchant', { training: true }), { paper: 80, lang: 'zh' }), epson48);
    expectSeq(bytes, [0x1b, 0x61, 0x01, 0x1b, 0x45, 0x01, ...cn('商户存根'), 0x0a]);
    // Watermark: centred, bold, inverted (GS B 1), double width and height (GS ! 0x11).
    expectSeq(bytes, [0x1d, 0x42, 0x01, 0x1d, 0x21, 0x11, ...cn('*培训模式*'), 0x0a]);
  });
});

describe('sale receipt', () => {
  const data = sampleSale(6, { training: true });
  const zh = encodeReceipt(layoutSaleReceipt(data, { paper: 80, lang: 'zh' }), epson48);

  it('starts with init, centred NV logo (GS ( L fn 69 key "01") and the double-size store name', () => {
    expect(hex(zh.subarray(0, 16))).toBe(hex([0x1b, 0x40, 0x1b, 0x61, 0x01, 0x1d, 0x28, 0x4c, 0x06, 0x00, 0x30, 0x45, 0x30, 0x31, 0x01, 0x01]));
    expectSeq(zh, [0x1b, 0x45, 0x01, 0x1d, 0x21, 0x11, ...cn('好又多 Mart'), 0x0a, 0x1b, 0x45, 0x00, 0x1d, 0x21, 0x00, ...cn('上海市南京东路 100 号'), 0x0a]);
  });

  it('prints qty × price rows, line discounts and the subtotal padded to 48 columns', () => {
    expectSeq(zh, line(row(`  2 x ${money(1290)}`, `${money(2580)} B`)));
    expectSeq(zh, line(row('  1.234 kg x ￥12.00/kg', `${money(1481)} B`)));
    // The discount amount lines up with the amounts above it, which carry a tax letter ("￥4.50 A").
    expectSeq(zh, line(row('  折扣', `${money(-50)}  `).trimEnd()));
    expectSeq(zh, line(row('小计', money(data.subtotal))));
    expectSeq(zh, line(row('折扣', money(-100))));
  });

  it('prints 合计 bold at double size with plain padding, then tendered and 找零', () => {
    const totalText = money(data.total);
    const gap = 48 - 2 * textColumns('合计') - 2 * textColumns(totalText);
    expectSeq(zh, [
      0x1b, 0x45, 0x01, 0x1d, 0x21, 0x11, ...cn('合计'),
      0x1b, 0x45, 0x00, 0x1d, 0x21, 0x00, ...bytesOf(' '.repeat(gap)),
      0x1b, 0x45, 0x01, 0x1d, 0x21, 0x11, ...cn(totalText), 0x0a,
    ]);
    expectSeq(zh, line(row('现金', money(data.tenders[0]!.amount))));
    expectSeq(zh, [0x1b, 0x45, 0x01, 0x1d, 0x21, 0x01, ...cn('找零')]);
  });

  it('maps ¥ to the double-byte ￥ (A3 A4) and never sends a 4-byte GB18030 sequence', () => {
    expect(indexOfSeq(zh, [0x81, 0x30, 0x84, 0x36])).toBe(-1);
    expect(countSeq(zh, [0xa3, 0xa4])).toBeGreaterThan(10);
  });

  it('prints a tax summary per rate', () => {
    const t = data.taxes[0]!;
    const cells = [money(t.net), money(t.tax), money(t.gross)];
    const heads = ['不含税', '税额', '含税'];
    const widths = [0, 1, 2].map((i) => Math.max(textColumns(heads[i]!), ...data.taxes.map((r) => textColumns(money([r.net, r.tax, r.gross][i]!)))));
    const right = cells.map((c, i) => ' '.repeat(widths[i]! - textColumns(c)) + c).join(' ');
    expectSeq(zh, line(row('A 13%', right)));
  });

  it('ends with the receipt number as CODE128 (receiptline code sets {B T01- {C 00 01 23), cut and drawer pulse', () => {
    expectSeq(zh, [0x0a, 0x1b, 0x61, 0x01, 0x1d, 0x77, 0x02, 0x1d, 0x68, 0x3c, 0x1d, 0x48, 0x02, 0x1d, 0x6b, 0x49, 0x0b, 0x7b, 0x42, ...bytesOf('T01-'), 0x7b, 0x43, 0x00, 0x01, 0x17]);
    // ESC d 2, GS V 66 0, ESC p 0 50 250 (pin 2, 100 ms on, 500 ms off) — and nothing after.
    expect(hex(zh.subarray(zh.length - 12))).toBe('1b 64 02 1d 56 42 00 1b 70 00 32 fa');
  });

  it('marks a reprint with 重打 at double width', () => {
    const bytes = encodeReceipt(layoutSaleReceipt(sampleSale(2, { reprint: { at: '2026-11-23T09:00:00' } }), { paper: 80, lang: 'zh' }), epson48);
    expectSeq(bytes, [0x1b, 0x45, 0x01, 0x1d, 0x21, 0x10, ...cn('*** 重打 ***'), 0x0a]);
    expectSeq(bytes, line('2026-11-23 09:00'));
  });

  it('English on 58 mm: 32-column rows, TOTAL label, no drawer pulse when not asked', () => {
    const d = sampleSale(3, { openDrawer: false, store: { name: 'Corner Shop', lines: [] } });
    const bytes = encodeReceipt(layoutSaleReceipt(d, { paper: 58, lang: 'en' }), { profile: PROFILES.epson, columns: 32 });
    expectSeq(bytes, line('-'.repeat(32)));
    expectSeq(bytes, line(row('Subtotal', money(d.subtotal), 32)));
    expectSeq(bytes, [0x1b, 0x45, 0x01, 0x1d, 0x21, 0x11, ...bytesOf('TOTAL')]);
    expect(hex(bytes.subarray(bytes.length - 7))).toBe('1b 64 02 1d 56 42 00');
  });

  it('a name too long for one 58 mm line wraps: name on its own line, amount right-aligned under it', () => {
    const d = sampleSale(1, { openDrawer: false });
    d.lines[0] = { ...d.lines[0]!, name: '特浓牛奶巧克力夹心饼干 家庭装 Family pack' };
    const bytes = encodeReceipt(layoutSaleReceipt(d, { paper: 58, lang: 'zh' }), { profile: PROFILES.epson, columns: 32 });
    const amount = `${money(d.lines[0]!.amount)} A`;
    expectSeq(bytes, [...line('特浓牛奶巧克力夹心饼干 家庭装 Fa'), ...line(' '.repeat(32 - textColumns(amount)) + amount)]);
  });

  it('generic Chinese clone profile: FS p logo and GBK text', () => {
    const bytes = encodeReceipt(layoutSaleReceipt(sampleSale(2), { paper: 80, lang: 'zh' }), { profile: PROFILES['generic-cn'], columns: 48 });
    expect(hex(bytes.subarray(0, 9))).toBe('1b 40 1b 61 01 1c 70 01 00');
    expectSeq(bytes, cn('合计'));
  });
});

describe('return receipt', () => {
  const bytes = encodeReceipt(layoutReturnReceipt(sampleReturn(), { paper: 80, lang: 'zh' }), epson48);
  it('has the 退货 / 退款 title, the original receipt and negative amounts', () => {
    expectSeq(bytes, [0x1b, 0x45, 0x01, 0x1d, 0x21, 0x10, ...cn('退货 / 退款'), 0x0a]);
    expectSeq(bytes, line(row('原小票', 'T01-000123')));
    expectSeq(bytes, line(row('全麦面包', `${money(-1290)} B`)));
    expectSeq(bytes, line(row('现金', money(-1290))));
  });
  it('prints the receipt number as a native QR (GS ( k model 2, size 6, ECC M, store, print)', () => {
    const data = bytesOf('T01-000130');
    expectSeq(bytes, [
      0x1b, 0x61, 0x01,
      0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,
      0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06,
      0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31,
      0x1d, 0x28, 0x6b, data.length + 3, 0x00, 0x31, 0x50, 0x30, ...data,
      0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30,
    ]);
  });
});

describe('X and Z reports', () => {
  it('Z report: title at double width, number at double size, sections and strong variance row', () => {
    const bytes = encodeReceipt(layoutReport(sampleReport('Z'), { paper: 80, lang: 'zh' }), epson48);
    expectSeq(bytes, [0x1d, 0x21, 0x10, ...cn('Z 报表（日结）'), 0x0a, 0x1d, 0x21, 0x11, ...bytesOf('Z #7'), 0x0a]);
    expectSeq(bytes, line('='.repeat(48)));
    const gap = 48 - textColumns('Variance 差额') - textColumns(money(-500));
    expectSeq(bytes, [0x1b, 0x45, 0x01, ...cn('Variance 差额'), 0x1b, 0x45, 0x00, ...bytesOf(' '.repeat(gap)), 0x1b, 0x45, 0x01, ...cn(money(-500)), 0x0a]);
    expectSeq(bytes, line(row('Receipts', '42')));
    expectSeq(bytes, line(row('Returns', `1  ${money(-1290)}`)));
  });
  it('X report in English has no Z number', () => {
    const bytes = encodeReceipt(layoutReport(sampleReport('X'), { paper: 80, lang: 'en' }), epson48);
    // Bold is still on from the store name, so only the size changes (double width, single height).
    expectSeq(bytes, [...cn('好又多 Mart'), 0x0a, 0x1d, 0x21, 0x10, ...bytesOf('X REPORT'), 0x0a]);
    expect(indexOfSeq(bytes, bytesOf('Z #'))).toBe(-1);
    expectSeq(bytes, line(row('Gross', money(1234550))));
  });
});

describe('GB18030 guard', () => {
  it('maps ¥ £ to their double-byte twins and replaces 4-byte characters', () => {
    expect(guardText('¥12.50', 'gb18030')).toBe('￥12.50');
    expect(guardText('£1', 'cp936')).toBe('￡1');
    expect(guardText('a𠀀b', 'gb18030')).toBe('a?b');
    expect(guardText('€5', 'gb18030')).toBe('€5');
    expect(guardText('€5', 'cp936')).toBe('EUR5');
    expect(gb('€')).toEqual([0xa2, 0xe3]);
  });
});
