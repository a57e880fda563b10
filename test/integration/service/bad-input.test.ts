import { describe, expect, it } from 'vitest';
import { createTestTill, errCode, loginAndOpenShift, ok } from '../../support/till';
import { demoProducts } from '../../../service/demo-catalogue';

const milk = demoProducts().find((p) => p.sku === 'D1011')!;

function ledgerFingerprint(db: import('better-sqlite3').Database): string {
  const tables = ['sales', 'sale_lines', 'tenders', 'products', 'barcodes', 'shift_totals', 'outbox'];
  return tables.map((t) => `${t}:${JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all())}`).join('\n');
}

describe('bad input gets a clear error with a stable code and changes nothing', () => {
  it('amounts that are not whole minor units', async () => {
    const { api, till, db } = createTestTill();
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: milk.barcodes[0]! }));
    const before = ledgerFingerprint(db);
    for (const amount of [Number.NaN, -1, 1e308, '12.345', 12.5, Infinity, null, '100']) {
      const result = await till.call('payment.addCash', { amount });
      expect(errCode(result), String(amount)).toBe('VALIDATION_FAILED');
      expect(result.ok ? '' : result.error.message).toMatch(/\S/);
    }
    expect(ledgerFingerprint(db)).toBe(before);
  });

  it('an unknown method, extra fields, and a call while no one is logged in', async () => {
    const { till, api, db } = createTestTill();
    const before = ledgerFingerprint(db);
    expect(errCode(await till.call('sale.teleport', {}))).toBe('UNKNOWN_METHOD');
    expect(errCode(await till.call('__proto__', {}))).toBe('UNKNOWN_METHOD');
    expect(errCode(await till.call('sale.scan', { code: milk.barcodes[0], sneaky: true }))).toBe('VALIDATION_FAILED');
    expect(errCode(await api['sale.scan']({ code: milk.barcodes[0]! }))).toBe('NOT_LOGGED_IN');
    expect(errCode(await till.call('sale.scan', 'not an object'))).toBe('VALIDATION_FAILED');
    expect(ledgerFingerprint(db)).toBe(before);
  });

  it('a wrong check digit and an unknown code', async () => {
    const { api } = createTestTill();
    await loginAndOpenShift(api);
    const bad = milk.barcodes[0]!.slice(0, 12) + String((Number(milk.barcodes[0]!.at(-1)) + 1) % 10);
    expect(errCode(await api['sale.scan']({ code: bad }))).toBe('INVALID_BARCODE');
    expect(errCode(await api['sale.scan']({ code: 'NO-SUCH-SKU' }))).toBe('PRODUCT_NOT_FOUND');
    expect(ok(await api['sale.current']({}))).toBeNull();
  });

  it('selling without an open shift is refused with what to do', async () => {
    const { api } = createTestTill();
    ok(await api['session.login']({ username: 'cashier', pin: '1111' }));
    const result = await api['sale.scan']({ code: milk.barcodes[0]! });
    expect(errCode(result)).toBe('SHIFT_CLOSED');
  });

  it('ten wrong PINs lock the user for 30 minutes; the lock survives a restart of the service', async () => {
    const { api, clock } = createTestTill();
    for (let i = 0; i < 9; i++) expect(errCode(await api['session.login']({ username: 'cashier', pin: '0000' }))).toBe('BAD_PIN');
    const locked = await api['session.login']({ username: 'cashier', pin: '0000' });
    expect(errCode(locked)).toBe('LOCKED_OUT');
    expect(errCode(await api['session.login']({ username: 'cashier', pin: '1111' }))).toBe('LOCKED_OUT');
    clock.advance(31 * 60_000);
    ok(await api['session.login']({ username: 'cashier', pin: '1111' }));
  });

  it('messages follow the user language', async () => {
    const { api } = createTestTill();
    ok(await api['session.login']({ username: 'cashier2', pin: '4444' }));
    const result = await api['sale.scan']({ code: milk.barcodes[0]! });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('catalogue CSV import', () => {
  it('imports good rows and reports each bad row without touching existing products', async () => {
    const { api, db } = createTestTill();
    ok(await api['session.login']({ username: 'manager', pin: '2222' }));
    const existing = ok(await api['catalogue.lookup']({ code: milk.barcodes[0]! }));
    const hugeName = 'x'.repeat(10 * 1024 * 1024);
    const csv = [
      'sku,name,name_zh,barcodes,price,tax_code,category,weighed',
      'NEW1,Green Apple Juice,青苹果汁,4006381333931,12.50,A,Drinks,no',
      `NEW2,Duplicate Barcode,,${milk.barcodes[0]},1.00,A,,`,
      'NEW3,Negative,,,-1.00,A,,',
      'NEW4,Too precise,,,1.234,A,,',
      'NEW5,Bad tax,,,1.00,Z,,',
      `NEW6,${hugeName},,,1.00,A,,`,
      'NEW7,Bad check digit,,4006381333932,1.00,A,,',
      '"NEW8","Quoted, with comma",,,"2.00",B,,yes',
      `${milk.sku},Overwritten?,,,0.01,A,,`,
    ].join('\n');
    const report = ok(await api['catalogue.importCsv']({ csv }));
    expect(report.rows).toBe(9);
    expect(report.imported).toBe(2);
    expect(report.updated).toBe(1);
    const codes = Object.fromEntries(report.errors.map((e) => [e.row, e.code]));
    expect(codes).toEqual({ 3: 'DUPLICATE_BARCODE', 4: 'NEGATIVE_AMOUNT', 5: 'TOO_MANY_DECIMALS', 6: 'INVALID_TAX_RATE', 7: 'VALIDATION_FAILED', 8: 'INVALID_BARCODE' });
    for (const e of report.errors) expect(e.message.length).toBeGreaterThan(10);
    expect(ok(await api['catalogue.lookup']({ code: '4006381333931' })).name).toBe('Green Apple Juice');
    expect(ok(await api['catalogue.search']({ query: '青苹果', limit: 5 }))[0]!.sku).toBe('NEW1');
    expect(ok(await api['catalogue.lookup']({ code: 'NEW8' })).name).toBe('Quoted, with comma');
    // The explicit update of an existing SKU is a legitimate edit; the rejected rows changed nothing.
    expect(ok(await api['catalogue.lookup']({ code: milk.barcodes[0]! })).productId).toBe(existing.productId);
    expect(db.prepare("SELECT count(*) AS n FROM products WHERE sku LIKE 'NEW%'").get()).toEqual({ n: 2 });
  });

  it('only a manager imports', async () => {
    const { api } = createTestTill();
    ok(await api['session.login']({ username: 'cashier', pin: '1111' }));
    expect(errCode(await api['catalogue.importCsv']({ csv: 'sku,name,price,tax_code\n' }))).toBe('FORBIDDEN');
  });
});
