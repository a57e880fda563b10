// Property: for random days of sales, returns, voids, cash movements and tenders, the Z (built from running totals,
// O(1)) equals the sum over the ledger rows of that shift (a full scan, computed here independently).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestTill, ok } from '../../support/till';
import { demoProducts } from '../../../service/demo-catalogue';

const codes = demoProducts().filter((p) => p.barcodes.length > 0).slice(0, 40).map((p) => p.barcodes[0]!);

type Op =
  | { op: 'sale'; items: { code: number; qty: number }[]; split: boolean; discountBp: number }
  | { op: 'void'; items: number[] }
  | { op: 'return'; which: number; fraction: number }
  | { op: 'move'; kind: 'paid-in' | 'paid-out' | 'safe-drop'; amount: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('sale' as const), items: fc.array(fc.record({ code: fc.nat(codes.length - 1), qty: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 5 }), split: fc.boolean(), discountBp: fc.constantFrom(0, 0, 500, 1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('void' as const), items: fc.array(fc.nat(codes.length - 1), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('return' as const), which: fc.nat(50), fraction: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('move' as const), kind: fc.constantFrom('paid-in' as const, 'paid-out' as const, 'safe-drop' as const), amount: fc.integer({ min: 1, max: 3000 }) }) },
);

describe('Z totals equal the ledger', () => {
  it('for random days', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), fc.integer({ min: 0, max: 50_000 }), async (ops, counted) => {
        const { api, db } = createTestTill();
        ok(await api['session.login']({ username: 'manager', pin: '2222' }));
        ok(await api['shift.open']({ floatAmount: 20_000 }));
        const receipts: string[] = [];
        for (const step of ops) {
          if (step.op === 'sale') {
            let sale;
            for (const item of step.items) sale = ok(await api['sale.scan']({ code: codes[item.code]!, quantity: item.qty }));
            if (step.discountBp) sale = ok(await api['sale.setBasketDiscount']({ discount: { kind: 'percent', bp: step.discountBp } }));
            if (step.split && sale!.total > 1) ok(await api['payment.addCash']({ amount: Math.floor(sale!.total / 2) }));
            const current = ok(await api['sale.current']({}))!;
            const paid = ok(await api['payment.addCash']({ amount: current.remaining + (step.split ? 0 : 1000) }));
            receipts.push(paid.receipt!.receiptNumber);
          } else if (step.op === 'void') {
            for (const code of step.items) ok(await api['sale.scan']({ code: codes[code]! }));
            ok(await api['sale.void']({ reason: 'customer changed mind' }));
          } else if (step.op === 'return' && receipts.length > 0) {
            const receipt = ok(await api['receipt.get']({ receiptNumber: receipts[step.which % receipts.length]! }));
            const line = receipt.lines.find((l) => !l.voided && l.quantity - l.returnedQuantity > 0);
            if (!line) continue;
            const qty = Math.max(1, Math.floor((line.quantity - line.returnedQuantity) / step.fraction));
            ok(await api['return.post']({ receiptNumber: receipt.receiptNumber, lines: [{ originalLineId: line.lineId, quantity: qty }] }));
          } else if (step.op === 'move') {
            const result = await api['cash.movement']({ kind: step.kind, amount: step.amount, reasonCode: 'other' });
            // Taking out more than the drawer holds is refused, and that is fine: nothing changed.
            if (!result.ok) expect(result.error.code).toBe('CASH_INSUFFICIENT');
          }
        }
        const shiftId = ok(await api['shift.current']({}))!.shiftId;
        ok(await api['close.count']({ counts: { '10': counted } }));
        ok(await api['close.reconcile']({}));
        const z = ok(await api['close.confirm']({ reason: 'property test' }));

        const one = <T>(sql: string) => db.prepare(sql).get(shiftId) as T;
        const all = <T>(sql: string) => db.prepare(sql).all(shiftId) as T[];
        const sales = one<{ n: number; s: number | null }>("SELECT count(*) n, sum(total) s FROM sales WHERE shift_id = ? AND kind = 'sale' AND status = 'posted'");
        const returns = one<{ n: number; s: number | null }>("SELECT count(*) n, sum(total) s FROM sales WHERE shift_id = ? AND kind = 'return' AND status = 'posted'");
        const voids = one<{ n: number }>("SELECT count(*) n FROM sales WHERE shift_id = ? AND status = 'voided' AND coalesce(void_reason, '') <> 'empty'");
        const tenders = all<{ kind: string; n: number; s: number }>(
          "SELECT t.kind, count(*) n, sum(t.amount) s FROM tenders t JOIN sales s ON s.sale_id = t.sale_id WHERE s.shift_id = ? AND s.kind = 'sale' AND s.status = 'posted' AND t.removed = 0 GROUP BY t.kind ORDER BY t.kind",
        );
        const refunds = all<{ kind: string; n: number; s: number }>(
          "SELECT t.kind, count(*) n, sum(t.amount) s FROM tenders t JOIN sales s ON s.sale_id = t.sale_id WHERE s.shift_id = ? AND s.kind = 'return' AND s.status = 'posted' GROUP BY t.kind ORDER BY t.kind",
        );
        const change = one<{ s: number | null }>("SELECT sum(change_given) s FROM sales WHERE shift_id = ? AND kind = 'sale' AND status = 'posted'").s ?? 0;
        const tax = all<{ tax_code: string; rate_bp: number; tax: number; net: number }>(
          `SELECT l.tax_code, l.rate_bp, sum(CASE s.kind WHEN 'sale' THEN l.tax ELSE -l.tax END) tax, sum(CASE s.kind WHEN 'sale' THEN l.total - l.tax ELSE -(l.total - l.tax) END) net
           FROM sale_lines l JOIN sales s ON s.sale_id = l.sale_id WHERE s.shift_id = ? AND s.status = 'posted' AND l.voided = 0 GROUP BY l.tax_code, l.rate_bp ORDER BY l.tax_code, l.rate_bp`,
        );
        const moves = Object.fromEntries(all<{ kind: string; s: number }>('SELECT kind, sum(amount) s FROM cash_movements WHERE shift_id = ? GROUP BY kind').map((m) => [m.kind, m.s]));

        expect(z.sales).toEqual({ count: sales.n, amount: sales.s ?? 0 });
        expect(z.returns).toEqual({ count: returns.n, amount: returns.s ?? 0 });
        expect(z.voids.count).toBe(voids.n);
        expect(z.tenders).toEqual(tenders.map((t) => ({ kind: t.kind, count: t.n, amount: t.s })));
        expect(z.refunds).toEqual(refunds.map((t) => ({ kind: t.kind, count: t.n, amount: t.s })));
        expect(z.tax.map((t) => ({ taxCode: t.taxCode, rateBp: t.rateBp, tax: t.tax, net: t.net }))).toEqual(
          tax.map((t) => ({ taxCode: t.tax_code, rateBp: t.rate_bp, tax: t.tax, net: t.net })),
        );
        const cashIn = tenders.find((t) => t.kind === 'cash')?.s ?? 0;
        const cashOut = refunds.find((t) => t.kind === 'cash')?.s ?? 0;
        const expected = 20_000 + cashIn - change - cashOut + (moves['paid-in'] ?? 0) - (moves['paid-out'] ?? 0) - (moves['safe-drop'] ?? 0);
        expect(z.cash.expected).toBe(expected);
        expect(z.cash.variance).toBe(counted * 10 - expected);
      }),
      { numRuns: 12 },
    );
  });
});
