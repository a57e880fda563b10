// Fault table rows 17, 18 and 20 for the acquirer path (research/reliability.md §5): an upgrade killed halfway with
// 50 unsent offline payments, a damaged ledger and a deleted WAL, and a scan for card data anywhere on disk plus
// hostile inputs at the boundary. Real child processes; ends with the invariant checker.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openLedger, schemaVersion } from '../../../db/open';
import { SqliteAcquirerOutbox } from '../../../db/acquirer-outbox';
import type { CardTransaction } from '../../../acquirer/messages';
import { LATEST_VERSION } from '../../../db/migrations';
import { openTill } from '../../../service/open-till';
import { ledgerPath } from '../../../service/paths';
import { enqueueCardTransaction } from '../../../service/sync-service';
import { checkInvariants } from '../../support/invariants';
import { expectInvariants, runTillChild, startHarness, type Harness } from '../../support/acquirer-harness';
import { loginCashier, must, openAcquirerTill } from '../../support/acquirer-till';
import { ROOT } from '../../support/web-host';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('row 17: upgrade with unsent offline payments, killed halfway', () => {
  it('the migration is one transaction: after the SIGKILL all 50 items are intact and forwardable, none dropped or recreated', async () => {
    h = await startHarness();
    await h.stopSim();
    const sales = await runTillChild(h, { sales: 50 });
    expect(sales.code, sales.stderr).toBe(0);
    const path = ledgerPath(h.dataDir);
    const before = openLedger(path);
    const rows = before.prepare('SELECT id, uuid, send_count, transaction_json FROM acquirer_outbox ORDER BY id').all();
    before.close();
    expect(rows).toHaveLength(50);
    const killed = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/migrate-child.ts'), path], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const after = openLedger(path);
    expect(schemaVersion(after)).toBe(LATEST_VERSION);
    expect(after.prepare('SELECT id, uuid, send_count, transaction_json FROM acquirer_outbox ORDER BY id').all()).toEqual(rows);
    expect(after.prepare("SELECT count(*) AS n FROM pragma_table_info('acquirer_outbox') WHERE name = 'note'").get()).toEqual({ n: 0 });
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
    await h.restartSim();
    const drained = await runTillChild(h, { drain: true });
    expect(drained.left).toBe(0);
    const report = expectInvariants(h);
    expect(report.counts.captured).toBe(50);
  });
});

describe('row 18: damaged ledger, deleted WAL', () => {
  it('a damaged ledger with unsent advices: the till refuses to trade and never starts an empty ledger', async () => {
    h = await startHarness();
    await h.stopSim();
    await runTillChild(h, { sales: 5 });
    const path = ledgerPath(h.dataDir);
    const db = openLedger(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(size / 2, 0xa5), 0, size / 2, size / 2);
    closeSync(fd);
    await expect(openTill({ dataDir: h.dataDir })).rejects.toMatchObject({ code: 'DB_CORRUPT' });
    expect(statSync(path).size).toBe(size); // the damaged file is kept for recovery, not replaced
    expect(h.sim.captured()).toEqual([]); // nothing was forwarded from a ledger the till cannot trust
  });

  it('a crash then a deleted -wal loses recent commits silently to SQLite; the three-way check catches it', async () => {
    h = await startHarness();
    // Sales are captured by the acquirer, then the till dies before a checkpoint and someone deletes the WAL.
    const crashed = await runTillChild(h, { sales: 3, drain: true }, 'acquirer.after-ack');
    expect(crashed.signal).toBe('SIGKILL');
    const wal = `${ledgerPath(h.dataDir)}-wal`;
    expect(existsSync(wal)).toBe(true);
    rmSync(wal);
    rmSync(`${ledgerPath(h.dataDir)}-shm`, { force: true });
    const report = checkInvariants({ dataDir: h.dataDir, acquirer: h.sim.report(), messages: h.sim.recordedMessages(), shown: h.shown, drained: false });
    // The ledger is consistent (integrity ok) but older than what the acquirer holds: reported, never hidden.
    expect(report.violations.some((v) => v.startsWith('I2: the acquirer captured'))).toBe(true);
    expect(report.violations.some((v) => v.startsWith('I1: approval'))).toBe(true);
    expect(report.violations.some((v) => v.startsWith('I6'))).toBe(false);
  });
});

