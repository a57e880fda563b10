// Receipt documents from the ledger's views: discounts split between lines and basket, returns, card slips, rate
// text and local time, checked on what the virtual printer decodes from the encoded bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../../native/escpos/encoder';
import { PROFILES } from '../../../native/escpos/profiles';
import { docToText } from '../../../native/escpos/receipt-doc';
import { previewEscPos } from '../../../native/escpos/virtual-printer';
import { trainingConfig } from '../../../service/config';
import type { ReceiptView, TillService } from '../../../service/contract';
import { demoProducts } from '../../../service/demo-catalogue';
import { localDateTime, rateText, receiptDocuments } from '../../../service/receipt-document';
import { createTestTill, loginAndOpenShift, ok } from '../../support/till';

const demo = demoProducts();
const milk = demo.find((p) => p.sku === 'D1011')!;
const bread = demo.find((p) => p.sku === 'D2011')!;

const open: TillService[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

/** What the printer prints for these documents, as text lines. */
function printed(docs: ReturnType<typeof receiptDocuments>): string {
  const bytes = docs.map((d) => encodeReceipt(d, { profile: PROFILES.epson, columns: 42 }));
  return bytes.map((b) => previewEscPos(b, { columns: 42 }).text).join('\n');
}

describe('receipt documents', () => {
  it('rate text and local time are integer text and the shop zone', () => {
    expect([rateText(1300), rateText(650), rateText(1225), rateText(0), rateText(5)]).toEqual(['13%', '6.5%', '12.25%', '0%', '0.05%']);
    expect(localDateTime('2026-11-23T09:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-23T17:00:00');
    expect(localDateTime('2026-11-23T23:30:00.000Z', 'Asia/Shanghai')).toBe('2026-11-24T07:30:00');
  });

  it('a line discount prints under its line and the basket discount once as its own row; the numbers add up', async () => {
    const t = createTestTill({}, undefined, { print: { autoStart: false } });
    open.push(t.till);
    await loginAndOpenShift(t.api);
    const s1 = ok(await t.api['sale.scan']({ code: milk.barcodes[0]! }));
    ok(await t.api['sale.scan']({ code: bread.barcodes[0]! }));
    ok(await t.api['sale.setLineDiscount']({ lineId: s1.lines[0]!.lineId, discount: { kind: 'amount', amount: 50 } }));
    const sale = ok(await t.api['sale.setBasketDiscount']({ discount: { kind: 'percent', bp: 500 } }));
    const receipt = ok(await t.api['payment.addCash']({ amount: sale.total })).receipt!;
    const preview = ok(await t.api['receipt.preview']({ receiptNumber: receipt.receiptNumber }));
    const lines = preview.text;
    const discountRows = lines.filter((l) => l.trimStart().startsWith('Discount'));
    // One row for the line discount (-0.50), one for the basket: never the basket share repeated on each line.
    expect(discountRows).toHaveLength(2);
    expect(discountRows[0]).toMatch(/-￥0\.50/);
    const basket = receipt.discountTotal - 50;
    expect(discountRows[1]).toContain(`-￥${(basket / 100).toFixed(2)}`);
    const subtotal = lines.find((l) => l.startsWith('Subtotal'))!;
    expect(subtotal).toContain(`￥${((receipt.subtotal - 50) / 100).toFixed(2)}`);
    expect(receipt.subtotal - receipt.discountTotal).toBe(receipt.total);
  });

  it('a return prints as a return receipt with the original receipt number and negative amounts', async () => {
    const t = createTestTill({}, undefined, { print: { autoStart: false } });
    open.push(t.till);
    await loginAndOpenShift(t.api);
    ok(await t.api['sale.scan']({ code: milk.barcodes[0]! }));
    const sale = ok(await t.api['payment.addCash']({ amount: 10000 })).receipt!;
    const ret = ok(await t.api['return.post']({ receiptNumber: sale.receiptNumber, lines: [{ originalLineId: sale.lines[0]!.lineId, quantity: 1 }] }));
    const text = ok(await t.api['receipt.preview']({ receiptNumber: ret.receiptNumber })).text.join('\n');
    expect(text.replaceAll(' ', '')).toContain('RETURN/REFUND');
    expect(text).toContain(sale.receiptNumber);
    expect(text).toContain(`-￥${(milk.price / 100).toFixed(2)}`);
  });

  it('a card slip prints customer and merchant copies after the receipt, one job; each copy previews alone', () => {
    const view: ReceiptView = {
      kind: 'sale',
      receiptNumber: 'T01-000042',
      saleId: 's1',
      training: false,
      currency: 'CNY',
      cashier: 'Alex',
      postedAt: '2026-11-23T09:00:00.000Z',
      lines: [],
      basketDiscount: null,
      subtotal: 0,
      discountTotal: 0,
      taxTotal: 0,
      taxSummary: [],
      total: 0,
      tenders: [{ tenderId: 't1', kind: 'card', amount: 0, card: { maskedPan: '************1234', brand: 'UnionPay', authCode: 'A1B2C3', trace: '000123' } }],
      change: 0,
      originalReceiptNumber: null,
      cardSlip: ['UNIONPAY  银联', 'PAN ************1234', 'AUTH A1B2C3', 'SALE CNY 0.00'],
    };
    const config = { ...trainingConfig(), timeZone: 'Asia/Shanghai' };
    const all = receiptDocuments(view, config, { lang: 'en', columns: 42 });
    expect(all).toHaveLength(3);
    const text = printed(all);
    expect(text.indexOf('CUSTOMER COPY')).toBeGreaterThan(text.indexOf('Receipt: T01-000042'));
    expect(text.indexOf('MERCHANT COPY')).toBeGreaterThan(text.indexOf('CUSTOMER COPY'));
    expect(text).toContain('PAN ************1234');
    expect(text).toContain('UNIONPAY  银联');
    expect(text).toContain('2026-11-23 17:00');
    const merchant = receiptDocuments(view, config, { lang: 'zh', columns: 42, copy: 'merchant' });
    expect(merchant).toHaveLength(1);
    expect(docToText(merchant[0]!, 42).join('\n')).toContain('AUTH A1B2C3');
    expect(receiptDocuments({ ...view, cardSlip: null }, config, { lang: 'en', columns: 42, copy: 'customer' })).toHaveLength(0);
    // Copies the PIN pad sent separately (06 D1 per copy) print each with its own lines.
    const perCopy = { ...view, cardSlips: [{ copy: 'merchant', lines: ['SIGNATURE ________'] }, { copy: 'customer', lines: ['KEEP THIS COPY'] }] };
    const separate = printed(receiptDocuments(perCopy, config, { lang: 'en', columns: 42 }));
    expect(separate.indexOf('KEEP THIS COPY')).toBeGreaterThan(separate.indexOf('CUSTOMER COPY'));
    expect(separate.indexOf('SIGNATURE')).toBeGreaterThan(separate.indexOf('MERCHANT COPY'));
    expect(separate).not.toContain('PAN ************1234');
  });
});
