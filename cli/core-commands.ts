// Foundation CLI commands: ledger check, catalogue import, shifts, scripted cash sales, status, and a raw API call.
import { writeFileSync } from 'node:fs';
import type { DbCheckView, ExportView, ImportReport, PaymentResultView, ReportView, SaleView, ShiftView, StatusView } from '../service/contract';
import type { CliContext } from './commands';
import { login, money, must, options, parseMinor, print, readText, register, usageError, withTill } from './commands';

register(
  {
    name: 'db check',
    summary: 'integrity, migration level, audit chain, receipt series',
    usage: 'db check [--user tech --pin 3333]',
    async run(ctx) {
      return withTill(ctx, async (till) => {
        await login(ctx, till, 'tech');
        const check = must(await till.call('admin.dbCheck', {})) as DbCheckView;
        print(ctx, check, () => [
          `integrity:        ${check.integrity}`,
          `schema version:   ${check.schemaVersion} (app ${check.appSchemaVersion})`,
          `audit chain:      ${check.auditChain} (${check.auditEntries} entries)`,
          `receipt numbers:  ${check.receiptSeriesContiguous ? 'contiguous' : 'GAP FOUND'}`,
        ]);
        return check.integrity === 'ok' && check.auditChain === 'ok' && check.receiptSeriesContiguous ? 0 : 1;
      });
    },
  },
  {
    name: 'catalogue import',
    summary: 'import products from a CSV (sku,name,name_zh,barcodes,price,tax_code,category,weighed,active,embedded_code)',
    usage: 'catalogue import <file.csv> --user manager --pin 2222',
    async run(ctx) {
      const file = ctx.args[0] ?? usageError('catalogue import needs a CSV file path');
      const csv = readText(file);
      return withTill(ctx, async (till) => {
        await login(ctx, till, 'manager');
        const stop = till.subscribe((name, payload) => {
          if (name === 'catalogue.importProgress' && !ctx.json) {
            const p = payload as { rowsDone: number; rowsTotal: number };
            process.stderr.write(`\rimporting ${p.rowsDone}/${p.rowsTotal} rows`);
          }
        });
        const report = must(await till.call('catalogue.importCsv', { csv })) as ImportReport;
        stop();
        if (!ctx.json) process.stderr.write('\n');
        print(ctx, report, () => [
          `rows: ${report.rows}, imported: ${report.imported}, updated: ${report.updated}, errors: ${report.errors.length}`,
          ...report.errors.slice(0, 200).map((e) => `  row ${e.row}: ${e.code}: ${e.message}`),
          ...(report.errors.length > 200 ? [`  … ${report.errors.length - 200} more (use --json for all)`] : []),
        ]);
        return report.errors.length === 0 ? 0 : 1;
      });
    },
  },
  {
    name: 'shift open',
    summary: 'open a shift with a float',
    usage: 'shift open --float <minor> --user <name> --pin <pin>',
    async run(ctx) {
      const { values } = options(ctx, { float: { type: 'string' } });
      const floatAmount = parseMinor(values.float as string | undefined, '--float');
      return withTill(ctx, async (till) => {
        await login(ctx, till);
        const shift = must(await till.call('shift.open', { floatAmount })) as ShiftView;
        print(ctx, shift, () => [`shift ${shift.number} open, float ${money(shift.floatAmount, shift.currency)}`]);
        return 0;
      });
    },
  },
  {
    name: 'shift close',
    summary: 'close the shift: count as one amount, reconcile, write the Z',
    usage: 'shift close --counted <minor> [--reason <text>] --user <name> --pin <pin> [--manager <name> --manager-pin <pin>]',
    async run(ctx) {
      const { values } = options(ctx, { counted: { type: 'string' }, reason: { type: 'string' }, manager: { type: 'string' }, 'manager-pin': { type: 'string' } });
      const countedCash = parseMinor(values.counted as string | undefined, '--counted');
      const reason = values.reason as string | undefined;
      const override = values.manager
        ? { managerUsername: String(values.manager), pin: String(values['manager-pin'] ?? ''), reason: reason ?? 'closed from the command line' }
        : undefined;
      return withTill(ctx, async (till) => {
        await login(ctx, till);
        const z = must(await till.call('shift.close', { countedCash, ...(reason ? { reason } : {}), ...(override ? { override } : {}) })) as ReportView;
        print(ctx, z, () => [
          `Z ${z.number}: shift ${z.shiftNumber} closed; expected ${money(z.cash.expected, z.currency)}, counted ${money(z.cash.counted ?? 0, z.currency)}, variance ${money(z.cash.variance ?? 0, z.currency)}`,
          ...z.reconciliation.map((r) => `  ${r.source.padEnd(8)} ${r.status.toUpperCase().padEnd(8)} ${r.detail}`),
          `  hash ${z.hash}`,
        ]);
        return 0;
      });
    },
  },
  {
    name: 'report x',
    summary: 'the X report of the open shift',
    usage: 'report x [--format pdf|csv --out <file>] --user <name> --pin <pin>',
    async run(ctx) {
      return reportCommand(ctx, 'x');
    },
  },
  {
    name: 'report z',
    summary: 'a stored Z report, shown or exported',
    usage: 'report z --number <n> [--format pdf|csv] [--out <file>] --user manager --pin 2222',
    async run(ctx) {
      return reportCommand(ctx, 'z');
    },
  },
  {
    name: 'sale ring',
    summary: 'ring up and pay a cash sale in one go (opens a shift if none is open)',
    usage: 'sale ring --item <barcode|sku>[*qty] ... --cash <minor|exact> [--float <minor>] --user <name> --pin <pin>',
    async run(ctx) {
      const { values } = options(ctx, { item: { type: 'string', multiple: true }, cash: { type: 'string' }, float: { type: 'string' } });
      const items = (values.item as string[] | undefined) ?? usageError('sale ring needs at least one --item');
      const cashText = (values.cash as string | undefined) ?? usageError('sale ring needs --cash <minor units> or --cash exact');
      return withTill(ctx, async (till) => {
        await login(ctx, till);
        if (!must(await till.call('shift.current', {}))) {
          must(await till.call('shift.open', { floatAmount: parseMinor((values.float as string | undefined) ?? '0', '--float') }));
        }
        let sale: SaleView | null = null;
        for (const item of items) {
          const [code, qty] = item.split('*');
          sale = must(await till.call('sale.scan', qty ? { code, quantity: Number(qty) } : { code })) as SaleView;
        }
        const amount = cashText === 'exact' ? sale!.remaining : parseMinor(cashText, '--cash');
        const result = must(await till.call('payment.addCash', { amount })) as PaymentResultView;
        const receipt = result.receipt;
        print(ctx, result, () =>
          receipt
            ? [
                `receipt ${receipt.receiptNumber}: total ${money(receipt.total, receipt.currency)}, change ${money(receipt.change, receipt.currency)}`,
                ...receipt.lines.map((l) => `  ${l.quantity}${l.quantityKind === 'weight' ? ' g' : ' ×'} ${l.name}  ${money(l.total, receipt.currency)}`),
              ]
            : [`paid ${money(result.sale!.paid, result.sale!.currency)}, remaining ${money(result.sale!.remaining, result.sale!.currency)}`],
        );
        return 0;
      });
    },
  },
  {
    name: 'sale current',
    summary: 'show the open sale (it survives restarts)',
    usage: 'sale current --user <name> --pin <pin>',
    async run(ctx) {
      return withTill(ctx, async (till) => {
        await login(ctx, till);
        const sale = must(await till.call('sale.current', {})) as SaleView | null;
        print(ctx, sale, () =>
          sale
            ? [`open sale ${sale.saleId}: ${sale.itemCount} items, total ${money(sale.total, sale.currency)}, paid ${money(sale.paid, sale.currency)}`, ...sale.lines.map((l) => `  ${l.lineNo}. ${l.name} ×${l.quantity} ${money(l.total, sale.currency)}${l.voided ? ' (void)' : ''}`)]
            : ['no open sale'],
        );
        return 0;
      });
    },
  },
  {
    name: 'sale scan',
    summary: 'add an item to the open sale by barcode or SKU',
    usage: 'sale scan <code> [--qty n] --user <name> --pin <pin>',
    async run(ctx) {
      const { values, positionals } = options(ctx, { qty: { type: 'string' } });
      const code = positionals[2] ?? usageError('sale scan needs a barcode or SKU');
      return withTill(ctx, async (till) => {
        await login(ctx, till);
        const input = values.qty ? { code, quantity: Number(values.qty) } : { code };
        const sale = must(await till.call('sale.scan', input)) as SaleView;
        print(ctx, sale, () => [`${sale.lines.length} lines, total ${money(sale.total, sale.currency)}`]);
        return 0;
      });
    },
  },
  {
    name: 'sale pay-cash',
    summary: 'tender cash on the open sale (posts it once covered)',
    usage: 'sale pay-cash <minor|exact> --user <name> --pin <pin>',
    async run(ctx) {
      const text = ctx.args[0] ?? usageError('sale pay-cash needs an amount');
      return withTill(ctx, async (till) => {
        await login(ctx, till);
        const open = must(await till.call('sale.current', {})) as SaleView | null;
        const amount = text === 'exact' ? (open?.remaining ?? 0) : parseMinor(text, 'amount');
        const result = must(await till.call('payment.addCash', { amount })) as PaymentResultView;
        print(ctx, result, () =>
          result.receipt
            ? [`receipt ${result.receipt.receiptNumber}: total ${money(result.receipt.total, result.receipt.currency)}, change ${money(result.receipt.change, result.receipt.currency)}`]
            : [`remaining ${money(result.sale!.remaining, result.sale!.currency)}`],
        );
        return 0;
      });
    },
  },
  {
    name: 'status',
    summary: 'training or live, shift, devices, sync backlog',
    usage: 'status',
    async run(ctx) {
      return withTill(ctx, async (till) => {
        const status = must(await till.call('status.get', {})) as StatusView;
        print(ctx, status, () => [
          `till ${status.tillId} · ${status.storeName} · ${status.training ? 'TRAINING' : 'LIVE'} · ${status.currency}`,
          `shift: ${status.shift ? `#${status.shift.number} open since ${status.shift.openedAt}` : 'none open'}`,
          ...status.devices.map((d) => `${d.kind.padEnd(8)} ${d.health.padEnd(14)} ${d.detail}${d.address ? ` (${d.address})` : ''}`),
          `sync: ${status.sync.online ? 'online' : 'offline'}, ${status.sync.backlog} waiting, ${status.sync.reviewCount} for review`,
        ]);
        return 0;
      });
    },
  },
  {
    name: 'call',
    summary: 'call any TillApi method with a JSON input (support)',
    usage: "call <method> ['{json}'] [--user <name> --pin <pin>]",
    async run(ctx) {
      const method = ctx.args[0] ?? usageError('call needs a method name, e.g. status.get');
      let input: unknown = {};
      if (ctx.args[1]) {
        try {
          input = JSON.parse(ctx.args[1]);
        } catch {
          usageError('the input must be JSON');
        }
      }
      return withTill(ctx, async (till) => {
        if (ctx.user) await login(ctx, till);
        const result = await till.call(method, input);
        ctx.out(JSON.stringify(result, null, 2));
        return result.ok ? 0 : 1;
      });
    },
  },
);

