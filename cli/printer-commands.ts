// Printer support commands: `printer status|test|kick --port <addr>` talk to the printer directly through the printer
// stack's support functions (no ledger needed); without --port, status and test go through the till's print queue.
// `receipt preview <number>` renders what the printer prints for a receipt (SVG, PNG or text) through the service.
import { writeFileSync } from 'node:fs';
import type { StatusResult } from '../native/escpos/driver';
import { renderPng } from '../native/escpos/receipt-svg';
import { printerKick, printerStatus, printerTest } from '../native/escpos/support';
import type { PrintPreviewView, PrinterStatusView, PrinterTestView } from '../service/contract';
import { login, must, options, print, register, usageError, withTill, type CliContext } from './commands';

const PORT_HELP = '--port /dev/ttyUSB0@115200[,rtscts] | tcp://host:9100 | /dev/usb/lp0';

function flagLines(flags: Record<string, boolean> | null): string[] {
  if (!flags) return ['bits:     (no answer)'];
  const set = Object.entries(flags).filter(([, v]) => v).map(([k]) => k);
  return [`bits:     ${set.length ? set.join(', ') : 'none set (ready)'}`];
}

function directStatusLines(r: StatusResult): string[] {
  if (!r.ok) return [`status:   ${r.reason}`, `words:    ${r.words.en} / ${r.words.zh}`];
  return [
    `status:   ${r.problems.length ? r.problems.join(', ') : 'ok'}`,
    ...flagLines({ ...r.status }),
    `words:    ${r.words.en} / ${r.words.zh}`,
  ];
}

function serviceStatusLines(s: PrinterStatusView): string[] {
  return [
    `printer:  ${s.mode}${s.address ? ` ${s.address}` : ''}, ${s.connected ? 'answering' : 'not answering'}, ${s.health}${s.code ? ` (${s.code})` : ''}`,
    ...flagLines(s.flags),
    `words:    ${s.words.en} / ${s.words.zh}`,
    `queue:    ${s.queue.pending} pending, ${s.queue.review} in review${s.queue.jobInPrinter ? `, ${s.queue.jobInPrinter} inside the printer` : ''}${s.queue.lastError ? `, last error ${s.queue.lastError}` : ''}`,
  ];
}

function profileOf(values: Record<string, unknown>): string | undefined {
  return values.profile === undefined ? undefined : String(values.profile);
}

async function viaService<T>(ctx: CliContext, fn: (call: (method: string, input: unknown) => Promise<unknown>) => Promise<T>): Promise<T> {
  return withTill(ctx, async (till) => {
    await login(ctx, till, 'tech');
    return fn(async (method, input) => must(await till.call(method, input)));
  });
}

