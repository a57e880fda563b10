// Harness for the acquirer fault tests: a loopback acquirer simulator with a durable record in the test process,
// till children (`node --import tsx test/support/acquirer-child.ts`) that may SIGKILL themselves at a failpoint,
// and the invariant check over ledger + simulator at the end.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { defaultProfile } from '../../acquirer/iso8583/default-profile';
import { startAcquirerSimulator, type AcquirerSimulator, type ScenarioName, type ScenarioSpec } from '../../acquirer/simulator';
import { checkInvariants, type InvariantInput, type InvariantReport } from './invariants';
import { ROOT } from './web-host';

export interface Harness {
  dataDir: string;
  sim: AcquirerSimulator;
  simFile: string;
  address: string;
  /** Approvals the children printed. */
  shown: Set<string>;
  /** Restart the simulator on the same port from its record (a host restart). */
  restartSim(scenario?: ScenarioName | ScenarioSpec): Promise<void>;
  stopSim(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(scenario: ScenarioName | ScenarioSpec = 'approve'): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'till-acq-fault-'));
  const simFile = join(dataDir, 'acquirer-record.jsonl');
  // No fsync: the simulator lives in the test process, which is never killed; the record still replays on restart.
  let sim = await startAcquirerSimulator({ profile: defaultProfile, dataFile: simFile, fsync: false, scenario });
  const port = sim.port;
  let running = true;
  const h: Harness = {
    dataDir, sim, simFile, address: `127.0.0.1:${port}`, shown: new Set(),
    async restartSim(next) {
      if (running) await sim.close();
      sim = await startAcquirerSimulator({ profile: defaultProfile, dataFile: simFile, fsync: false, port, scenario: next ?? 'approve' });
      h.sim = sim;
      running = true;
    },
    async stopSim() {
      if (running) await sim.close();
      running = false;
    },
    async close() {
      if (running) await sim.close();
      running = false;
    },
  };
  return h;
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  approved: string[];
  posted: string[];
  left: number | null;
}

export interface ChildOptions {
  sales?: number;
  drain?: boolean;
  drainTimeoutMs?: number;
  holdMs?: number;
  lastStan?: number;
  reverseLast?: boolean;
  reverse?: string;
  settle?: boolean;
}

/** Run one till child to its end (or its SIGKILL). Records the approvals it showed in the harness. */
export function runTillChild(h: Harness, options: ChildOptions, failpoint = '', env: Record<string, string> = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/acquirer-child.ts'), JSON.stringify({ dataDir: h.dataDir, address: h.address, ...options })], {
      cwd: ROOT,
      env: { ...process.env, TILL_FAILPOINT: failpoint, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = stdout.split('\n');
      const approved = lines.filter((l) => l.startsWith('APPROVED ')).map((l) => l.split(' ')[1]!);
      for (const a of approved) h.shown.add(a);
      const leftLine = lines.find((l) => l.startsWith('LEFT '));
      resolve({
        code, signal, stdout, stderr, approved,
        posted: lines.filter((l) => l.startsWith('POSTED ')).map((l) => l.split(' ')[1]!),
        left: leftLine ? Number(leftLine.split(' ')[1]) : null,
      });
    });
  });
}

/** The shared end of every fault test: all six invariants over ledger + simulator. Returns the report. */
export function expectInvariants(h: Harness, options: Partial<InvariantInput> = {}): InvariantReport {
  const report = checkInvariants({ dataDir: h.dataDir, acquirer: h.sim.report(), messages: h.sim.recordedMessages(), shown: h.shown, ...options });
  expect(report.violations, JSON.stringify(report.counts)).toEqual([]);
  return report;
}

/** Messages the simulator received for one payment, in order (MTI + STAN). */
export function requestsFor(h: Harness, uuid: string): { mti: string; stan: string }[] {
  return h.sim.recordedMessages()
    .filter((m) => m.direction === 'in' && (m.fields[62] ?? '').toLowerCase() === uuid.toLowerCase())
    .map((m) => ({ mti: m.mti, stan: m.fields[11] ?? '' }));
}
