// The scanner wedge detector: bursts < maxGap ending in Enter/Tab are scans; people typing, held keys and
// shortcuts are not. Pure timing logic, driven with synthetic timestamps.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createScannerWedge, type WedgeVerdict } from '../../../renderer/src/lib/scanner-wedge';

function typeCode(code: string, start: number, gap: number, terminator = 'Enter') {
  const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
  const verdicts: WedgeVerdict[] = [];
  let time = start;
  for (const ch of code) {
    verdicts.push(wedge.key({ key: ch, time }));
    time += gap;
  }
  verdicts.push(wedge.key({ key: terminator, time: time - gap + gap }));
  return verdicts;
}

describe('scanner wedge', () => {
  it('recognises a fast burst ending in Enter as a scan of exactly those characters', () => {
    const verdicts = typeCode('4006381333931', 1000, 4);
    expect(verdicts.at(-1)).toEqual({ kind: 'scan', code: '4006381333931' });
    expect(verdicts.slice(0, -1).every((v) => v.kind === 'key')).toBe(true);
  });

  it('accepts Tab as a terminator too', () => {
    expect(typeCode('12345678', 0, 8, 'Tab').at(-1)).toEqual({ kind: 'scan', code: '12345678' });
  });

  it('does not take a person typing (100 ms per key) for a scan', () => {
    expect(typeCode('4006381333931', 0, 100).at(-1)).toEqual({ kind: 'key' });
  });

  it('refuses codes shorter than minLength (a quick "12⏎" is typing)', () => {
    expect(typeCode('123', 0, 5).at(-1)).toEqual({ kind: 'key' });
  });

  it('a slow Enter after a fast burst is a person confirming, not a scan', () => {
    const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
    for (const [i, ch] of [...'123456'].entries()) wedge.key({ key: ch, time: i * 5 });
    expect(wedge.key({ key: 'Enter', time: 25 + 500 })).toEqual({ kind: 'key' });
  });

  it('a scan that follows slow typing in the same field starts its own burst', () => {
    const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
    wedge.key({ key: 'a', time: 0 });
    wedge.key({ key: 'b', time: 200 });
    let t = 1000;
    for (const ch of '96385074') wedge.key({ key: ch, time: (t += 3) });
    expect(wedge.key({ key: 'Enter', time: t + 3 })).toEqual({ kind: 'scan', code: '96385074' });
  });

  it('ignores Shift keydowns inside a burst (scanners send them around upper-case letters)', () => {
    const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
    let t = 0;
    for (const ch of 'AB12') {
      wedge.key({ key: 'Shift', time: (t += 2) });
      wedge.key({ key: ch, time: (t += 2) });
    }
    expect(wedge.key({ key: 'Enter', time: t + 2 })).toEqual({ kind: 'scan', code: 'AB12' });
  });

  it('held (auto-repeating) keys and shortcuts break a burst', () => {
    const held = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
    for (let i = 0; i < 8; i++) held.key({ key: '1', time: i * 25, repeat: i > 0 });
    expect(held.key({ key: 'Enter', time: 200 })).toEqual({ kind: 'key' });

    const shortcut = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
    for (const [i, ch] of [...'1234'].entries()) shortcut.key({ key: ch, time: i * 5 });
    expect(shortcut.key({ key: 'Enter', time: 20, modifier: true })).toEqual({ kind: 'key' });
  });

  it('Backspace in the middle means a person is editing', () => {
    const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
    for (const [i, ch] of [...'12345'].entries()) wedge.key({ key: ch, time: i * 5 });
    wedge.key({ key: 'Backspace', time: 26 });
    expect(wedge.key({ key: 'Enter', time: 30 })).toEqual({ kind: 'key' });
  });

  it('reset() forgets the burst (a PIN dialog opened mid-way)', () => {
    const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
    for (const [i, ch] of [...'123456'].entries()) wedge.key({ key: ch, time: i * 5 });
    wedge.reset();
    expect(wedge.pending).toBe('');
    expect(wedge.key({ key: 'Enter', time: 30 })).toEqual({ kind: 'key' });
  });

  it('a hiccup (31–99 ms) inside a burst is not the start of a new scan: no partial code is ever returned', () => {
    const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
    let t = 0;
    [...'6900010000011'].forEach((ch, i) => wedge.key({ key: ch, time: (t += i === 5 ? 60 : 3) }));
    expect(wedge.key({ key: 'Enter', time: t + 3 })).toEqual({ kind: 'key' });
    // The next clean burst after silence is a scan again.
    t += 500;
    for (const ch of '6900010000011') wedge.key({ key: ch, time: (t += 3) });
    expect(wedge.key({ key: 'Enter', time: t + 3 })).toEqual({ kind: 'scan', code: '6900010000011' });
  });

  it('property: any printable code of length ≥ 4 with gaps ≤ 30 ms is returned intact; a pause splits it', () => {
    const printable = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFXYZ-./'), minLength: 4, maxLength: 20 });
    fc.assert(
      fc.property(printable, fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 21, maxLength: 21 }), (code, gaps) => {
        const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
        let t = 10_000;
        let last: WedgeVerdict = { kind: 'key' };
        [...code].forEach((ch, i) => {
          last = wedge.key({ key: ch, time: (t += gaps[i] ?? 1) });
          expect(last.kind).toBe('key');
        });
        last = wedge.key({ key: 'Enter', time: t + (gaps[20] ?? 1) });
        expect(last).toEqual({ kind: 'scan', code });
      }),
    );
    fc.assert(
      fc.property(printable, fc.nat(), fc.integer({ min: 31, max: 2000 }), (code, at, pause) => {
        const split = 1 + (at % (code.length - 1));
        const wedge = createScannerWedge({ maxGapMs: 30, minLength: 4, quietMs: 100 });
        let t = 0;
        [...code].forEach((ch, i) => wedge.key({ key: ch, time: (t += i === split ? pause : 2) }));
        const verdict = wedge.key({ key: 'Enter', time: t + 2 });
        // Only the part after a real silence can be a scan, and only if it alone is long enough; after a hiccup, nothing.
        const tail = code.slice(split);
        expect(verdict).toEqual(pause >= 100 && tail.length >= 4 ? { kind: 'scan', code: tail } : { kind: 'key' });
      }),
    );
  });
});
