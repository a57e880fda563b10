// Serial and TCP transport behaviour against a scripted raw peer on an in-memory cable: ACK/NAK, T1, T2, three
// transmissions, duplicate frames, ACK and next frame in one chunk. Timers scaled; only counts and bytes asserted.
import { afterEach, describe, expect, it } from 'vitest';
import type { ByteLink } from '../../../native/link/byte-link';
import { createMemoryLinkPair } from '../../../native/link/memory-link';
import { encodeApdu } from '../../../native/zvt/zvt-apdu';
import { encodeFrame, fromHex, toHex } from '../../../native/zvt/zvt-frame';
import { createZvtTransport, scaleTimers, ZvtTransmissionError, type ZvtTransport } from '../../../native/zvt/zvt-transport';

const timers = scaleTimers(0.02); // T1 4 ms, T2 100 ms
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Peer {
  link: ByteLink;
  received: number[];
  write(hex: string | Uint8Array): Promise<void>;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function setup(kind: 'serial' | 'tcp'): { transport: ZvtTransport; peer: Peer; delivered: string[] } {
  const [a, b] = createMemoryLinkPair('t');
  const transport = createZvtTransport(a, kind, { timers });
  const delivered: string[] = [];
  transport.onApdu((apdu) => delivered.push(toHex(apdu)));
  const received: number[] = [];
  b.onData((chunk) => received.push(...chunk));
  const peer: Peer = { link: b, received, write: (x) => b.write(typeof x === 'string' ? fromHex(x) : x) };
  cleanup.push(() => transport.close());
  return { transport, peer, delivered };
}

const POS = Uint8Array.of(0x80, 0x00, 0x00);
const POS_FRAME = encodeFrame(POS);

describe('serial transport', () => {
  it('sends a frame and resolves on ACK', async () => {
    const { transport, peer } = setup('serial');
    const sent = transport.send(POS);
    await sleep(5);
    expect(toHex(Uint8Array.from(peer.received))).toBe(toHex(POS_FRAME));
    await peer.write('06');
    await sent;
  });

  it('repeats on NAK: three transmissions in total, then ZvtTransmissionError', async () => {
    const { transport, peer } = setup('serial');
    const sent = transport.send(POS).catch((e: unknown) => e);
    for (let i = 0; i < 3; i++) {
      await sleep(10);
      await peer.write('15');
    }
    const error = await sent;
    expect(error).toBeInstanceOf(ZvtTransmissionError);
    expect((error as ZvtTransmissionError).attempts).toEqual(['nak', 'nak', 'nak']);
    expect(peer.received.length).toBe(3 * POS_FRAME.length);
  });

  it('repeats after T2 without an answer, and succeeds on the third transmission', async () => {
    const { transport, peer } = setup('serial');
    const sent = transport.send(POS);
    await sleep(timers.t2Ms * 2 + 30);
    expect(peer.received.length).toBe(3 * POS_FRAME.length);
    await peer.write('06');
    await sent;
  });

  it('ACKs a good frame and delivers it; NAKs a bad CRC and does not deliver', async () => {
    const { peer, delivered } = setup('serial');
    await peer.write('10 02 06 0F 00 10 03 C6 33');
    await sleep(5);
    expect(peer.received).toEqual([0x06]);
    expect(delivered).toEqual(['06 0F 00']);
    await peer.write('10 02 06 0F 00 10 03 C6 34');
    await sleep(5);
    expect(peer.received).toEqual([0x06, 0x15]);
    expect(delivered).toEqual(['06 0F 00']);
  });

  it('NAKs a frame whose bytes stop for longer than T1, then takes the repeat', async () => {
    const { peer, delivered } = setup('serial');
    await peer.write('10 02 06 0F');
    await sleep(timers.t1Ms * 5);
    expect(peer.received).toEqual([0x15]);
    await peer.write('10 02 06 0F 00 10 03 C6 33');
    await sleep(5);
    expect(delivered).toEqual(['06 0F 00']);
  });

  it('a repeated frame (our ACK lost) is ACKed again but delivered once', async () => {
    const { peer, delivered } = setup('serial');
    const frame = encodeFrame(encodeApdu(0x04, 0x0f, fromHex('27 00')));
    await peer.write(frame);
    await peer.write(frame);
    await sleep(5);
    expect(peer.received).toEqual([0x06, 0x06]);
    expect(delivered).toHaveLength(1);
  });

  it('the same APDU after our reply is a new message (blank print lines repeat), even with the ACK in the same chunk', async () => {
    const { transport, peer, delivered } = setup('serial');
    const line = encodeFrame(fromHex('06 D1 01 00'));
    await peer.write(line);
    await sleep(5);
    const reply = transport.send(POS);
    await sleep(5);
    // ACK of our reply and the next (identical) print line in one chunk, as a pty delivers them.
    await peer.write(Uint8Array.from([0x06, ...line]));
    await reply;
    await sleep(5);
    expect(delivered).toEqual(['06 D1 01 00', '06 D1 01 00']);
  });

  it('takes a frame from the peer while waiting for ACK as the ACK (half duplex)', async () => {
    const { transport, peer, delivered } = setup('serial');
    const sent = transport.send(encodeApdu(0x06, 0x01, fromHex('04 00 00 00 00 01 00')));
    await sleep(5);
    await peer.write(POS_FRAME);
    await sent;
    expect(delivered).toEqual(['80 00 00']);
    expect(peer.received.filter((b) => b === 0x06).length).toBeGreaterThan(0);
  });

  it('rejects a send when the link closes while waiting for ACK', async () => {
    const { transport, peer } = setup('serial');
    const sent = transport.send(POS).catch((e: unknown) => e);
    await sleep(5);
    await peer.link.close();
    expect(await sent).toBeInstanceOf(Error);
    expect(transport.isOpen).toBe(false);
  });
});

describe('TCP transport', () => {
  it('sends raw APDUs and reassembles split input', async () => {
    const { transport, peer, delivered } = setup('tcp');
    await transport.send(POS);
    await sleep(5);
    expect(peer.received).toEqual([0x80, 0x00, 0x00]);
    const apdu = encodeApdu(0x06, 0xd3, new Uint8Array(300).fill(0x41));
    for (let i = 0; i < apdu.length; i += 7) await peer.write(apdu.subarray(i, i + 7));
    await peer.write('06 0F 00 80 00 00');
    await sleep(5);
    expect(delivered.map((d) => d.slice(0, 14))).toEqual(['06 D3 FF 2C 01', '06 0F 00', '80 00 00']);
  });
});
