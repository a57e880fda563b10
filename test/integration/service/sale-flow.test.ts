import { describe, expect, it } from 'vitest';
import { createTestTill, errCode, loginAndOpenShift, ok } from '../../support/till';
import { demoProducts, weighedBarcode } from '../../../service/demo-catalogue';
import { verifyAuditChain } from '../../../db/audit';

const demo = demoProducts();
const milk = demo.find((p) => p.sku === 'D1011')!; // Whole Milk 250 ml
const bread = demo.find((p) => p.sku === 'D2011')!;
const cola = demo.find((p) => p.sku === 'D3031')!;
const apples = demo.find((p) => p.sku === 'W10001')!;

describe('a cash sale from login to receipt', () => {
  it('rings up three items by barcode, one weighed, pays cash with change and posts with a receipt number', async () => {
    const { api, db } = createTestTill();
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    ok(await api['sale.scan']({ code: bread.barcodes[0]! }));
    const sale = ok(await api['sale.scan']({ code: weighedBarcode(apples.embeddedCode!, 1250) }));
    expect(sale.lines).toHaveLength(3);
    const weighed = sale.lines[2]!;
    expect(weighed).toMatchObject({ quantity: 1250, quantityKind: 'weight', unitPrice: apples.price });
    // 1.25 kg × 12.90 = 16.125 → 16.13 (half-up)
    expect(weighed.total).toBe(1613);
    expect(sale.total).toBe(milk.price + bread.price + 1613);
    expect(sale.taxSummary.reduce((s, t) => s + t.tax, 0)).toBe(sale.taxTotal);

    const result = ok(await api['payment.addCash']({ amount: 10000 }));
    expect(result.receipt).not.toBeNull();
    expect(result.receipt!.receiptNumber).toBe('TR-T01-000001');
    expect(result.receipt!.change).toBe(10000 - sale.total);
    expect(result.sale!.status).toBe('posted');
    expect(ok(await api['sale.current']({}))).toBeNull();
    // Outbox: the receipt print job and the drawer pulse were committed with the sale.
    const topics = db.prepare<[], { topic: string }>('SELECT topic FROM outbox ORDER BY outbox_id').all().map((r) => r.topic);
    expect(topics).toEqual(['print', 'drawer']);
    // Shift running totals were updated in the same transaction.
    const shift = ok(await api['shift.current']({}))!;
    expect(shift.salesCount).toBe(1);
    expect(shift.salesTotal).toBe(sale.total);
    expect(shift.cashExpected).toBe(20000 + sale.total);
  });

  it('repeated scans of the same item add to the last line; split cash tenders post once covered', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: cola.barcodes[0]! }));
    const sale = ok(await api['sale.scan']({ code: cola.barcodes[0]! }));
    expect(sale.lines).toHaveLength(1);
    expect(sale.lines[0]!.quantity).toBe(2);
    const first = ok(await api['payment.addCash']({ amount: 100 }));
    expect(first.receipt).toBeNull();
    expect(first.sale!.remaining).toBe(sale.total - 100);
    const second = ok(await api['payment.addCash']({ amount: sale.total - 100 }));
    expect(second.receipt!.tenders).toHaveLength(2);
    expect(second.receipt!.change).toBe(0);
  });

  it('receipt numbers are gap-free across sales and returns, and the audit chain stays valid', async () => {
    const { api, db } = createTestTill();
    await loginAndOpenShift(api);
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
      numbers.push(ok(await api['payment.addCash']({ amount: 5000 })).receipt!.receiptNumber);
    }
    const original = ok(await api['receipt.get']({ receiptNumber: numbers[0]! }));
    const ret = ok(await api['return.post']({ receiptNumber: numbers[0]!, lines: [{ originalLineId: original.lines[0]!.lineId, quantity: 1 }] }));
    numbers.push(ret.receiptNumber);
    expect(numbers).toEqual(['TR-T01-000001', 'TR-T01-000002', 'TR-T01-000003', 'TR-T01-000004']);
    expect(verifyAuditChain(db).ok).toBe(true);
    ok(await api['session.logout']({}));
    ok(await api['session.login']({ username: 'tech', pin: '3333' }));
    const check = ok(await api['admin.dbCheck']({}));
    expect(check).toMatchObject({ integrity: 'ok', auditChain: 'ok', receiptSeriesContiguous: true });
  });
});