register(
  {
    name: 'printer status',
    summary: 'decoded printer status bits (DLE EOT 1..4) and the print queue',
    usage: `printer status [${PORT_HELP}] [--profile epson|generic-cn] [--json]   (without --port: the till's printer, --user tech --pin 3333)`,
    async run(ctx) {
      const { values } = options(ctx, { port: { type: 'string' }, profile: { type: 'string' } });
      if (values.port !== undefined) {
        const profile = profileOf(values);
        const r = await printerStatus({ port: String(values.port), ...(profile ? { profile } : {}) });
        print(ctx, r, () => directStatusLines(r));
        return r.ok && r.problems.every((p) => p === 'paper-near-end') ? 0 : 1;
      }
      return viaService(ctx, async (call) => {
        const s = (await call('printer.status', {})) as PrinterStatusView;
        print(ctx, s, () => serviceStatusLines(s));
        return s.connected && s.health !== 'attention' ? 0 : 1;
      });
    },
  },
  {
    name: 'printer test',
    summary: 'print the test page (code pages, Chinese, barcode, QR, cut) with the status before and after',
    usage: `printer test [${PORT_HELP}] [--profile epson|generic-cn] [--lang en|zh] [--paper 58|80] [--json]   (without --port: through the till's queue, --user tech --pin 3333)`,
    async run(ctx) {
      const { values } = options(ctx, { port: { type: 'string' }, profile: { type: 'string' }, lang: { type: 'string' }, paper: { type: 'string' } });
      if (values.port !== undefined) {
        const lang = values.lang === 'en' ? 'en' : 'zh';
        const paper = values.paper === '58' ? 58 : 80;
        const profile = profileOf(values);
        const r = await printerTest({ port: String(values.port), ...(profile ? { profile } : {}), layout: { paper, lang } });
        print(ctx, r, () => [
          'before:',
          ...directStatusLines(r.before).map((l) => `  ${l}`),
          `print:    ${r.result.outcome}${r.result.outcome === 'done' ? ` (${r.result.bytes} bytes in ${Math.round(r.result.ms)} ms)` : r.result.outcome === 'paused' ? ` (${r.result.reason}: ${r.result.words.en})` : ` (${r.result.error.code}: ${r.result.error.message})`}`,
          'after:',
          ...directStatusLines(r.after).map((l) => `  ${l}`),
        ]);
        return r.result.outcome === 'done' ? 0 : 1;
      }
      return viaService(ctx, async (call) => {
        const t = (await call('printer.test', {})) as PrinterTestView;
        print(ctx, t, () => [
          'before:',
          ...serviceStatusLines(t.before).map((l) => `  ${l}`),
          `print:    ${t.jobId} ${t.state}`,
          'after:',
          ...serviceStatusLines(t.after).map((l) => `  ${l}`),
        ]);
        return t.state === 'done' ? 0 : 1;
      });
    },
  },
  {
    name: 'printer kick',
    summary: "open the cash drawer on the printer's kick port (ESC p)",
    usage: `printer kick ${PORT_HELP} [--pin 2|5] [--profile epson|generic-cn]   (a no-sale from the till is payment.openDrawer)`,
    async run(ctx) {
      const { values } = options(ctx, { port: { type: 'string' }, pin: { type: 'string' }, profile: { type: 'string' } });
      if (values.port === undefined) usageError(`printer kick talks to the printer directly: give ${PORT_HELP}`);
      if (values.pin !== undefined && values.pin !== '2' && values.pin !== '5') usageError('--pin must be 2 or 5');
      const profile = profileOf(values);
      await printerKick({ port: String(values.port), pin: values.pin === '5' ? 5 : 2, ...(profile ? { profile } : {}) });
      print(ctx, { kicked: true }, () => [`drawer pulse sent (pin ${values.pin ?? '2'})`]);
      return 0;
    },
  },
  {
    name: 'receipt preview',
    summary: 'what the printer prints for a receipt: SVG or PNG file, or text',
    usage: 'receipt preview <receipt number> [--out file.svg|file.png] [--lang en|zh] [--copy receipt|merchant|customer] --user <name> --pin <pin>',
    async run(ctx) {
      const { values, positionals } = options(ctx, { out: { type: 'string' }, lang: { type: 'string' }, copy: { type: 'string' } });
      // positionals: 'receipt', 'preview', <number>
      const receiptNumber = positionals[2] ?? usageError('receipt preview needs a receipt number');
      if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'zh') usageError('--lang must be en or zh');
      const out = values.out === undefined ? undefined : String(values.out);
      if (out && !/\.(svg|png)$/i.test(out)) usageError('--out must name a .svg or .png file');
      return viaService(ctx, async (call) => {
        const input = { receiptNumber, ...(values.lang ? { language: values.lang } : {}), ...(values.copy ? { copy: values.copy } : {}) };
        const p = (await call('receipt.preview', input)) as PrintPreviewView;
        if (out) {
          writeFileSync(out, /\.png$/i.test(out) ? renderPng(p.svg) : p.svg);
          print(ctx, { file: out, bytes: Buffer.from(p.bytesBase64, 'base64').length }, () => [`wrote ${out} (${Buffer.from(p.bytesBase64, 'base64').length} printer bytes)`]);
        } else {
          print(ctx, p, () => p.text);
        }
        return 0;
      });
    },
  },
);
