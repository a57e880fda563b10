// The sync use cases on a real ledger with the in-process training simulator: roles, status, a forced drain,
// review/requeue/reconcile, the training guard (a training till never talks to a live acquirer), mode none, the
// card-payment hook's transaction rule, and the CLI commands.
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestTill, errCode, loginAndOpenShift, ok } from '../../support/till';
import { enqueueCardTransaction, safeMaskedPan } from '../../../service/sync-service';
import type { TillContext } from '../../../service/context';
import { ROOT, TSX } from '../../support/web-host';
import { cardSale, type AcquirerTill } from '../../support/acquirer-till';

function card(ctx: TillContext, amountMinor = 1250) {
  return ctx.tx(() =>
    enqueueCardTransaction(ctx, {
      paymentId: randomUUID(), kind: 'sale', cardType: 'debit', amountMinor, maskedPan: '476173******0119', authCode: 'A12345', entryMode: 'chip', offlineApproved: true,
    }),
  );
}

describe('sync.* on a training till', () => {
  it('status for everyone; drain, review and reconcile for managers and techs; requeue of nothing is refused', async () => {
    const { till, api } = createTestTill({ acquirer: { mode: 'simulated' } });
    const ctx = (till as unknown as { ctx: TillContext }).ctx;
    await loginAndOpenShift(api);
    expect(ok(await api['sync.status']({}))).toMatchObject({ configured: true, simulated: true, training: true, backlog: 0, batchNumber: 1 });
    expect(errCode(await api['sync.now']({}))).toBe('FORBIDDEN');
    expect(errCode(await api['sync.review']({}))).toBe('FORBIDDEN');
    expect(errCode(await api['sync.reconcile']({}))).toBe('FORBIDDEN');
    const tx = card(ctx);
    expect(tx).toMatchObject({ terminalId: '00000T01', merchantId: 'TRAINING', batchNumber: 1, currency: 'CNY' });
    ok(await api['session.logout']({}));
    ok(await api['session.login']({ username: 'tech', pin: '3333' }));
    const after = ok(await api['sync.now']({}));
    expect(after).toMatchObject({ online: true, backlog: 0, reviewCount: 0 });
    expect(ok(await api['status.get']({})).sync).toMatchObject({ online: true, backlog: 0 });
    expect(ok(await api['sync.review']({}))).toEqual({ manualReview: [], declined: [] });
    expect(errCode(await api['sync.requeue']({ id: 99 }))).toBe('MANAGER_REQUIRED');
    ok(await api['session.logout']({}));
    ok(await api['session.login']({ username: 'manager', pin: '2222' }));
    expect(errCode(await api['sync.requeue']({ id: 99 }))).toBe('INVALID_ARGUMENT');
    const rec = ok(await api['sync.reconcile']({}));
    expect(rec).toMatchObject({ closedBatch: 1, currentBatch: 2, results: [{ batchNumber: 1, ok: true, balanced: true }] });
    expect(() => enqueueCardTransaction(ctx, { paymentId: randomUUID(), kind: 'sale', cardType: 'debit', amountMinor: 1, maskedPan: '476173******0119', authCode: '', entryMode: 'chip', offlineApproved: false }))
      .toThrow(/inside the sale's transaction/);
    await till.close();
  });

  it('the close\'s three-way reconciliation: the acquirer closes and reconciles the shift\'s batch and matches the ledger', async () => {
    const { till, api } = createTestTill({ acquirer: { mode: 'simulated' } });
    await loginAndOpenShift(api);
    await cardSale(till as AcquirerTill);
    await cardSale(till as AcquirerTill);
    const first = ok(await api['close.reconcile']({}));
    expect(first.find((r) => r.source === 'acquirer')).toMatchObject({ status: 'match', totals: { sales: { count: 2, amount: 2300 } } });
    // Asked again (the cashier recounts): the stored 0510 totals answer, the batch is not reconciled twice.
    const again = ok(await api['close.reconcile']({}));
    expect(again.find((r) => r.source === 'acquirer')).toMatchObject({ status: 'match' });
    expect(ok(await api['sync.status']({})).batchNumber).toBe(2);
    await till.close();
  });

  it('a training till configured for a live acquirer still only talks to its simulator', async () => {
    let connections = 0;
    const live = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => live.listen(0, '127.0.0.1', r));
    const port = (live.address() as net.AddressInfo).port;
    const { till, api } = createTestTill({ acquirer: { mode: 'device', address: `127.0.0.1:${port}` } });
    const ctx = (till as unknown as { ctx: TillContext }).ctx;
    ok(await api['session.login']({ username: 'tech', pin: '3333' }));
    card(ctx);
    const status = ok(await api['sync.now']({}));
    expect(status).toMatchObject({ backlog: 0, simulated: true, training: true });
    expect(status.address).not.toBe(`127.0.0.1:${port}`);
    expect(connections).toBe(0);
    await till.close();
    await new Promise<void>((r) => live.close(() => r()));
  });

  it('mode none: not configured, advices still kept (nothing lost), the device says so', async () => {
    const { till, api } = createTestTill({ acquirer: { mode: 'none' } });
    const ctx = (till as unknown as { ctx: TillContext }).ctx;
    ok(await api['session.login']({ username: 'tech', pin: '3333' }));
    card(ctx);
    expect(ok(await api['sync.now']({}))).toMatchObject({ configured: false, backlog: 1, online: false });
    expect(ok(await api['status.get']({})).devices.find((d) => d.kind === 'acquirer')).toMatchObject({ health: 'not-configured' });
    await till.close();
  });
});

describe('safeMaskedPan: whatever the PIN pad hands over, the advice carries a masked PAN and the approval is kept', () => {
  it.each([
    ['476173******0119', '476173******0119'],
    ['4761 73XX XXXX 0119', '476173******0119'],
    ['4761739001010119', '476173******0119'],
    ['XXXX0119', '********0119'],
    ['47617390010101190000123', '************0123'],
    ['', '************'],
  ])('%s → %s', (raw, masked) => {
    expect(safeMaskedPan(raw)).toBe(masked);
  });
});

describe('CLI: sync status / now / review', () => {
  const cli = (dataDir: string, ...args: string[]) => spawnSync(TSX, [join(ROOT, 'cli/main.ts'), ...args, '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  it('prints the status as JSON, drains with sync now, and refuses the review to a cashier', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'till-sync-cli-'));
    const status = cli(dataDir, 'sync', 'status', '--json', '--user', 'tech', '--pin', '3333');
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ backlog: 0, training: true, configured: true });
    const now = cli(dataDir, 'sync', 'now', '--user', 'tech', '--pin', '3333');
    expect(now.status, now.stderr).toBe(0);
    expect(now.stdout).toMatch(/link: +online \(simulator\)/);
    const review = cli(dataDir, 'sync', 'review', '--user', 'cashier', '--pin', '1111');
    expect(review.status).toBe(1);
    expect(review.stderr).toMatch(/FORBIDDEN/);
  });
});
