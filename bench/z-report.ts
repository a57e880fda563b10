// Z report time against ledger size: the same shift report at 10,000 and 1,000,000 posted sales. The report comes
// from the shift's running totals, so the time should stay flat; the ledger rows are inserted in bulk (as the
// service would have left them) because ringing up a million sales through the API would take an hour.
import { join } from 'node:path';
import { openLedger } from '../db/open';
import { createTill } from '../service/create-till';
import { trainingConfig } from '../service/config';
import { seedTrainingDemo } from '../service/open-till';
import type { Result } from '../service/contract';
import { fmt, summarize } from './stats';
import type { OptionalBench } from './optional';

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function zAt(dir: string, sales: number) {
  const db = openLedger(join(dir, `z-${sales}.sqlite`));
  seedTrainingDemo(db, new Date().toISOString());
  const config = { ...trainingConfig(), acquirer: { mode: 'none' as const }, pinpad: { mode: 'none' as const }, printer: { mode: 'none' as const, columns: 42 } };
  const till = createTill({ db, config, log: () => {} });
  const api = till.api;
  must(await api['session.login']({ username: 'manager', pin: '2222' }));
  const shift = must(await api['shift.open']({ floatAmount: 10_000 }));
  const insSale = db.prepare(`INSERT INTO sales (sale_id, kind, status, training, currency, shift_id, cashier_id, opened_at, receipt_series, receipt_seq, receipt_number, posted_at, subtotal, discount_total, tax_total, total, change_given)
    VALUES (?, 'sale', 'posted', 1, 'CNY', ?, 'user-manager', '2026-11-23T09:00:00Z', 'training', ?, ?, '2026-11-23T09:00:00Z', 1000, 0, 115, 1000, 0)`);
  const insLine = db.prepare(`INSERT INTO sale_lines (line_id, sale_id, line_no, sku, name, quantity, quantity_kind, unit_price, list_unit_price, tax_code, rate_bp, gross, discount_amount, total, tax)
    VALUES (?, ?, 1, 'D1011', 'Whole Milk', 1, 'piece', 1000, 1000, 'A', 1300, 1000, 0, 1000, 115)`);
  const insTender = db.prepare(`INSERT INTO tenders (tender_id, sale_id, seq, kind, amount, created_at) VALUES (?, ?, 1, 'cash', 1000, '2026-11-23T09:00:00Z')`);
  const batch = 50_000;
  for (let start = 0; start < sales; start += batch) {
    db.transaction(() => {
      for (let i = start + 1; i <= Math.min(sales, start + batch); i++) {
        const id = `b${i}`;
        insSale.run(id, shift.shiftId, i, `TR-T01-${String(i).padStart(7, '0')}`);
        insLine.run(`${id}-1`, id);
        insTender.run(`${id}-t`, id);
      }
    })();
  }
  db.transaction(() => {
    db.prepare("UPDATE receipt_series SET next_number = ? WHERE series = 'training'").run(sales + 1);
    const add = db.prepare('INSERT INTO shift_totals (shift_id, key, count, amount, extra) VALUES (?, ?, ?, ?, ?)');
    add.run(shift.shiftId, 'sales', sales, sales * 1000, 0);
    add.run(shift.shiftId, 'tender:cash', sales, sales * 1000, 0);
    add.run(shift.shiftId, 'tax:A:1300', sales, sales * 115, sales * 885);
    add.run(shift.shiftId, 'hour:09', sales, sales * 1000, 0);
  })();
  // The bulk insert left a large WAL; a running till checkpoints as it goes, so do it here rather than charge the
  // whole bulk's checkpoint to the first commit that follows (the close).
  db.pragma('wal_checkpoint(TRUNCATE)');
  const xTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint();
    const x = must(await api['report.x']({}));
    xTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (x.sales.count !== sales) throw new Error('report does not match the ledger');
  }
  must(await api['close.count']({ counts: { '10000': 1 } }));
  must(await api['close.reconcile']({}));
  const t0 = process.hrtime.bigint();
  const z = must(await api['close.confirm']({ reason: 'bench' }));
  const zMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (z.sales.count !== sales) throw new Error('Z does not match the ledger');
  await till.close();
  return { x: summarize(xTimes), zMs };
}

export const zReportBench: OptionalBench = {
  name: 'zreport',
  async run(dir) {
    const rows: (string | number)[][] = [];
    for (const n of [10_000, 1_000_000]) {
      process.stderr.write(`z report: building a ledger of ${n} posted sales\n`);
      const r = await zAt(dir, n);
      rows.push([`X report, ${n.toLocaleString('en')} posted sales`, fmt(r.x.median), fmt(r.x.p99), r.x.n, '< 10 ms, flat', r.x.p99 < 10 ? 'met' : 'MISSED']);
      rows.push([`Z close (report + commit), ${n.toLocaleString('en')} sales`, fmt(r.zMs), '', 1, '< 10 ms, flat', r.zMs < 10 ? 'met' : 'MISSED']);
    }
    return rows;
  },
};