/** `report x` / `report z`: print the figures, or export CSV/PDF to --out (default: the export's own file name). */
async function reportCommand(ctx: CliContext, kind: 'x' | 'z'): Promise<number> {
  const { values } = options(ctx, { number: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
  const format = values.format as string | undefined;
  if (format !== undefined && format !== 'pdf' && format !== 'csv') usageError('--format is pdf or csv');
  const number = kind === 'z' ? Number(values.number ?? usageError('report z needs --number <n>')) : undefined;
  if (number !== undefined && (!Number.isInteger(number) || number < 1)) usageError('--number is a Z number from 1 up');
  return withTill(ctx, async (till) => {
    await login(ctx, till, kind === 'z' ? 'manager' : undefined);
    if (format) {
      const file = must(await till.call('report.export', { kind, format, ...(number ? { number } : {}) })) as ExportView;
      const out = (values.out as string | undefined) ?? file.filename;
      writeFileSync(out, Buffer.from(file.base64, 'base64'));
      print(ctx, { file: out, mimeType: file.mimeType }, () => [`wrote ${out}`]);
      return 0;
    }
    const report = must(await till.call(kind === 'z' ? 'report.z' : 'report.x', kind === 'z' ? { number } : {})) as ReportView;
    print(ctx, report, () => [
      `${kind.toUpperCase()}${report.number ? ` ${report.number}` : ''} · shift ${report.shiftNumber} · ${report.storeName} · ${report.training ? 'TRAINING' : 'LIVE'}`,
      `sales ${report.sales.count} ${money(report.sales.amount, report.currency)} · returns ${report.returns.count} ${money(report.returns.amount, report.currency)} · voids ${report.voids.count}`,
      ...report.tenders.map((t) => `  ${t.kind.padEnd(6)} ${String(t.count).padStart(5)}  ${money(t.amount, report.currency)}`),
      `cash expected ${money(report.cash.expected, report.currency)}${report.cash.counted !== null ? `, counted ${money(report.cash.counted, report.currency)}, variance ${money(report.cash.variance ?? 0, report.currency)}` : ''}`,
      ...(report.hash ? [`hash ${report.hash}`] : []),
    ]);
    return 0;
  });
}

register(
  {
    name: 'config show',
    summary: "the till's configuration (devices, currency, tax rules, limits)",
    usage: 'config show --user tech --pin 3333',
    async run(ctx) {
      return withTill(ctx, async (till) => {
        await login(ctx, till, 'tech');
        const config = must(await till.call('admin.configGet', {}));
        ctx.out(JSON.stringify(config, null, 2));
        return 0;
      });
    },
  },
  {
    name: 'config set',
    summary: 'change the configuration (validated; applies when the till restarts)',
    usage: "config set '<json patch>' --user manager --pin 2222   e.g. '{\"pinpad\":{\"mode\":\"device\",\"address\":\"/dev/ttyUSB0@9600\"}}'",
    async run(ctx) {
      let patch: unknown;
      try {
        patch = JSON.parse(ctx.args[0] ?? usageError('config set needs a JSON patch'));
      } catch {
        usageError('the patch must be JSON, e.g. {"printer":{"mode":"device","address":"tcp://192.0.2.10:9100"}}');
      }
      return withTill(ctx, async (till) => {
        await login(ctx, till, 'manager');
        const result = must(await till.call('admin.configSet', { patch })) as { config: unknown; restartRequired: boolean };
        print(ctx, result, () => ['configuration saved; restart the till to apply it']);
        return 0;
      });
    },
  },
);
