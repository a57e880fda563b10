// The simulator as a standalone process (`npm run sim:acquirer`): refuses non-loopback binds, serves the sender,
// keeps a durable record, and `--report` reads what it captured back from that record.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, systemTimers } from '../../../acquirer/clock';
import { defaultProfile } from '../../../acquirer/iso8583/default-profile';
import { MemoryOutbox } from '../../../acquirer/memory-outbox';
import { createSender } from '../../../acquirer/sender';
import type { SimulatorReport } from '../../../acquirer/simulator';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const main = join(process.cwd(), 'acquirer', 'sim-main.ts');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
});

function startSim(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(tsx, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
  });
}

describe('sim:acquirer CLI', () => {
  it('refuses to listen on a non-loopback address', () => {
    const r = spawnSync(tsx, [main, '--port', '0', '--host', '0.0.0.0'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/loopback only/);
  });

  it('serves the sender, records durably, and reports what it captured', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'till-acq-cli-')), 'sim.jsonl');
    const { child, port } = await startSim(['--port', '0', '--data', dataFile, '--scenario', 'duplicate-reply']);
    const store = new MemoryOutbox();
    const terminal = { terminalId: 'TILL0009', merchantId: 'SHOP9' };
    const uuids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const uuid = randomUUID();
      uuids.push(uuid);
      store.enqueue('advice', {
        uuid, ...terminal, batchNumber: 3, stan: store.allocateStan(), localDateTime: '2026-11-22T10:00:0' + i, kind: 'sale',
        cardType: 'credit', amountMinor: 1000 * i, currency: 'EUR', maskedPan: '************4242', authCode: '', entryMode: 'chip', offlineApproved: true,
      }, Date.now());
    }
    const sender = createSender({
      store, profile: defaultProfile, terminal, holderId: 'cli-test', clock: systemClock, timers: systemTimers, random: () => 0.5,
      config: { host: '127.0.0.1', port, readTimeoutMs: 2_000, baseDelayMs: 10, maxDelayMs: 50, echoIntervalMs: 0 },
    });
    for (let i = 0; i < 5 && store.backlog().count > 0; i++) await sender.drainOnce({ force: true });
    await sender.stop();
    expect(store.backlog().count).toBe(0);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));

    const r = spawnSync(tsx, [main, '--report', '--data', dataFile], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as SimulatorReport;
    expect(report.captured.map((c) => c.uuid).sort()).toEqual([...uuids].sort());
    expect(report.totals).toEqual([
      { terminalId: 'TILL0009', batchNumber: 3, totals: expect.objectContaining({ creditSales: { count: 3, amountMinor: 6000 } }) },
    ]);
    expect(report.messagesOut).toBe(1 + 3 * 2); // echo reply + every advice answered twice (duplicate-reply)
  });
});
