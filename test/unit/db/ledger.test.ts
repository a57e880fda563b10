import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LATEST_VERSION, LedgerOpenError, migrate, openLedger, schemaVersion } from '../../../db/open';
import { MIGRATIONS } from '../../../db/migrations';
import { AuditLog, verifyAuditChain } from '../../../db/audit';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'till-db-')), 'ledger.sqlite');

describe('openLedger', () => {
  it('creates a new ledger at the latest schema with durable pragmas', () => {
    const db = openLedger(tmp());
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer app and leaves it unchanged', () => {
    const path = tmp();
    const db = openLedger(path);
    db.pragma(`user_version = ${LATEST_VERSION + 5}`);
    db.close();
    expect(() => openLedger(path)).toThrowError(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    const again = openLedger(path, { migrations: [...MIGRATIONS, ...Array.from({ length: 5 }, (_, i) => ({ version: LATEST_VERSION + i + 1, name: `future${i}`, sql: 'SELECT 1' }))] });
    expect(schemaVersion(again)).toBe(LATEST_VERSION + 5);
    again.close();
  });

  it('refuses a damaged file instead of starting an empty ledger', () => {
    const path = tmp();
    const db = openLedger(path);
    db.exec("INSERT INTO meta (key, value) VALUES ('probe', 'x')");
    for (let i = 0; i < 200; i++) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(`k${i}`, 'v'.repeat(500));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    // Scribble over the second half of the file: the b-tree pages are damaged, the header survives.
    writeSync(fd, Buffer.alloc(size / 2, 0xa5), 0, size / 2, size / 2);
    closeSync(fd);
    let error: unknown;
    try {
      openLedger(path).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LedgerOpenError);
    expect((error as LedgerOpenError).code).toBe('DB_CORRUPT');
  });

  it('refuses a file that is not a database at all', () => {
    const path = tmp();
    writeFileSync(path, 'this is not sqlite '.repeat(100));
    expect(() => openLedger(path)).toThrowError(expect.objectContaining({ code: 'DB_CORRUPT' }));
  });
});

describe('migrations', () => {
  it('each migration runs in one transaction with its version bump: a failing one leaves the previous level', () => {
    const db = openLedger(':memory:', { targetVersion: 0 });
    expect(schemaVersion(db)).toBe(0);
    const broken = [...MIGRATIONS, { version: LATEST_VERSION + 1, name: 'broken', sql: 'CREATE TABLE ok_part (x INTEGER) STRICT; THIS IS NOT SQL;' }];
    expect(() => migrate(db, broken)).toThrowError(expect.objectContaining({ code: 'DB_MIGRATION_FAILED' }));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok_part'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('migration 1 creates STRICT tables and no REAL column holds money', () => {
    const db = openLedger(':memory:');
    const tables = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'products_fts%'").all();
    expect(tables.length).toBeGreaterThan(10);
    for (const t of tables) {
      expect(t.sql, t.name).toMatch(/STRICT/);
      const cols = db.prepare<[], { name: string; type: string }>(`PRAGMA table_info(${t.name})`).all();
      for (const c of cols) expect(c.type, `${t.name}.${c.name}`).not.toMatch(/REAL|FLOAT|DOUBLE|NUMERIC/i);
    }
    db.close();
  });

  it('migration 1: rows survive and constraints hold (money must be an integer)', () => {
    const db = openLedger(':memory:');
    db.prepare("INSERT INTO tax_rates (code, rate_bp, label) VALUES ('A', 1900, 'std')").run();
    expect(() =>
      db.prepare("INSERT INTO products (product_id, sku, name, price, tax_code, updated_at) VALUES ('p', 's', 'n', 1.5, 'A', 'now')").run(),
    ).toThrow(/cannot store REAL value in INTEGER column|datatype mismatch/i);
    expect(() =>
      db.prepare("INSERT INTO products (product_id, sku, name, price, tax_code, updated_at) VALUES ('p', 's', 'n', -1, 'A', 'now')").run(),
    ).toThrow(/CHECK constraint failed/);
    db.close();
  });
});

describe('migration 2 (end of day)', () => {
  it('keeps version-1 rows, adds the drawer holder and the end-of-day tables, and indexes the open sale', () => {
    const db = openLedger(':memory:', { targetVersion: 1 });
    db.exec(`
      INSERT INTO users (user_id, username, display_name, role, pin_hash, created_at) VALUES ('u', 'u', 'U', 'cashier', 'x', 'now');
      INSERT INTO shifts (shift_id, number, training, status, currency, float_amount, opened_at, opened_by) VALUES ('s', 1, 0, 'open', 'EUR', 100, 'now', 'u');
      INSERT INTO sales (sale_id, kind, status, training, currency, shift_id, cashier_id, opened_at) VALUES ('a', 'sale', 'open', 0, 'EUR', 's', 'u', 'now');
    `);
    migrate(db, MIGRATIONS, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT shift_id, float_amount, holder_id FROM shifts').get()).toEqual({ shift_id: 's', float_amount: 100, holder_id: null });
    expect(db.prepare("SELECT sale_id FROM sales WHERE status = 'open' AND kind = 'sale'").get()).toEqual({ sale_id: 'a' });
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM sales WHERE status = 'open' AND kind = 'sale' ORDER BY opened_at LIMIT 1").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('sales_open');
    for (const table of ['cash_movements', 'cash_counts', 'reconciliations', 'z_reports', 'reconciliation_flags']) {
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)).toEqual({ n: 1 });
    }
    db.exec("UPDATE shifts SET status = 'closed' WHERE shift_id = 's'");
    expect(() => db.exec("UPDATE shifts SET float_amount = 1 WHERE shift_id = 's'")).toThrow(/LEDGER_IMMUTABLE/);
    db.close();
  });
});

