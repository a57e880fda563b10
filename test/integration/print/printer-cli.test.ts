// `npm run cli -- printer status|test|kick --port tcp://…` as a child process against a virtual printer on loopback
// TCP (no ledger involved), and `receipt preview` writing an SVG through the service.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualPrinter, serveVirtualPrinterTcp } from '../../../native/escpos/virtual-printer';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: process.cwd(), timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
  );

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('printer support commands (child process)', () => {
  it('status decodes the bits, kick pulses the drawer, test prints the page; a stopped printer exits 1', async () => {
    const vp = new VirtualPrinter({ columns: 48 });
    const server = await serveVirtualPrinterTcp(vp, 0);
    closers.push(() => server.close());
    const port = `tcp://127.0.0.1:${server.port}`;

    const ready = await cli(['printer', 'status', '--port', port, '--json']);
    expect(ready.code).toBe(0);
    expect(JSON.parse(ready.stdout)).toMatchObject({ ok: true, problems: [] });

    vp.setState({ paper: 'out' });
    const out = await cli(['printer', 'status', '--port', port]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('paperOut');
    expect(out.stdout).toContain('缺纸');
    vp.setState({ paper: 'ok' });

    expect((await cli(['printer', 'kick', '--port', port])).code).toBe(0);
    expect(vp.pulses).toBe(1);

    const test = await cli(['printer', 'test', '--port', port, '--lang', 'en']);
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('print:    done');
    expect(vp.receipts().filter((r) => r.blocks.some((b) => b.type === 'cut'))).toHaveLength(1);

    expect((await cli(['printer', 'kick'])).code).toBe(2);
  }, 120_000);

  it('receipt preview writes the SVG of a posted receipt (training ledger)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'till-cli-print-'));
    const sale = await cli(['--data-dir', dir, 'sale', 'ring', '--item', 'D1011', '--cash', 'exact', '--user', 'cashier', '--pin', '1111']);
    expect(sale.code).toBe(0);
    const number = /receipt (\S+):/.exec(sale.stdout)![1]!;
    const file = join(dir, 'r.svg');
    const preview = await cli(['--data-dir', dir, 'receipt', 'preview', number, '--out', file, '--lang', 'zh', '--user', 'cashier', '--pin', '1111']);
    expect(preview.code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('合计');
    expect(svg).toContain(number);
  }, 120_000);
});
