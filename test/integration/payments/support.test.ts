// The support technician's view: devices and ports, the live PIN pad trace (card frames by meaning only), a PIN pad
// test, and a diagnostics bundle with no card data in it.
import { describe, expect, it } from 'vitest';
import { createTestTill, errCode, loginAndOpenShift, ok } from '../../support/till';
import { demoProducts } from '../../../service/demo-catalogue';

const rice = demoProducts().find((p) => p.sku === 'D5013')!;

describe('support view', () => {
  it('traces every PIN pad frame live, keeps card frames by meaning only, and exports a clean bundle', async () => {
    const { api, till } = createTestTill({}, undefined, { pinpad: true });
    const live: string[] = [];
    till.subscribe((name, payload) => {
      if (name === 'device.trace') live.push((payload as { meaning: string }).meaning);
    });
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: rice.barcodes[0]! }));
    ok(await api['payment.startCard']({}));
    expect(errCode(await api['support.traces']({}))).toBe('FORBIDDEN');
    ok(await api['session.login']({ username: 'tech', pin: '3333' }));
    const traces = ok(await api['support.traces']({ device: 'pinpad' }));
    expect(traces.length).toBeGreaterThan(5);
    expect(live.length).toBeGreaterThanOrEqual(traces.length);
    expect(traces.some((t) => /^Authori[sz]ation/.test(t.meaning) && /(^| )06 01 /.test(t.hex))).toBe(true);
    const status = traces.filter((t) => /^(04 0F|Status-Information)/i.test(t.meaning));
    expect(status.length).toBeGreaterThan(0);
    for (const t of status) expect(t.hex).toBe('(card data: bytes not kept)');
    const test = ok(await api['support.pinpadTest']({}));
    expect(test.terminalStatus).toBe(0);
    const devices = ok(await api['support.devices']({}));
    expect(devices.devices.find((d) => d.kind === 'pinpad')!.health).toBe('simulated');
    const bundle = Buffer.from(ok(await api['support.diagnostics']({})).base64, 'base64').toString('utf8');
    const parsed = JSON.parse(bundle) as { ledger: { integrity: string }; traces: unknown[] };
    expect(parsed.ledger.integrity).toBe('ok');
    expect(parsed.traces.length).toBeGreaterThan(0);
    // No full card number (13–19 digits) and no PIN hash in the bundle.
    expect(bundle).not.toMatch(/\d{13,19}/);
    expect(bundle).not.toMatch(/scrypt\$/);
  });
});

describe('training controls and reconnect', () => {
  it('a tech sets what the training PIN pad does next (never on a live till) and reconnects devices', async () => {
    const { api } = createTestTill({}, undefined, { pinpad: true });
    await loginAndOpenShift(api);
    ok(await api['sale.scan']({ code: rice.barcodes[0]! }));
    ok(await api['session.login']({ username: 'tech', pin: '3333' }));
    ok(await api['support.pinpadScenario']({ scenario: 'decline:51' }));
    expect(errCode(await api['support.pinpadScenario']({ scenario: 'no-such-thing' }))).toBe('VALIDATION_FAILED');
    expect(ok(await api['support.reconnect']({ device: 'pinpad' })).kind).toBe('pinpad');
    ok(await api['session.login']({ username: 'cashier', pin: '1111' }));
    expect(errCode(await api['payment.startCard']({}))).toBe('CARD_DECLINED');
    const live = createTestTill({ training: false }, undefined, { pinpad: true });
    ok(await live.api['session.login']({ username: 'tech', pin: '3333' }));
    expect(errCode(await live.api['support.pinpadScenario']({ scenario: 'approve' }))).toBe('FORBIDDEN');
  });
});