/** 13–19 digit runs that pass Luhn and start like a card number (3–6): what a PAN scanner flags. */
function panLike(text: string): string[] {
  const hits: string[] = [];
  for (const m of text.matchAll(/(?<!\d)[3-6]\d{12,18}(?!\d)/g)) {
    const digits = m[0];
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) hits.push(digits);
  }
  return hits;
}

describe('row 20: no card data on disk; hostile input at the boundary', () => {
  it('a full PAN is masked before anything is written; after a day of card sales no file holds a PAN or track data', async () => {
    h = await startHarness();
    const fullPan = '4761739001010119'; // a Luhn-valid test PAN
    expect(panLike(`"pan":"${fullPan}",1795000000000`)).toEqual([fullPan]); // the scanner finds one when it is there
    const run = await runTillChild(h, { sales: 5, drain: true });
    expect(run.code, run.stderr).toBe(0);
    const till = openAcquirerTill({ dataDir: h.dataDir, address: h.address });
    await loginCashier(till);
    // A PIN pad that (wrongly) hands over a full PAN: the approval is still recorded, with the PAN masked before any write.
    // (Rolled back afterwards: this test has no sale for it, and the invariants want every advice to have its tender.)
    let stored: CardTransaction | null = null;
    expect(() =>
      till.ctx.tx(() => {
        stored = enqueueCardTransaction(till.ctx, {
          paymentId: randomUUID(), kind: 'sale', cardType: 'debit', amountMinor: 100, maskedPan: fullPan, authCode: 'A1', entryMode: 'chip', offlineApproved: true,
        });
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    expect(stored!.maskedPan).toBe('476173******0119');
    // Below the service, the store itself refuses a full PAN outright.
    expect(() => till.ctx.tx(() => new SqliteAcquirerOutbox(till.ctx.db, { training: true }).enqueue('advice', { ...stored!, uuid: randomUUID(), maskedPan: fullPan }, 0))).toThrow(/masked PAN/);
    // Hostile values at the API boundary are refused by the schema.
    must(await till.api['session.logout']({}));
    must(await till.api['session.login']({ username: 'manager', pin: '2222' }));
    for (const id of [-1, Number.NaN, 1e308, '12', 1.5, null]) {
      const r = await till.call('sync.requeue', { id });
      expect(r.ok ? 'ok' : r.error.code).toBe('VALIDATION_FAILED');
    }
    const cashier = await till.call('sync.reconcile', { extra: '<script>alert(1)</script>' });
    expect(cashier.ok ? 'ok' : cashier.error.code).toBe('VALIDATION_FAILED');
    // Product barcodes (EAN-13, 690… in the demo) are long digit runs too: known, and not card numbers.
    const barcodes = new Set(till.ctx.db.prepare<[], { code: string }>('SELECT code FROM barcodes').all().map((r) => r.code));
    await till.close();
    const files = readdirSync(h.dataDir).map((f) => join(h!.dataDir, f));
    const texts = [...files.map((f) => readFileSync(f).toString('latin1')), run.stdout, run.stderr];
    for (const text of texts) {
      expect(text.includes(fullPan)).toBe(false);
      // In binary pages a barcode can sit next to other digits: a run that contains a known barcode is not a PAN.
      expect(panLike(text).filter((d) => ![...barcodes].some((b) => d.includes(b)))).toEqual([]);
      expect(/;\d{12,19}=/.test(text)).toBe(false);
    }
    expectInvariants(h);
  });
});
