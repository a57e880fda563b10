// SIGKILL at each step of a sale, in a real child process, then restart: either the open sale or the posted sale is
// intact, receipt numbers stay contiguous, the audit chain verifies and integrity_check is ok.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTill } from '../../../service/open-till';
import { ROOT } from '../../support/web-host';
import { ok } from '../../support/till';

function runChild(dataDir: string, failpoint?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/crash-child.ts'), dataDir], {
    cwd: ROOT,
    env: { ...process.env, TILL_FAILPOINT: failpoint ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function inspect(dataDir: string) {
  const till = await openTill({ dataDir });
  const api = till.api;
  ok(await api['session.login']({ username: 'tech', pin: '3333' }));
  const check = ok(await api['admin.dbCheck']({}));
  ok(await api['session.logout']({}));
  ok(await api['session.login']({ username: 'cashier', pin: '1111' }));
  const open = ok(await api['sale.current']({}));
  const recent = ok(await api['receipt.recent']({ limit: 10 }));
  return { till, api, check, open, recent };
}

const cases: { failpoint: string; expect: (s: Awaited<ReturnType<typeof inspect>>) => void }[] = [
  { failpoint: 'sale.line-added.before-commit', expect: ({ open, recent }) => { expect(open).toBeNull(); expect(recent).toHaveLength(0); } },
  { failpoint: 'sale.line-added', expect: ({ open, recent }) => { expect(open!.lines).toHaveLength(1); expect(recent).toHaveLength(0); } },
  { failpoint: 'sale.tender-added.before-commit', expect: ({ open }) => { expect(open!.lines).toHaveLength(2); expect(open!.tenders).toHaveLength(0); } },
  { failpoint: 'sale.tender-added', expect: ({ open }) => { expect(open!.lines).toHaveLength(2); expect(open!.paid).toBe(100); } },
  { failpoint: 'sale.post.before-commit', expect: ({ open, recent }) => { expect(open!.paid).toBe(100); expect(recent).toHaveLength(0); } },
  { failpoint: 'sale.posted', expect: ({ open, recent }) => { expect(open).toBeNull(); expect(recent.map((r) => r.receiptNumber)).toEqual(['TR-T01-000001']); } },
];

describe('SIGKILL during a sale, then restart', () => {
  it.each(cases)('killed at $failpoint', async ({ failpoint, expect: check }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'till-crash-'));
    const crashed = runChild(dataDir, failpoint);
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    const state = await inspect(dataDir);
    expect(state.check).toMatchObject({ integrity: 'ok', auditChain: 'ok', receiptSeriesContiguous: true });
    check(state);
    // The cashier carries on where the till stopped: finish whatever is open and post.
    if (state.open && state.open.lines.some((l) => !l.voided)) {
      const done = ok(await state.api['payment.addCash']({ amount: state.open.remaining }));
      expect(done.receipt!.receiptNumber).toBe('TR-T01-000001');
    }
    await state.till.close();
    // A further complete sale after the restart takes the next number: no gap, no reuse.
    const again = runChild(dataDir);
    expect(again.status, again.stderr).toBe(0);
    const after = await inspect(dataDir);
    const numbers = after.recent.map((r) => r.receiptNumber).sort();
    expect(numbers).toEqual(numbers.map((_, i) => `TR-T01-${String(i + 1).padStart(6, '0')}`));
    expect(after.check).toMatchObject({ integrity: 'ok', auditChain: 'ok', receiptSeriesContiguous: true });
    await after.till.close();
  });
});
