// The virtual printer in-process: status answers from its scripted state, holding bytes while it cannot print,
// ASB on change, power loss, and the SVG/PNG previews.
import { describe, expect, it } from 'vitest';
import { cmd } from '../../../native/escpos/commands';
import { encodeReceipt, printableDoc } from '../../../native/escpos/encoder';
import { layoutSaleReceipt } from '../../../native/escpos/layouts';
import { PROFILES } from '../../../native/escpos/profiles';
import { sampleSale } from '../../../native/escpos/sample-data';
import { decodeAsb, decodeRealtime } from '../../../native/escpos/status';
import { VirtualPrinter, previewEscPos, renderPng } from '../../../native/escpos/virtual-printer';
import { bytesOf } from './helpers';

const doc = layoutSaleReceipt(sampleSale(6), { paper: 80, lang: 'zh' });
const bytes = encodeReceipt(doc, { profile: PROFILES.epson, columns: 48 });
const expected = printableDoc(doc, PROFILES.epson, 48).blocks;

function capture(vp: VirtualPrinter): number[] {
  const out: number[] = [];
  vp.onSend((b) => out.push(...b));
  return out;
}
const askAll = () => Uint8Array.from([...cmd.realtimeStatus(1), ...cmd.realtimeStatus(2), ...cmd.realtimeStatus(3), ...cmd.realtimeStatus(4)]);

describe('VirtualPrinter', () => {
  it('answers DLE EOT 1..4 from its state', () => {
    const vp = new VirtualPrinter();
    const out = capture(vp);
    vp.receive(askAll());
    expect(decodeRealtime(out.splice(0) as [number, number, number, number]).offline).toBe(false);
    vp.setState({ coverOpen: true });
    vp.receive(askAll());
    expect(decodeRealtime(out.splice(0) as [number, number, number, number])).toMatchObject({ coverOpen: true, offline: true });
    vp.setState({ coverOpen: false, paper: 'near-end' });
    vp.receive(askAll());
    expect(decodeRealtime(out.splice(0) as [number, number, number, number])).toMatchObject({ paperNearEnd: true, offline: false });
  });

  it('paper out mid-receipt: stops, holds the rest, still answers status, then finishes the same receipt once', () => {
    const vp = new VirtualPrinter();
    const out = capture(vp);
    vp.paperOutAfterLines(10);
    vp.receive(bytes);
    expect(vp.state().paper).toBe('out');
    expect(vp.printed().filter((b) => b.type === 'text')).toHaveLength(10);
    expect(vp.pendingBytes).toBeGreaterThan(100);
    vp.receive(askAll());
    expect(decodeRealtime(out.splice(0) as [number, number, number, number]).paperOut).toBe(true);
    vp.setState({ paper: 'ok' });
    expect(vp.receipts()).toHaveLength(1);
    expect(vp.receipts()[0]!.blocks).toEqual(expected);
    expect(vp.pendingBytes).toBe(0);
  });

  it('GS a enables ASB: one message at once, then one per state change', () => {
    const vp = new VirtualPrinter();
    const out = capture(vp);
    vp.receive(Uint8Array.from(cmd.autoStatusBack(0x0f)));
    expect(out.splice(0)).toEqual([0x10, 0, 0, 0]);
    vp.setState({ coverOpen: true });
    expect(decodeAsb(out.splice(0) as [number, number, number, number])).toMatchObject({ coverOpen: true, offline: true });
    vp.setState({ lineDelayMs: 0 });
    expect(out).toEqual([]);
  });

  it('GS r 1 is answered in sequence, after the text before it has printed', () => {
    const vp = new VirtualPrinter({ initial: { paper: 'near-end' } });
    const out = capture(vp);
    vp.setState({ coverOpen: true });
    vp.receive(Uint8Array.from([...bytesOf('held'), 0x0a, ...cmd.statusInSequence()]));
    expect(out).toEqual([]);
    vp.setState({ coverOpen: false });
    expect(out).toEqual([0x03]);
    expect(vp.printed()).toEqual([{ type: 'text', align: 'left', runs: [{ text: 'held' }] }]);
  });

  it('powered off: drops bytes, answers nothing, and loses its receive buffer', () => {
    const vp = new VirtualPrinter();
    const out = capture(vp);
    vp.setState({ coverOpen: true });
    vp.receive(bytes);
    vp.setState({ powered: false });
    vp.receive(askAll());
    expect(out).toEqual([]);
    vp.setState({ powered: true, coverOpen: false });
    expect(vp.printed()).toEqual([]);
  });

  it('slow printer takes its line delay per printed line (injected sleep)', async () => {
    const slept: number[] = [];
    const vp = new VirtualPrinter({ sleep: async (ms) => void slept.push(ms), initial: { lineDelayMs: 7 } });
    vp.receive(Uint8Array.from([...bytesOf('a'), 0x0a, ...bytesOf('b'), 0x0a]));
    await vp.whenIdle();
    expect(slept).toEqual([7, 7]);
    expect(vp.printed()).toHaveLength(2);
  });

  it('real-time drawer pulse (DLE DC4 1) acts even while printing is stopped', () => {
    const vp = new VirtualPrinter({ initial: { coverOpen: true } });
    vp.receive(Uint8Array.from([0x10, 0x14, 0x01, 0x00, 0x02]));
    expect(vp.pulses).toBe(1);
    expect(vp.printed()).toEqual([{ type: 'pulse', pin: 2, onMs: 200, offMs: 200 }]);
  });

  it('renders SVG with the Chinese text on the dot grid, and a PNG', () => {
    const p = previewEscPos(bytes, { columns: 48 });
    expect(p.doc.blocks).toEqual(expected);
    expect(p.svg).toMatch(/^<svg [^>]*width="608"/);
    expect(p.svg).toContain('>合计</text>');
    expect(p.svg).toContain('lang="zh-Hans"');
    expect(p.text).toContain('好  又  多  ');
    const png = renderPng(p.svg);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
  });
});
