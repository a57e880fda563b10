// SIGKILL in the middle of closing, in a real child process: after restart the shift is either open (no Z) or
// closed with its Z, never half; the close can then be finished and Z numbers stay gap-free.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTill } from '../../../service/open-till';
import { ROOT } from '../../support/web-host';
import { ok } from '../../support/till';
import { demoProducts } from '../../../service/demo-catalogue';
import { verifyAuditChain } from '../../../db/audit';
import { openLedger } from '../../../db/open';

const milk = demoProducts().find((p) => p.sku === 'D1011')!;
const NO_DEVICES = { acquirer: { mode: 'none' }, pinpad: { mode: 'none' } } as never;

async function setUpDay(dataDir: string) {
  const till = await openTill({ dataDir, config: NO_DEVICES });
  ok(await till.api['session.login']({ username: 'cashier', pin: '1111' }));
  ok(await till.api['shift.open']({ floatAmount: 5000 }));
  ok(await till.api['sale.scan']({ code: milk.barcodes[0]! }));
  ok(await till.api['payment.addCash']({ amount: 5000 }));
  await till.close();
}

function closeInChild(dataDir: string, failpoint = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/close-child.ts'), dataDir], {
    cwd: ROOT,
    env: { ...process.env, TILL_FAILPOINT: failpoint },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function state(dataDir: string) {
  const till = await openTill({ dataDir, config: NO_DEVICES });
  ok(await till.api['session.login']({ username: 'manager', pin: '2222' }));
  const shift = ok(await till.api['shift.current']({}));
  const zs = ok(await till.api['report.zList']({})).reports;
  await till.close();
  const db = openLedger(join(dataDir, 'ledger.sqlite'));
  const chain = verifyAuditChain(db);
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();
  return { shiftOpen: shift !== null, zNumbers: zs.map((z) => z.number), chain, integrity };
}

describe('SIGKILL while closing the day', () => {
  it.each([
    ['close.counted', true],
    ['close.before-commit', true],
    ['close.committed', false],
  ] as const)('killed at %s (shift still open afterwards: %s), never half closed', async (failpoint, stillOpen) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'till-close-'));
    await setUpDay(dataDir);
    const crashed = closeInChild(dataDir, failpoint);
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    const after = await state(dataDir);
    expect(after.chain.ok).toBe(true);
    expect(after.integrity).toBe('ok');
    expect(after.shiftOpen).toBe(stillOpen);
    expect(after.zNumbers).toEqual(stillOpen ? [] : [1]);
    if (stillOpen) {
      const again = closeInChild(dataDir);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toContain('Z 1');
      const done = await state(dataDir);
      expect(done).toMatchObject({ shiftOpen: false, zNumbers: [1], integrity: 'ok' });
    }
  });
});