describe('line actions and manager overrides', () => {
  it('a discount above the cashier limit needs a manager; the override records both users and the reason', async () => {
    const { api, db } = createTestTill();
    await loginAndOpenShift(api);
    const sale = ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    const lineId = sale.lines[0]!.lineId;
    ok(await api['sale.setLineDiscount']({ lineId, discount: { kind: 'percent', bp: 500 } }));
    const refused = await api['sale.setLineDiscount']({ lineId, discount: { kind: 'percent', bp: 2500 } });
    expect(errCode(refused)).toBe('MANAGER_REQUIRED');
    expect(errCode(await api['sale.setLineDiscount']({ lineId, discount: { kind: 'percent', bp: 2500 }, override: { managerUsername: 'manager', pin: '9999', reason: 'damaged' } }))).toBe('BAD_PIN');
    const approved = ok(
      await api['sale.setLineDiscount']({ lineId, discount: { kind: 'percent', bp: 2500 }, override: { managerUsername: 'manager', pin: '2222', reason: 'damaged packaging' } }),
    );
    expect(approved.lines[0]!.discountAmount).toBe(Number((BigInt(milk.price) * 2500n + 5000n) / 10000n));
    const entry = db.prepare<[], { actor: string; approver: string; detail: string }>("SELECT actor, approver, detail FROM audit_log WHERE action = 'sale.lineDiscount'").get()!;
    expect(entry.actor).toBe('cashier');
    expect(entry.approver).toBe('manager');
    expect(JSON.parse(entry.detail).reason).toBe('damaged packaging');
  });

  it('a discount larger than the line is refused; one that outgrows the sale after a void is capped', async () => {
    const { api } = createTestTill();
    ok(await api['session.login']({ username: 'manager', pin: '2222' }));
    ok(await api['shift.open']({ floatAmount: 0 }));
    const sale = ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    expect(errCode(await api['sale.setLineDiscount']({ lineId: sale.lines[0]!.lineId, discount: { kind: 'amount', amount: milk.price + 1 } }))).toBe('DISCOUNT_TOO_LARGE');
    const two = ok(await api['sale.scan']({ code: bread.barcodes[0]! }));
    ok(await api['sale.setBasketDiscount']({ discount: { kind: 'amount', amount: milk.price + 100 } }));
    const after = ok(await api['sale.voidLine']({ lineId: two.lines[1]!.lineId }));
    expect(after.total).toBe(0);
    expect(after.discountTotal).toBe(milk.price);
  });

  it('price override always needs a manager; void line removes it from the total', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    const sale = ok(await api['sale.scan']({ code: bread.barcodes[0]! }));
    const [l1, l2] = sale.lines;
    expect(errCode(await api['sale.overridePrice']({ lineId: l1!.lineId, unitPrice: 1 }))).toBe('MANAGER_REQUIRED');
    const overridden = ok(await api['sale.overridePrice']({ lineId: l1!.lineId, unitPrice: 100, override: { managerUsername: 'manager', pin: '2222', reason: 'price match' } }));
    expect(overridden.lines[0]).toMatchObject({ unitPrice: 100, listUnitPrice: milk.price, priceOverridden: true, total: 100 });
    const voided = ok(await api['sale.voidLine']({ lineId: l2!.lineId }));
    expect(voided.lines[1]!.voided).toBe(true);
    expect(voided.total).toBe(100);
  });

  it('suspend and resume keep the sale whole; a second sale can run in between', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    const first = ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    const parked = ok(await api['sale.suspend']({ note: 'customer forgot wallet' }));
    expect(parked.saleId).toBe(first.saleId);
    expect(ok(await api['sale.current']({}))).toBeNull();
    ok(await api['sale.scan']({ code: bread.barcodes[0]! }));
    expect(errCode(await api['sale.resume']({ saleId: first.saleId }))).toBe('SALE_STILL_OPEN');
    ok(await api['payment.addCash']({ amount: 5000 }));
    const resumed = ok(await api['sale.resume']({ saleId: first.saleId }));
    expect(resumed.lines.map((l) => l.sku)).toEqual([milk.sku]);
    expect(ok(await api['sale.listSuspended']({}))).toEqual([]);
  });

  it('voiding a sale after cash was tendered needs a manager', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    ok(await api['sale.scan']({ code: bread.barcodes[0]! }));
    ok(await api['payment.addCash']({ amount: 100 }));
    expect(errCode(await api['sale.void']({}))).toBe('MANAGER_REQUIRED');
    const voided = ok(await api['sale.void']({ override: { managerUsername: 'manager', pin: '2222', reason: 'customer left' } }));
    expect(voided.status).toBe('voided');
    expect(ok(await api['shift.current']({}))!.voidsCount).toBe(1);
  });
});

