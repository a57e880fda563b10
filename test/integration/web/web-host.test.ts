// The real web host as a child process on a free loopback port: a full cash sale over POST /api/..., events over SSE,
// the renderer's static files with the CSP, and the loopback-only rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost as startChildHost, type RunningHost } from '../../support/web-host';
import { demoProducts, weighedBarcode } from '../../../service/demo-catalogue';
import { safeStaticPath, startWebHost } from '../../../web/server';
import type { PaymentResultView, SaleView } from '../../../service/contract';

const demo = demoProducts();
const milk = demo.find((p) => p.sku === 'D1011')!;
const cola = demo.find((p) => p.sku === 'D3031')!;
const apples = demo.find((p) => p.sku === 'W10001')!;

describe('npm run web (real host, real HTTP)', () => {
  let host: RunningHost;
  beforeAll(async () => {
    host = await startChildHost();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('serves a full cash sale: login, three items by barcode (one weighed), cash with change, receipt number', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const sse = fetch(`${host.url}/api/events`, { signal: controller.signal }).then(async (res) => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        events.push(decoder.decode(value));
      }
    }).catch(() => {});

    expect(await host.call('session.login', { username: 'cashier', pin: '1111' })).toMatchObject({ ok: true });
    expect(await host.call('shift.open', { floatAmount: 20000 })).toMatchObject({ ok: true });
    for (const code of [milk.barcodes[0]!, cola.barcodes[0]!, weighedBarcode(apples.embeddedCode!, 800)]) {
      expect(await host.call<SaleView>('sale.scan', { code })).toMatchObject({ ok: true });
    }
    const current = await host.call<SaleView>('sale.current', {});
    if (!current.ok) throw new Error(current.error.message);
    const sale = current.value;
    expect(sale.lines.map((l) => l.quantityKind)).toEqual(['piece', 'piece', 'weight']);
    const paid = await host.call<PaymentResultView>('payment.addCash', { amount: 10000 });
    if (!paid.ok) throw new Error(paid.error.message);
    expect(paid.value.receipt!.receiptNumber).toMatch(/^TR-T01-\d{6}$/);
    expect(paid.value.receipt!.change).toBe(10000 - sale.total);

    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await sse;
    expect(events.join('')).toContain('event: sale.changed');
  });

  it('answers bad calls with stable codes', async () => {
    expect(await host.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await host.call('payment.addCash', { amount: 'NaN' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const res = await fetch(`${host.url}/api/status.get`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(415);
    const get = await fetch(`${host.url}/api/status.get`);
    expect(get.status).toBe(405);
    const broken = await fetch(`${host.url}/api/status.get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses other host names (DNS rebinding) and other origins', async () => {
    const { request } = await import('node:http');
    const url = new URL(host.url);
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path: '/api/status.get', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
    expect(await post({ host: `evil.example:${url.port}` })).toBe(421);
    expect(await post({ origin: 'http://evil.example' })).toBe(403);
    expect(await post({ origin: host.url })).toBe(200);
    expect(await post({ host: `localhost:${url.port}` })).toBe(200);
  });

  it('serves the renderer with a CSP and never a file outside it', async () => {
    const res = await fetch(`${host.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const traversal = await fetch(`${host.url}/..%2f..%2fpackage.json`);
    expect(await traversal.text()).not.toContain('"name": "till"');
  });
});

describe('web host policies', () => {
  it('refuses to bind anything but loopback unless told explicitly', async () => {
    const service = { api: {} as never, call: async () => ({ ok: true as const, value: null }), subscribe: () => () => {}, close: async () => {} };
    await expect(startWebHost({ service, host: '0.0.0.0', port: 0 })).rejects.toThrow(/loopback only/);
  });

  it('keeps static paths inside the root', () => {
    expect(safeStaticPath('/srv/app', '/index.html')).toBe('/srv/app/index.html');
    expect(safeStaticPath('/srv/app', '/../etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(safeStaticPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(safeStaticPath('/srv/app', '/a%00b')).toBeNull();
    expect(safeStaticPath('/srv/app', '/%E0%A4%A')).toBeNull();
  });
});
