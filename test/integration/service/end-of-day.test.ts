import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestTill, errCode, ok } from '../../support/till';
import { demoProducts } from '../../../service/demo-catalogue';
import { canonicalJson, verifyAuditChain } from '../../../db/audit';

const demo = demoProducts();
const milk = demo.find((p) => p.sku === 'D1011')!; // 5.00
const cola = demo.find((p) => p.sku === 'D3031')!; // 3.00
const manager = { managerUsername: 'manager', pin: '2222', reason: 'counted twice, coins short' };

async function dayWithSales() {
  const t = createTestTill();
  const { api } = t;
  ok(await api['session.login']({ username: 'cashier', pin: '1111' }));
  // Float counted by denomination: 2 × ¥50 + 5 × ¥10 + 10 × ¥1 = ¥160.
  const shift = ok(await api['shift.open']({ floatCounts: { '5000': 2, '1000': 5, '100': 10 } }));
  expect(shift.floatAmount).toBe(16000);
  ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
  ok(await api['payment.addCash']({ amount: 10000 }));
  ok(await api['sale.scan']({ code: cola.barcodes[0]!, quantity: 2 }));
  ok(await api['payment.addCash']({ amount: 600 }));
  return t;
}

describe('cash movements and the X report', () => {
  it('paid out and safe drop move the expected cash; the X report never changes the shift', async () => {
    const { api } = await dayWithSales();
    ok(await api['cash.movement']({ kind: 'paid-out', amount: 1500, reasonCode: 'supplier', note: 'milk delivery' }));
    ok(await api['cash.movement']({ kind: 'safe-drop', amount: 5000, reasonCode: 'bank-deposit' }));
    expect(errCode(await api['cash.movement']({ kind: 'paid-out', amount: 60000, reasonCode: 'expenses' }))).toBe('CASH_INSUFFICIENT');
    expect(errCode(await api['cash.movement']({ kind: 'paid-in', amount: 60000, reasonCode: 'float-top-up' }))).toBe('MANAGER_REQUIRED');
    const x1 = ok(await api['report.x']({}));
    const x2 = ok(await api['report.x']({}));
    expect(x1.kind).toBe('x');
    expect(x1.number).toBeNull();
    expect(x1.sales).toEqual({ count: 2, amount: 500 + 600 });
    expect(x1.cash).toMatchObject({ float: 16000, taken: 10600, change: 9500, paidOut: 1500, safeDrops: 5000 });
    expect(x1.cash.expected).toBe(16000 + 1100 - 1500 - 5000);
    expect(x1.cashMovements.map((m) => m.kind)).toEqual(['paid-out', 'safe-drop']);
    expect({ ...x2, generatedAt: '' }).toEqual({ ...x1, generatedAt: '' });
    expect(ok(await api['shift.current']({}))!.status).toBe('open');
  });
});

