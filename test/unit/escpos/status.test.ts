// Status decoding: DLE EOT 1..4 and ASB bits to typed flags and cashier words; the return-stream classifier.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLEAN_STATUS,
  STATUS_WORDS,
  StatusStream,
  blockingProblem,
  decodeAsb,
  decodeRealtime,
  encodeAsb,
  encodeRealtime,
  statusProblems,
  type PrinterStatus,
} from '../../../native/escpos/status';

describe('DLE EOT replies', () => {
  it('clean printer: 16 12 12 12 (fixed bits only)', () => {
    expect(decodeRealtime([0x16 & ~0x04, 0x12, 0x12, 0x12])).toEqual(CLEAN_STATUS);
  });
  it('paper end: EOT 1 offline (0x1A), EOT 2 stopped by paper end (0x32), EOT 4 sensor 0x72', () => {
    const s = decodeRealtime([0x1a, 0x32, 0x12, 0x72]);
    expect(s).toMatchObject({ offline: true, paperOut: true, coverOpen: false, error: false });
    expect(statusProblems(s)).toEqual(['paper-out']);
  });
  it('cover open: EOT 2 bit 2', () => {
    const s = decodeRealtime([0x1a, 0x16, 0x12, 0x12]);
    expect(blockingProblem(s)).toBe('cover-open');
  });
  it('near end only (EOT 4 0x1E) is a warning, not a stop', () => {
    const s = decodeRealtime([0x12, 0x12, 0x12, 0x1e]);
    expect(s.paperNearEnd).toBe(true);
    expect(blockingProblem(s)).toBeUndefined();
    expect(statusProblems(s)).toEqual(['paper-near-end']);
  });
  it('errors: autocutter (EOT 3 bit 3), unrecoverable (bit 5), auto-recoverable (bit 6)', () => {
    expect(decodeRealtime([0x1a, 0x52, 0x1a, 0x12])).toMatchObject({ cutterError: true, error: true });
    expect(statusProblems(decodeRealtime([0x1a, 0x52, 0x1a, 0x12]))[0]).toBe('cutter-error');
    expect(decodeRealtime([0x1a, 0x52, 0x32, 0x12])).toMatchObject({ unrecoverableError: true });
    expect(decodeRealtime([0x1a, 0x52, 0x52, 0x12])).toMatchObject({ autoRecoverableError: true });
  });
  it('offline with no cause reads as offline; drawer pin 3 is reported as a level', () => {
    expect(statusProblems(decodeRealtime([0x1e, 0x12, 0x12, 0x12]))).toEqual(['offline']);
    expect(decodeRealtime([0x16, 0x12, 0x12, 0x12]).drawerPin3High).toBe(true);
  });
  it('rejects a byte that is not a real-time reply', () => {
    expect(() => decodeRealtime([0x00, 0x12, 0x12, 0x12])).toThrow(/not a real-time status reply/);
  });
});

describe('ASB', () => {
  it('decodes byte 1 cover/offline, byte 2 errors, byte 3 paper', () => {
    expect(decodeAsb([0x38, 0x00, 0x00, 0x00])).toMatchObject({ coverOpen: true, offline: true });
    expect(decodeAsb([0x18, 0x00, 0x0c, 0x00])).toMatchObject({ paperOut: true, offline: true });
    expect(decodeAsb([0x10, 0x00, 0x03, 0x00])).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(decodeAsb([0x18, 0x08, 0x00, 0x00])).toMatchObject({ cutterError: true, error: true });
  });
  it('encode/decode are inverse for every status the virtual printer can be in', () => {
    const arb = fc.record({
      offline: fc.boolean(), coverOpen: fc.boolean(), paperOut: fc.boolean(), paperNearEnd: fc.boolean(),
      cutterError: fc.boolean(), unrecoverableError: fc.boolean(), autoRecoverableError: fc.boolean(),
      drawerPin3High: fc.boolean(), feedButton: fc.constant(false),
    });
    fc.assert(
      fc.property(arb, (r) => {
        const s: PrinterStatus = { ...r, error: r.cutterError || r.unrecoverableError || r.autoRecoverableError };
        expect(decodeAsb(encodeAsb(s))).toEqual(s);
        const rt = ([1, 2, 3, 4] as const).map((n) => encodeRealtime(n, s)) as [number, number, number, number];
        const back = decodeRealtime(rt);
        expect(back).toMatchObject({ offline: s.offline, coverOpen: s.coverOpen, paperOut: s.paperOut, paperNearEnd: s.paperNearEnd, cutterError: s.cutterError, error: s.error });
      }),
    );
  });
});

describe('StatusStream', () => {
  it('separates real-time replies, ASB messages, GS r replies and XON/XOFF in one stream', () => {
    const st = new StatusStream();
    const events = [...st.push(Uint8Array.from([0x12, 0x18, 0x00])), ...st.push(Uint8Array.from([0x0c, 0x00, 0x00, 0x13, 0x1a]))];
    expect(events.map((e) => e.type)).toEqual(['realtime', 'asb', 'in-sequence', 'flow', 'realtime']);
    const asb = events[1];
    expect(asb?.type === 'asb' && asb.status.paperOut).toBe(true);
  });
  it('resynchronises when an ASB message is cut short', () => {
    const st = new StatusStream();
    expect(st.push(Uint8Array.from([0x10, 0x00, 0x12])).map((e) => e.type)).toEqual(['realtime']);
  });
  it('never throws on random input', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void new StatusStream().push(b)));
  });
});

describe('words', () => {
  it('every problem has English and Chinese words in the cashier vocabulary', () => {
    for (const w of Object.values(STATUS_WORDS)) {
      expect(w.en.length).toBeGreaterThan(5);
      expect(w.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(STATUS_WORDS['paper-out'].en).toBe('Printer out of paper: load a new roll; the receipt will print by itself');
    expect(STATUS_WORDS.offline.zh).toContain('离线');
  });
});
