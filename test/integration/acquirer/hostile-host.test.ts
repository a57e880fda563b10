// A hostile or broken host answering random bytes: every exchange ends with a typed outcome within the read
// timeout (no hang, no throw), and the client never buffers more than one maximum frame.
import fc from 'fast-check';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemTimers } from '../../../acquirer/clock';
import { defaultProfile } from '../../../acquirer/iso8583/default-profile';
import { connectAcquirer } from '../../../acquirer/link';
import { buildEcho } from '../../../acquirer/messages';

let answer: Uint8Array = new Uint8Array();
let server: net.Server;
let port = 0;

beforeAll(async () => {
  server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.write(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('link against a host that answers garbage', () => {
  it('always a typed outcome', async () => {
    const echo = buildEcho(defaultProfile, { terminalId: 'TILL0001', merchantId: 'X', stan: 9, sentAtMs: 0 });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
        answer = bytes;
        const c = await connectAcquirer({ host: '127.0.0.1', port, profile: defaultProfile, timers: systemTimers, connectTimeoutMs: 1_000, readTimeoutMs: 80 });
        if (!c.ok) throw new Error('no connection');
        const result = await c.connection.exchange(echo);
        c.connection.close();
        expect(['reply', 'unknown']).toContain(result.outcome);
        if (result.outcome === 'unknown') expect(['read-timeout', 'framing-error', 'invalid-reply', 'closed', 'reset']).toContain(result.reason);
      }),
      { numRuns: 40 },
    );
  });
});
