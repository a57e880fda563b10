// `npm run cli -- pinpad …` against the standalone PT simulator on loopback TCP: real processes, real bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../support/web-host';

let sim: ChildProcess;
let port = '';

beforeAll(async () => {
  const state = join(mkdtempSync(join(tmpdir(), 'till-ptcli-')), 'pt.json');
  sim = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'native/zvt/sim-main.ts'), '--port', 'tcp://127.0.0.1:0', '--state', state, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  port = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(out)), 30_000);
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
afterAll(() => sim?.kill('SIGTERM'));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('pinpad support commands', () => {
  it('status, a test payment, end of day with its totals, and a trace with hex beside meaning', () => {
    const status = cli('pinpad', 'status', '--port', port);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/terminal status 0: Terminal ready/);
    const pay = cli('pinpad', 'pay', '--amount', '1234', '--port', port, '--json');
    expect(pay.status, pay.stderr).toBe(0);
    const outcome = JSON.parse(pay.stdout) as { kind: string; status: { amountMinor: number; maskedPan: string } };
    expect(outcome.kind).toBe('approved');
    expect(outcome.status.amountMinor).toBe(1234);
    expect(outcome.status.maskedPan).toMatch(/\*{4,}/);
    const eod = cli('pinpad', 'end-of-day', '--port', port);
    expect(eod.status, eod.stderr).toBe(0);
    expect(eod.stdout).toMatch(/1234/);
    const trace = cli('pinpad', 'trace', '--port', port);
    expect(trace.status, trace.stderr).toBe(0);
    expect(trace.stdout).toMatch(/ECR→PT frame +Status-Enquiry .*\[05 01 03 00 00 00\]/);
  });

  it('a wrong address or a missing --port says what to do', () => {
    const missing = cli('pinpad', 'status');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--port/);
    const refused = cli('pinpad', 'status', '--port', 'tcp://127.0.0.1:1');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/PINPAD_OFFLINE/);
  });
});
