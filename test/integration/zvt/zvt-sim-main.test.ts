// The standalone simulator (`npm run sim:pinpad`, native/zvt/sim-main.ts) as a child process: over loopback TCP and
// over a socat pty, including a power loss that ends the process and a restart from the same state file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialLink } from '../../../native/link/byte-link';
import { startInProcessPinpad } from '../../../native/zvt/simulator';
import { connectZvt, zvtClientOn } from '../../../native/zvt/zvt-client';
import { openPtyPair, type PtyPair } from '../../support/socat';
import { testTimers } from './harness';

const timers = testTimers(0.1);
const children: ChildProcess[] = [];
const pairs: PtyPair[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const p of pairs.splice(0)) await p.close();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Start sim-main; resolves once it says it is serving. Bounded wait. */
function startSim(port: string, state: string, scenario = 'approve'): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['native/zvt/sim-main.ts', '--port', port, '--state', state, '--scenario', scenario, '--timer-scale', '0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sim-main did not start: ${out}`)), 15_000);
    const check = () => {
      if (/PT simulator (listening|on)/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out, exited });
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => reject(new Error(`sim-main exited ${code}: ${out}`)));
  });
}

describe('sim-main (standalone PT simulator)', () => {
  it('serves a payment over TCP and prints the frame trace; keeps its counters in the state file', async () => {
    const port = await freePort();
    const state = join(mkdtempSync(join(tmpdir(), 'zvt-main-')), 'pinpad.json');
    const sim = await startSim(`tcp://127.0.0.1:${port}`, state);
    const client = await connectZvt(`tcp://127.0.0.1:${port}`, { timers, password: '123456' });
    const outcome = await client.authorize({ amountMinor: 1999 });
    expect(outcome.kind).toBe('approved');
    await client.close();
    expect(sim.output()).toMatch(/Status-Information: result 00 \(Approved\), amount 19\.99 EUR/);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ traceNumber: 1, receiptNumber: 1 });
  });

  it('over a pty: power loss ends the process; restarted from the state file it has auto-reversed the approval', async () => {
    const pair = await openPtyPair();
    pairs.push(pair);
    const state = join(mkdtempSync(join(tmpdir(), 'zvt-main-')), 'pinpad.json');
    const first = await startSim(pair.b, state, 'crash-at:after-status-sent');
    const link = await openSerialLink({ path: pair.a, stopBits: 2 });
    const client = zvtClientOn(link, 'serial', { timers, password: '123456' });
    const outcome = await client.authorize({ amountMinor: 2001 });
    // acking-status, or after-status-ack when the PT's transport ACKed our answer in the instant before the power loss.
    expect(outcome.kind === 'unknown' && ['acking-status', 'after-status-ack'].includes(outcome.stage)).toBe(true);
    expect(await first.exited).toBe(3);
    await startSim(pair.b, state);
    const repeat = await client.repeatReceipt();
    expect(repeat).toMatchObject({ kind: 'failed', resultCode: 0x83 }); // nothing stored: the approval was never kept
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { log: { status: string; amountMinor: number }[]; pending: unknown };
    expect(saved.pending).toBeNull();
    expect(saved.log.at(-1)).toMatchObject({ status: 'auto-reversed', amountMinor: 2001 });
    await client.close();
  });
});

describe('training mode wiring (in-process simulator on a memory cable)', () => {
  it('pays with the real driver at the spec timers and keeps the simulator state on disk', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'zvt-training-')), 'pinpad.json');
    const pinpad = startInProcessPinpad({ stateFile, scenario: 'card-delay:10' });
    const client = zvtClientOn(pinpad.ecrLink, 'serial', { password: '000000' });
    await client.register({ configByte: 0xbe });
    const outcome = await client.authorize({ amountMinor: 350 });
    expect(outcome.kind).toBe('approved');
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).lastTransaction).toMatchObject({ amountMinor: 350, status: 'committed' });
    await client.close();
    await pinpad.close();
  });
});
