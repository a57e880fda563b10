// SIGKILL of the till at each journal state of a card payment, with the PT simulator running on in its own process:
// after restart and recovery, every payment the simulator committed is in the ledger exactly once as paid, every
// one it reversed is not, and no payment is left unknown without a manager being asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTill } from '../../../service/open-till';
import { scaleTimers } from '../../../native/zvt/zvt-transport';
import { ROOT } from '../../support/web-host';
import { ok } from '../../support/till';
import { verifyAuditChain } from '../../../db/audit';
import { openLedger } from '../../../db/open';
import type { SimState } from '../../../native/zvt/simulator-state';

let sim: ChildProcess;
let address = '';
let stateFile = '';

beforeAll(async () => {
  stateFile = join(mkdtempSync(join(tmpdir(), 'till-pt-')), 'pt.json');
  sim = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'native/zvt/sim-main.ts'), '--port', 'tcp://127.0.0.1:0', '--state', stateFile, '--timer-scale', '0.05', '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${out}`)), 30_000);
    sim.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (tcp:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
});

afterAll(() => {
  sim?.kill('SIGTERM');
});

function runTill(dataDir: string, failpoint = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/card-child.ts'), dataDir, address], {
    cwd: ROOT,
    env: { ...process.env, TILL_FAILPOINT: failpoint },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function simState(): SimState {
  return JSON.parse(readFileSync(stateFile, 'utf8')) as SimState;
}

async function recover(dataDir: string) {
  const till = await openTill({
    dataDir,
    config: { pinpad: { mode: 'device', address }, acquirer: { mode: 'none' }, printer: { mode: 'none', columns: 42 } } as never,
    pinpadTimers: scaleTimers(0.05),
  });
  ok(await till.api['session.login']({ username: 'manager', pin: '2222' }));
  // Recovery starts on its own at start-up; wait (bounded) until nothing is open that a manager was not asked about.
  let open = ok(await till.api['payment.journal']({ openOnly: true }));
  for (let i = 0; i < 100 && open.some((p) => !p.needsManager); i++) {
    await new Promise((r) => setTimeout(r, 100));
    open = ok(await till.api['payment.journal']({ openOnly: true }));
  }
  const all = ok(await till.api['payment.journal']({}));
  const recent = ok(await till.api['receipt.recent']({ limit: 20 }));
  await till.close();
  return { open, all, recent };
}

const failpoints = ['card.created', 'card.sent', 'card.accepted', 'card.acking', 'card.acked', 'card.completed', 'card.sale-posted.before-commit'];

describe('SIGKILL at each journal state of a card payment', () => {
  it.each(failpoints)('killed at %s', async (failpoint) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'till-card-crash-'));
    const before = simState().log.length;
    const crashed = runTill(dataDir, failpoint);
    expect(crashed.signal, crashed.stdout + crashed.stderr).toBe('SIGKILL');
    // Give the PT its commit window (T3 + 3·T2, scaled) to commit or auto-reverse what it holds.
    await new Promise((r) => setTimeout(r, 1500));
    const { open, all, recent } = await recover(dataDir);
    // No payment left unknown unless a manager has been asked.
    expect(open.filter((p) => !p.needsManager)).toEqual([]);
    const ours = simState().log.slice(before).filter((t) => t.kind === 'payment');
    const committed = ours.filter((t) => t.status === 'committed');
    const paidInLedger = all.filter((p) => p.outcome === 'paid');
    // Every approval the PT committed is paid exactly once in the ledger; nothing it reversed is.
    expect(paidInLedger.map((p) => p.trace).sort()).toEqual(committed.map((t) => t.traceNumber).sort());
    for (const p of paidInLedger) expect(recent.flatMap((r) => r.tenders).filter((t) => t.card?.trace === String(p.trace))).toHaveLength(1);
    const db = openLedger(join(dataDir, 'ledger.sqlite'));
    expect(verifyAuditChain(db).ok).toBe(true);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // The cashier can carry on: the next attempt settles the sale (and never charges twice).
    if (recent.length === 0 && !open.some((p) => p.needsManager)) {
      const again = runTill(dataDir);
      expect(again.stdout).toContain('"ok":true');
    }
  });
});