describe('close: blind count, compare, reconcile, confirm', () => {
  it('refuses bad counts, then closes with a manager over a small variance and writes Z 1', async () => {
    const { api, db } = await dayWithSales();
    expect(errCode(await api['close.count']({ counts: { '5000': -1 } }))).toBe('VALIDATION_FAILED');
    expect(errCode(await api['close.count']({ counts: { '300': 1 } }))).toBe('UNKNOWN_DENOMINATION');
    // Expected 160 + 11 = ¥171.00; counted ¥170.90: a 10 fen variance, inside the tolerance.
    const compare = ok(await api['close.count']({ counts: { '10000': 1, '5000': 1, '1000': 2, '50': 1, '10': 4 } }));
    expect(compare.lines[0]).toMatchObject({ tender: 'cash', expected: 17100, counted: 17090, variance: -10 });
    expect(compare.needsManager).toBe(false);
    const reconciliation = ok(await api['close.reconcile']({}));
    expect(reconciliation.map((r) => [r.source, r.status])).toEqual([['ledger', 'match'], ['pinpad', 'missing'], ['acquirer', 'missing']]);
    // Missing sources are printed and the day can still be closed, by a manager.
    expect(errCode(await api['close.confirm']({}))).toBe('MANAGER_REQUIRED');
    const z = ok(await api['close.confirm']({ override: manager }));
    expect(z).toMatchObject({ kind: 'z', number: 1, reprint: false, approval: { approver: 'manager', reason: manager.reason } });
    expect(z.cash).toMatchObject({ expected: 17100, counted: 17090, variance: -10 });
    expect(z.cash.countLines!.filter((l) => l.count > 0).map((l) => l.value)).toEqual([10000, 5000, 1000, 50, 10]);
    // The hash covers the report; the audit chain holds it.
    expect(createHash('sha256').update(canonicalJson({ ...z, hash: null })).digest('hex')).toBe(z.hash);
    const entry = db.prepare<[], { detail: string }>("SELECT detail FROM audit_log WHERE action = 'z.create'").get()!;
    expect(JSON.parse(entry.detail).hash).toBe(z.hash);
    expect(verifyAuditChain(db).ok).toBe(true);
    // Closed: no second close, no new sale, and the Z never changes.
    expect(ok(await api['shift.current']({}))).toBeNull();
    expect(errCode(await api['close.confirm']({ override: manager }))).toBe('SHIFT_CLOSED');
    expect(errCode(await api['sale.scan']({ code: milk.barcodes[0]! }))).toBe('SHIFT_CLOSED');
    expect(() => db.exec("UPDATE z_reports SET hash = 'x'")).toThrow(/LEDGER_IMMUTABLE/);
    // History, reprint (says REPRINT), export.
    ok(await api['session.login']({ username: 'manager', pin: '2222' }));
    const list = ok(await api['report.zList']({}));
    expect(list.reports.map((r) => r.number)).toEqual([1]);
    const reprint = ok(await api['report.reprintZ']({ number: 1 }));
    expect(reprint.reprint).toBe(true);
    const pdf = ok(await api['report.export']({ kind: 'z', number: 1, format: 'pdf' }));
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const csv = Buffer.from(ok(await api['report.export']({ kind: 'z', number: 1, format: 'csv' })).base64, 'base64').toString('utf8');
    expect(csv).toContain(z.hash!);
    expect(csv).toMatch(/Sales,2,1100,11\.00/);
  });

  it('a card payment whose outcome is still unknown blocks the close until it is resolved', async () => {
    const { api, db } = await dayWithSales();
    const saleId = (db.prepare("SELECT sale_id FROM sales WHERE status = 'posted' LIMIT 1").get() as { sale_id: string }).sale_id;
    db.prepare(
      `INSERT INTO card_payments (payment_id, sale_id, kind, amount, currency, training, state, needs_manager, created_at, updated_at)
       VALUES ('00000000-0000-4000-8000-0000000000aa', ?, 'authorization', 500, 'CNY', 1, 'unknown', 1, 'now', 'now')`,
    ).run(saleId);
    const refused = await api['close.count']({ counts: { '10000': 1 } });
    expect(errCode(refused)).toBe('PAYMENT_UNRESOLVED');
    expect(refused.ok ? '' : refused.error.message).toMatch(/Resolve it/);
  });

  it('a sale still open or suspended blocks the close with what to do', async () => {
    const { api } = await dayWithSales();
    ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    expect(errCode(await api['close.count']({ counts: {} }))).toBe('SALE_STILL_OPEN');
    ok(await api['sale.suspend']({}));
    expect(errCode(await api['close.count']({ counts: {} }))).toBe('SALE_STILL_OPEN');
  });

  it('a large variance needs a manager with a reason; Z numbers are gap-free across days', async () => {
    const { api } = await dayWithSales();
    ok(await api['close.count']({ counts: { '100': 1 } }));
    ok(await api['close.reconcile']({}));
    const z1 = ok(await api['close.confirm']({ override: manager }));
    expect(z1.cash.variance).toBe(100 - 17100);
    ok(await api['session.login']({ username: 'cashier', pin: '1111' }));
    ok(await api['shift.open']({ floatAmount: 0 }));
    const z2 = ok(await api['shift.close']({ countedCash: 0, override: manager }));
    expect([z1.number, z2.number]).toEqual([1, 2]);
    expect(z2.shiftNumber).toBe(2);
  });

  it('three-way reconciliation: a mismatch is flagged on the Z and on later reports until a manager resolves it', async () => {
    const t = await dayWithSales();
    const { api, till } = t;
    till.ctx.cardTotalsSources.set('pinpad', async () => ({ sales: { count: 1, amount: 999 }, refunds: { count: 0, amount: 0 }, byBrand: [] }));
    till.ctx.cardTotalsSources.set('acquirer', async () => {
      throw new Error('connection refused');
    });
    ok(await api['close.count']({ counts: { '10000': 1, '5000': 1, '1000': 2, '100': 1 } }));
    const rec = ok(await api['close.reconcile']({}));
    expect(rec.find((r) => r.source === 'pinpad')).toMatchObject({ status: 'mismatch' });
    expect(rec.find((r) => r.source === 'acquirer')).toMatchObject({ status: 'missing', detail: expect.stringContaining('connection refused') });
    const z = ok(await api['close.confirm']({ override: manager }));
    expect(z.reconciliation.map((r) => r.status)).toEqual(['match', 'mismatch', 'missing']);
    ok(await api['session.login']({ username: 'manager', pin: '2222' }));
    const flags = ok(await api['reconciliation.flags']({}));
    expect(flags.map((f) => f.source).sort()).toEqual(['acquirer', 'pinpad']);
    ok(await api['shift.open']({ floatAmount: 0 }));
    expect(ok(await api['report.x']({})).openFlags).toHaveLength(2);
    for (const f of flags) ok(await api['reconciliation.resolve']({ flagId: f.flagId, reason: 'terminal report checked by hand' }));
    expect(ok(await api['report.x']({})).openFlags).toHaveLength(0);
  });
});

describe('declined after offline approval', () => {
  it('shows on the X report of the shift in which the acquirer declined it', async () => {
    const { api, db, clock } = await dayWithSales();
    const tx = { amountMinor: 4500, maskedPan: '400000******0002' };
    db.prepare('INSERT INTO acquirer_declined (uuid, training, item_id, transaction_json, response_code, at) VALUES (?, 1, 1, ?, ?, ?)').run(
      '00000000-0000-4000-8000-00000000dead',
      JSON.stringify(tx),
      '05',
      clock().getTime() + 1000,
    );
    const x = ok(await api['report.x']({}));
    expect(x.declinedAfterOffline).toEqual([{ at: new Date(clock().getTime() + 1000).toISOString(), amount: 4500, maskedPan: '400000******0002', responseCode: '05' }]);
  });
});
