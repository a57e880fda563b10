// Durable sale commits against the bare SQLite ceiling on the same disk, in the same run: the service posting a
// 5-line cash sale (synchronous=FULL) versus the same rows inserted by hand in one transaction per sale.
import { join } from 'node:path';
import { openLedger } from '../db/open';
import { createTill } from '../service/create-till';
import { trainingConfig } from '../service/config';
import { seedTrainingDemo } from '../service/open-till';
import { demoProducts } from '../service/demo-catalogue';
import type { Result } from '../service/contract';

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function benchSaleCommits(dir: string, n: number) {
  // Ceiling: sale + 5 lines + tender + 2 outbox rows + audit row, one transaction per sale, no domain code.
  const bare = openLedger(join(dir, 'bare.sqlite'));
  bare.exec(`INSERT INTO users (user_id, username, display_name, role, pin_hash, created_at) VALUES ('u', 'u', 'U', 'cashier', 'x', 'now');
             INSERT INTO receipt_series (series, prefix, next_number) VALUES ('live', 'B-', 1);`);
  const insSale = bare.prepare(`INSERT INTO sales (sale_id, kind, status, training, currency, cashier_id, opened_at, receipt_series, receipt_seq, receipt_number, posted_at, subtotal, discount_total, tax_total, total, change_given)
    VALUES (?, 'sale', 'posted', 0, 'CNY', 'u', 'now', 'live', ?, ?, 'now', 1000, 0, 100, 1000, 0)`);
  const insLine = bare.prepare(`INSERT INTO sale_lines (line_id, sale_id, line_no, sku, name, quantity, quantity_kind, unit_price, list_unit_price, tax_code, rate_bp, gross, discount_amount, total, tax)
    VALUES (?, ?, ?, 'sku', 'Item', 1, 'piece', 200, 200, 'A', 1300, 200, 0, 200, 23)`);
  const insTender = bare.prepare(`INSERT INTO tenders (tender_id, sale_id, seq, kind, amount, created_at) VALUES (?, ?, 1, 'cash', 1000, 'now')`);
  const insOutbox = bare.prepare(`INSERT INTO outbox (topic, ref, payload, created_at) VALUES (?, ?, '{}', 'now')`);
  const insAudit = bare.prepare(`INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash) VALUES (?, 'now', 'u', 'sale.post', '{}', 'x', ?)`);
  const bareSale = (i: number) =>
    bare.transaction(() => {
      const id = `s${i}`;
      insSale.run(id, i, `B-${i}`);
      for (let l = 1; l <= 5; l++) insLine.run(`${id}-${l}`, id, l);
      insTender.run(`${id}-t`, id);
      insOutbox.run('print', id);
      insOutbox.run('drawer', id);
      insAudit.run(i, `h${i}`);
    })();
  const db = openLedger(join(dir, 'service.sqlite'));
  seedTrainingDemo(db, new Date().toISOString());
  // Devices off: the outbox rows (print, drawer) are still written in the commit, but no printer competes for the CPU.
  const config = { ...trainingConfig(), pinpad: { mode: 'none' as const }, printer: { mode: 'none' as const, columns: 42 }, acquirer: { mode: 'none' as const } };
  const till = createTill({ db, config, log: () => {} });
  // Time every business transaction: the last one inside payment.addCash is the sale's posting commit (domain code:
  // receipt number, running totals, outbox, audit chain; then the durable COMMIT).
  let lastTxMs = 0;
  const tx = till.ctx.tx.bind(till.ctx);
  till.ctx.tx = <T>(fn: () => T): T => {
    const t0 = process.hrtime.bigint();
    try {
      return tx(fn);
    } finally {
      lastTxMs = Number(process.hrtime.bigint() - t0) / 1e6;
    }
  };
  const api = till.api;
  must(await api['session.login']({ username: 'cashier', pin: '1111' }));
  must(await api['shift.open']({ floatAmount: 0 }));
  const codes = demoProducts().filter((p) => p.barcodes.length > 0).slice(0, 5).map((p) => p.barcodes[0]!);
  // Interleaved: each round commits one bare sale and one service sale, so both see the same disk at the same time
  // (other processes' fsyncs make a sequential A-then-B comparison meaningless on a shared machine).
  let postMs = 0;
  let callMs = 0;
  let bareMs = 0;
  let ringMs = 0;
  for (let i = 1; i <= n; i++) {
    const b0 = process.hrtime.bigint();
    bareSale(i);
    bareMs += Number(process.hrtime.bigint() - b0) / 1e6;
    const ringStart = process.hrtime.bigint();
    let sale;
    for (const code of codes) sale = must(await api['sale.scan']({ code }));
    const t0 = process.hrtime.bigint();
    const paid = must(await api['payment.addCash']({ amount: sale!.total }));
    callMs += Number(process.hrtime.bigint() - t0) / 1e6;
    postMs += lastTxMs;
    if (!paid.receipt) throw new Error('not posted');
    ringMs += Number(process.hrtime.bigint() - ringStart) / 1e6;
  }
  await till.close();
  bare.close();
  const ceilingPerSec = (n / bareMs) * 1000;
  const postPerSec = (n / postMs) * 1000;
  return { n, ceilingPerSec, postPerSec, callPerSec: (n / callMs) * 1000, ringUpPerSec: (n / ringMs) * 1000, ratio: postPerSec / ceilingPerSec };
}