describe('returns', () => {
  it('a partial return refunds the line share and never more than was sold', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: cola.barcodes[0]!, quantity: 3 }));
    const sold = ok(await api['payment.addCash']({ amount: 10000 })).receipt!;
    const lineId = sold.lines[0]!.lineId;
    const r1 = ok(await api['return.post']({ receiptNumber: sold.receiptNumber, lines: [{ originalLineId: lineId, quantity: 2 }] }));
    expect(r1.kind).toBe('return');
    expect(r1.originalReceiptNumber).toBe(sold.receiptNumber);
    expect(r1.total).toBe(cola.price * 2);
    expect(errCode(await api['return.post']({ receiptNumber: sold.receiptNumber, lines: [{ originalLineId: lineId, quantity: 2 }] }))).toBe('RETURN_EXCEEDS_SOLD');
    const r2 = ok(await api['return.post']({ receiptNumber: sold.receiptNumber, lines: [{ originalLineId: lineId, quantity: 1 }] }));
    expect(r1.total + r2.total).toBe(sold.total);
    expect(ok(await api['receipt.get']({ receiptNumber: sold.receiptNumber })).lines[0]!.returnedQuantity).toBe(3);
    const shift = ok(await api['shift.current']({}))!;
    expect(shift.returnsTotal).toBe(sold.total);
    expect(shift.cashExpected).toBe(20000);
  });

  it('a return without a receipt needs a manager', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    const input = { lines: [{ productId: milk.productId, quantity: 1, unitPrice: milk.price }] };
    expect(errCode(await api['return.post'](input))).toBe('MANAGER_REQUIRED');
    const r = ok(await api['return.post']({ ...input, override: { managerUsername: 'manager', pin: '2222', reason: 'no receipt, regular customer' } }));
    expect(r.total).toBe(milk.price);
    expect(r.originalReceiptNumber).toBeNull();
  });
});

describe('return preview', () => {
  it('shows the refund per line and per tender before posting, and posting refunds exactly that', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: cola.barcodes[0]!, quantity: 3 }));
    ok(await api['sale.setBasketDiscount']({ discount: { kind: 'percent', bp: 1000 } }));
    const sold = ok(await api['payment.addCash']({ amount: 10000 })).receipt!;
    const lines = [{ originalLineId: sold.lines[0]!.lineId, quantity: 1 }];
    const preview = ok(await api['return.preview']({ receiptNumber: sold.receiptNumber, lines }));
    expect(preview.tenders).toEqual([{ kind: 'cash', amount: preview.total }]);
    const posted = ok(await api['return.post']({ receiptNumber: sold.receiptNumber, lines }));
    expect(posted.total).toBe(preview.total);
    expect(ok(await api['sale.current']({}))).toBeNull();
  });
});
