// The whole training till (openTill: in-process PIN pad simulator, acquirer simulator on loopback, virtual printer):
// card sales, a same-day reversal and a partial refund, then the close's three-way reconciliation must match on every
// side — ledger, PIN pad end of day (06 50) and acquirer (0500/0510).
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTill } from '../../../service/open-till';
import { scaleTimers } from '../../../native/zvt/zvt-transport';
import { demoProducts } from '../../../service/demo-catalogue';
import { ok } from '../../support/till';

const demo = demoProducts();
const code = (sku: string) => demo.find((p) => p.sku === sku)!.barcodes[0]!;

describe('three-way reconciliation after reversals and refunds', () => {
  it('ledger, PIN pad and acquirer agree', async () => {
    process.env.TILL_SYNC_TIME_SCALE = '0.05';
    const till = await openTill({ dataDir: mkdtempSync(join(tmpdir(), 'till-3way-')), pinpadTimers: scaleTimers(0.05) });
    try {
      const api = till.api;
      ok(await api['session.login']({ username: 'manager', pin: '2222' }));
      ok(await api['shift.open']({ floatAmount: 0 }));
      const receipts: string[] = [];
      for (const [sku, quantity] of [['D1011', 1], ['D5013', 2], ['D3031', 1]] as const) {
        ok(await api['sale.scan']({ code: code(sku), quantity }));
        receipts.push(ok(await api['payment.startCard']({})).receipt!.receiptNumber);
      }
      // The whole milk sale back on the same day: a reversal. One of the two bags of rice: a refund.
      const milk = ok(await api['receipt.get']({ receiptNumber: receipts[0]! }));
      ok(await api['return.post']({ receiptNumber: milk.receiptNumber, lines: [{ originalLineId: milk.lines[0]!.lineId, quantity: 1 }] }));
      const rice = ok(await api['receipt.get']({ receiptNumber: receipts[1]! }));
      ok(await api['return.post']({ receiptNumber: rice.receiptNumber, lines: [{ originalLineId: rice.lines[0]!.lineId, quantity: 1 }] }));
      let backlog = -1;
      for (let i = 0; i < 200 && backlog !== 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        backlog = ok(await api['sync.status']({})).backlog;
      }
      expect(backlog).toBe(0);
      ok(await api['close.count']({ counts: {} }));
      const rec = ok(await api['close.reconcile']({}));
      expect(rec.map((r) => `${r.source}:${r.status}:${r.status === 'match' ? '' : r.detail}`)).toEqual(['ledger:match:', 'pinpad:match:', 'acquirer:match:']);
    } finally {
      delete process.env.TILL_SYNC_TIME_SCALE;
      await till.close();
    }
  });
});
