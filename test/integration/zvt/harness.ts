// Test harnesses: the ECR driver and the PT simulator over a socat pty pair (real serialport), loopback TCP, or the
// in-memory link pair (training mode's wiring). Each gives a client, the simulator, and a restart from the state file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSerialLink, type ByteLink } from '../../../native/link/byte-link';
import { createMemoryLinkPair } from '../../../native/link/memory-link';
import { PtSimulator } from '../../../native/zvt/simulator';
import type { SimScenario } from '../../../native/zvt/simulator-scenario';
import { connectZvt, zvtClientOn, type ZvtClient } from '../../../native/zvt/zvt-client';
import { scaleTimers, type ZvtTimers } from '../../../native/zvt/zvt-transport';
import { openPtyPair } from '../../support/socat';

export interface ZvtHarness {
  name: string;
  kind: 'serial' | 'tcp';
  timers: ZvtTimers;
  stateFile: string;
  sim: PtSimulator;
  /** Serial: the one client on the ECR end of the cable. TCP: a new connection (the ECR opens one per transaction). */
  client(): Promise<ZvtClient>;
  /** Power back on: a new simulator from the same state file, on the same cable / port. */
  restartSim(scenario?: Partial<SimScenario> | string): Promise<PtSimulator>;
  close(): Promise<void>;
}

const PASSWORD = '123456';

/** Timers for the integration suite: ×0.05 keeps T1 (10 ms) workable on a pty (the transport re-checks T1 after pending reads). T4 is cut to 5 × T3 (still
 * above the PIN-timeout silence of 2 × T3) so silent-PT cases end quickly; no test depends on the real T4:T3 ratio. */
export function testTimers(scale: number): ZvtTimers {
  const t = scaleTimers(scale);
  return { ...t, t4Ms: t.t3Ms * 5 };
}

function tempState(): string {
  return join(mkdtempSync(join(tmpdir(), 'zvt-sim-')), 'pinpad-sim.json');
}

async function serialHarness(name: string, ecrLink: ByteLink, ptLink: ByteLink, timers: ZvtTimers, closeExtra: () => Promise<void>): Promise<ZvtHarness> {
  const stateFile = tempState();
  let sim = new PtSimulator({ stateFile, timers });
  sim.attach(ptLink, 'serial');
  const client = zvtClientOn(ecrLink, 'serial', { timers, password: PASSWORD });
  const harness: ZvtHarness = {
    name,
    kind: 'serial',
    timers,
    stateFile,
    get sim() {
      return sim;
    },
    client: async () => client,
    async restartSim(scenario) {
      await sim.stop();
      sim = new PtSimulator({ stateFile, timers, ...(scenario ? { scenario } : {}) });
      sim.attach(ptLink, 'serial');
      return sim;
    },
    async close() {
      await sim.stop();
      await client.close().catch(() => undefined);
      await ptLink.close().catch(() => undefined);
      await closeExtra();
    },
  };
  return harness;
}

export async function ptyHarness(scale = 0.1): Promise<ZvtHarness> {
  const pair = await openPtyPair();
  const ecrLink = await openSerialLink({ path: pair.a, baudRate: 9600, stopBits: 2 });
  const ptLink = await openSerialLink({ path: pair.b, baudRate: 9600, stopBits: 2 });
  return serialHarness('socat pty + serialport', ecrLink, ptLink, testTimers(scale), () => pair.close());
}

export async function memoryHarness(scale = 0.05): Promise<ZvtHarness> {
  const [ecrLink, ptLink] = createMemoryLinkPair('zvt-test');
  return serialHarness('in-memory link pair', ecrLink, ptLink, testTimers(scale), async () => undefined);
}

export async function tcpHarness(scale = 0.1): Promise<ZvtHarness> {
  const timers = testTimers(scale);
  const stateFile = tempState();
  let sim = new PtSimulator({ stateFile, timers });
  let server = await sim.listen({ host: '127.0.0.1', port: 0 });
  const port = server.port;
  const clients: ZvtClient[] = [];
  const harness: ZvtHarness = {
    name: 'loopback TCP',
    kind: 'tcp',
    timers,
    stateFile,
    get sim() {
      return sim;
    },
    async client() {
      const c = await connectZvt(`tcp://127.0.0.1:${port}`, { timers, password: PASSWORD });
      clients.push(c);
      return c;
    },
    async restartSim(scenario) {
      await sim.stop();
      await server.close();
      sim = new PtSimulator({ stateFile, timers, ...(scenario ? { scenario } : {}) });
      server = await sim.listen({ host: '127.0.0.1', port });
      return sim;
    },
    async close() {
      for (const c of clients) await c.close().catch(() => undefined);
      await sim.stop();
      await server.close().catch(() => undefined);
    },
  };
  return harness;
}