describe('migration 4 (card payment journal)', () => {
  it('adds the journal; one running payment per sale; no full card number; finished payments never change', () => {
    const db = openLedger(':memory:', { targetVersion: 3 });
    db.exec(`
      INSERT INTO users (user_id, username, display_name, role, pin_hash, created_at) VALUES ('u', 'u', 'U', 'cashier', 'x', 'now');
      INSERT INTO sales (sale_id, kind, status, training, currency, cashier_id, opened_at) VALUES ('a', 'sale', 'open', 0, 'EUR', 'u', 'now');
    `);
    migrate(db, MIGRATIONS, 4);
    expect(schemaVersion(db)).toBe(4);
    const insert = db.prepare(`INSERT INTO card_payments (payment_id, sale_id, kind, amount, currency, training, state, masked_pan, created_at, updated_at)
      VALUES (?, 'a', 'authorization', 100, 'EUR', 0, ?, ?, 'now', 'now')`);
    insert.run('p1', 'sent', null);
    expect(() => insert.run('p2', 'sent', null)).toThrow(/UNIQUE/);
    expect(() => insert.run('p3', 'declined', '4111111111111111')).toThrow(/CHECK/);
    insert.run('p4', 'declined', '411111******1111');
    expect(() => db.exec("UPDATE card_payments SET amount = 1 WHERE payment_id = 'p4'")).toThrow(/LEDGER_IMMUTABLE/);
    db.close();
  });
});

describe('migration 5 (reconciliation words)', () => {
  it('keeps earlier reconciliations and adds the Chinese detail', () => {
    const db = openLedger(':memory:', { targetVersion: 4 });
    db.exec(`
      INSERT INTO users (user_id, username, display_name, role, pin_hash, created_at) VALUES ('u', 'u', 'U', 'cashier', 'x', 'now');
      INSERT INTO shifts (shift_id, number, training, status, currency, float_amount, opened_at, opened_by) VALUES ('s', 1, 0, 'open', 'EUR', 0, 'now', 'u');
      INSERT INTO reconciliations (reconciliation_id, shift_id, source, status, detail, at) VALUES ('r', 's', 'pinpad', 'match', 'matches the ledger', 'now');
    `);
    migrate(db, MIGRATIONS, 5);
    expect(db.prepare('SELECT detail, detail_zh FROM reconciliations').get()).toEqual({ detail: 'matches the ledger', detail_zh: null });
    db.close();
  });
});

describe('append-only ledger', () => {
  function seeded() {
    const db = openLedger(':memory:');
    db.exec(`
      INSERT INTO users (user_id, username, display_name, role, pin_hash, created_at) VALUES ('u', 'u', 'U', 'cashier', 'x', 'now');
      INSERT INTO sales (sale_id, kind, status, training, currency, cashier_id, opened_at) VALUES ('s1', 'sale', 'open', 0, 'EUR', 'u', 'now');
      INSERT INTO sale_lines (line_id, sale_id, line_no, sku, name, quantity, quantity_kind, unit_price, list_unit_price, tax_code, rate_bp)
        VALUES ('l1', 's1', 1, 'sku', 'Milk', 1, 'piece', 100, 100, 'A', 1900);
    `);
    return db;
  }

  it('an open sale can change; a posted one cannot, and nothing is ever deleted', () => {
    const db = seeded();
    db.exec("UPDATE sale_lines SET quantity = 2 WHERE line_id = 'l1'");
    db.exec("UPDATE sales SET status = 'posted', total = 200 WHERE sale_id = 's1'");
    expect(() => db.exec("UPDATE sales SET total = 1 WHERE sale_id = 's1'")).toThrow(/LEDGER_IMMUTABLE/);
    expect(() => db.exec("UPDATE sale_lines SET quantity = 3 WHERE line_id = 'l1'")).toThrow(/LEDGER_IMMUTABLE/);
    expect(() => db.exec("DELETE FROM sale_lines WHERE line_id = 'l1'")).toThrow(/LEDGER_IMMUTABLE/);
    expect(() => db.exec("DELETE FROM sales WHERE sale_id = 's1'")).toThrow(/LEDGER_IMMUTABLE/);
    db.close();
  });
});

describe('audit chain', () => {
  it('verifies an intact chain and finds an edited or removed entry', () => {
    const db = openLedger(':memory:');
    const audit = new AuditLog(db);
    for (let i = 0; i < 5; i++) audit.append({ at: `2026-01-0${i + 1}T00:00:00.000Z`, actor: 'u', action: 'test', detail: { i, note: '收银' } });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 5 });
    // Tamper below the triggers, as an attacker with the file would.
    db.exec('DROP TRIGGER audit_no_update');
    db.exec(`UPDATE audit_log SET detail = '{"i":99}' WHERE seq = 3`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3 });
    db.close();
  });

  it('detects a removed entry', () => {
    const db = openLedger(':memory:');
    const audit = new AuditLog(db);
    for (let i = 0; i < 4; i++) audit.append({ at: 'now', actor: null, action: 'a', detail: { i } });
    db.exec('DROP TRIGGER audit_no_delete');
    db.exec('DELETE FROM audit_log WHERE seq = 2');
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3 });
    db.close();
  });

  it('refuses updates and deletes through the triggers', () => {
    const db = openLedger(':memory:');
    new AuditLog(db).append({ at: 'now', actor: null, action: 'a', detail: {} });
    expect(() => db.exec("UPDATE audit_log SET action = 'b'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    db.close();
  });
});
