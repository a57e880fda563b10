// Use cases for the support technician: every device and serial port, the live frame trace, a PIN pad test and a
// diagnostics bundle (redacted: no PINs, no card data, no raw card frames). Never imports a host or electron.
import { discoverSerialPorts } from '../native/link/discovery';
import type { TillContext } from './context';
import { fail } from './context';
import type { ExportView, SupportDevicesView, TillParsedInput } from './contract';
import type { PinpadPort } from './pinpad-port';
import { checkLedger } from './admin-service';
import { statusView } from './status-service';
import { reconnectPrinter } from './print-service';

const APP_VERSION = '0.1.0';

/** Configuration as the bundle shows it: addresses kept (support needs them), nothing secret is in the config. */
function configForBundle(ctx: TillContext): Record<string, unknown> {
  return { ...ctx.config };
}

export function supportService(ctx: TillContext, pinpad: PinpadPort | null) {
  return {
    'support.devices': async (): Promise<SupportDevicesView> => {
      ctx.requireUser('tech', 'manager');
      const discovery = await discoverSerialPorts();
      return {
        devices: statusView(ctx).devices,
        ports: discovery.ports.map((p) => ({ path: p.path, kind: p.kind, source: p.source, ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}) })),
        discoveryNote: discovery.fallbackReason ? `Serial port list unavailable (${discovery.fallbackReason}); found these by scanning /dev instead.` : null,
      };
    },

    'support.traces': ({ device, limit }: TillParsedInput<'support.traces'>) => {
      ctx.requireUser('tech', 'manager');
      return ctx.traces.filter((t) => !device || t.device === device).slice(-limit);
    },

    'support.pinpadTest': async () => {
      ctx.requireUser('tech', 'manager');
      if (!pinpad) fail('PINPAD_NOT_CONFIGURED');
      let client;
      try {
        client = await pinpad.client();
      } catch {
        return fail('PINPAD_OFFLINE', {});
      }
      const status = await client.statusEnquiry().catch(() => fail('PINPAD_OFFLINE', {}));
      const diagnosis = await client.diagnosis().catch(() => null);
      const lang = ctx.language();
      return {
        terminalStatus: status.terminalStatus,
        message: status.message[lang],
        softwareVersion: status.softwareVersion ?? null,
        diagnosis: diagnosis ? diagnosis.kind : 'no answer',
        lines: diagnosis ? diagnosis.receipts.flatMap((r) => r.lines.map((l) => l.text)) : [],
      };
    },

    'support.pinpadScenario': ({ scenario }: TillParsedInput<'support.pinpadScenario'>) => {
      const user = ctx.requireUser('tech', 'manager');
      // Never on a live till: a real terminal has no scenarios, and a training switch must not reach one.
      if (!ctx.config.training || !pinpad?.simulator) fail('FORBIDDEN', { reason: 'training simulator only' });
      try {
        pinpad.simulator.setScenario(scenario);
      } catch (err) {
        return fail('VALIDATION_FAILED', { field: 'scenario', reason: (err as Error).message.slice(0, 200) });
      }
      ctx.tx(() => ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'support.pinpadScenario', detail: { scenario } }));
      return { scenario };
    },

    'support.reconnect': async ({ device }: TillParsedInput<'support.reconnect'>) => {
      const user = ctx.requireUser('tech', 'manager');
      if (device === 'pinpad') {
        if (!pinpad) fail('PINPAD_NOT_CONFIGURED');
        await pinpad.reset();
        await pinpad.client().catch(() => undefined);
      } else {
        await reconnectPrinter(ctx);
      }
      ctx.tx(() => ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'support.reconnect', detail: { device } }));
      return statusView(ctx).devices.find((d) => d.kind === device)!;
    },

    'support.diagnostics': (): ExportView => {
      const user = ctx.requireUser('tech', 'manager');
      const outbox = ctx.sql<[], { topic: string; state: string; n: number }>('SELECT topic, state, count(*) AS n FROM outbox GROUP BY topic, state').all();
      const payments = ctx.sql<[], { state: string; n: number }>('SELECT state, count(*) AS n FROM card_payments GROUP BY state').all();
      const bundle = {
        generatedAt: ctx.now(),
        generatedBy: user.username,
        app: { version: APP_VERSION, node: process.version, platform: `${process.platform} ${process.arch}` },
        config: configForBundle(ctx),
        ledger: checkLedger(ctx),
        status: statusView(ctx),
        outbox,
        cardPayments: payments,
        // The audit tail records who did what; it never holds a PIN or a card number.
        audit: ctx.audit.tail(200).map((row) => ({ seq: row.seq, at: row.at, actor: row.actor, approver: row.approver, action: row.action })),
        traces: ctx.traces.slice(-300),
        errors: ctx.errors.slice(-100),
      };
      ctx.tx(() => ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'support.diagnostics', detail: {} }));
      const text = JSON.stringify(bundle, null, 2);
      return {
        filename: `till-diagnostics-${ctx.config.tillId}-${ctx.now().replace(/[:.]/g, '-')}.json`,
        mimeType: 'application/json',
        base64: Buffer.from(text, 'utf8').toString('base64'),
      };
    },
  };
}
