// Support commands for the PIN pad, straight to the device over ZVT (no ledger): status, diagnosis, a test payment,
// end of day and a frame trace, each with --port (serial path, e.g. /dev/ttyUSB0@9600, or tcp://host:20007).
import { connectZvt, type ZvtClient } from '../native/zvt/zvt-client';
import type { ZvtTraceEvent } from '../native/zvt/zvt-transport';
import { options, parseMinor, print, register, usageError, type CliContext } from './commands';

async function withPinpad<T>(ctx: CliContext, extra: Parameters<typeof options>[1], fn: (client: ZvtClient, values: Record<string, string | string[] | boolean | undefined>) => Promise<T>): Promise<T> {
  const { values } = options(ctx, { port: { type: 'string' }, currency: { type: 'string' }, trace: { type: 'boolean' }, ...extra });
  const port = (values.port as string | undefined) ?? usageError('this command needs --port <serial path | tcp://host:port>');
  const currency = (values.currency as string | undefined) ?? 'EUR';
  let client: ZvtClient;
  try {
    client = await connectZvt(port, { currency });
  } catch (err) {
    throw Object.assign(new Error(`PINPAD_OFFLINE: cannot open ${port}: ${(err as Error).message}. Check the cable or address.`), { code: 'PINPAD_OFFLINE' });
  }
  const stopTrace = values.trace ? client.transport.onTrace((e) => ctx.err(traceLine(e))) : () => {};
  try {
    return await fn(client, values);
  } finally {
    stopTrace();
    await client.close().catch(() => {});
  }
}

function traceLine(e: ZvtTraceEvent): string {
  const arrow = e.direction === 'in' ? 'PT→ECR' : e.direction === 'out' ? 'ECR→PT' : '      ';
  return `${new Date(e.at).toISOString().slice(11, 23)} ${arrow} ${e.kind.padEnd(12)} ${e.meaning}${e.hex ? `  [${e.hex}]` : ''}`;
}

register(
  {
    name: 'pinpad status',
    summary: 'the PIN pad terminal status (05 01)',
    usage: 'pinpad status --port <tty|tcp://host:port> [--trace]',
    async run(ctx) {
      return withPinpad(ctx, {}, async (client) => {
        const status = await client.statusEnquiry();
        print(ctx, status, () => [`terminal status ${status.terminalStatus}: ${status.message.en} / ${status.message.zh}`, ...(status.softwareVersion ? [`software ${status.softwareVersion}`] : [])]);
        return status.terminalStatus === 0 ? 0 : 1;
      });
    },
  },
  {
    name: 'pinpad diagnose',
    summary: 'registration (06 00) and diagnosis (06 70)',
    usage: 'pinpad diagnose --port <tty|tcp://host:port> [--trace]',
    async run(ctx) {
      return withPinpad(ctx, {}, async (client) => {
        await client.register({});
        const result = await client.diagnosis();
        print(ctx, result, () => [
          `diagnosis: ${result.kind}${result.kind === 'failed' ? ` (${result.message.en})` : ''}`,
          ...(result.kind === 'completed' && result.dateTime ? [`terminal clock ${result.dateTime.dateYmd ?? ''} ${result.dateTime.time ?? ''}`] : []),
          ...result.receipts.flatMap((r) => r.lines.map((l) => `  | ${l.text}`)),
        ]);
        return result.kind === 'completed' ? 0 : 1;
      });
    },
  },
  {
    name: 'pinpad pay',
    summary: 'a test payment outside the ledger (training and support only)',
    usage: 'pinpad pay --amount <minor> --port <tty|tcp://host:port> [--currency EUR] [--trace]',
    async run(ctx) {
      return withPinpad(ctx, { amount: { type: 'string' } }, async (client, values) => {
        const amountMinor = parseMinor(values.amount as string | undefined, '--amount');
        await client.register({});
        const outcome = await client.authorize({ amountMinor }, { onProgress: (p) => ctx.err(`… ${p.message.en}`) });
        print(ctx, outcome, () => [
          outcome.kind === 'approved'
            ? `approved: trace ${outcome.status.traceNumber}, receipt ${outcome.status.receiptNumber}, card ${outcome.status.maskedPan ?? ''} ${outcome.status.cardName ?? ''}`
            : outcome.kind === 'unknown'
              ? `OUTCOME UNKNOWN (${outcome.reason} at ${outcome.stage}): do not retry; check the terminal's last receipt`
              : `${outcome.kind}: ${outcome.message.en}`,
          ...outcome.receipts.flatMap((r) => r.lines.map((l) => `  | ${l.text}`)),
        ]);
        return outcome.kind === 'approved' ? 0 : 1;
      });
    },
  },
  {
    name: 'pinpad end-of-day',
    summary: "the PIN pad's end of day (06 50): totals per card scheme; clears its batch",
    usage: 'pinpad end-of-day --port <tty|tcp://host:port> [--trace]',
    async run(ctx) {
      return withPinpad(ctx, {}, async (client) => {
        await client.register({});
        const result = await client.endOfDay();
        const totals = result.kind === 'completed' ? result.status?.totals : undefined;
        print(ctx, result, () => [
          `end of day: ${result.kind}${result.kind === 'failed' ? ` (${result.message.en})` : ''}`,
          ...(totals ? totals.schemes.map((s) => `  ${s.scheme.padEnd(10)} ${String(s.count).padStart(5)}  ${s.amountMinor}`) : []),
        ]);
        return result.kind === 'completed' ? 0 : 1;
      });
    },
  },
  {
    name: 'pinpad trace',
    summary: 'every frame of a status enquiry and diagnosis, hex beside its meaning',
    usage: 'pinpad trace --port <tty|tcp://host:port>',
    async run(ctx) {
      const lines: string[] = [];
      const { values } = options(ctx, { port: { type: 'string' } });
      const port = (values.port as string | undefined) ?? usageError('pinpad trace needs --port');
      const client = await connectZvt(port, {}).catch((err: Error) => {
        throw Object.assign(new Error(`PINPAD_OFFLINE: cannot open ${port}: ${err.message}`), { code: 'PINPAD_OFFLINE' });
      });
      const stop = client.transport.onTrace((e) => {
        const line = traceLine(e);
        lines.push(line);
        if (!ctx.json) ctx.out(line);
      });
      try {
        await client.statusEnquiry();
        await client.register({});
        await client.diagnosis();
      } finally {
        stop();
        await client.close().catch(() => {});
      }
      if (ctx.json) ctx.out(JSON.stringify(lines, null, 2));
      return 0;
    },
  },
);
