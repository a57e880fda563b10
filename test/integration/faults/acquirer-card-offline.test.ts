// Issue 6 acceptance through the real card path: the PIN pad (training PT simulator, real ZVT bytes) approves while
// the acquirer is down; the till keeps selling by card, the status strip shows offline and the backlog; when the
// acquirer returns the backlog drains to zero, the batch reconciles balanced and the close's acquirer totals match.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTill, loginAndOpenShift, ok } from '../../support/till';
import { demoProducts } from '../../../service/demo-catalogue';
import { expectInvariants, startHarness, type Harness } from '../../support/acquirer-harness';

const rice = demoProducts().find((p) => p.sku === 'D5013')!;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('selling by card with the acquirer down, then the link returns', () => {
  it('offline approvals are stored, shown as backlog, forwarded once, reconciled and matched at the close', async () => {
    h = await startHarness();
    await h.stopSim();
    const { till, api, db } = createTestTill({ acquirer: { mode: 'simulated', address: h.address } }, h.dataDir, { pinpad: true });
    await loginAndOpenShift(api);
    for (let i = 0; i < 3; i++) {
      ok(await api['sale.scan']({ code: rice.barcodes[0]! }));
      const paid = ok(await api['payment.startCard']({}));
      expect(paid.receipt?.tenders.map((t) => t.kind)).toEqual(['card']);
    }
    const offline = ok(await api['status.get']({}));
    expect(offline.sync).toMatchObject({ online: false, backlog: 3 });
    expect(offline.devices.find((d) => d.kind === 'acquirer')?.health).toBe('offline');
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'acquirer.offline-decision'").get()).toEqual({ n: 3 });

    await h.restartSim();
    ok(await api['session.logout']({}));
    ok(await api['session.login']({ username: 'manager', pin: '2222' }));
    const drained = ok(await api['sync.now']({}));
    expect(drained).toMatchObject({ online: true, backlog: 0, offlineStored: { count: 0, amount: 0 } });
    const close = ok(await api['close.reconcile']({}));
    expect(close.find((r) => r.source === 'acquirer')).toMatchObject({ status: 'match', totals: { sales: { count: 3 } } });
    expect(ok(await api['sync.reconcile']({})).results).toEqual([]); // already reconciled by the close, balanced
    expect(db.prepare('SELECT batch_number, balanced FROM acquirer_reconciliations').all()).toEqual([{ batch_number: 1, balanced: 1 }]);
    const shown = db.prepare<[], { payment_id: string }>("SELECT payment_id FROM card_payments WHERE state = 'completed'").all().map((r) => r.payment_id);
    expect(shown).toHaveLength(3);
    await till.close();
    const report = expectInvariants(h, { shown });
    expect(report.counts).toMatchObject({ cardTenders: 3, captured: 3 });
  });
});
