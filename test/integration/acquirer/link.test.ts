// The acquirer link's typed outcomes on loopback: "never reached" (refused, connect timeout, closed before the
// write) versus "outcome unknown" (written, then read timeout, reset, framing error, undecodable reply).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemTimers, type Timers } from '../../../acquirer/clock';
import { encodeMessage } from '../../../acquirer/iso8583/codec';
import { defaultProfile } from '../../../acquirer/iso8583/default-profile';
import { frameMessage } from '../../../acquirer/iso8583/framing';
import { connectAcquirer, type LinkOptions } from '../../../acquirer/link';
import { buildEcho } from '../../../acquirer/messages';

/** Timers the test fires by hand: a timeout happens exactly when the test says, never by luck. */
function manualTimers(): Timers & { fireAll(): void } {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (cb) => {
      pending.set(++next, cb);
      return next;
    },
    clearTimeout: (h) => void pending.delete(h as number),
    fireAll: () => {
      const cbs = [...pending.values()];
      pending.clear();
      cbs.forEach((cb) => cb());
    },
  };
}

const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function server(onSocket: (socket: net.Socket) => void): Promise<number> {
  const s = net.createServer(onSocket);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as net.AddressInfo).port;
}

const terminal = { terminalId: 'TILL0001', merchantId: 'SHOP1' };
const echo = buildEcho(defaultProfile, { ...terminal, stan: 5, sentAtMs: 0 });
const options = (port: number, timers: Timers = systemTimers): LinkOptions => ({
  host: '127.0.0.1', port, profile: defaultProfile, timers, connectTimeoutMs: 1_000, readTimeoutMs: 1_000,
});

async function freePort(): Promise<number> {
  const port = await server(() => undefined);
  await new Promise((r) => servers.pop()!.close(r));
  return port;
}

describe('acquirer link outcomes', () => {
  it('refused connection: never reached', async () => {
    const result = await connectAcquirer(options(await freePort()));
    expect(result).toMatchObject({ ok: false, outcome: 'never-reached', reason: 'refused' });
  });

  it('connect timeout: never reached', async () => {
    const timers = manualTimers();
    const port = await server(() => undefined);
    const pending = connectAcquirer(options(port, timers));
    timers.fireAll(); // before the connect event can arrive (it needs another turn of the event loop)
    expect(await pending).toMatchObject({ ok: false, outcome: 'never-reached', reason: 'connect-timeout' });
  });

  it('a reply matching STAN and terminal answers; anything else is a stray', async () => {
    const strays: string[] = [];
    const port = await server((socket) => {
      socket.once('data', () => {
        const other = { mti: '0810', fields: { 11: '000004', 39: '00', 41: 'TILL0001' } };
        const mine = { mti: '0810', fields: { 11: '000005', 39: '00', 41: 'TILL0001', 70: '301' } };
        socket.write(frameMessage(encodeMessage(other, defaultProfile)));
        socket.write(frameMessage(encodeMessage(mine, defaultProfile)));
      });
    });
    const c = await connectAcquirer({ ...options(port), onStray: (m) => strays.push(m.fields[11]!) });
    if (!c.ok) throw new Error('no connection');
    expect(await c.connection.exchange(echo)).toMatchObject({ outcome: 'reply', reply: { mti: '0810', fields: { 39: '00' } } });
    expect(strays).toEqual(['000004']);
    c.connection.close();
  });

  it('closed by the acquirer before we write: never reached', async () => {
    const port = await server((socket) => socket.destroy());
    const c = await connectAcquirer(options(port));
    if (!c.ok) throw new Error('no connection');
    for (let i = 0; i < 50 && c.connection.isOpen; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await c.connection.exchange(echo)).toMatchObject({ outcome: 'never-reached', reason: 'not-connected' });
  });

  it('written, no reply: outcome unknown (read timeout), and the connection is dropped', async () => {
    const timers = manualTimers();
    let received = 0;
    const port = await server((socket) => socket.on('data', (d) => (received += d.length)));
    const c = await connectAcquirer(options(port, timers));
    if (!c.ok) throw new Error('no connection');
    const pending = c.connection.exchange(echo);
    for (let i = 0; i < 50 && received === 0; i++) await new Promise((r) => setTimeout(r, 5));
    timers.fireAll();
    expect(await pending).toMatchObject({ outcome: 'unknown', reason: 'read-timeout' });
    expect(received).toBeGreaterThan(0);
    expect(c.connection.isOpen).toBe(false);
  });

  it('reset mid-frame, oversize header, undecodable reply: outcome unknown, typed', async () => {
    // Node may surface an RST that follows data as a plain end of stream: "reset" or "closed", unknown either way.
    const cases: [(socket: net.Socket) => void, RegExp][] = [
      [(s) => s.once('data', () => s.write(Uint8Array.of(0, 40, 8, 16), () => s.resetAndDestroy())), /^(reset|closed)$/],
      [(s) => s.once('data', () => s.write(Uint8Array.of(0xff, 0xff, 1))), /^framing-error$/],
      [(s) => s.once('data', () => s.write(frameMessage(Uint8Array.of(0x12, 0x34, 0, 0)))), /^invalid-reply$/],
      [(s) => s.once('data', () => s.end()), /^closed$/],
    ];
    for (const [behaviour, reason] of cases) {
      const port = await server(behaviour);
      const c = await connectAcquirer(options(port));
      if (!c.ok) throw new Error('no connection');
      const result = await c.connection.exchange(echo);
      expect(result.outcome, String(reason)).toBe('unknown');
      if (result.outcome === 'unknown') expect(result.reason).toMatch(reason);
    }
  });
});
