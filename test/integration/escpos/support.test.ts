// Support actions (`printer status|test|kick`) end to end against the virtual printer on loopback TCP.
import { afterEach, expect, it } from 'vitest';
import { printerKick, printerStatus, printerTest } from '../../../native/escpos/support';
import { VirtualPrinter, serveVirtualPrinterTcp } from '../../../native/escpos/virtual-printer';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(vp: VirtualPrinter): Promise<string> {
  const server = await serveVirtualPrinterTcp(vp, 0);
  close = server.close;
  return `tcp://127.0.0.1:${server.port}`;
}

it('printer status decodes the bits into problems and words', async () => {
  const vp = new VirtualPrinter({ initial: { paper: 'near-end', coverOpen: true } });
  const r = await printerStatus({ port: await start(vp) });
  expect(r).toMatchObject({ ok: true, problems: ['cover-open', 'paper-near-end'], status: { coverOpen: true, paperNearEnd: true, offline: true } });
  if (r.ok) expect(r.words.zh).toContain('上盖');
});

it('printer test prints the test page with status before and after; printer kick pulses the drawer', async () => {
  const vp = new VirtualPrinter();
  const port = await start(vp);
  const r = await printerTest({ port, profile: 'generic-cn', layout: { paper: 58, lang: 'zh' } });
  expect(r.before).toMatchObject({ ok: true, problems: [] });
  expect(r.result).toMatchObject({ outcome: 'done' });
  expect(r.after).toMatchObject({ ok: true });
  const page = vp.receipts()[0]!.blocks;
  expect(page.find((b) => b.type === 'qr')).toMatchObject({ data: 'https://example.cn/till/test' });
  expect(page.find((b) => b.type === 'logo')).toMatchObject({ key: 1 });
  expect(page.some((b) => b.type === 'text' && b.runs.some((x) => x.text.includes('合计 实收 找零')))).toBe(true);
  await printerKick({ port });
  for (let i = 0; i < 100 && vp.pulses === 0; i++) await new Promise((res) => setTimeout(res, 10));
  expect(vp.pulses).toBe(1);
});
